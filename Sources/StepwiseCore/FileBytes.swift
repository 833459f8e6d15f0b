import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file could not be read: absent, or an input/output failure of this computer (too many
/// open files, a permission, a disk error), which is never a finding about the content.
public enum FileReadError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No such file (or a folder on its path is missing).
  case absent
  /// `open` or `read` failed with this `errno`.
  case failed(errno: Int32)

  /// Whether the process or the system ran out of file descriptors.
  public var isOutOfDescriptors: Bool {
    self == .failed(errno: EMFILE) || self == .failed(errno: ENFILE)
  }

  public var description: String {
    switch self {
    case .absent: "no such file"
    case .failed(let code) where code == EMFILE:
      "cannot open files: too many open files (the limit of this process, ulimit -n, is reached)"
    case .failed(let code) where code == ENFILE:
      "cannot open files: too many open files in the system"
    case .failed(let code): "cannot read: \(String(cString: strerror(code)))"
    }
  }

  /// The failure for an `errno` of `open`, `opendir` or `read`.
  public init(errno code: Int32) {
    self = code == ENOENT || code == ENOTDIR ? .absent : .failed(errno: code)
  }
}

/// Reading whole files with the system calls, so that "absent" and "could not be opened" stay
/// apart (`FileManager.contents(atPath:)` answers nil for both).
public enum FileBytes {
  /// The bytes of the file at `path`.
  public static func contents(atPath path: String) -> Result<[UInt8], FileReadError> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return .failure(FileReadError(errno: errno)) }
    defer { close(descriptor) }
    var info = stat()
    if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      return .failure(.failed(errno: EISDIR))
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(max(Int(info.st_size), 0))
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count == 0 { return .success(bytes) }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(.failed(errno: errno))
      }
      bytes += chunk[..<count]
    }
  }

  /// Whether the folder at `path` can be listed: nil when it can (or is absent), else why not.
  public static func listingFailure(ofFolder path: String) -> FileReadError? {
    guard let folder = opendir(path) else {
      let failure = FileReadError(errno: errno)
      return failure == .absent ? nil : failure
    }
    closedir(folder)
    return nil
  }
}

/// Whether two strings hold the same bytes.
///
/// One `memcmp`, or none when they share their storage (an unchanged file's text is kept from
/// one load to the next); `==` on strings compares by canonical equivalence, which for Russian
/// text goes character by character.
public func sameUTF8(_ first: String, _ second: String) -> Bool {
  withUTF8Bytes(of: first) { a in
    withUTF8Bytes(of: second) { b in
      guard a.count == b.count else { return false }
      guard let left = a.baseAddress, let right = b.baseAddress, left != right else { return true }
      return memcmp(left, right, a.count) == 0
    }
  }
}

/// Whether a text's bytes come before another's (one `memcmp`): an order of the bytes as they
/// are, where `<` on strings compares their canonical forms.
public func precedesUTF8(_ first: String, _ second: String) -> Bool {
  withUTF8Bytes(of: first) { a in
    withUTF8Bytes(of: second) { b in
      let shared = min(a.count, b.count)
      if shared > 0, let left = a.baseAddress, let right = b.baseAddress {
        let order = memcmp(left, right, shared)
        if order != 0 { return order < 0 }
      }
      return a.count < b.count
    }
  }
}

/// A text's first eight bytes as one big-endian number (zeros past its end): texts whose numbers
/// differ are in the order `precedesUTF8` gives them, so a sort compares whole texts only where
/// the numbers tie (for thousands of short texts, mostly never).
public func utf8Prefix(_ text: String) -> UInt64 {
  withUTF8Bytes(of: text) { bytes in
    var prefix: UInt64 = 0
    for index in 0..<8 {
      prefix = prefix << 8 | UInt64(index < bytes.count ? bytes[index] : 0)
    }
    return prefix
  }
}

/// Feeds a text's bytes and length to `hasher`: the hash that goes with `sameUTF8` (`String`'s
/// own hashing normalizes the text first).
public func combineUTF8(_ text: String, into hasher: inout Hasher) {
  withUTF8Bytes(of: text) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  hasher.combine(text.utf8.count)
}

/// Calls `body` with a text's UTF-8 bytes, in place.
///
/// A copy of the text made only to call `withUTF8` on it retains and releases its storage, an
/// atomic operation each, at every call; a native string's bytes are read where they are.
@inlinable
public func withUTF8Bytes<Result>(
  of text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
) rethrows -> Result {
  if let result = try text.utf8.withContiguousStorageIfAvailable(body) { return result }
  var copy = text
  return try copy.withUTF8(body)
}
