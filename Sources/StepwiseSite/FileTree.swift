import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An open folder, whose entries are reached by paths relative to it.
///
/// The kernel walks every part of a path given to a system call, and each part costs about as
/// much as the call itself (0.4 µs a part, 2.2 µs for an `lstat` of four parts, 0.6 µs for an
/// `fstat`, on the machine the benchmarks run on): a site's files, written, stat'ed and checked
/// by their paths from `/`, paid for the output's own path once per file and call. Relative to
/// the open output they pay only for their parts inside it, and the output is the folder that
/// was opened whatever is renamed above it meanwhile.
final class OpenFolder: Sendable {
  /// The folder's descriptor, open for the object's lifetime.
  let descriptor: Int32

  /// Opens a folder (never through a symbolic link); nil when it is not one or cannot be opened.
  init?(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }
}

/// Folder creation and removal with the system calls alone: a build creates and removes
/// thousands of folders, where `FileManager`'s per-entry checks cost more than the work.
enum FileTree {
  /// `AT_FDCWD`: a path taken as it is (Swift's Glibc module does not export the macro).
  static let currentFolder: Int32 = -100

  /// Creates a folder and any missing parents (`mkdir -p`); nil on success, else the error.
  static func makeDirectories(_ path: String) -> Int32? {
    makeDirectories(path, in: currentFolder)
  }

  /// Creates a folder and any missing parents (`mkdir -p`), a relative path taken from
  /// `folder` (a descriptor, or `currentFolder`); nil on success, else the error.
  static func makeDirectories(_ path: String, in folder: Int32) -> Int32? {
    if mkdirat(folder, path, 0o755) == 0 { return nil }
    switch errno {
    case EEXIST:
      var info = stat()
      return fstatat(folder, path, &info, 0) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
        ? nil : ENOTDIR
    case ENOENT:
      guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return ENOENT }
      if let error = makeDirectories(String(path[..<slash]), in: folder) { return error }
      if mkdirat(folder, path, 0o755) == 0 || errno == EEXIST { return nil }
      return errno
    default:
      return errno
    }
  }

  /// Removes a file or a folder with everything in it, without following symbolic links; the
  /// entries of the top folder are removed on several threads.
  ///
  /// Best effort: what cannot be
  /// removed stays. Returns whether `path` is gone.
  @discardableResult
  static func remove(_ path: String) -> Bool {
    let top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard top >= 0 else { return unlink(path) == 0 || errno == ENOENT }
    let entries = list(top)
    let workers = max(1, min(entries.count, ProcessInfo.processInfo.activeProcessorCount))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      for index in stride(from: worker, to: entries.count, by: workers) {
        removeEntry(entries[index].name, isDirectory: entries[index].isDirectory, in: top)
      }
    }
    close(top)
    return rmdir(path) == 0 || errno == ENOENT
  }

  /// The first of `path` and its immediate subfolders whose entries this process may not
  /// remove (a read-only folder or file system), with the system's reason; nil when all may.
  ///
  /// Only two levels: `chmod a-w public`, `chmod -R a-w public` and a read-only region folder
  /// are caught before any work for the price of one listing, where a walk of every folder of a
  /// large site costs 65 ms (13,860 folders). A read-only folder deeper down is still reported
  /// after the swap, by the removal of the old copy. Symbolic links are not followed.
  static func firstReadOnlyFolder(_ path: String) -> (path: String, reason: String)? {
    guard access(path, W_OK) == 0 else { return (path, String(cString: strerror(errno))) }
    let top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard top >= 0 else { return nil }
    defer { close(top) }
    for entry in list(top) where entry.isDirectory {
      guard faccessat(top, entry.name, W_OK, 0) == 0 else {
        return (path + "/" + entry.name, String(cString: strerror(errno)))
      }
    }
    return nil
  }

  private struct Entry {
    var name: String
    var isDirectory: Bool
  }

  /// The entries of an open folder, without `.` and `..`.
  private static func list(_ folder: Int32) -> [Entry] {
    let copy = dup(folder)
    guard copy >= 0, let stream = fdopendir(copy) else { return [] }
    defer { closedir(stream) }
    var entries: [Entry] = []
    while let entry = readdir(stream) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
      }
      if name == "." || name == ".." { continue }
      var isDirectory = Int32(entry.pointee.d_type) == Int32(DT_DIR)
      if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
        var info = stat()
        isDirectory =
          fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0
          && (info.st_mode & S_IFMT) == S_IFDIR
      }
      entries.append(Entry(name: name, isDirectory: isDirectory))
    }
    return entries
  }

  private static func removeEntry(_ name: String, isDirectory: Bool, in parent: Int32) {
    guard isDirectory else {
      unlinkat(parent, name, 0)
      return
    }
    let folder = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard folder >= 0 else { return }
    for entry in list(folder) {
      removeEntry(entry.name, isDirectory: entry.isDirectory, in: folder)
    }
    close(folder)
    unlinkat(parent, name, AT_REMOVEDIR)
  }
}
