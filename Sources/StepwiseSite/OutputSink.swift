import Foundation
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

/// Writes files under a folder, refusing any path that would leave it.
public struct DirectorySink: OutputSink {
  public let folder: URL

  public init(folder: URL) {
    self.folder = folder
  }

  public func write(_ path: String, _ bytes: [UInt8]) throws(SiteError) {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard !path.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), !path.contains("\0") else {
      throw .output(path: path, reason: "refusing to write outside the output folder")
    }
    let url = folder.appendingPathComponent(path)
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    } catch {
      throw .output(path: url.path, reason: (error as NSError).localizedDescription)
    }
  }
}
