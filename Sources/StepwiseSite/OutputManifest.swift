import Foundation
import StepwiseCore

#if canImport(Glibc)
  import Glibc
#endif

/// A file or folder as `lstat` sees it: which inode it is, its size and its two clocks.
///
/// The change time (`ctime`) is what makes a recorded identity trustworthy: every write, chmod,
/// link or rename of an inode sets it to the current time, and no call lets a user set it back
/// (`touch -d` and `cp -p` set only the modification time). So a file whose device, inode, size,
/// modification and change times are all as recorded has not been touched since: not edited in
/// place, not replaced (a new inode, even one that reuses the number, gets a new change time).
struct FileIdentity: Equatable, Sendable {
  var device: UInt64
  var inode: UInt64
  var size: Int64
  /// Modification time, in nanoseconds since 1970.
  var modified: Int64
  /// Status change time, in nanoseconds since 1970.
  var changed: Int64

  init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
    self.device = device
    self.inode = inode
    self.size = size
    self.modified = modified
    self.changed = changed
  }

  init(_ info: stat) {
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
    size = Int64(info.st_size)
    modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
  }

  /// What kind of entry a path is, never following a final symbolic link.
  enum Kind { case file, folder, other }

  /// `lstat` of a path: its kind and identity, nil when it cannot be read.
  static func of(_ path: String) -> (kind: Kind, identity: FileIdentity)? {
    of(path, in: FileTree.currentFolder)
  }

  /// `lstat` of a path inside an open folder.
  static func of(_ path: String, in folder: OpenFolder) -> (kind: Kind, identity: FileIdentity)? {
    of(path, in: folder.descriptor)
  }

  /// `lstat` of a path relative to a descriptor (or `FileTree.currentFolder`).
  private static func of(_ path: String, in folder: Int32) -> (kind: Kind, identity: FileIdentity)?
  {
    var info = stat()
    guard fstatat(folder, path, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
    let kind: Kind =
      switch info.st_mode & S_IFMT {
      case S_IFREG: .file
      case S_IFDIR: .folder
      default: .other
      }
    return (kind, FileIdentity(info))
  }

  /// `stat` of a path, following links (an asset is copied through its link): its identity when
  /// it is a regular file.
  static func ofSource(_ path: String) -> FileIdentity? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    return FileIdentity(info)
  }
}

/// What one publish put into an output, written after the publish beside the build lock (in a
/// per-user folder, never in the published site): each file with its identity on disk and
/// where its bytes came from, each folder with its identity, and the fingerprint of the inputs
/// the site was built from.
///
/// The next build of the same output reads it to know, without reading a byte of the old site,
/// which old files are still exactly what Stepwise wrote (`PreviousOutput`): those may be linked
/// into the new site when their bytes are due again, and when nothing the build reads has
/// changed and the whole output is intact, nothing is rendered at all.
///
/// Kept outside the output so that the site stays byte for byte what the build renders (two
/// builds of the same site are identical, snapshots compare whole folders) and so that whoever
/// may write the web root cannot forge it: the folder is the lock's, made by and only writable
/// by this user. Lost (a cleaned temporary folder), it costs one build that writes every file.
struct OutputManifest: Equatable, Sendable {
  /// Where a file's bytes came from.
  enum Origin: Equatable, Sendable {
    /// Rendered bytes with this `ContentHash`.
    case rendered(UInt64)
    /// A copy of the file with this identity (an asset), whose bytes were not read for a hash.
    case copied(FileIdentity)
  }

  struct File: Equatable, Sendable {
    /// Relative to the output.
    var path: String
    var identity: FileIdentity
    var origin: Origin
  }

  struct Folder: Equatable, Sendable {
    /// Relative to the output.
    var path: String
    var identity: FileIdentity
  }

  /// The output's canonical path.
  var output: String
  /// The fingerprint of the inputs (see `BuildFingerprint`); empty when the publish had none
  /// (`combine`): such an output is never found up to date, but its files may be linked.
  var fingerprint: String
  /// The output folder itself (its device and inode are compared, its clocks change with every
  /// entry added at the top).
  var top: FileIdentity
  var folders: [Folder]
  var files: [File]

  static let header = "stepwise-output-manifest 1"

