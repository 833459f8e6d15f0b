import Foundation
import StepwiseCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Publishes a site atomically: files go to a temporary folder beside the output, which
/// replaces the output only when complete.
///
/// A failed or killed build leaves the old site.
///
/// A lock keeps two builds of the same output apart. It lives in a per-user folder of the
/// system's temporary folder, never beside the output, where it would be published with the web
/// root. Temporary folders left by killed builds are removed by the next build (under the lock,
/// so none of them is in use).
///
/// The publisher does not judge whether the output may be replaced: `OutputFolder.validate` does,
/// before any work.
///
/// Each publish records what it wrote in a manifest (see `OutputManifest`), kept beside the lock.
/// The next publisher of the same output reads it back and checks it against the disk: the
/// staging folder then gets hard links to the old site's files whose bytes are due again, and a
/// build whose inputs have the fingerprint recorded finds the output up to date
/// (`isUpToDate`) and publishes nothing at all.
public final class AtomicPublisher {
  public let output: URL
  public let staging: URL
  public let sink: DirectorySink
  /// The output's lock, with what was found beside it.
  private let locked: LockedOutput
  /// The old site as its manifest describes it, verified on disk; nil when there is none (a
  /// first build, a manifest lost, or an output that is not the one recorded).
  var previous: PreviousOutput? { locked.previous }
  /// Where this output's manifest is kept.
  var manifestPath: String { locked.manifestPath }
  /// The output was built from inputs with the fingerprint given, and is intact: nothing is to
  /// be done, and no staging folder was made (`sink` must not be used).
  public let isUpToDate: Bool
  private var published = false

  static let stagingPrefix = ".stepwise-staging-"
  static let retiredPrefix = ".stepwise-retired-"

  /// Takes the output's lock, cleans what killed builds left beside it, and reads the last
  /// publish's manifest; then, unless the output is up to date with `fingerprint`, makes the
  /// staging folder.
  ///
  /// `fingerprint` is that of the build's inputs (`BuildFingerprint`), nil when
  /// there is none (then the output is never up to date, but unchanged files are still linked).
  public convenience init(output: URL, fingerprint: String? = nil) throws(SiteError) {
    try self.init(try LockedOutput(output: output), fingerprint: fingerprint)
  }

  /// Takes over an output already locked (its lock is let go by `abandon`, or now if this
  /// throws); unless the output is up to date with `fingerprint`, makes the staging folder.
  init(_ locked: LockedOutput, fingerprint: String?) throws(SiteError) {
    let output = locked.output
    self.output = output
    self.locked = locked
    let parent = output.deletingLastPathComponent()
    staging = parent.appendingPathComponent(
      "\(Self.stagingPrefix)\(output.lastPathComponent)-\(getpid())")
    let previous = locked.previous
    if let fingerprint, let previous, previous.isIntact, previous.fingerprint == fingerprint {
      isUpToDate = true
      sink = DirectorySink(folder: staging)
      return
    }
    isUpToDate = false
    // An old site that cannot be removed (a read-only folder in it) cannot be replaced either:
    // refused now, before any work, so that nothing is left half-done beside it.
    if FileManager.default.fileExists(atPath: output.path),
      let blocked = FileTree.firstReadOnlyFolder(output.path)
    {
      locked.release()
      throw .output(
        path: output.path,
        reason:
          "the old site cannot be replaced, \(blocked.path) cannot be changed (\(blocked.reason)); "
          + "make it writable or choose another output folder")
    }
    if let error = FileTree.makeDirectories(staging.path) {
      locked.release()
      throw .output(path: staging.path, reason: String(cString: strerror(error)))
    }
    sink = DirectorySink(folder: staging, previous: previous)
  }

  /// The per-user folder of the temporary folder that holds the locks and manifests, made if
  /// missing; refused unless it is a folder of this user (nobody else may forge a manifest).
  static func stateFolder() throws(SiteError) -> String {
    let base =
      ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    let folder = base + "/stepwise-locks-\(getuid())"
    if mkdir(folder, 0o700) != 0, errno != EEXIST {
      throw .output(path: folder, reason: String(cString: strerror(errno)))
    }
    var info = stat()
    guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid(),
      info.st_mode & 0o022 == 0
    else {
      throw .output(path: folder, reason: "the lock folder is not a folder of this user; remove it")
    }
    return folder
  }

  /// The name of an output's lock and manifest in the state folder (without extension).
  static func stateName(_ output: URL) -> String {
    String(fnv1a(output.standardizedFileURL.path), radix: 16)
  }

