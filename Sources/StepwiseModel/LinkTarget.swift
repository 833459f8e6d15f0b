import Foundation
import StepwiseCore

/// What a link or image destination written on a page points to.
public enum LinkTarget: Sendable, Hashable {
  /// `https:`, `http:`, `mailto:` or `tel:`.
  case external(String)
  /// `#anchor` on the same page.
  case anchor(String)
  /// `other-page.md` or `other-page.md#anchor`.
  case page(slug: String, anchor: String?)
  /// A file under `content/assets/`, as an output path `assets/…`.
  case asset(String)
  /// A scheme that is not allowed (`javascript:`, `data:`, `//host`…) or a path that leads nowhere.
  case forbidden(LinkRefusal)

  static let allowedSchemes = ["https", "http", "mailto", "tel"]

  public init(_ destination: String) {
    // Plain printable ASCII without `%` (nearly every real link) needs no trimming or decoding.
    let plain = destination.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "%") }
    let trimmed = plain ? destination : destination.trimmingSpaces()
    // Decode percent-escapes and drop control characters before judging the scheme, so that
    // `java%73cript:` or `jav\tascript:` cannot pass.
    let decoded =
      plain
      ? destination
      : (trimmed.removingPercentEncoding ?? trimmed).filter {
        !$0.isWhitespace && !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false)
      }
    if decoded.hasPrefix("#") {
      self = .anchor(String(decoded.dropFirst()))
      return
    }
    if decoded.hasPrefix("//") || decoded.hasPrefix("\\\\") || decoded.hasPrefix("/\\") {
      self = .forbidden(.leavesSite)
      return
    }
    // In printable ASCII every byte is a character: found by bytes (a `Character` search goes
    // through string comparison for each character).
    if let colon = plain
      ? decoded.utf8.firstIndex(of: UInt8(ascii: ":")) : decoded.firstIndex(of: ":"),
      !decoded[..<colon].utf8.contains(where: {
        $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?")
      })
    {
      let scheme = decoded[..<colon].lowercased()
      if Self.allowedSchemes.contains(scheme) {
        self = .external(trimmed)
      } else {
        self = .forbidden(.scheme(scheme))
      }
      return
    }
    var path = Substring(trimmed)
    var anchor: String?
    if let hash = plain ? path.utf8.firstIndex(of: UInt8(ascii: "#")) : path.firstIndex(of: "#") {
      anchor = String(path[path.index(after: hash)...])
      path = path[..<hash]
    }
    while path.hasPrefix("./") { path = path.dropFirst(2) }
    if path.hasPrefix("../assets/") || path.hasPrefix("assets/") {
      let file = path.hasPrefix("../") ? path.dropFirst(3) : path
      if file.split(separator: "/").contains("..") {
        self = .forbidden(.assetGoesUp)
      } else {
        self = .asset(String(file))
      }
      return
    }
    if path.hasPrefix("../pages/") { path = path.dropFirst("../pages/".count) }
    if path.hasSuffix(".md"), !path.utf8.contains(UInt8(ascii: "/")) {
      self = .page(slug: String(path.dropLast(3)), anchor: anchor)
      return
    }
    self = .forbidden(.neither(trimmed))
  }
}
