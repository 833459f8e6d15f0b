import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Tells when files of the site change.
///
/// Implementations call `onChange` from their own thread
/// with the site-relative paths that changed since the last call, after the writes settle.
public protocol FileWatcher: AnyObject, Sendable {
  /// Starts watching; `onChange` runs on the watcher's thread, one call at a time.
  func start(onChange: @escaping @Sendable (Set<String>) -> Void)
  func stop()
}

/// Which files of a site the preview watches: `content/` and `templates/`, without the
/// editor's scratch files (hidden files, `~` backups, Vim's `4913` probe and swap files).
public enum WatchedPaths {
  public static let folders = ["content", "templates"]

  public static func isWatched(_ relative: String) -> Bool {
    guard folders.contains(where: { relative == $0 || relative.hasPrefix($0 + "/") }) else {
      return false
    }
    let name = relative.split(separator: "/").last.map(String.init) ?? relative
    if name.hasPrefix(".") || name.hasSuffix("~") || name == "4913" { return false }
    if name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasSuffix(".tmp") { return false }
    return true
  }
}

/// Collects change batches: a save is often several writes, or a write to a temporary file and a
/// rename over the page.
///
/// A batch is delivered once no event came for `quiet`, or at the latest
/// `longest` after its first event; while a file of it is still open for writing (written but
/// not yet closed: a save that truncates the file, then writes it), at the latest
/// `longestWriting` after its first event, so that the preview does not read a half-written
/// page and show its errors for a moment.
struct Debouncer {
  let quiet: Double
  let longest: Double
  let longestWriting: Double
  private(set) var pending: Set<String> = []
  /// Paths written to and not closed since.
  private(set) var writing: Set<String> = []
  private var first: Double?
  private var last: Double?

  init(quiet: Double = 0.02, longest: Double = 0.25, longestWriting: Double = 1) {
    self.quiet = quiet
    self.longest = longest
    self.longestWriting = longestWriting
  }

  mutating func add(_ paths: some Sequence<String>, at now: Double) {
    for path in paths {
      pending.insert(path)
      if first == nil { first = now }
      last = now
    }
  }

  /// Adds what an inotify event said of a path: changed, and whether it is now open for
  /// writing (`true`), closed or gone (`false`), or neither said (`nil`).
  mutating func add(_ path: String, writing isWriting: Bool?, at now: Double) {
    add([path], at: now)
    switch isWriting {
    case true?: writing.insert(path)
    case false?: writing.remove(path)
    case nil: break
    }
  }

  /// How long to wait for more events before `take` is due; nil when nothing is pending.
  func wait(at now: Double) -> Double? {
    guard let first, let last else { return nil }
    let writingHere = !writing.isDisjoint(with: pending)
    let due =
      writingHere ? first + longestWriting : min(last + quiet, first + longest)
    return max(0, due - now)
  }

  /// The batch, once it is due.
  mutating func take(at now: Double) -> Set<String>? {
    guard let wait = wait(at: now), wait <= 0 else { return nil }
    defer {
      pending = []
      // A file left open past the wait is not waited for again: its next close says it changed.
      writing = []
      first = nil
      last = nil
    }
    return pending
  }
}

