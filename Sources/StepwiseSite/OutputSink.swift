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
/// Safe to use from several threads; each folder is created once. With the previous output of
/// the same site (`PreviousOutput`), a file whose bytes are due again is not written: it becomes
/// a hard link to the old site's file, once that file is checked to be still exactly what the
/// last build wrote there. Where a link cannot be made (another file system, a file system
/// without hard links, a file of another user, too many links) the bytes are written.
///
/// What is put at each path (the hash of rendered bytes, the identity of a copied file) is
/// recorded for the next build's manifest.
public final class DirectorySink: OutputSink, Sendable {
  public let folder: URL
  /// `folder.path`, made once (every file's path starts with it).
  private let root: String
  /// The old site whose unchanged files may be linked.
  let previous: PreviousOutput?
  /// Its files that may be linked, by path.
  private let trusted: [String: OutputManifest.File]
  /// Folders already created, site-relative (each with every folder above it).
  private let created = Mutex(Set<String>())
  /// The folder, opened when the first file is put into it (made then if missing): every path
  /// is taken from it.
  private let opened = Mutex<OpenFolder?>(nil)
  /// What was put at each path, for the next build's manifest.
  private let recording = Mutex(Recording())

  /// What the sink put into the folder: each file, where its bytes came from and the file as
  /// the sink left it.
  struct Recording: Sendable {
    /// The manifest's lines of the files written (not linked), encoded as each was written (on
    /// the rendering threads, not after the build).
    var lines: [UInt8] = []
    /// The files linked to the old site's, whose change time changes again when the old site
    /// goes: read again when the manifest is made (nil: put again since).
    var links: [OutputManifest.File?] = []
    /// Where each path's entry is: a range of `lines`, or a place in `links`.
    var entries: [String: Entry] = [:]
    /// Lines of paths put again since (the last put is what the folder holds).
    var replaced: [Range<Int>] = []
    /// A path a manifest cannot hold (a line break): no manifest.
    var unrecordable = false

    enum Entry {
      case line(Range<Int>)
      case link(Int)
    }

    /// The lines of the files written, without those put again since.
    var currentLines: [UInt8] {
      guard !replaced.isEmpty else { return lines }
      var kept: [UInt8] = []
      kept.reserveCapacity(lines.count)
      var start = 0
      for range in replaced.sorted(by: { $0.lowerBound < $1.lowerBound }) {
        kept += lines[start..<range.lowerBound]
        start = range.upperBound
      }
      kept += lines[start...]
      return kept
    }

    mutating func add(_ file: OutputManifest.File, linked: Bool) {
      switch entries[file.path] {
      case .line(let range): replaced.append(range)
      case .link(let index): links[index] = nil
      case nil: break
      }
      if linked {
        entries[file.path] = .link(links.count)
        links.append(file)
        return
      }
      let start = lines.count
      guard OutputManifest.append(file, to: &lines) else {
        unrecordable = true
        return
      }
      entries[file.path] = .line(start..<lines.count)
    }
  }

  public convenience init(folder: URL) {
    self.init(folder: folder, previous: nil)
  }

  init(folder: URL, previous: PreviousOutput?) {
    self.folder = folder
    self.root = folder.path
    self.previous = previous
    trusted = previous?.trustedFiles() ?? [:]
  }

  /// What was put into the folder.
  var recorded: Recording { recording.withLock { $0 } }

  /// Every folder made in the output folder, site-relative.
  var folders: Set<String> { created.withLock { $0 } }

  /// How many files are hard links to the previous output's files.
  public var linkedCount: Int { recording.withLock { $0.links.count { $0 != nil } } }

  private func record(
    _ path: String, _ origin: OutputManifest.Origin, _ identity: FileIdentity, linked: Bool
  ) {
    let file = OutputManifest.File(path: path, identity: identity, origin: origin)
    recording.withLock { $0.add(file, linked: linked) }
  }

