import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

#if canImport(Glibc)
  import Glibc
#endif

/// The options of one build of a scratch site.
struct BuildOptions: Sendable {
  var today = fixedToday
  var region: String? = nil
  var baseURL: String? = nil
}

/// Builds a site into an output with options.
@discardableResult
func build(_ site: ScratchSite, into output: URL, _ options: BuildOptions = BuildOptions())
  throws -> BuildReport
{
  try SitePipeline.build(
    root: site.root, output: output, today: options.today, region: options.region,
    baseURL: options.baseURL)
}

/// Every entry under a folder (the folder itself as ""), as `lstat` sees it.
func identities(under folder: URL) throws -> [String: FileIdentity] {
  let base = folder.path
  var result: [String: FileIdentity] = [:]
  result[""] = try #require(FileIdentity.of(base)).identity
  let enumerator = FileManager.default.enumerator(atPath: base)
  while let relative = enumerator?.nextObject() as? String {
    result[relative] = try #require(FileIdentity.of(base + "/" + relative)).identity
  }
  return result
}

/// Leftovers of builds beside an output.
func leftovers(beside output: URL) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
    .filter { $0.hasPrefix(".stepwise-staging-") || $0.hasPrefix(".stepwise-retired-") }
}

/// Sets a file's modification time (and access time) to a moment in nanoseconds since 1970.
func setModificationTime(_ path: String, nanoseconds: Int64) throws {
  let time = timespec(
    tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
  let times = [time, time]
  let status = times.withUnsafeBufferPointer {
    utimensat(-100, path, $0.baseAddress, AT_SYMLINK_NOFOLLOW)
  }
  try #require(status == 0, "utimensat \(path): \(String(cString: strerror(errno)))")
}

/// Rewrites a file in place (same inode) with other bytes of the same length, then puts its
/// modification time back: what `cp -p` over it, or a careful hand, leaves.
func overwriteKeepingSizeAndTime(_ path: String) throws {
  let before = try #require(FileIdentity.of(path)).identity
  var bytes = try #require(FileManager.default.contents(atPath: path))
  try #require(!bytes.isEmpty)
  bytes[bytes.count / 2] = bytes[bytes.count / 2] == 0x2A ? 0x2B : 0x2A
  let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
  try handle.write(contentsOf: bytes)
  try handle.close()
  try setModificationTime(path, nanoseconds: before.modified)
  let after = try #require(FileIdentity.of(path)).identity
  try #require(after.inode == before.inode && after.size == before.size)
  try #require(after.modified == before.modified)
}

/// A build with nothing changed does nothing; any change of any one input builds again, and the
/// result is what a build from scratch writes; unchanged files are linked, never written again.
@Suite struct NoOpBuildTests {
  @Test func aBuildWithNothingChangedLeavesTheOutputUntouched() throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    let first = try build(site, into: output)
    #expect(first.published && !first.upToDate)
    #expect(first.linked == 0)
    let before = try identities(under: output)
    let again = try build(site, into: output)
    #expect(again.upToDate)
    #expect(again.published)
    #expect(again.files == first.files)
    #expect(again.pages == first.pages && again.regions == first.regions)
    // Not one inode, size or clock changed, no folder was added beside the output.
    #expect(try identities(under: output) == before)
    #expect(try leftovers(beside: output) == [])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: site.folder.path).sorted() == [
        "public", "site",
      ])
  }

  @Test func findingsArePrintedAsEverWhenNothingChanged() throws {
    let site = try ScratchSite()
    // A review-by date in the past: a warning, which does not stop the build.
    try site.edit("content/pages/login.md") {
      $0.replacingOccurrences(
        of: "procedure: login\n", with: "procedure: login\nreview-by: 2026-01-01\n")
    }
    let output = site.folder.appendingPathComponent("public")
    let first = try build(site, into: output)
    try #require(first.published)
    try #require(!first.site.diagnostics.isEmpty)
    let again = try build(site, into: output)
    #expect(again.upToDate)
    #expect(again.site.diagnostics == first.site.diagnostics)
  }

  /// One input of the build, changed alone.
  struct InputChange: CustomTestStringConvertible, Sendable {
    var name: String
    /// Changes the site (or nothing) and returns the options of the next build.
    var apply: @Sendable (ScratchSite) throws -> BuildOptions
    var testDescription: String { name }
  }

  static let comment = "\n# Примечание редактора.\n"

  static let inputChanges: [InputChange] = [
    InputChange(name: "a page's text") { site in
      try site.edit("content/pages/login.md") { $0 + "\nЕщё одно предложение.\n" }
      return BuildOptions()
    },
    InputChange(name: "a flow file") { site in
      try site.edit("content/flows/main.yaml") { $0 + comment }
      return BuildOptions()
    },
    InputChange(name: "regions.yaml") { site in
      try site.edit("content/regions.yaml") { $0 + comment }
      return BuildOptions()
    },
    InputChange(name: "site.yaml") { site in
      try site.edit("content/site.yaml") { $0 + comment }
      return BuildOptions()
    },
    InputChange(name: "a template of the site's own") { site in
      try site.write("templates/style.css", "body { color: #111; }\n")
      return BuildOptions()
    },
    InputChange(name: "an asset rewritten with the same size and modification time") { site in
      try overwriteKeepingSizeAndTime(site.url("content/assets/button.png").path)
      return BuildOptions()
    },
    InputChange(name: "an asset added") { site in
      try site.write("content/assets/notes.txt", "Памятка.\n")
      return BuildOptions()
    },
    InputChange(name: "a page's date (its file's time, outside git)") { site in
      try setModificationTime(
        site.url("content/pages/login.md").path, nanoseconds: 1_600_000_000_000_000_000)
      return BuildOptions()
    },
    InputChange(name: "--today") { _ in
      BuildOptions(today: CalendarDate(year: 2026, month: 11, day: 23))
    },
    InputChange(name: "--base-url") { _ in
      BuildOptions(baseURL: "https://staging.example/help/")
    },
    InputChange(name: "--region") { _ in BuildOptions(region: "RU-AAA") },
  ]

  @Test(arguments: inputChanges) func anyOneInputChangedBuildsAgain(_ change: InputChange) throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    try #require(try build(site, into: output).published)
    try #require(try build(site, into: output).upToDate)
    let options = try change.apply(site)
    let changed = try build(site, into: output, options)
    let (published, upToDate) = (changed.published, changed.upToDate)
    #expect(published)
    #expect(!upToDate, "\(change.name) changed, and the build did nothing")
    // What a build from scratch of the changed site writes.
    let fresh = site.folder.appendingPathComponent("fresh")
    try #require(try build(site, into: fresh, options).published)
    #expect(try filesUnder(output) == filesUnder(fresh))
    // And once built, the changed input is the new normal.
    #expect(try build(site, into: output, options).upToDate)
  }

  @Test func aNewExecutableChangesTheFingerprint() throws {
    let site = try SitePipeline.check(root: Fixture.basic, today: fixedToday)
    let dates = SitePipeline.pageDates(of: site)
    let this = BuildFingerprint.of(site, pageDates: dates, mode: .site(region: nil), baseURL: nil)
    #expect(
      this == BuildFingerprint.of(site, pageDates: dates, mode: .site(region: nil), baseURL: nil))
    var other = try #require(BuildFingerprint.executableIdentity)
    other.changed += 1
    #expect(
      this
        != BuildFingerprint.of(
          site, pageDates: dates, mode: .site(region: nil), baseURL: nil, executable: other))
    #expect(
      this
        != BuildFingerprint.of(site, pageDates: dates, mode: .part(region: "RU-AAA"), baseURL: nil)
    )
  }

  /// A copy of the program is another program: the first build it makes is a real one.
  @Test func anotherStepwiseBinaryBuildsAgain() throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    let copy = site.folder.appendingPathComponent("bin/stepwise")
    try FileManager.default.createDirectory(
      at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
    try copyExecutable(stepwiseExecutable, to: copy)
    let arguments = [
      "build", "--site", site.root.path, "--output", output.path, "--today", "2026-11-22",
    ]
    let first = try run(stepwiseExecutable, arguments, environment: ["LANG": "C"])
    try #require(first.status == 0, "\(first.errors)")
    #expect(first.output.hasPrefix("Built 3 pages"))
    let second = try run(stepwiseExecutable, arguments, environment: ["LANG": "C"])
    #expect(second.status == 0)
    #expect(second.output.hasPrefix("Nothing changed since the last build: "))
    #expect(second.output.split(separator: "\n").count == 1)
    let other = try run(copy, arguments, environment: ["LANG": "C"])
    #expect(other.status == 0)
    #expect(other.output.hasPrefix("Built 3 pages"), "\(other.output)")
    let russian = try run(copy, arguments + ["--lang", "ru"])
    #expect(russian.output.hasPrefix("С прошлой сборки ничего не изменилось: "))
  }

  @Test func aPartBuildIsNotTheWholeSitesBuild() throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    try #require(try build(site, into: output, BuildOptions(region: "RU-AAA")).published)
    let part = try SitePipeline.buildPart(
      root: site.root, output: output, today: fixedToday, region: "RU-AAA")
    #expect(part.published && !part.upToDate)
    let again = try SitePipeline.buildPart(
      root: site.root, output: output, today: fixedToday, region: "RU-AAA")
    #expect(again.upToDate)
    #expect(!(try build(site, into: output, BuildOptions(region: "RU-AAA")).upToDate))
  }

  // MARK: - The output changed by hand

  /// A change made to the published output by hand.
  struct OutputChange: CustomTestStringConvertible, Sendable {
    var name: String
    /// Changes the output (in `folder`, the throwaway folder around it); returns paths outside
    /// the output whose inodes must not be linked into the next site.
    var apply: @Sendable (_ output: URL, _ folder: URL) throws -> [String]
    var testDescription: String { name }
  }

  static let page = "pervaya/login/index.html"

  static let outputChanges: [OutputChange] = [
    OutputChange(name: "a page edited in place, its size and time kept") { output, _ in
      try overwriteKeepingSizeAndTime(output.path + "/" + page)
      return []
    },
    OutputChange(name: "a page edited") { output, _ in
      try Data("<p>Правка</p>\n".utf8).write(to: output.appendingPathComponent(page))
      return []
    },
    OutputChange(name: "a page deleted") { output, _ in
      try FileManager.default.removeItem(at: output.appendingPathComponent(page))
      return []
    },
    OutputChange(name: "a region's folder deleted") { output, _ in
      try FileManager.default.removeItem(at: output.appendingPathComponent("vtoraya"))
      return []
    },
    OutputChange(name: "a file added at the top") { output, _ in
      try Data("чужой файл\n".utf8).write(to: output.appendingPathComponent("extra.html"))
      return []
    },
    OutputChange(name: "a file added in a page's folder") { output, _ in
      try Data("чужой файл\n".utf8).write(
        to: output.appendingPathComponent("pervaya/login/extra.html"))
      return []
    },
    OutputChange(name: "a page made read-only") { output, _ in
      try #require(chmod(output.path + "/" + page, 0o444) == 0)
      return []
    },
    OutputChange(name: "a page replaced by a link to a copy outside") { output, folder in
      let outside = folder.appendingPathComponent("outside.html")
      try FileManager.default.moveItem(at: output.appendingPathComponent(page), to: outside)
      try FileManager.default.createSymbolicLink(
        atPath: output.path + "/" + page, withDestinationPath: outside.path)
      return [outside.path]
    },
    OutputChange(name: "a region's folder replaced by a link to it, moved outside") {
      output, folder in
      // The very inodes the manifest names, reached through a link: never linked from there.
      let outside = folder.appendingPathComponent("moved-pervaya")
      try FileManager.default.moveItem(at: output.appendingPathComponent("pervaya"), to: outside)
      try FileManager.default.createSymbolicLink(
        atPath: output.path + "/pervaya", withDestinationPath: outside.path)
      return try FileManager.default.subpathsOfDirectory(atPath: outside.path).map {
        outside.path + "/" + $0
      }.filter { FileIdentity.of($0)?.kind == .file }
    },
  ]

  @Test(arguments: outputChanges)
  func aHandChangedOutputIsRestoredByTheNextBuild(_ change: OutputChange) throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    try #require(try build(site, into: output).published)
    let expected = try filesUnder(output)
    try #require(try build(site, into: output).upToDate)
    let outside = try change.apply(output, site.folder)
    let outsideBefore = try outside.map { try #require(FileManager.default.contents(atPath: $0)) }
    let outsideInodes = Set(outside.compactMap { FileIdentity.of($0)?.identity.inode })
    let rebuilt = try build(site, into: output)
    let (published, upToDate) = (rebuilt.published, rebuilt.upToDate)
    #expect(!upToDate, "the output was changed by hand, and the build did nothing")
    #expect(published)
    #expect(try filesUnder(output) == expected)
    // Nothing in the output is a link, and no file of it is an inode from outside.
    for (path, identity) in try identities(under: output) {
      let kind = FileIdentity.of(output.path + (path.isEmpty ? "" : "/" + path))?.kind
      #expect(kind == .file || kind == .folder, "\(path) is neither a file nor a folder")
      if kind == .file { #expect(!outsideInodes.contains(identity.inode), "\(path) was linked") }
    }
    #expect(
      try outside.map { try #require(FileManager.default.contents(atPath: $0)) } == outsideBefore)
    #expect(try build(site, into: output).upToDate)
  }

  // MARK: - Linking

  @Test func unchangedFilesAreLinkedAndChangedOnesWritten() throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    try #require(try build(site, into: output).published)
    let before = try identities(under: output)
    let bytesBefore = try filesUnder(output)
    try site.edit("content/pages/login.md") { $0 + "\nЕщё одно предложение.\n" }
    let report = try build(site, into: output)
    #expect(report.published && !report.upToDate)
    let after = try identities(under: output)
    let bytesAfter = try filesUnder(output)
    try #require(bytesAfter.keys.sorted() == bytesBefore.keys.sorted())
    let changed = Set(bytesAfter.keys.filter { bytesAfter[$0] != bytesBefore[$0] })
    // The page in its region, the region's search data and the site's search pages at least.
    #expect(changed.contains(Self.page))
    var linked = 0
    for (path, data) in bytesAfter where path != OutputFolder.markerName {
      let old = try #require(before[path])
      let new = try #require(after[path])
      if changed.contains(path) {
        #expect(new.inode != old.inode, "\(path) changed, but kept its inode")
      } else {
        #expect(new.inode == old.inode, "\(path) is unchanged, but was written again")
        #expect(data == bytesBefore[path])
        linked += 1
      }
    }
    #expect(report.linked == linked)
    #expect(report.linked == report.files - changed.count)
    // Linked files have one name again once the old site is gone.
    for path in bytesAfter.keys {
      var info = stat()
      #expect(lstat(output.path + "/" + path, &info) == 0 && info.st_nlink == 1, "\(path)")
    }
    #expect(try build(site, into: output).upToDate)
  }

  /// Where the old site is on another file system than the new one, `link` fails (EXDEV): the
  /// bytes are written instead.
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/shm")))
  func aFileThatCannotBeLinkedIsWritten() throws {
    let site = try ScratchSite()
    let shared = URL(fileURLWithPath: "/dev/shm/stepwise-test-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: shared) }
    let output = shared.appendingPathComponent("public")
    try #require(try build(site, into: output).published)
    var info = stat()
    var here = stat()
    try #require(stat(shared.path, &info) == 0 && stat(site.folder.path, &here) == 0)
    try #require(info.st_dev != here.st_dev, "/dev/shm and the temporary folder are one disk")
    let manifestPath =
      try AtomicPublisher.stateFolder() + "/" + AtomicPublisher.stateName(output)
      + ".manifest"
    let stored = try #require(try? FileBytes.contents(atPath: manifestPath).get())
    let manifest = try #require(OutputManifest.decode(stored))
    let previous = try #require(PreviousOutput.verify(manifest, output: output.path))
    #expect(previous.isIntact)
    let page = try #require(FileManager.default.contents(atPath: output.path + "/" + Self.page))
    let other = site.folder.appendingPathComponent("other")
    let sink = DirectorySink(folder: other, previous: previous)
    try sink.write(Self.page, Array(page))
    try sink.copy("assets/button.png", from: site.url("content/assets/button.png").path)
    #expect(sink.linkedCount == 0)
    #expect(FileManager.default.contents(atPath: other.path + "/" + Self.page) == page)
    #expect(
      FileManager.default.contents(atPath: other.path + "/assets/button.png")
        == FileManager.default.contents(atPath: site.url("content/assets/button.png").path))
  }

  /// A name that exists in the staging folder (a link to the old site's file) is never written
  /// through: the old file keeps its bytes.
  @Test func writingOverALinkNeverChangesTheOldFile() throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    try #require(try build(site, into: output).published)
    let old = output.path + "/" + Self.page
    let oldBytes = try #require(FileManager.default.contents(atPath: old))
    let staging = site.folder.appendingPathComponent("staging")
    try FileManager.default.createDirectory(
      at: staging.appendingPathComponent("pervaya/login"), withIntermediateDirectories: true)
    try #require(link(old, staging.path + "/" + Self.page) == 0)
    let sink = DirectorySink(folder: staging)
    try sink.write(Self.page, Array("новое".utf8))
    #expect(FileManager.default.contents(atPath: old) == oldBytes)
    #expect(
      FileManager.default.contents(atPath: staging.path + "/" + Self.page) == Data("новое".utf8))
  }

  // MARK: - Atomic publishing, the lock and leftovers

  @Test func theLockHoldsForABuildWithNothingChanged() throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    try #require(try build(site, into: output).published)
    let holder = try AtomicPublisher(output: output)
    defer { holder.abandon() }
    #expect(throws: SiteError.locked(path: output.path)) { try build(site, into: output) }
  }

  /// The output is locked while the site is checked (its files are checked meanwhile): a build
  /// that stops at findings or at a refused option lets the lock go, and one with findings
  /// reports them even while another build holds the lock, as before.
  @Test func aBuildThatStopsBeforeRenderingLetsTheLockGo() throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    try #require(try build(site, into: output).published)
    #expect(throws: SiteError.self) { try build(site, into: output, BuildOptions(region: "zz")) }
    try site.write("content/pages/broken.md", "---\ntitle: [\n---\n")
    let failed = try build(site, into: output)
    #expect(!failed.published && failed.site.diagnostics.hasErrors)
    let holder = try AtomicPublisher(output: output)
    let whileHeld = try build(site, into: output)
    #expect(!whileHeld.published && whileHeld.site.diagnostics.hasErrors)
    holder.abandon()
    try site.remove("content/pages/broken.md")
    #expect(try build(site, into: output).upToDate)
  }

  @Test func leftoversBesideAnUnchangedOutputAreCleaned() throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    try #require(try build(site, into: output).published)
    for name in [".stepwise-staging-public-999999", ".stepwise-retired-public-999998"] {
      try site.write("../\(name)/pervaya/index.html", "половина")
    }
    try #require(try leftovers(beside: output).count == 2)
    #expect(try build(site, into: output).upToDate)
    #expect(try leftovers(beside: output) == [])
  }

  /// A build that fails after linking leaves the old site as it was; the next build, which
  /// cannot trust the files the failed one linked, writes them again and publishes the site.
  @Test func aFailedBuildAfterLinkingLeavesTheOldSite() throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    try #require(try build(site, into: output).published)
    let before = try filesUnder(output)
    let publisher = try AtomicPublisher(output: output)
    let previous = try #require(publisher.previous)
    for (path, _) in before where path != OutputFolder.markerName {
      let file = try #require(previous.trustedFiles()[path])
      guard case .rendered = file.origin else { continue }
      try publisher.sink.write(path, Array(try #require(before[path])))
    }
    #expect(publisher.sink.linkedCount > 0)
    publisher.abandon()  // The build failed: nothing published.
    #expect(try filesUnder(output) == before)
    #expect(try leftovers(beside: output) == [])
    let next = try build(site, into: output)
    #expect(!next.upToDate && next.published)
    #expect(try filesUnder(output) == before)
    #expect(try build(site, into: output).upToDate)
  }

  // MARK: - The manifest

  /// The manifest names every file written and every folder above one, once, whatever the
  /// names: folders whose names sort around each other's (`b`, `b.c`, `b!c`), nested ones,
  /// Cyrillic ones, folders that hold only folders, files at the top.
  @Test func theManifestRecordsEveryFileAndEveryFolderAboveOne() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("public")
    let paths = [
      "a/b/x.html", "a/b.c", "a/b!c/y.html", "a/b/z.html", "a/b/d/e/f.html", "a/b-c/g.html",
      "я/б/в.html", "я/ё.html", "top.html", "k/l/m/n.html", "k/l2/o.html", "a/b/d/p.html",
    ]
    let publisher = try AtomicPublisher(output: output)
    defer { publisher.abandon() }
    for (index, path) in paths.enumerated() {
      try publisher.sink.write(path, Array("файл \(index)".utf8))
    }
    try publisher.publish(fingerprint: "f")
    let bytes = try #require(FileManager.default.contents(atPath: publisher.manifestPath))
    let manifest = try #require(OutputManifest.decode(Array(bytes)))
    var folders: [String] = []
    for path in paths + [OutputFolder.markerName] {
      let parts = path.split(separator: "/")
      for end in parts.indices.dropLast() { folders.append(parts[...end].joined(separator: "/")) }
    }
    #expect(manifest.folders.map(\.path).sorted() == Set(folders).sorted())
    #expect(manifest.files.map(\.path).sorted() == (paths + [OutputFolder.markerName]).sorted())
    // Each as it is on disk.
    for recorded in manifest.folders {
      #expect(FileIdentity.of(output.path + "/" + recorded.path)?.identity == recorded.identity)
    }
  }

  /// A path put twice is recorded as it was put last (each line is written as its file is),
  /// and the next build finds the output intact.
  @Test func aPathPutTwiceIsRecordedAsPutLast() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("public")
    let first = try AtomicPublisher(output: output, fingerprint: "f")
    for path in ["a/x.html", "a/y.html", "z.html"] {
      try first.sink.write(path, Array("первый \(path)".utf8))
    }
    try first.publish(fingerprint: "f")
    first.abandon()
    // The second: a linked file written over, a written one written again with the old site's
    // bytes (written, not linked: a link is made only to a new name), another written again.
    let second = try AtomicPublisher(output: output, fingerprint: "g")
    try second.sink.write("a/x.html", Array("первый a/x.html".utf8))
    #expect(second.sink.linkedCount == 1)
    try second.sink.write("a/x.html", Array("второй".utf8))
    try second.sink.write("a/y.html", Array("иной".utf8))
    try second.sink.write("a/y.html", Array("первый a/y.html".utf8))
    try second.sink.write("z.html", Array("иной".utf8))
    try second.sink.write("z.html", Array("третий".utf8))
    #expect(second.sink.linkedCount == 0)
    try second.publish(fingerprint: "g")
    second.abandon()
    let bytes = try #require(FileManager.default.contents(atPath: second.manifestPath))
    let manifest = try #require(OutputManifest.decode(Array(bytes)))
    #expect(
      manifest.files.map(\.path).sorted()
        == ["a/x.html", "a/y.html", OutputFolder.markerName, "z.html"].sorted())
    #expect(manifest.folders.map(\.path) == ["a"])
    for file in manifest.files {
      #expect(FileIdentity.of(output.path + "/" + file.path)?.identity == file.identity)
    }
    let third = try AtomicPublisher(output: output, fingerprint: "g")
    defer { third.abandon() }
    #expect(third.isUpToDate)
  }

  @Test func theManifestReadsBackAndRefusesDamage() throws {
    let identity = FileIdentity(
      device: 2049, inode: UInt64.max - 1, size: 10, modified: -5, changed: 1_700_000_000_123)
    let manifest = OutputManifest(
      output: "/srv/public site", fingerprint: "00ff", top: identity,
      folders: [OutputManifest.Folder(path: "a b", identity: identity)],
      files: [
        OutputManifest.File(path: "a b/index.html", identity: identity, origin: .rendered(42)),
        OutputManifest.File(path: "assets/x y.png", identity: identity, origin: .copied(identity)),
        OutputManifest.File(
          path: "z", identity: FileIdentity(device: 0, inode: 0, size: 0, modified: 0, changed: 0),
          origin: .rendered(0xfedc_ba98_7654_3210)),
      ])
    let bytes = try #require(manifest.encoded())
    #expect(OutputManifest.decode(bytes) == manifest)
    #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("r 0 0 0 0 0 fedcba9876543210 z\n"))
    for path in ["a", "a/b.html", ".stepwise-output", "a/..b/...", "a/.b"] {
      #expect(OutputManifest.isInside(path), "\(path)")
    }
    for cut in [0, 10, bytes.count / 2, bytes.count - 1] {
      #expect(OutputManifest.decode(Array(bytes.prefix(cut))) == nil, "cut at \(cut)")
    }
    #expect(OutputManifest.decode(Array("garbage\n".utf8)) == nil)
    var broken = manifest
    broken.files[0].path = "a\nb"
    #expect(broken.encoded() == nil)
    // A path that would leave the output is refused, whoever wrote it.
    for path in ["../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "./a", "a/", "..", "a/."] {
      var escaping = manifest
      escaping.files[1].path = path
      #expect(OutputManifest.decode(try #require(escaping.encoded())) == nil, "\(path)")
    }
  }

  @Test func aDamagedManifestMeansAFullBuild() throws {
    let site = try ScratchSite()
    let output = site.folder.appendingPathComponent("public")
    try #require(try build(site, into: output).published)
    let manifestPath =
      try AtomicPublisher.stateFolder() + "/" + AtomicPublisher.stateName(output)
      + ".manifest"
    try Data("stepwise-output-manifest 1\noutput ".utf8).write(
      to: URL(fileURLWithPath: manifestPath))
    let report = try build(site, into: output)
    #expect(!report.upToDate && report.linked == 0)
    #expect(try build(site, into: output).upToDate)
  }

  @Test func contentHashIsXXH64() {
    // Reference values from the xxhash package (Python, xxhash.xxh64).
    #expect(ContentHash.of([]) == 0xef46_db37_51d8_e999)
    #expect(ContentHash.of(Array("a".utf8)) == 0xd24e_c4f1_a98c_6e5b)
    #expect(ContentHash.of(Array("abc".utf8)) == 0x44bc_2cf5_ad77_0999)
    #expect(ContentHash.of(Array("0123456789abcdef0123456789abcdef".utf8)) == 0x642a_9495_8e71_e6c5)
    let long = (0..<3).flatMap { _ in (0...255).map { UInt8($0) } } + Array("xyz".utf8)
    #expect(ContentHash.of(long) == 0xe921_a1b4_5bd7_79f8)
    #expect(ContentHash.of(long, seed: 1) == 0x0616_ed66_be1b_d5bb)
    #expect(ContentHash.of(Array("Войти через ЕСИА".utf8)) == 0x1b0b_4a32_745a_3eac)
  }
}

