import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which folders `build` may replace: only one Stepwise made.
///
/// A folder qualifies when it is
/// absent, empty, or carries the marker file that every published output holds; and never the
/// file system's root, a home folder, the site, a folder that contains the site, or anything in
/// the site's `content/` or `templates/`, marker or not.
///
/// Every path is compared after resolving symbolic links, so `public -> ..` or a link to the home
/// folder is seen for what it is. Nothing here expands `~`: the shell does that.
public enum OutputFolder {
  /// The marker written into every output: its presence says "Stepwise made this folder".
  public static let markerName = ".stepwise-output"

  /// The marker's text (fixed, so that two builds of the same site are byte-identical).
  public static let markerText = """
    This folder is the output of `stepwise build`. Every build replaces it whole:
    do not keep other files here. This file marks the folder as Stepwise's own.

    """

  /// The `--output` argument as an absolute path: relative paths are relative to `current`
  /// (the current folder), as in every command-line tool.
  ///
  /// An empty argument is refused.
  public static func resolve(_ argument: String, relativeTo current: String) throws(SiteError)
    -> String
  {
    guard !argument.isEmpty else { throw .refusedOutput(path: "", reason: .empty) }
    // A quoted `~` reached us unexpanded: building into a folder named `~` is never what was
    // meant, and expanding it ourselves would surprise as much.
    if argument.hasPrefix("~") { throw .refusedOutput(path: argument, reason: .unexpandedTilde) }
    let absolute = argument.hasPrefix("/") ? argument : current + "/" + argument
    return canonical(absolute)
  }

  /// Throws unless `build` may replace `output` (absolute and canonical, see `resolve`) for the
  /// site at `site`.
  ///
  /// `homes` are the user's home folders (from `HOME` and the password database).
  public static func validate(
    output: String, site: String, homes: [String] = OutputFolder.homeFolders
  )
    throws(SiteError)
  {
    let output = canonical(output)
    let site = canonical(site)
    if output == "/" { throw .refusedOutput(path: output, reason: .fileSystemRoot) }
    if homes.map(canonical).contains(output) {
      throw .refusedOutput(path: output, reason: .homeFolder)
    }
    if output == site { throw .refusedOutput(path: output, reason: .siteFolder) }
    if isInside(site, output) { throw .refusedOutput(path: output, reason: .containsSite) }
    for sources in ["content", "templates"] {
      let folder = canonical(site + "/" + sources)
      if output == folder || isInside(output, folder) || isInside(folder, output) {
        throw .refusedOutput(path: output, reason: .insideSources(sources))
      }
    }
    var info = stat()
    guard lstat(output, &info) == 0 else {
      if errno == ENOENT { return }
      throw .output(path: output, reason: String(cString: strerror(errno)))
    }
    guard info.st_mode & S_IFMT == S_IFDIR else {
      throw .refusedOutput(path: output, reason: .notAFolder)
    }
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: output) else {
      throw .output(path: output, reason: "cannot list the folder")
    }
    if entries.isEmpty || hasMarker(output) { return }
    throw .refusedOutput(path: output, reason: .notStepwiseOutput)
  }

  /// Whether `folder` holds the marker as a regular file (not a link) with the marker's text.
  static func hasMarker(_ folder: String) -> Bool {
    let path = folder + "/" + markerName
    var info = stat()
    guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 4096,
      let data = FileManager.default.contents(atPath: path)
    else { return false }
    return String(decoding: data, as: UTF8.self).hasPrefix(
      "This folder is the output of `stepwise build`.")
  }

  /// The user's home folders: `HOME` and the password database's entry, where known.
  public static var homeFolders: [String] {
    var homes: [String] = []
    if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { homes.append(home) }
    if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
      homes.append(String(cString: directory))
    }
    return homes
  }

  /// Whether `path` lies strictly below `folder` (both canonical).
  static func isInside(_ path: String, _ folder: String) -> Bool {
    folder == "/" ? path != "/" : path.hasPrefix(folder + "/")
  }

  /// An absolute path with `.` and `..` removed and every existing part's symbolic links
  /// resolved (`realpath` on the longest existing prefix); the parts that do not exist yet are
  /// appended as written.
  public static func canonical(_ absolute: String) -> String {
    var resolved = "/"
    var existing = true
    for part in absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
      if part == "." { continue }
      if part == ".." {
        resolved = parent(of: resolved)
        continue
      }
      let candidate = resolved == "/" ? "/" + part : resolved + "/" + part
      if existing, let real = realPath(candidate) {
        resolved = real
      } else {
        existing = false
        resolved = candidate
      }
    }
    return resolved
  }

  private static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
    return String(path[..<slash])
  }

  private static func realPath(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }
}

/// Why `build` will not replace a folder.
public enum OutputRefusal: Sendable, Equatable {
  case empty
  case unexpandedTilde
  case fileSystemRoot
  case homeFolder
  case siteFolder
  case containsSite
  case insideSources(String)
  case notAFolder
  case notStepwiseOutput
}
