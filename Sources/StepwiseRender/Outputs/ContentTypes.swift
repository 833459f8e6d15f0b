/// `Content-Type` by file extension, for the outputs and for the assets the preview serves.
public enum ContentTypes {
  /// Lower-case extensions without the dot.
  public static let byExtension: [String: String] = [
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "mjs": "text/javascript; charset=utf-8",
    "json": "application/json",
    "jsonld": "application/ld+json",
    "webmanifest": "application/manifest+json",
    "xml": "application/xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "ico": "image/vnd.microsoft.icon",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "mp3": "audio/mpeg",
    "wasm": "application/wasm",
  ]

  /// For files of any other extension.
  public static let fallback = "application/octet-stream"

  /// The type of a site-relative path, by its extension.
  public static func of(path: String) -> String {
    let ext = path.lastIndex(of: ".").map { path[path.index(after: $0)...].lowercased() } ?? ""
    return byExtension[ext] ?? fallback
  }
}