/// The state folder keeps the manifests of outputs that exist, not of every output ever built.
@Suite struct ManifestPruningTests {
  @Test func theManifestOfARemovedOutputIsRemovedByALaterPublish() throws {
    let site = try ScratchSite()
    let gone = site.folder.appendingPathComponent("gone")
    let kept = site.folder.appendingPathComponent("kept")
    try #require(try build(site, into: gone).published)
    try #require(try build(site, into: kept).published)
    let folder = try AtomicPublisher.stateFolder()
    let goneManifest = folder + "/" + AtomicPublisher.stateName(gone) + ".manifest"
    let keptManifest = folder + "/" + AtomicPublisher.stateName(kept) + ".manifest"
    #expect(FileManager.default.fileExists(atPath: goneManifest))
    try FileManager.default.removeItem(at: gone)
    try site.edit("content/pages/login.md") { $0 + "\nЕщё одно предложение.\n" }
    try #require(try build(site, into: kept).published)
    // A publish prunes at most once an hour (other tests publish meanwhile): as an hour later.
    AtomicPublisher.pruneStateFolder(
      beside: keptManifest, now: time(nil) + AtomicPublisher.pruneInterval)
    #expect(!FileManager.default.fileExists(atPath: goneManifest))
    #expect(FileManager.default.fileExists(atPath: keptManifest))
  }
}