func monotonicSeconds() -> Double {
  Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// A stop flag shared between the watcher's thread and `stop()`.
final class StopFlag: Sendable {
  private let stopped = Mutex(false)
  var isStopped: Bool { stopped.withLock { $0 } }
  func set() { stopped.withLock { $0 = true } }
}

#if os(Linux)
  /// Linux inotify: one watch per folder under `content/` and `templates/` (and the site root,
  /// to see `templates/` appear), new folders watched as they are created.
  ///
  /// `@unchecked Sendable`: `folders` is written by `init` and then only by the watcher's own
  /// thread; `stop()`, the one call from other threads, goes through the `Mutex` of `StopFlag`.
  public final class InotifyWatcher: FileWatcher, @unchecked Sendable {
    public let root: URL
    private let fd: Int32
    private let flag = StopFlag()
    /// Watch descriptor → site-relative folder ("" for the root).
    ///
    /// Only the watcher thread uses it
    /// after `start`.
    private var folders: [Int32: String] = [:]

    /// Fails when inotify is not available (the caller falls back to polling).
    public init?(root: URL) {
      self.root = root
      fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
      guard fd >= 0 else { return nil }
      guard watch("") else {
        close(fd)
        return nil
      }
      for folder in WatchedPaths.folders { watchTree(folder) }
    }

    deinit { close(fd) }

    private static let mask = UInt32(
      IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB
        | IN_DELETE_SELF)

    /// Whether an event leaves a file open for writing: written or created and not closed
    /// (true), closed, moved away or deleted (false); nil for a folder or another event.
    static func writing(_ mask: UInt32) -> Bool? {
      if mask & UInt32(IN_ISDIR) != 0 { return nil }
      if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_FROM | IN_DELETE | IN_MOVED_TO) != 0 {
        return false
      }
      if mask & UInt32(IN_MODIFY | IN_CREATE) != 0 { return true }
      return nil
    }

    @discardableResult
    private func watch(_ relative: String) -> Bool {
      let path = relative.isEmpty ? root.path : root.appendingPathComponent(relative).path
      let descriptor = inotify_add_watch(fd, path, Self.mask | UInt32(IN_ONLYDIR))
      guard descriptor >= 0 else { return false }
      folders[descriptor] = relative
      return true
    }

    /// Watches a folder and its subfolders.
    ///
    /// Links to folders are followed, as the loader follows
    /// them, but a folder reached twice (a link to a folder above) is watched once: no loop.
    private func watchTree(_ relative: String, seen: Set<String> = []) {
      let url = root.appendingPathComponent(relative)
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
        isDirectory.boolValue
      else { return }
      let real = url.resolvingSymlinksInPath().path
      guard !seen.contains(real) else { return }
      let seen = seen.union([real])
      watch(relative)
      let children = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      for child in children where !child.hasPrefix(".") {
        var childIsDirectory: ObjCBool = false
        let childPath = url.appendingPathComponent(child).path
        if FileManager.default.fileExists(atPath: childPath, isDirectory: &childIsDirectory),
          childIsDirectory.boolValue
        {
          watchTree(relative + "/" + child, seen: seen)
        }
      }
    }

    public func start(onChange: @escaping @Sendable (Set<String>) -> Void) {
      let thread = Thread { [self] in run(onChange) }
      thread.name = "stepwise-watch"
      thread.start()
    }

    public func stop() { flag.set() }

    private func run(_ onChange: @Sendable (Set<String>) -> Void) {
      var debouncer = Debouncer()
      var buffer = [UInt8](repeating: 0, count: 64 * 1024)
      while !flag.isStopped {
        let now = monotonicSeconds()
        let timeout = debouncer.wait(at: now).map { Int32(($0 * 1000).rounded(.up)) } ?? 200
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, min(timeout, 200))
        if ready > 0 {
          let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
          if count > 0 {
            let now = monotonicSeconds()
            for (path, writing) in parse(buffer, count: count) {
              debouncer.add(path, writing: writing, at: now)
            }
          }
        }
        if let batch = debouncer.take(at: monotonicSeconds()), !batch.isEmpty {
          onChange(batch)
        }
      }
    }

    /// The watched paths named by a buffer of `inotify_event`s, each with whether the file is
    /// now open for writing (see `Debouncer.add(_:writing:at:)`); new folders get a watch.
    private func parse(_ buffer: [UInt8], count: Int) -> [(String, writing: Bool?)] {
      var paths: [(String, writing: Bool?)] = []
      var offset = 0
      let header = MemoryLayout<inotify_event>.size
      while offset + header <= count {
        let (descriptor, mask, length) = buffer.withUnsafeBytes { raw in
          let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
          return (event.wd, event.mask, Int(event.len))
        }
        let nameBytes = buffer[(offset + header)..<min(offset + header + length, count)]
        let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
        offset += header + length
        // The kernel dropped events: say every watched folder changed, so all is read again.
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
          paths += WatchedPaths.folders.map { ($0, writing: nil) }
          continue
        }
        guard let folder = folders[descriptor] else { continue }
        let relative = folder.isEmpty ? name : (name.isEmpty ? folder : folder + "/" + name)
        if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0,
          WatchedPaths.isWatched(relative) || WatchedPaths.folders.contains(relative)
        {
          watchTree(relative)
        }
        if mask & UInt32(IN_IGNORED) != 0 { folders[descriptor] = nil }
        if WatchedPaths.isWatched(relative) {
          paths.append((relative, writing: Self.writing(mask)))
        }
      }
      return paths
    }
  }
#endif

/// Polls modification times and sizes; works everywhere (network folders, containers without
/// inotify), at the cost of up to `interval` of delay.
public final class PollingWatcher: FileWatcher, Sendable {
  public let root: URL
  public let interval: Double
  private let flag = StopFlag()

  public init(root: URL, interval: Double = 0.25) {
    self.root = root
    self.interval = interval
  }

  public func start(onChange: @escaping @Sendable (Set<String>) -> Void) {
    let thread = Thread { [self] in run(onChange) }
    thread.name = "stepwise-poll"
    thread.start()
  }

  public func stop() { flag.set() }

  struct Stamp: Equatable {
    var modified: Date?
    var size: Int?
  }

  /// Every watched file with its stamp.
  func scan() -> [String: Stamp] {
    var result: [String: Stamp] = [:]
    for folder in WatchedPaths.folders {
      let url = root.appendingPathComponent(folder)
      guard
        let enumerator = FileManager.default.enumerator(
          at: url, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey])
      else { continue }
      for case let file as URL in enumerator {
        let relative = folder + "/" + file.path.dropFirst(url.path.count + 1)
        guard WatchedPaths.isWatched(relative) else { continue }
        let values = try? file.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
        result[relative] = Stamp(modified: values?.contentModificationDate, size: values?.fileSize)
      }
    }
    return result
  }

  private func run(_ onChange: @Sendable (Set<String>) -> Void) {
    var known = scan()
    while !flag.isStopped {
      Thread.sleep(forTimeInterval: interval)
      let now = scan()
      var changed: Set<String> = []
      for (path, stamp) in now where known[path] != stamp { changed.insert(path) }
      for path in known.keys where now[path] == nil { changed.insert(path) }
      known = now
      if !changed.isEmpty { onChange(changed) }
    }
  }
}
