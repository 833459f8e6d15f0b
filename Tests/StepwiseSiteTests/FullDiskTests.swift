import Foundation
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// A disk that fills up or turns read-only mid-way: a clear error naming the path, and the old
/// site untouched.
///
/// Needs a small tmpfs, so root (as on CI); skipped where `mount` is refused.
/// Whether this process may mount a tmpfs (root, as on CI).
let canMountTmpfs: Bool = {
  guard let point = try? temporaryFolder() else { return false }
  defer { try? FileManager.default.removeItem(at: point) }
  guard runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", point.path]) == 0 else {
    return false
  }
  _ = runTool("/bin/umount", [point.path])
  return true
}()

/// Runs a system tool to its end: its exit status, or -1 where it is missing or cannot start.
func runTool(_ tool: String, _ arguments: [String]) -> Int32 {
  guard FileManager.default.isExecutableFile(atPath: tool) else { return -1 }
  return (try? run(tool, arguments))?.status ?? -1
}

@Suite(.serialized, .enabled(if: canMountTmpfs, "needs root to mount a small tmpfs"))
struct FullDiskTests {
  /// A 512 KiB tmpfs for the duration of `body`, or nil where mounting is not allowed.
  func withSmallDisk(_ body: (URL) throws -> Void) throws {
    let mountPoint = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: mountPoint) }
    try #require(
      runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=512k", "tmpfs", mountPoint.path]) == 0)
    defer { _ = runTool("/bin/umount", [mountPoint.path]) }
    try body(mountPoint)
  }

  func snapshot(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(
      at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
      guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else {
        continue
      }
      files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
    }
    return files
  }

  func siteCopy() throws -> URL {
    let site = try temporaryFolder().appendingPathComponent("site")
    try FileManager.default.copyItem(at: Fixture.basic, to: site)
    return site
  }

  @Test func aFullDiskIsAClearErrorAndTheOldSiteStays() throws {
    let site = try siteCopy()
    defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
    try withSmallDisk { disk in
      let output = disk.appendingPathComponent("public")
      #expect(try SitePipeline.build(root: site, output: output, today: fixedToday).published)
      let before = try snapshot(output)
      // An asset bigger than what is left on the disk.
      try Data(repeating: 7, count: 600 << 10).write(
        to: site.appendingPathComponent("content/assets/big.png"))
      #expect {
        _ = try SitePipeline.build(root: site, output: output, today: fixedToday)
      } throws: { error in
        guard case SiteError.output(let path, let reason) = error else { return false }
        return path.hasPrefix(disk.path + "/.stepwise-staging-public-")
          && reason == "No space left on device"
      }
      #expect(try snapshot(output) == before)
      let leftovers = try FileManager.default.contentsOfDirectory(atPath: disk.path).filter {
        $0.hasPrefix(".stepwise-staging")
      }
      #expect(leftovers == [])
      // The failed build had linked the old site's files into its staging folder: the next
      // build does not trust them, and publishes the site whole.
      try FileManager.default.removeItem(at: site.appendingPathComponent("content/assets/big.png"))
      let next = try SitePipeline.build(root: site, output: output, today: fixedToday)
      #expect(next.published && !next.upToDate)
      #expect(try snapshot(output) == before)
    }
  }

  @Test func aReadOnlyDiskIsAClearErrorAndTheOldSiteStays() throws {
    let site = try siteCopy()
    defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
    try withSmallDisk { disk in
      let output = disk.appendingPathComponent("public")
      #expect(try SitePipeline.build(root: site, output: output, today: fixedToday).published)
      let before = try snapshot(output)
      try #require(runTool("/bin/mount", ["-o", "remount,ro", disk.path]) == 0)
      // Nothing changed: nothing to write, the build succeeds on a read-only disk.
      #expect(try SitePipeline.build(root: site, output: output, today: fixedToday).upToDate)
      // A change must be written: a clear error.
      let page = site.appendingPathComponent("content/pages/login.md")
      try (String(contentsOf: page, encoding: .utf8) + "\nЕщё одно предложение.\n").write(
        to: page, atomically: true, encoding: .utf8)
      #expect {
        _ = try SitePipeline.build(root: site, output: output, today: fixedToday)
      } throws: { error in
        guard case SiteError.output(let path, let reason) = error else { return false }
        return path.hasPrefix(disk.path) && reason.contains("Read-only file system")
      }
      #expect(try snapshot(output) == before)
    }
  }
}
