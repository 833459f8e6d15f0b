import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

#if canImport(Glibc)
  import Glibc
#endif

/// Peak resident memory of this process so far, in bytes.
func peakMemory() -> Int {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  return usage.ru_maxrss * 1024
}

/// Creates a sparse file: `size` bytes of holes, no disk used, with `data` written at each offset.
func sparseFile(_ url: URL, size: Int, data: [Int: [UInt8]] = [:]) throws {
  try FileManager.default.createDirectory(
    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  try #require(descriptor >= 0)
  defer { close(descriptor) }
  try #require(ftruncate(descriptor, off_t(size)) == 0)
  for (offset, bytes) in data {
    try #require(
      bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        == bytes.count)
  }
}

/// Assets are judged by their size and copied in chunks: never read whole, in `build` or the preview.
@Suite(.serialized) struct AssetTests {
  /// A scratch copy of the fixture site, with `asset-size-limit` when given.
  static func site(assetLimit: String? = nil) throws -> ScratchSite {
    let site = try ScratchSite()
    if let assetLimit {
      try site.edit("content/site.yaml") { $0 + "asset-size-limit: \(assetLimit)\n" }
    }
    return site
  }

  static let threeGiB = 3 << 30

  @Test func aSparse3GiBAssetIsCopiedWithLittleMemory() throws {
    let site = try Self.site(assetLimit: "4 GiB")
    try sparseFile(
      site.root.appendingPathComponent("content/assets/big.bin"), size: Self.threeGiB,
      data: [0: Array("start".utf8), 1 << 30: Array("middle".utf8)])
    let output = site.folder.appendingPathComponent("public")
    let before = peakMemory()
    let report = try SitePipeline.build(root: site.root, output: output, today: fixedToday)
    let growth = peakMemory() - before
    #expect(report.site.diagnostics.filter { $0.severity == .error } == [])
    #expect(report.published)
    #expect(growth < 200 << 20, "peak memory grew by \(growth >> 20) MiB")

    var info = stat()
    try #require(stat(output.appendingPathComponent("assets/big.bin").path, &info) == 0)
    #expect(Int(info.st_size) == Self.threeGiB)
    // The holes stay holes: a few blocks, not 3 GiB of zeros on disk.
    #expect(Int(info.st_blocks) * 512 < 16 << 20)
    let copy = try FileHandle(forReadingFrom: output.appendingPathComponent("assets/big.bin"))
    defer { try? copy.close() }
    #expect(try copy.read(upToCount: 5) == Data("start".utf8))
    try copy.seek(toOffset: 1 << 30)
    #expect(try copy.read(upToCount: 6) == Data("middle".utf8))
    try copy.seek(toOffset: UInt64(Self.threeGiB - 4))
    #expect(try copy.read(upToCount: 8) == Data([0, 0, 0, 0]))
  }

  @Test func thePreviewKeepsAssetsOnDiskNotInMemory() throws {
    let site = try Self.site(assetLimit: "4 GiB")
    let big = site.root.appendingPathComponent("content/assets/big.bin")
    try sparseFile(big, size: Self.threeGiB)
    let before = peakMemory()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    let report = builder.rebuild()
    #expect(peakMemory() - before < 200 << 20)
    #expect(report.errors == 0)
    #expect(builder.snapshot.files["assets/big.bin"] == nil)
    #expect(builder.snapshot.linkedFiles["assets/big.bin"] == big.path)
    #expect(
      builder.snapshot.linkedFiles["assets/button.png"]
        == site.root.appendingPathComponent("content/assets/button.png").path)