  /// The manifest as text: a header, then one line per folder and file, the path last (so that
  /// it may hold spaces); nil when a path holds a line break (never written then).
  func encoded() -> [UInt8]? {
    guard var bytes = encodedHeader(),
      let entries = Self.encodedEntries(folders: folders, files: files)
    else { return nil }
    bytes += entries
    return bytes
  }

  /// The header of `encoded`: the output, the fingerprint and the top folder.
  func encodedHeader() -> [UInt8]? {
    guard !containsUTF8(output, byte: 0x0A), !containsUTF8(fingerprint, byte: 0x0A) else {
      return nil
    }
    var writer = ManifestWriter()
    writer.text(Self.header + "\noutput \(output)\nfingerprint \(fingerprint)\ntop ")
    writer.identity(top)
    writer.bytes[writer.bytes.count - 1] = 0x0A
    return writer.bytes
  }

  /// The lines of some folders and files as `encoded` writes them after the header.
  ///
  /// The reader takes such lines in any order, so a publish encodes its groups of files side by
  /// side.
  static func encodedEntries(folders: [Folder], files: [File]) -> [UInt8]? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity((folders.count + files.count) * 160)
    for folder in folders {
      guard append(folder, to: &bytes) else { return nil }
    }
    for file in files {
      guard append(file, to: &bytes) else { return nil }
    }
    return bytes
  }

  /// Appends a folder's line as `encoded` writes it; false (nothing appended) when its path
  /// holds a line break.
  static func append(_ folder: Folder, to bytes: inout [UInt8]) -> Bool {
    guard !containsUTF8(folder.path, byte: 0x0A) else { return false }
    ManifestWriter.appending(to: &bytes) { writer in
      writer.text("d ")
      writer.identity(folder.identity)
      writer.text(folder.path)
      writer.bytes.append(0x0A)
    }
    return true
  }

  /// Appends a file's line as `encoded` writes it; false (nothing appended) when its path holds
  /// a line break.
  static func append(_ file: File, to bytes: inout [UInt8]) -> Bool {
    guard !containsUTF8(file.path, byte: 0x0A) else { return false }
    ManifestWriter.appending(to: &bytes) { writer in
      switch file.origin {
      case .rendered(let hash):
        writer.text("r ")
        writer.identity(file.identity)
        writer.hex(hash)
        writer.bytes.append(0x20)
      case .copied(let source):
        writer.text("c ")
        writer.identity(file.identity)
        writer.identity(source)
      }
      writer.text(file.path)
      writer.bytes.append(0x0A)
    }
    return true
  }

  /// The manifest's text as it is written: numbers in decimal, each followed by a space.
  private struct ManifestWriter {
    var bytes: [UInt8] = []

    /// Writes at the end of `bytes` (moved into a writer and back, not copied).
    static func appending(to bytes: inout [UInt8], _ write: (inout ManifestWriter) -> Void) {
      var writer = ManifestWriter()
      swap(&writer.bytes, &bytes)
      write(&writer)
      swap(&writer.bytes, &bytes)
    }

    mutating func text(_ value: String) { bytes.append(contentsOf: value.utf8) }

    mutating func number(_ value: UInt64, negative: Bool = false) {
      // The digits from the last, into a buffer appended at once (a digit appended at a time
      // made encoding a third of recording a manifest).
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 22) { buffer in
        var index = 21
        buffer[index] = 0x20
        var rest = value
        repeat {
          index -= 1
          buffer[index] = UInt8(rest % 10) + 0x30
          rest /= 10
        } while rest > 0
        if negative {
          index -= 1
          buffer[index] = 0x2D
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index...]))
      }
    }

    mutating func signed(_ value: Int64) { number(value.magnitude, negative: value < 0) }

    mutating func identity(_ value: FileIdentity) {
      number(value.device)
      number(value.inode)
      signed(value.size)
      signed(value.modified)
      signed(value.changed)
    }

    /// Sixteen lowercase hexadecimal digits (`hex16`).
    mutating func hex(_ value: UInt64) {
      for shift in stride(from: 60, through: 0, by: -4) {
        let digit = UInt8((value >> UInt64(shift)) & 0xF)
        bytes.append(digit < 10 ? digit + 0x30 : digit - 10 + 0x61)
      }
    }
  }

  /// Reads a manifest written by `encoded`; nil for anything else (a damaged manifest is as
  /// good as none: the next build writes every file).
  static func decode(_ bytes: [UInt8]) -> OutputManifest? {
    var reader = Reader(bytes: bytes)
    guard reader.line() == header,
      let output = reader.field("output"), let fingerprint = reader.field("fingerprint"),
      reader.word() == "top", let top = reader.identity(), reader.endOfLine()
    else { return nil }
    var manifest = OutputManifest(
      output: output, fingerprint: fingerprint, top: top, folders: [], files: [])
    while !reader.atEnd {
      guard let kind = reader.word(), let identity = reader.identity() else { return nil }
      switch kind {
      case "d":
        guard let path = reader.rest(), isInside(path) else { return nil }
        manifest.folders.append(Folder(path: path, identity: identity))
      case "r":
        guard let hash = reader.word().flatMap({ UInt64($0, radix: 16) }),
          let path = reader.rest(), isInside(path)
        else { return nil }
        manifest.files.append(File(path: path, identity: identity, origin: .rendered(hash)))
      case "c":
        guard let source = reader.identity(), let path = reader.rest(), isInside(path) else {
          return nil
        }
        manifest.files.append(File(path: path, identity: identity, origin: .copied(source)))
      default:
        return nil
      }
    }
    return manifest
  }

  /// Whether a recorded path names something inside the output: relative, without `.`, `..`
  /// or empty parts (as `DirectorySink` writes them).
  static func isInside(_ path: String) -> Bool {
    // One pass over the bytes: the length of the current part, and whether it is all dots.
    var length = 0
    var dots = 0
    for byte in path.utf8 {
      if byte == 0x2F {
        guard length > 0, !(dots == length && length <= 2) else { return false }
        length = 0
        dots = 0
      } else {
        length += 1
        if byte == 0x2E { dots += 1 }
      }
    }
    return length > 0 && !(dots == length && length <= 2)
  }

  /// A cursor over the manifest's bytes: words end at a space, lines at a line break.
  private struct Reader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index >= bytes.count }

    /// The next word (up to a space or a line break, which a space is skipped after).
    mutating func word() -> String? {
      let start = index
      while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x0A { index += 1 }
      guard index > start else { return nil }
      let word = String(decoding: bytes[start..<index], as: UTF8.self)
      if index < bytes.count, bytes[index] == 0x20 { index += 1 }
      return word
    }

    /// The rest of the line (a path), its line break passed.
    mutating func rest() -> String? {
      let start = index
      while index < bytes.count, bytes[index] != 0x0A { index += 1 }
      guard index < bytes.count, index > start else { return nil }
      defer { index += 1 }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func line() -> String? { rest() }

    /// `name value…` on a line of its own: the value.
    mutating func field(_ name: String) -> String? {
      guard word() == name else { return nil }
      return rest()
    }

    mutating func endOfLine() -> Bool {
      guard index < bytes.count, bytes[index] == 0x0A else { return false }
      index += 1
      return true
    }

    /// A decimal number (a leading `-` allowed) as its 64-bit pattern, followed by a space
    /// (passed) or a line break (left).
    mutating func number() -> UInt64? {
      let start = index
      let negative = index < bytes.count && bytes[index] == 0x2D
      if negative { index += 1 }
      let digits = index
      var value: UInt64 = 0
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
        let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflowSum) = times.addingReportingOverflow(UInt64(bytes[index] - 0x30))
        guard !overflowTimes, !overflowSum else { return nil }
        value = sum
        index += 1
      }
      guard index > digits, index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A
      else {
        index = start
        return nil
      }
      if bytes[index] == 0x20 { index += 1 }
      return negative ? 0 &- value : value
    }

    mutating func identity() -> FileIdentity? {
      guard let device = number(), let inode = number(), let size = number(),
        let modified = number(), let changed = number()
      else { return nil }
      return FileIdentity(
        device: device, inode: inode, size: Int64(bitPattern: size),
        modified: Int64(bitPattern: modified), changed: Int64(bitPattern: changed))
    }
  }
}
