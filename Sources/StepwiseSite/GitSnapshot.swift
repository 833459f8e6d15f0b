import Foundation
import Synchronization

/// The site folder as it was at a git ref, extracted into a temporary folder of its own with
/// `git archive` (the repository, its index and working tree are only read).
public final class GitSnapshot {
  /// The temporary folder that holds the extracted site; removed by `remove()` or on deinit.
  public let folder: URL
  /// The site's root at the ref.
  public let root: URL
  /// The full commit id the ref named.
  public let commit: String

  /// Extracts `site` (a folder inside a git working tree) as it was at `ref`.
  public init(site: URL, ref: String) throws(ImpactError) {
    let site = site.standardizedFileURL
    guard FileManager.default.fileExists(atPath: site.path) else {
      throw .git("\(site.path): no such folder")
    }
    // The site's path in the repository, and the repository's top (where `git archive` runs:
    // in a subfolder it would look for the tree's path below that subfolder).
    let prefix: String
    let top: URL
    switch Self.git(["rev-parse", "--show-prefix", "--show-toplevel"], in: site) {
    case .success(let output):
      let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      guard lines.count >= 2 else { throw .notARepository(site.path) }
      // `--show-prefix` prints an empty line at the top of the repository.
      prefix = lines[0]
      top = URL(fileURLWithPath: lines[1])
    case .failure:
      throw .notARepository(site.path)
    }
    guard !ref.isEmpty, !ref.hasPrefix("-"),
      case .success(let output) = Self.git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"], in: site)
    else {
      throw .unknownRef(ref)
    }
    commit = output.trimmingCharacters(in: .whitespacesAndNewlines)
    let tree =
      prefix.isEmpty
      ? commit : "\(commit):\(prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix)"
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stepwise-impact-\(UUID().uuidString)")
    self.folder = folder
    root = folder.appendingPathComponent("site")
    do {
      try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    } catch {
      throw .git("\(root.path): cannot create a temporary folder: \(error.localizedDescription)")
    }
    let archive = folder.appendingPathComponent("site.tar")
    guard FileManager.default.createFile(atPath: archive.path, contents: nil),
      let handle = FileHandle(forWritingAtPath: archive.path)
    else {
      FileTree.remove(folder.path)
      throw .git("\(archive.path): cannot create the archive")
    }
    let archived = Self.run(
      "/usr/bin/env", ["git", "archive", "--format=tar", tree], in: top, output: handle)
    try? handle.close()
    if case .failure(let message) = archived {
      FileTree.remove(folder.path)
      throw .git(
        "the site folder '\(prefix.isEmpty ? "." : prefix)' did not exist at \(ref): \(message)")
    }
    if case .failure(let message) = Self.run(
      "/usr/bin/env", ["tar", "-x", "-f", archive.path, "-C", root.path], in: site)
    {
      FileTree.remove(folder.path)
      throw .git("cannot unpack the site at \(ref): \(message)")
    }
    unlink(archive.path)
  }

  deinit { remove() }

  /// Removes the temporary folder (it holds only what this snapshot extracted).
  public func remove() {
    if FileManager.default.fileExists(atPath: folder.path) { FileTree.remove(folder.path) }
  }

  private static func git(_ arguments: [String], in folder: URL) -> Result<String, GitFailure> {
    let pipe = Pipe()
    let result = run(
      "/usr/bin/env", ["git"] + arguments, in: folder, output: pipe.fileHandleForWriting,
      reader: pipe)
    switch result {
    case .success(let output): return .success(output)
    case .failure(let failure): return .failure(failure)
    }
  }

  struct GitFailure: Error, CustomStringConvertible {
    var description: String
  }

  /// Runs a program to its end: its standard output when it wrote to `reader`'s pipe (else
  /// empty), or its standard error when it failed.
  private static func run(
    _ program: String, _ arguments: [String], in folder: URL,
    output: FileHandle? = nil, reader: Pipe? = nil
  ) -> Result<String, GitFailure> {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = "C"
    environment["GIT_TERMINAL_PROMPT"] = "0"
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output ?? FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return .failure(GitFailure(description: "cannot run \(arguments.first ?? program): \(error)"))
    }
    if reader != nil { try? output?.close() }
    // Both pipes are drained at once: a child that fills one while we wait on the other would
    // never end.
    let collected = Collected()
    let group = DispatchGroup()
    if let reader {
      DispatchQueue.global().async(group: group) {
        collected.set(reader.fileHandleForReading.readDataToEndOfFile())
      }
    }
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let message = String(decoding: errorData, as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
      return .failure(
        GitFailure(
          description: message.isEmpty ? "exit status \(process.terminationStatus)" : message))
    }
    return .success(String(decoding: collected.data, as: UTF8.self))
  }
}

/// Data read on another thread.
private final class Collected: Sendable {
  private let stored = Mutex(Data())
  var data: Data { stored.withLock { $0 } }
  func set(_ data: Data) { stored.withLock { $0 = data } }
}

/// Why `impact` could not compare (exit status 2).
public enum ImpactError: Error, Equatable, Sendable, CustomStringConvertible {
  case notARepository(String)
  case unknownRef(String)
  case git(String)
  case site(SiteError)

  public var description: String {
    switch self {
    case .notARepository(let path):
      "\(path): not inside a git repository; impact compares the working tree with a commit: run it in a clone of the site's repository"
    case .unknownRef(let ref):
      "unknown git ref '\(ref)': give a branch, tag or commit that exists in this clone (e.g. origin/main; fetch it first in CI)"
    case .git(let message): message
    case .site(let error): error.description
    }
  }
}
