import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Publishes a site atomically: files go to a temporary folder beside the output, which
/// replaces the output only when complete. A failed or killed build leaves the old site.
///
/// A lock file beside the output keeps two builds apart; temporary folders left by killed
/// builds are removed by the next build (under the lock, so none of them is in use).
public final class AtomicPublisher: @unchecked Sendable {
  public let output: URL
  public let staging: URL
  public let sink: DirectorySink
  private let lockDescriptor: Int32
  private var published = false

  static let stagingPrefix = ".stepwise-staging-"
  static let retiredPrefix = ".stepwise-retired-"

  public init(output: URL) throws(SiteError) {
    let output = output.standardizedFileURL
    self.output = output
    let parent = output.deletingLastPathComponent()
    let name = output.lastPathComponent
    do {
      try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      throw .output(path: parent.path, reason: (error as NSError).localizedDescription)
    }
    let lockPath = parent.appendingPathComponent(".\(name).stepwise-lock").path
    let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw .output(path: lockPath, reason: String(cString: strerror(errno)))
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      close(descriptor)
      throw .locked(path: output.path)
    }
    lockDescriptor = descriptor
    // Leftovers of killed builds of this output: a build killed between moving the old site
    // aside and moving the new one in left only the retired copy, which is put back first.
    if let entries = try? FileManager.default.contentsOfDirectory(atPath: parent.path) {
      if !FileManager.default.fileExists(atPath: output.path),
        let retired = entries.first(where: { $0.hasPrefix(Self.retiredPrefix + name + "-") })
      {
        _ = rename(parent.appendingPathComponent(retired).path, output.path)
      }
      for entry in entries
      where entry.hasPrefix(Self.stagingPrefix + name + "-") || entry.hasPrefix(Self.retiredPrefix + name + "-") {
        FileTree.remove(parent.appendingPathComponent(entry).path)
      }
    }
    staging = parent.appendingPathComponent("\(Self.stagingPrefix)\(name)-\(getpid())")
    do {
      try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    } catch {
      flock(descriptor, LOCK_UN)
      close(descriptor)
      throw .output(path: staging.path, reason: (error as NSError).localizedDescription)
    }
    sink = DirectorySink(folder: staging)
  }

  /// Swaps the staging folder in. The old output is moved aside and removed afterwards.
  public func publish() throws(SiteError) {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: output.path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw .output(path: output.path, reason: "exists and is not a folder")
      }
      let retired = output.deletingLastPathComponent().appendingPathComponent(
        "\(Self.retiredPrefix)\(output.lastPathComponent)-\(getpid())")
      #if os(Linux)
        // One atomic exchange: at every moment the output is the old site or the new one.
        if let exchange = Self.renameExchange, exchange(-100 /* AT_FDCWD */, staging.path, -100, output.path, 2 /* RENAME_EXCHANGE */) == 0 {
          _ = rename(staging.path, retired.path)
          FileTree.remove(retired.path)
          published = true
          return
        }
      #endif
      // Without RENAME_EXCHANGE (other systems, some file systems): two renames; a build killed
      // between them leaves the retired copy, which the next build puts back.
      guard rename(output.path, retired.path) == 0 else {
        throw .output(path: output.path, reason: String(cString: strerror(errno)))
      }
      guard rename(staging.path, output.path) == 0 else {
        let reason = String(cString: strerror(errno))
        _ = rename(retired.path, output.path)
        throw .output(path: output.path, reason: reason)
      }
      FileTree.remove(retired.path)
    } else {
      guard rename(staging.path, output.path) == 0 else {
        throw .output(path: output.path, reason: String(cString: strerror(errno)))
      }
    }
    published = true
  }

  #if os(Linux)
    /// glibc's `renameat2`, which Swift's Glibc module does not export (it is declared only with
    /// `_GNU_SOURCE`); nil where the C library lacks it.
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameExchange: RenameAt2? = {
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
      return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
  #endif

  /// Removes the staging folder if it was not published, and releases the lock.
  public func abandon() {
    if !published { FileTree.remove(staging.path) }
    flock(lockDescriptor, LOCK_UN)
    close(lockDescriptor)
  }
}