  /// Takes the lock of an output: a file named after the output's path in the state folder.
  ///
  /// Throws `.locked` when another build holds it.
  ///
  /// A stale lock file may be removed by another build's pruning (`pruneStateFolder`), which
  /// holds the lock while it removes the file: a lock taken on a file that is no longer the one
  /// at its path is let go and taken again on the new file.
  fileprivate static func lock(_ output: URL, in folder: String) throws(SiteError) -> Int32 {
    let lockPath = folder + "/" + stateName(output) + ".lock"
    for _ in 0..<3 {
      let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
      guard descriptor >= 0 else {
        throw .output(path: lockPath, reason: String(cString: strerror(errno)))
      }
      guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
        close(descriptor)
        throw .locked(path: output.path)
      }
      var held = stat()
      var named = stat()
      if fstat(descriptor, &held) == 0, lstat(lockPath, &named) == 0, held.st_dev == named.st_dev,
        held.st_ino == named.st_ino
      {
        return descriptor
      }
      Self.unlock(descriptor)
    }
    throw .locked(path: output.path)
  }

  fileprivate static func unlock(_ descriptor: Int32) {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }

  /// 64-bit FNV-1a of a path: a stable lock name for it.
  private static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
  }

  /// Swaps the staging folder in, then records what it holds in the manifest (with
  /// `fingerprint`, the inputs' fingerprint, when the build has one).
  ///
  /// The old output is moved aside and removed afterwards. Nothing is done when the output was
  /// found up to date.
  public func publish(fingerprint: String? = nil) throws(SiteError) {
    guard !isUpToDate else { return }
    try sink.write(OutputFolder.markerName, Array(OutputFolder.markerText.utf8))
    // From here the output changes under the old manifest: it goes first, so that whatever
    // happens next, no manifest describes an output it does not match.
    unlink(manifestPath)
    try swap()
    recordManifest(fingerprint: fingerprint)
  }

  /// The swap itself: one atomic exchange, or two renames.
  private func swap() throws(SiteError) {
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
        if let exchange = Self.renameExchange,
          exchange(
            FileTree.currentFolder, staging.path, FileTree.currentFolder, output.path,
            Self.exchangeFlag)
            == 0
        {
          published = true
          try Self.removeRetired(staging)
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
      published = true
      try Self.removeRetired(retired)
      return
    } else {
      guard rename(staging.path, output.path) == 0 else {
        throw .output(path: output.path, reason: String(cString: strerror(errno)))
      }
    }
    published = true
  }

  /// Writes the manifest of the output just published: every file and folder as it is on disk
  /// now that the old copy is gone (removing it changed the linked files' change times).
  ///
  /// Best effort, under the lock: when a folder or a linked file is not what the sink left there
  /// (changed by hand while the build ran), a path holds a line break or the manifest cannot be
  /// written, there is none, and the next build writes every file. (A written file changed by
  /// hand keeps its recorded line: its change time is later than recorded, and the next build
  /// does not trust it.)
  private func recordManifest(fingerprint: String?) {
    let root = output.path
    // Opened, then checked: every folder and link below is looked up from the folder recorded.
    guard let opened = OpenFolder(root), let top = FileIdentity.of(".", in: opened),
      top.kind == .folder
    else { return }
    // The files' lines were written as the files were (on the rendering threads); what is
    // left is every folder, as it is now that nothing more is put into it, and every link,
    // read again (on every core: done in one piece after the swap, this was a tenth of a 50×85
    // build).
    let recorded = sink.recorded
    guard !recorded.unrecordable else { return }
    let folders = Array(sink.folders)
    let links = recorded.links.compactMap(\.self)
    let device = top.identity.device
    let found =
      parallelChunks(folders) { Self.folderLines($0, root: opened, device: device) }
      + parallelChunks(links) { Self.linkLines($0, root: opened) }
    // A folder or link that is not as the sink left it, or a path with a line break: no
    // manifest.
    let parts = found.compactMap(\.self)
    guard parts.count == found.count,
      let header = OutputManifest(
        output: root, fingerprint: fingerprint ?? "", top: top.identity, folders: [], files: []
      ).encodedHeader()
    else { return }
    Self.replaceStateFile(manifestPath, with: [header] + parts + [recorded.currentLines])
    Self.pruneStateFolder(beside: manifestPath, now: time(nil))
  }

  /// The manifest's lines of some folders, each as it is on disk now; nil when one is not a
  /// folder of the output's device.
  private static func folderLines(
    _ folders: ArraySlice<String>, root: OpenFolder, device: UInt64
  ) -> [UInt8]? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(folders.count * 100)
    for folder in folders {
      guard let state = FileIdentity.of(folder, in: root), state.kind == .folder,
        state.identity.device == device,
        OutputManifest.append(
          OutputManifest.Folder(path: folder, identity: state.identity), to: &bytes)
      else { return nil }
    }
    return bytes
  }

  /// The manifest's lines of some links to the old site's files; nil when one is no longer
  /// what was linked.
  ///
  /// A link's change time changed when the old site's name for it was removed: it is read
  /// now, and its inode, size and modification time must still be what was linked. (A file
  /// written here is as the sink left it: nothing has changed it since, or its change time is
  /// later than recorded and the next build does not trust it.)
  private static func linkLines(_ links: ArraySlice<OutputManifest.File>, root: OpenFolder)
    -> [UInt8]?
  {
    var bytes: [UInt8] = []
    for link in links {
      guard let now = FileIdentity.of(link.path, in: root), now.kind == .file,
        now.identity.device == link.identity.device,
        now.identity.inode == link.identity.inode,
        now.identity.size == link.identity.size,
        now.identity.modified == link.identity.modified,
        OutputManifest.append(
          OutputManifest.File(path: link.path, identity: now.identity, origin: link.origin),
          to: &bytes)
      else { return nil }
    }
    return bytes
  }

  /// Writes a file of the state folder whole: to a temporary file of this process, renamed over
  /// the old one, so that a reader never sees half of it (and nothing is left when a write
  /// fails).
  static func replaceStateFile(_ path: String, with bytes: [UInt8]) {
    replaceStateFile(path, with: [bytes])
  }

  /// Writes a file of the state folder whole from parts, one after another (not copied into
  /// one buffer first), as `replaceStateFile(_:with:)` does.
  static func replaceStateFile(_ path: String, with parts: [[UInt8]]) {
    let temporary = path + ".\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return }
    var complete = true
    writing: for bytes in parts {
      var offset = 0
      while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes {
          write(descriptor, $0.baseAddress, $0.count)
        }
        if written < 0, errno == EINTR { continue }
        guard written > 0 else {
          complete = false
          break writing
        }
        offset += written
      }
    }
    close(descriptor)
    if !complete || rename(temporary, path) != 0 { unlink(temporary) }
  }

  /// How long an unused lock file or a vetted-texts file of the state folder is kept: a week.
  static let stateFileLifetime: time_t = 7 * 24 * 3600

  /// How often a publish prunes the state folder.
  static let pruneInterval: time_t = 3600
  /// The file whose time says when the state folder was last pruned.
  static let pruneStampName = "pruned"

  /// Removes what the state folder holds for outputs and programs gone.
  ///
  /// So the folder does not grow with every output ever built (a test's throwaway folder) and
  /// every `stepwise` binary ever run, it removes:
  ///
  /// - the manifests of outputs that no longer exist (an output removed by hand). Only a
  ///   manifest's first lines are read. An output that exists has its manifest written after it
  ///   is published and removed before it is replaced, so none in use is removed;
  /// - lock files older than `stateFileLifetime` with no manifest beside them, each removed
  ///   while this process holds its lock (so never one a build holds; `lock` takes a lock again
  ///   when its file was removed meanwhile);
  /// - vetted-texts files (`VettedTexts`) not written for `stateFileLifetime`: the memory of an
  ///   older binary, or of one not run for a week (its texts are vetted again once).
  static func pruneStateFolder(beside manifestPath: String, now: time_t) {
    let folder = String(manifestPath[..<(manifestPath.lastIndex(of: "/") ?? manifestPath.endIndex)])
    // Pruning reads every file of the folder (thousands, where tests build into fresh folders):
    // done at most once per `pruneInterval`, as the stamp file's time says.
    let stamp = folder + "/" + pruneStampName
    var stamped = stat()
    if lstat(stamp, &stamped) == 0, stamped.st_mode & S_IFMT == S_IFREG,
      now >= stamped.st_mtim.tv_sec, now - stamped.st_mtim.tv_sec < pruneInterval
    {
      return
    }
    let stampDescriptor = open(stamp, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    if stampDescriptor >= 0 {
      var times = [timespec(tv_sec: now, tv_nsec: 0), timespec(tv_sec: now, tv_nsec: 0)]
      futimens(stampDescriptor, &times)
      close(stampDescriptor)
    }
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
      return
    }
    let names = Set(entries)
    func isStale(_ path: String) -> Bool {
      var info = stat()
      return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        && now - info.st_mtim.tv_sec > stateFileLifetime
    }
    for entry in entries where entry.hasSuffix(".lock") {
      let path = folder + "/" + entry
      guard !names.contains(entry.dropLast(".lock".count) + ".manifest"), isStale(path) else {
        continue
      }
      let descriptor = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
      guard descriptor >= 0 else { continue }
      if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { unlink(path) }
      close(descriptor)
    }
    for entry in entries where entry.hasPrefix("vetted-") && isStale(folder + "/" + entry) {
      unlink(folder + "/" + entry)
    }
    for entry in entries where entry.hasSuffix(".manifest") {
      let path = folder + "/" + entry
      guard path != manifestPath else { continue }
      let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
      guard descriptor >= 0 else { continue }
      var head = [UInt8](repeating: 0, count: 4096)
      let count = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      close(descriptor)
      guard count > 0 else { continue }
      let lines = String(decoding: head.prefix(count), as: UTF8.self).split(separator: "\n")
      guard lines.count > 2, lines[0] == OutputManifest.header, lines[1].hasPrefix("output /")
      else { continue }
      var info = stat()
      if lstat(String(lines[1].dropFirst("output ".count)), &info) != 0, errno == ENOENT {
        unlink(path)
      }
    }
  }

  /// Removes the old site after the swap.
  ///
  /// The new site is published either way; an old copy
  /// that cannot be removed (a folder made read-only during the build) is an error naming it.
  private static func removeRetired(_ retired: URL) throws(SiteError) {
    guard FileTree.remove(retired.path) else {
      throw .output(
        path: retired.path,
        reason:
          "the new site is published, but this old copy of it could not be removed; remove it by hand"
      )
    }
  }

  #if os(Linux)
    /// `RENAME_EXCHANGE` of Linux's `renameat2`.
    private static let exchangeFlag: UInt32 = 2

    /// glibc's `renameat2`, which Swift's Glibc module does not export (it is declared only with
    /// `_GNU_SOURCE`); nil where the C library lacks it.
    private typealias RenameAt2 =
      @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameExchange: RenameAt2? = {
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else {
        return nil
      }
      return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
  #endif

  /// Removes the staging folder if it was not published, and releases the lock.
  public func abandon() {
    if !published { FileTree.remove(staging.path) }
    locked.release()
  }
}

