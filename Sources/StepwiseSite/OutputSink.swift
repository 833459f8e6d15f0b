import Foundation
import StepwiseModel
import StepwiseRender
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Where rendered files go: a folder on disk, or memory (the preview server, tests).
public protocol OutputSink: Sendable {
  /// Writes one file at a site-relative path (`region/page/index.html`).
  func write(_ path: String, _ bytes: [UInt8]) throws(SiteError)

  /// Puts the file at `source` (an absolute path on disk) at a site-relative path, without ever
  /// holding it whole in memory (assets may be large).
  func copy(_ path: String, from source: String) throws(SiteError)

  /// Writes one rendered file (by default its bytes at its path; a sink may keep its type).
  func write(_ file: RenderedFile) throws(SiteError)
}

extension OutputSink {
  public func write(_ file: RenderedFile) throws(SiteError) { try write(file.path, file.bytes) }
}

/// Keeps every rendered file in memory, and copied files as references to their source on disk
/// (the preview serves those from disk on request).
public final class MemorySink: OutputSink, Sendable {
  /// Rendered files, their content types (where their output named one) and copied files'
  /// sources, by site-relative path.
  private let guarded = Mutex(
    (storage: [String: [UInt8]](), types: [String: String](), links: [String: String]()))

  public init() {}

  public func write(_ file: RenderedFile) throws(SiteError) {
    guarded.withLock {
      $0.storage[file.path] = file.bytes
      $0.types[file.path] = file.contentType
      $0.links[file.path] = nil
    }
  }

  public func write(_ path: String, _ bytes: [UInt8]) throws(SiteError) {
    guarded.withLock {
      $0.storage[path] = bytes
      $0.types[path] = nil
      $0.links[path] = nil
    }
  }

  public func copy(_ path: String, from source: String) throws(SiteError) {
    guarded.withLock {
      $0.links[path] = source
      $0.storage[path] = nil
      $0.types[path] = nil
    }
  }

  /// Rendered files by site-relative path.
  public var files: [String: [UInt8]] { guarded.withLock { $0.storage } }
  /// The content type of each rendered file whose output named one, by site-relative path.
  public var contentTypes: [String: String] { guarded.withLock { $0.types } }
  /// Copied files: the absolute path of each one's source, by site-relative path.
  public var linkedFiles: [String: String] { guarded.withLock { $0.links } }
}

/// Writes files under a folder, refusing any path that would leave it.
///
/// Safe to use from several
/// threads; each folder is created once.
public final class DirectorySink: OutputSink, Sendable {
  public let folder: URL
  /// Folders already created, site-relative.
  private let created = Mutex(Set<String>())

  public init(folder: URL) {
    self.folder = folder
  }

  public func write(_ path: String, _ bytes: [UInt8]) throws(SiteError) {
    let file = try prepare(path)
    let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw .output(path: file, reason: String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress, $0.count)
      }
      if written < 0, errno == EINTR { continue }
      guard written > 0 else {
        // ENOSPC (disk full), EDQUOT, EIO…: the message names the file; the old site stays.
        throw .output(path: file, reason: String(cString: strerror(errno)))
      }
      offset += written
    }
  }

  /// Copies in chunks of 1 MiB, skipping holes: a sparse source stays sparse, and memory stays
  /// small whatever the file's size.
  ///
  /// A read failure names the source, a write failure the copy.
  public func copy(_ path: String, from source: String) throws(SiteError) {
    let file = try prepare(path)
    let input = open(source, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard input >= 0 else {
      throw .output(path: source, reason: "cannot read: " + String(cString: strerror(errno)))
    }
    defer { close(input) }
    var info = stat()
    guard fstat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      throw .output(path: source, reason: "cannot read: not a regular file")
    }
    let output = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard output >= 0 else { throw .output(path: file, reason: String(cString: strerror(errno))) }
    defer { close(output) }
    var size = off_t(info.st_size)
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var offset: off_t = 0
    copying: while offset < size {
      // The next stretch of data; past the last one the rest is a hole (or the file shrank).
      var start = lseek(input, offset, Self.seekData)
      if start < 0 {
        if errno == ENXIO { break }
        start = offset  // SEEK_DATA not supported: copy everything.
      }
      var end = lseek(input, start, Self.seekHole)
      if end < 0 || end > size { end = size }
      var position = start
      while position < end {
        let wanted = Int(min(off_t(buffer.count), end - position))
        let got = buffer.withUnsafeMutableBytes { pread(input, $0.baseAddress, wanted, position) }
        if got < 0, errno == EINTR { continue }
        guard got >= 0 else {
          throw .output(path: source, reason: "cannot read: " + String(cString: strerror(errno)))
        }
        if got == 0 {
          size = position  // The file shrank while being copied.
          break copying
        }
        var done = 0
        while done < got {
          let written = buffer.withUnsafeBytes {
            pwrite(output, $0.baseAddress.map { $0 + done }, got - done, position + off_t(done))
          }
          if written < 0, errno == EINTR { continue }
          guard written > 0 else {
            throw .output(path: file, reason: String(cString: strerror(errno)))
          }
          done += written
        }
        position += off_t(got)
      }
      offset = end
    }
    // Holes at the end (or a file of holes only) are given their length.
    guard ftruncate(output, size) == 0 else {
      throw .output(path: file, reason: String(cString: strerror(errno)))
    }
  }

  /// `SEEK_DATA` and `SEEK_HOLE` of Linux (Glibc declares them only with `_GNU_SOURCE`).
  private static let seekData: Int32 = 3
  private static let seekHole: Int32 = 4

  /// The absolute path for a site-relative one, its folder created; refuses any path that would
  /// leave the output folder.
  private func prepare(_ path: String) throws(SiteError) -> String {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard !path.hasPrefix("/"), !parts.contains(".."), !parts.contains("."), !parts.contains(""),
      !path.contains("\0")
    else {
      throw .output(path: path, reason: "refusing to write outside the output folder")
    }
    if parts.count > 1 {
      let parent = parts.dropLast().joined(separator: "/")
      if !created.withLock({ $0.contains(parent) }) {
        let absolute = folder.path + "/" + parent
        if let error = FileTree.makeDirectories(absolute) {
          throw .output(path: absolute, reason: String(cString: strerror(error)))
        }
        created.withLock { _ = $0.insert(parent) }
      }
    }
    return folder.path + "/" + path
  }
}
