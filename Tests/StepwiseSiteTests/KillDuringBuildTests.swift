import Foundation
import StepwiseTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `stepwise build` killed with SIGKILL at every moment of its run: the output folder is always
/// the complete old site or the complete new one, never a mix, and the next build works.
///
/// The old site is built by `stepwise build` before every kill, so that the killed build links
/// the old site's unchanged files into its staging folder (the old site's inodes are then shared
/// with the folder being killed) and writes only the changed ones.
@Suite(.serialized) struct KillDuringBuildTests {
  static let iterations = 25

  /// Starts `stepwise build` for the site into the output.
  func startBuild(site: URL, output: URL) throws -> Process {
    let process = Process()
    process.executableURL = stepwiseExecutable
    process.arguments = [
      "build", "--site", site.path, "--output", output.path, "--today", "2026-11-22",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Runs a build to the end; its exit status and how long it took.
  func build(site: URL, output: URL) throws -> (status: Int32, seconds: Double) {
    let started = Date()
    let process = try startBuild(site: site, output: output)
    process.waitUntilExit()
    return (process.terminationStatus, Date().timeIntervalSince(started))
  }

  /// The inode of every file under a folder, by relative path.
  func inodes(under folder: URL) throws -> [String: UInt64] {
    var result: [String: UInt64] = [:]
    for path in try filesUnder(folder).keys {
      var info = stat()
      if lstat(folder.path + "/" + path, &info) == 0 { result[path] = UInt64(info.st_ino) }
    }
    return result
  }

  /// Leftovers of builds beside the output: staging and retired folders.
  func leftovers(beside output: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
      .filter { $0.hasPrefix(".stepwise-staging-") || $0.hasPrefix(".stepwise-retired-") }.sorted()
  }

  @Test func aKilledBuildLeavesTheOldSiteOrTheNewOneNeverAMix() throws {
    MachineLock.acquire()
    defer { MachineLock.release() }
    #expect(
      FileManager.default.isExecutableFile(atPath: stepwiseExecutable.path),
      "build the stepwise product first")
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let site = folder.appendingPathComponent("site")
    try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: repositoryRoot.appendingPathComponent("content"),
      to: site.appendingPathComponent("content"))
    let output = folder.appendingPathComponent("out/public")

    // Site A: the real content, built into the output.
    let first = try build(site: site, output: output)
    try #require(first.status == 0)
    let siteA = try filesUnder(output)
    try #require(siteA.count > 20)

    // Site B: one more sentence on one page, built elsewhere to know what to expect.
    let page = site.appendingPathComponent("content/pages/register-gosuslugi.md")
    let textA = try String(contentsOf: page, encoding: .utf8)
    let textB = textA + "\nЭто предложение добавлено, чтобы новая сборка отличалась от старой.\n"
    try textB.write(to: page, atomically: true, encoding: .utf8)
    let second = try build(site: site, output: folder.appendingPathComponent("expected-b/public"))
    try #require(second.status == 0)
    let siteB = try filesUnder(folder.appendingPathComponent("expected-b/public"))
    try #require(siteA.keys.sorted() == siteB.keys.sorted())
    let changed = siteA.keys.filter { siteA[$0] != siteB[$0] }
    try #require(!changed.isEmpty)

    // Kills spread from the start to a bit past a whole build (timing only spreads the kills;
    // nothing below depends on it).
    let typical = max(first.seconds, second.seconds)
    var outcomes: [String: Int] = [:]
    for iteration in 0..<Self.iterations {
      // Site A, as the build of A leaves it (with its manifest): nothing to do when the output
      // is A and intact, else a build that links what it can.
      try textA.write(to: page, atomically: true, encoding: .utf8)
      try #require(try build(site: site, output: output).status == 0)
      try #require(try filesUnder(output) == siteA)
      try textB.write(to: page, atomically: true, encoding: .utf8)

      let delay = typical * 1.3 * Double(iteration) / Double(Self.iterations - 1)
      let process = try startBuild(site: site, output: output)
      usleep(useconds_t(delay * 1_000_000))
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()

      let state: String
      if !FileManager.default.fileExists(atPath: output.path) {
        state = "missing"
      } else {
        let files = try filesUnder(output)
        state = files == siteA ? "A" : files == siteB ? "B" : "mix"
        if state == "mix" {
          let wrong =
            Set(files.keys).symmetricDifference(siteA.keys).sorted()
            + siteA.keys.filter {
              files[$0] != nil && files[$0] != siteA[$0] && files[$0] != siteB[$0]
            }.sorted()
          Issue.record(
            "after a kill at \(String(format: "%.3f", delay)) s the output is neither A nor B: \(wrong.prefix(10))"
          )
        }
      }
      let left = try leftovers(beside: output)
      #expect(
        state == "A" || state == "B",
        "iteration \(iteration): the output is \(state) after a kill at \(String(format: "%.3f", delay)) s (leftovers: \(left))"
      )
      let stage =
        process.terminationReason == .exit
        ? "finished" : left.isEmpty ? "killed, nothing beside" : "killed, leftovers beside"
      outcomes["\(state) \(stage)", default: 0] += 1
    }
    print(
      "kill-during-build outcomes (\(Self.iterations) kills over \(String(format: "%.2f", typical * 1.3)) s):",
      outcomes.sorted { $0.key < $1.key })

    // A normal build afterwards: the killed builds' folders do not stop it,
    // and it cleans those folders up.
    let last = try build(site: site, output: output)
    #expect(last.status == 0)
    #expect(try filesUnder(output) == siteB)
    #expect(try leftovers(beside: output) == [])
    let beside = try FileManager.default.contentsOfDirectory(
      atPath: output.deletingLastPathComponent().path
    ).sorted()
    #expect(beside == ["public"])

    // What the killed builds were doing: B over A links A's unchanged files (B shares their
    // inodes) and writes the changed ones.
    try textA.write(to: page, atomically: true, encoding: .utf8)
    try #require(try build(site: site, output: output).status == 0)
    let inodesA = try inodes(under: output)
    try textB.write(to: page, atomically: true, encoding: .utf8)
    try #require(try build(site: site, output: output).status == 0)
    #expect(try filesUnder(output) == siteB)
    let inodesB = try inodes(under: output)
    for path in siteB.keys where path != ".stepwise-output" {
      #expect((inodesA[path] == inodesB[path]) == (siteA[path] == siteB[path]), "\(path)")
    }
  }

  @Test func aBuildKilledBetweenItsTwoRenamesIsRepairedByTheNextBuild() throws {
    // Publishing is two renames: the old output aside (.stepwise-retired-<name>-<pid>), then the
    // staging folder in. A kill between them leaves no output, only the retired copy and a
    // staging folder; this is that state, made by hand.
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let site = Fixture.basic
    let output = folder.appendingPathComponent("out/public")
    try #require(try build(site: site, output: output).status == 0)
    let built = try filesUnder(output)
    let parent = output.deletingLastPathComponent()
    try FileManager.default.moveItem(
      at: output, to: parent.appendingPathComponent(".stepwise-retired-public-999999"))
    try FileManager.default.createDirectory(
      at: parent.appendingPathComponent(".stepwise-staging-public-999999/pervaya"),
      withIntermediateDirectories: true)
    try Data("половина".utf8).write(
      to: parent.appendingPathComponent(".stepwise-staging-public-999999/pervaya/index.html"))

    #expect(try build(site: site, output: output).status == 0)
    #expect(try filesUnder(output) == built)
    #expect(try leftovers(beside: output) == [])
  }
}