  /// The identity of an open file, to compare it with the published file later (`file` names
  /// it in the error, made only then).
  private func identity(of descriptor: Int32, _ file: @autoclosure () -> String) throws(SiteError)
    -> FileIdentity
  {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw .output(path: file(), reason: String(cString: strerror(errno)))
    }
    return FileIdentity(info)
  }

  public func write(_ path: String, _ bytes: [UInt8]) throws(SiteError) {
    let base = try prepare(path)
    let hash = ContentHash.of(bytes)
    if let old = trusted[path], old.origin == .rendered(hash),
      old.identity.size == Int64(bytes.count), let linked = link(old, to: path, in: base)
    {
      record(path, .rendered(hash), linked, linked: true)
      return
    }
    let descriptor = try create(path, in: base)
    defer { close(descriptor) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress, $0.count)
      }
      if written < 0, errno == EINTR { continue }
      guard written > 0 else {
        // ENOSPC (disk full), EDQUOT, EIO…: the message names the file; the old site stays.
        throw .output(path: absolute(path), reason: String(cString: strerror(errno)))
      }
      offset += written
    }
    record(path, .rendered(hash), try identity(of: descriptor, absolute(path)), linked: false)
  }

  /// Links the old site's file to `path` (in `base`, the open output) when it is still the
  /// file recorded, and returns the link's identity; nil when it is not, or the link cannot be
  /// made (then nothing is left at `path`).
  ///
  /// The old file is checked again just before the link, and the link just after it: what is
  /// linked is the recorded inode, whatever happens to the old site meanwhile. The path is
  /// resolved by the kernel from the old output as it was opened when it was verified, and
  /// every folder on it was checked then to be the recorded folder (not a symbolic link), and
  /// the inode linked is checked to be the one recorded, so nothing from outside the old site
  /// can come in.
  private func link(_ old: OutputManifest.File, to path: String, in base: OpenFolder)
    -> FileIdentity?
  {
    guard let source = previous?.opened,
      let before = FileIdentity.of(old.path, in: source), before.kind == .file,
      before.identity == old.identity,
      linkat(source.descriptor, old.path, base.descriptor, path, 0) == 0
    else { return nil }
    // The link changes the inode's change time, nothing else.
    guard let after = FileIdentity.of(path, in: base), after.kind == .file,
      after.identity.device == old.identity.device, after.identity.inode == old.identity.inode,
      after.identity.size == old.identity.size, after.identity.modified == old.identity.modified
    else {
      unlinkat(base.descriptor, path, 0)
      return nil
    }
    return after.identity
  }

  /// Creates a file to write (`path` in `base`, the open output), never through a name that
  /// exists (it could be a link to a file of the old site, which writing would change).
  private func create(_ path: String, in base: OpenFolder) throws(SiteError) -> Int32 {
    let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
    var descriptor = openat(base.descriptor, path, flags, 0o644)
    if descriptor < 0, errno == EEXIST, unlinkat(base.descriptor, path, 0) == 0 {
      descriptor = openat(base.descriptor, path, flags, 0o644)
    }
    guard descriptor >= 0 else {
      throw .output(path: absolute(path), reason: String(cString: strerror(errno)))
    }
    return descriptor
  }

  /// Copies in chunks of 1 MiB, skipping holes: a sparse source stays sparse, and memory stays
  /// small whatever the file's size.
  ///
  /// A read failure names the source, a write failure the copy.
  public func copy(_ path: String, from source: String) throws(SiteError) {
    let base = try prepare(path)
    let file = absolute(path)
    if let old = trusted[path], let identity = FileIdentity.ofSource(source),
      old.origin == .copied(identity), old.identity.size == identity.size,
      let linked = link(old, to: path, in: base)
    {
      record(path, .copied(identity), linked, linked: true)
      return
    }
    let input = open(source, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard input >= 0 else {
      throw .output(path: source, reason: "cannot read: " + String(cString: strerror(errno)))
    }
    defer { close(input) }
    var info = stat()
    guard fstat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      throw .output(path: source, reason: "cannot read: not a regular file")
    }
    // The source as it is before any byte is read: changed while copying, it will not match.
    let identity = FileIdentity(info)
    let output = try create(path, in: base)
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
    record(path, .copied(identity), try self.identity(of: output, file), linked: false)
  }

  /// `SEEK_DATA` and `SEEK_HOLE` of Linux (Glibc declares them only with `_GNU_SOURCE`).
  private static let seekData: Int32 = 3
  private static let seekHole: Int32 = 4

  /// The open output folder, with the folder of a site-relative path created in it; refuses
  /// any path that would leave the output folder.
  private func prepare(_ path: String) throws(SiteError) -> OpenFolder {
    var path = path
    guard let parent = path.withUTF8(Self.parentIfSafe) else {
      throw .output(path: path, reason: "refusing to write outside the output folder")
    }
    let base = try openedFolder()
    if !parent.isEmpty, !created.withLock({ $0.contains(parent) }) {
      if let error = FileTree.makeDirectories(parent, in: base.descriptor) {
        throw .output(path: absolute(parent), reason: String(cString: strerror(error)))
      }
      // With every folder above it, which were made with it.
      created.withLock { created in
        var path = Substring(parent)
        // By bytes: a `Character` search walks grapheme clusters.
        while created.insert(String(path)).inserted,
          let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        {
          path = path[..<slash]
        }
      }
    }
    return base
  }

  /// The output folder, opened (and made, when missing) on first use.
  private func openedFolder() throws(SiteError) -> OpenFolder {
    let result = opened.withLock { opened -> Result<OpenFolder, SiteError> in
      if let opened { return .success(opened) }
      if let error = FileTree.makeDirectories(root) {
        return .failure(.output(path: root, reason: String(cString: strerror(error))))
      }
      guard let folder = OpenFolder(root) else {
        return .failure(.output(path: root, reason: String(cString: strerror(errno))))
      }
      opened = folder
      return .success(folder)
    }
    return try result.get()
  }

  /// The absolute path of a site-relative one (for messages: files are reached from the open
  /// folder).
  private func absolute(_ path: String) -> String { Self.joined(root, path) }

  /// The folder part of a site-relative path (empty for a file at the top), when the path is
  /// safe: not empty, not absolute, no NUL, and no part empty, `.` or `..`; nil otherwise.
  private static func parentIfSafe(_ path: UnsafeBufferPointer<UInt8>) -> String? {
    // One pass over the bytes, counting each part's length and its dots.
    var segment = 0
    var dots = 0
    var lastSlash = -1
    for offset in path.indices {
      switch path[offset] {
      case UInt8(ascii: "/"):
        if segment == 0 || segment == dots && dots <= 2 { return nil }
        lastSlash = offset
        segment = 0
        dots = 0
      case 0:
        return nil
      case UInt8(ascii: "."):
        segment += 1
        dots += 1
      default:
        segment += 1
      }
    }
    if segment == 0 || segment == dots && dots <= 2 { return nil }
    guard lastSlash > 0 else { return "" }
    return String(decoding: UnsafeBufferPointer(rebasing: path[..<lastSlash]), as: UTF8.self)
  }

  /// `folder + "/" + path`, made in one allocation.
  private static func joined(_ folder: String, _ path: String) -> String {
    var joined = ""
    joined.reserveCapacity(folder.utf8.count + 1 + path.utf8.count)
    joined += folder
    joined += "/"
    joined += path
    return joined
  }

}
