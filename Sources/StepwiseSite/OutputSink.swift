import Foundation

#if canImport(Glibc)
  import Glibc
#endif
import StepwiseModel

/// Where rendered files go: a folder on disk, or memory (the preview server, tests).
public protocol OutputSink: Sendable {
  /// Writes one file at a site-relative path (`region/page/index.html`).
  func write(_ path: String, _ bytes: [UInt8]) throws(SiteError)
}

/// Keeps every file in memory.
public final class MemorySink: OutputSink, @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [String: [UInt8]] = [:]

  public init() {}

  public func write(_ path: String, _ bytes: [UInt8]) throws(SiteError) {
    lock.withLock { storage[path] = bytes }
  }

  public var files: [String: [UInt8]] { lock.withLock { storage } }
}

/// Writes files under a folder, refusing any path that would leave it. Safe to use from several
/// threads; each folder is created once.
public final class DirectorySink: OutputSink, @unchecked Sendable {
  public let folder: URL
  private let lock = NSLock()
  private var created: Set<String> = []

  public init(folder: URL) {
    self.folder = folder
  }

  public func write(_ path: String, _ bytes: [UInt8]) throws(SiteError) {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard !path.hasPrefix("/"), !parts.contains(".."), !parts.contains("."), !parts.contains(""), !path.contains("\0") else {
      throw .output(path: path, reason: "refusing to write outside the output folder")
    }
    let file = folder.path + "/" + path
    if parts.count > 1 {
      let parent = parts.dropLast().joined(separator: "/")
      if !lock.withLock({ created.contains(parent) }) {
        let absolute = folder.path + "/" + parent
        if let error = FileTree.makeDirectories(absolute) {
          throw .output(path: absolute, reason: String(cString: strerror(error)))
        }
        lock.withLock { _ = created.insert(parent) }
      }
    }
    let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw .output(path: file, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0, errno == EINTR { continue }
      guard written > 0 else {
        // ENOSPC (disk full), EDQUOT, EIO…: the message names the file; the old site stays.
        throw .output(path: file, reason: String(cString: strerror(errno)))
      }
      offset += written
    }
  }
}
