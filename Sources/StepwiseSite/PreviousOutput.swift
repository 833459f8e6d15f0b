import Foundation
import StepwiseCore

#if canImport(Glibc)
  import Glibc
#endif

/// The output of the last build as its manifest says it is, checked against the disk: which of
/// its files may be linked into the next site, and whether all of it is intact.
///
/// A file is trusted only when it is a regular file with exactly the identity recorded after the
/// last publish (device, inode, size, modification and change time: see `FileIdentity`), in
/// folders that are still the recorded folders (never a symbolic link put in their place).
/// Whatever does not match is not trusted and its path is written afresh: a hand-edited, chmod-ed,
/// replaced or deleted file can never survive a build.
final class PreviousOutput: Sendable {
  /// The output's path.
  let folder: String
  /// The output as it was opened when it was verified: its files are reached from it.
  let opened: OpenFolder
  /// The fingerprint of the inputs the old site was built from.
  let fingerprint: String
  /// Whether every recorded file and folder is as recorded, and the output holds nothing else:
  /// with the same inputs, a build would write exactly what is there.
  let isIntact: Bool
  /// How many files the old site has (not counting the marker).
  let fileCount: Int
  /// The recorded files, and for each whether it may be linked.
  private let files: [OutputManifest.File]
  private let linkable: [Bool]

  private init(
    folder: String, opened: OpenFolder, fingerprint: String, files: [OutputManifest.File],
    linkable: [Bool], isIntact: Bool
  ) {
    self.folder = folder
    self.opened = opened
    self.fingerprint = fingerprint
    self.files = files
    self.linkable = linkable
    self.isIntact = isIntact
    fileCount = files.filter { $0.path != OutputFolder.markerName }.count
  }

  /// Files that are still what the last publish wrote, by path relative to the output (made
  /// only for a build that writes: a build with nothing to do never needs it).
  func trustedFiles() -> [String: OutputManifest.File] {
    var trusted: [String: OutputManifest.File] = [:]
    trusted.reserveCapacity(files.count)
    for (file, linkable) in zip(files, linkable) where linkable { trusted[file.path] = file }
    return trusted
  }

  /// Checks a manifest against the output on disk (one `lstat` per file and folder, on every
  /// core, and one listing of the output's top); nil when the output is not the one recorded.
  static func verify(_ manifest: OutputManifest, output: String) -> PreviousOutput? {
    // Opened, then checked to be the recorded folder: what is checked below is what was opened.
    guard manifest.output == output, let opened = OpenFolder(output),
      let top = FileIdentity.of(".", in: opened), top.kind == .folder,
      top.identity.device == manifest.top.device, top.identity.inode == manifest.top.inode
    else { return nil }
    let device = manifest.top.device
    // Folders: `same` (still that folder: links into it may pass through it) and `intact`
    // (nothing added, removed or renamed in it since).
    let folderStates = inParallel(manifest.folders) { folder -> (same: Bool, intact: Bool) in
      guard let now = FileIdentity.of(folder.path, in: opened), now.kind == .folder,
        now.identity.device == device, now.identity.inode == folder.identity.inode
      else { return (false, false) }
      return (true, now.identity == folder.identity)
    }
    var replacedFolders: [String] = []
    var foldersIntact = true
    for (folder, state) in zip(manifest.folders, folderStates) {
      if !state.same { replacedFolders.append(folder.path + "/") }
      foldersIntact = foldersIntact && state.intact
    }
    var linkable = inParallel(manifest.files) { file -> Bool in
      guard let now = FileIdentity.of(file.path, in: opened), now.kind == .file else {
        return false
      }
      return now.identity == file.identity
    }
    // A file is reached through its folders: one that is no longer the recorded folder (gone,
    // or a link put in its place) makes every file below it untrusted.
    if !replacedFolders.isEmpty {
      for (index, file) in manifest.files.enumerated() where linkable[index] {
        linkable[index] = !replacedFolders.contains { file.path.hasPrefix($0) }
      }
    }
    // Anything added at the top (where the folder's clocks are not recorded) is seen here;
    // anything added deeper changed a recorded folder's clocks.
    var expectedTop: Set<String> = []
    // By bytes: `String.contains` searches through Foundation, for each of thousands of paths.
    for path in manifest.folders.map(\.path) + manifest.files.map(\.path)
    where !containsUTF8(path, byte: UInt8(ascii: "/")) {
      expectedTop.insert(path)
    }
    let listed = (try? FileManager.default.contentsOfDirectory(atPath: output)).map(Set.init)
    return PreviousOutput(
      folder: output, opened: opened, fingerprint: manifest.fingerprint, files: manifest.files,
      linkable: linkable,
      isIntact: foldersIntact && !linkable.contains(false) && listed == expectedTop)
  }

  /// `body` over `items` on every core, in chunks; the results in order.
  static func inParallel<Item: Sendable, Value: Sendable>(
    _ items: [Item], _ body: @Sendable (Item) -> Value
  ) -> [Value] {
    parallelChunks(items) { $0.map(body) }.flatMap(\.self)
  }
}
