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
  /// The fingerprint of the inputs the old site was built from.
  let fingerprint: String
  /// Files that are still what the last publish wrote, by path relative to the output.
  let trusted: [String: OutputManifest.File]
  /// Whether every recorded file and folder is as recorded, and the output holds nothing else:
  /// with the same inputs, a build would write exactly what is there.
  let isIntact: Bool
  /// How many files the old site has (not counting the marker).
  let fileCount: Int

  init(
    folder: String, fingerprint: String, trusted: [String: OutputManifest.File], isIntact: Bool,
    fileCount: Int
  ) {
    self.folder = folder
    self.fingerprint = fingerprint
    self.trusted = trusted
    self.isIntact = isIntact
    self.fileCount = fileCount
  }

  /// Checks a manifest against the output on disk (one `lstat` per file and folder, on every
  /// core, and one listing of the output's top); nil when the output is not the one recorded.
  static func verify(_ manifest: OutputManifest, output: String) -> PreviousOutput? {
    guard manifest.output == output, let top = FileIdentity.of(output), top.kind == .folder,
      top.identity.device == manifest.top.device, top.identity.inode == manifest.top.inode
    else { return nil }
    let device = manifest.top.device
    // Folders: `same` (still that folder: links into it may pass through it) and `intact`
    // (nothing added, removed or renamed in it since).
    let folderStates = inParallel(manifest.folders) { folder -> (same: Bool, intact: Bool) in
      guard let now = FileIdentity.of(output + "/" + folder.path), now.kind == .folder,
        now.identity.device == device, now.identity.inode == folder.identity.inode
      else { return (false, false) }
      return (true, now.identity == folder.identity)
    }
    var sameFolders: Set<String> = []
    var foldersIntact = true
    for (folder, state) in zip(manifest.folders, folderStates) {
      if state.same { sameFolders.insert(folder.path) }
      foldersIntact = foldersIntact && state.intact
    }
    let fileStates = inParallel(manifest.files) { file -> Bool in
      guard let now = FileIdentity.of(output + "/" + file.path), now.kind == .file else {
        return false
      }
      return now.identity == file.identity
    }
    var trusted: [String: OutputManifest.File] = [:]
    trusted.reserveCapacity(manifest.files.count)
    var filesIntact = true
    for (file, unchanged) in zip(manifest.files, fileStates) {
      guard unchanged, folders(above: file.path).allSatisfy(sameFolders.contains) else {
        filesIntact = false
        continue
      }
      trusted[file.path] = file
    }
    // Anything added at the top (where the folder's clocks are not recorded) is seen here;
    // anything added deeper changed a recorded folder's clocks.
    var expectedTop: Set<String> = []
    for path in manifest.folders.map(\.path) + manifest.files.map(\.path) {
      expectedTop.insert(String(path.prefix { $0 != "/" }))
    }
    let listed = (try? FileManager.default.contentsOfDirectory(atPath: output)).map(Set.init)
    return PreviousOutput(
      folder: output, fingerprint: manifest.fingerprint, trusted: trusted,
      isIntact: foldersIntact && filesIntact && listed == expectedTop,
      fileCount: manifest.files.filter { $0.path != OutputFolder.markerName }.count)
  }

  /// The folders a relative path lies in, outermost first (`a/b/c` → `a`, `a/b`).
  static func folders(above path: String) -> [String] {
    var result: [String] = []
    var index = path.startIndex
    while let slash = path[index...].firstIndex(of: "/") {
      result.append(String(path[..<slash]))
      index = path.index(after: slash)
    }
    return result
  }

  /// `body` over `items` on every core, in chunks; the results in order.
  static func inParallel<Item: Sendable, Value: Sendable>(
    _ items: [Item], _ body: @Sendable (Item) -> Value
  ) -> [Value] {
    let chunk = 512
    let chunks = (items.count + chunk - 1) / chunk
    return parallelMap(chunks) { index in
      items[(index * chunk)..<min(items.count, (index + 1) * chunk)].map(body)
    }.flatMap(\.self)
  }
}