/// An output's lock, taken: what killed builds left beside the output is cleaned, and the last
/// publish's manifest is read and checked against the disk (`previous`).
///
/// `build` takes it while the site is checked, so that checking the old output's files does
/// not wait for the check; the publisher takes it over, or its owner lets it go (`release`,
/// exactly once).
final class LockedOutput: Sendable {
  let output: URL
  let descriptor: Int32
  /// Where this output's manifest is kept.
  let manifestPath: String
  /// The old site as its manifest describes it, verified on disk under the lock.
  let previous: PreviousOutput?

  init(output: URL) throws(SiteError) {
    let output = output.standardizedFileURL
    self.output = output
    let parent = output.deletingLastPathComponent()
    let name = output.lastPathComponent
    if let error = FileTree.makeDirectories(parent.path) {
      throw .output(path: parent.path, reason: String(cString: strerror(error)))
    }
    let folder = try AtomicPublisher.stateFolder()
    descriptor = try AtomicPublisher.lock(output, in: folder)
    manifestPath = folder + "/" + AtomicPublisher.stateName(output) + ".manifest"
    // Earlier versions kept the lock beside the output; under our lock it is unused.
    let legacyLock = parent.appendingPathComponent(".\(name).stepwise-lock").path
    var info = stat()
    if lstat(legacyLock, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size == 0 {
      unlink(legacyLock)
    }
    // Leftovers of killed builds of this output: a build killed between moving the old site
    // aside and moving the new one in left only the retired copy, which is put back first.
    if let entries = try? FileManager.default.contentsOfDirectory(atPath: parent.path) {
      let stagingPrefix = AtomicPublisher.stagingPrefix + name + "-"
      let retiredPrefix = AtomicPublisher.retiredPrefix + name + "-"
      if !FileManager.default.fileExists(atPath: output.path),
        let retired = entries.first(where: { $0.hasPrefix(retiredPrefix) })
      {
        _ = rename(parent.appendingPathComponent(retired).path, output.path)
      }
      for entry in entries where entry.hasPrefix(stagingPrefix) || entry.hasPrefix(retiredPrefix) {
        FileTree.remove(parent.appendingPathComponent(entry).path)
      }
    }
    // Read after the leftovers are gone: removing a killed build's links changed the old
    // files' change times, and those files are then not trusted.
    // (No output, nothing to read: a manifest left by an output removed by hand is not parsed.)
    previous =
      FileIdentity.of(output.path)?.kind != .folder
      ? nil
      : (try? FileBytes.contents(atPath: manifestPath).get())
        .flatMap(OutputManifest.decode)
        .flatMap { PreviousOutput.verify($0, output: output.path) }
  }

  /// Lets the lock go (for an owner that does not hand it to a publisher).
  func release() {
    AtomicPublisher.unlock(descriptor)
  }
}
