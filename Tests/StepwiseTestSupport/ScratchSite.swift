import Foundation

/// A throwaway copy of a site (the basic fixture by default) in a folder of its own, removed
/// with everything in it when the value goes away.
///
/// Outputs go beside the site, in `folder`.
public final class ScratchSite: Sendable {
  /// The throwaway folder that holds the site (and whatever a test puts beside it).
  public let folder: URL
  /// The site's root: `folder/site`.
  public let root: URL

  /// Why an edit could not be made.
  public struct EditError: Error, CustomStringConvertible {
    public let description: String
  }

  public init(copying source: URL = Fixture.basic) throws {
    folder = try temporaryFolder()
    root = folder.appendingPathComponent("site")
    do {
      try FileManager.default.copyItem(at: source, to: root)
    } catch {
      try? FileManager.default.removeItem(at: folder)
      throw error
    }
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  /// The URL of a site-relative path.
  public func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

  /// The text of a site-relative file.
  public func read(_ relative: String) throws -> String {
    try String(contentsOf: url(relative), encoding: .utf8)
  }

  /// Rewrites a file with `change`; an edit that changes nothing is an error (the fixture
  /// no longer holds what the test meant to change).
  public func edit(_ relative: String, _ change: (String) -> String) throws {
    let text = try read(relative)
    let changed = change(text)
    guard changed != text else {
      throw EditError(description: "the edit changed nothing in \(relative)")
    }
    try Data(changed.utf8).write(to: url(relative))
  }

  /// Writes a file, creating its folders.
  public func write(_ relative: String, _ text: String) throws {
    let target = url(relative)
    try FileManager.default.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: target)
  }

  /// Removes a file or folder of the site.
  public func remove(_ relative: String) throws {
    try FileManager.default.removeItem(at: url(relative))
  }
}