    // A removed asset leaves the preview; the others stay.
    try FileManager.default.removeItem(at: big)
    let next = builder.rebuild(changed: ["content/assets/big.bin"])
    #expect(next.removed == 1)
    #expect(builder.snapshot.linkedFiles.keys.sorted() == ["assets/button.png"])
  }

  @Test func aSparse3GiBAssetOverTheDefaultLimitIsRefusedWithoutBeingRead() throws {
    let site = try Self.site()
    try sparseFile(site.root.appendingPathComponent("content/assets/big.bin"), size: Self.threeGiB)
    let output = site.folder.appendingPathComponent("public")
    let before = peakMemory()
    let report = try SitePipeline.build(root: site.root, output: output, today: fixedToday)
    #expect(peakMemory() - before < 200 << 20)
    #expect(!report.published)
    #expect(!FileManager.default.fileExists(atPath: output.path))
    #expect(
      report.site.diagnostics == [
        .error(
          .sizeLimit,
          "the asset is 3 GiB (3221225472 bytes); the limit is 20 MiB — make the file smaller, publish it elsewhere and link to it, or raise 'asset-size-limit' in content/site.yaml",
          at: SourceLocation(file: "content/assets/big.bin", line: 1, column: 1))
      ])
  }

  @Test func aLinkToAnAssetInsideTheSiteIsPublished() throws {
    let site = try Self.site()
    let assets = site.root.appendingPathComponent("content/assets")
    try FileManager.default.createDirectory(
      at: site.root.appendingPathComponent("images"), withIntermediateDirectories: true)
    try FileManager.default.moveItem(
      at: assets.appendingPathComponent("button.png"),
      to: site.root.appendingPathComponent("images/button.png"))
    try FileManager.default.createSymbolicLink(
      atPath: assets.appendingPathComponent("button.png").path,
      withDestinationPath: "../../images/button.png")
    let output = site.folder.appendingPathComponent("public")
    let report = try SitePipeline.build(root: site.root, output: output, today: fixedToday)
    #expect(report.site.diagnostics == [])
    #expect(report.published)
    let published = try Data(contentsOf: output.appendingPathComponent("assets/button.png"))
    #expect(
      published == (try Data(contentsOf: site.root.appendingPathComponent("images/button.png"))))
    // A copy, not a link into the sources.
    var info = stat()
    #expect(
      lstat(output.appendingPathComponent("assets/button.png").path, &info) == 0
        && info.st_mode & S_IFMT == S_IFREG)
  }

  @Test func aCopyKeepsEveryByteAroundTheHoles() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = folder.appendingPathComponent("source.bin")
    // Data at the start, across a chunk boundary, and a hole at the end.
    let start = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    let later = Array("later".utf8)
    try sparseFile(source, size: 9 << 20, data: [0: start, 6 << 20: later])
    let sink = DirectorySink(folder: folder.appendingPathComponent("out"))
    try sink.copy("assets/copy.bin", from: source.path)
    let copied = try Data(contentsOf: folder.appendingPathComponent("out/assets/copy.bin"))
    #expect(copied == (try Data(contentsOf: source)))
    // Empty files too.
    try sparseFile(folder.appendingPathComponent("empty"), size: 0)
    try sink.copy("empty", from: folder.appendingPathComponent("empty").path)
    #expect(try Data(contentsOf: folder.appendingPathComponent("out/empty")).isEmpty)
  }

  @Test func pathsThatWouldLeaveTheOutputAreRefusedAndNothingIsWritten() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let sink = DirectorySink(folder: folder.appendingPathComponent("out"))
    let refused = [
      "", "/etc/x", "../x", "a/../../x", "a/..", "..", ".", "./x", "a/./x", "a//x", "a/", "x\0y",
    ]
    for path in refused {
      #expect(
        throws: SiteError.output(path: path, reason: "refusing to write outside the output folder")
      ) {
        try sink.write(path, Array("x".utf8))
      }
    }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/x").path))
    // Dots inside a name are names: `...`, `.well-known`, `a.b`.
    for path in [".../x", ".well-known/security.txt", "a.b/c..d"] {
      try sink.write(path, Array("ok".utf8))
      let written = try Data(contentsOf: folder.appendingPathComponent("out/" + path))
      #expect(written == Data("ok".utf8))
    }
  }

  @Test func copyFailuresNameTheFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let sink = DirectorySink(folder: folder.appendingPathComponent("out"))
    let missing = folder.appendingPathComponent("missing.png").path
    #expect(
      throws: SiteError.output(path: missing, reason: "cannot read: No such file or directory")
    ) {
      try sink.copy("assets/missing.png", from: missing)
    }
    #expect(
      throws: SiteError.output(path: "../x", reason: "refusing to write outside the output folder")
    ) {
      try sink.copy("../x", from: missing)
    }
    let memory = MemorySink()
    try memory.copy("assets/a.png", from: "/somewhere/a.png")
    #expect(memory.files.isEmpty)
    #expect(memory.linkedFiles == ["assets/a.png": "/somewhere/a.png"])
  }
}
