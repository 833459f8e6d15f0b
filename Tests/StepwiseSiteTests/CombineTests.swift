import Foundation
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// Parts built region by region and combined make the whole site's build, byte for byte.
///
/// Every case runs in the scratch site's own throwaway folder.
@Suite struct CombineTests {
  /// Every file under a folder with its bytes, by relative path.
  static func tree(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    let base = folder.standardizedFileURL.path
    guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [:] }
    for case let relative as String in enumerator {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isFolder),
        !isFolder.boolValue
      {
        files[relative] = FileManager.default.contents(atPath: base + "/" + relative) ?? Data()
      }
    }
    return files
  }

  static func part(_ site: ScratchSite, _ code: String) throws -> URL {
    let output = site.folder.appendingPathComponent("part-\(code)")
    let report = try SitePipeline.buildPart(
      root: site.root, output: output, today: fixedToday, region: code)
    #expect(report.published)
    return output
  }

  @Test func unionOfPartsIsTheWholeBuild() throws {
    let site = try ScratchSite()
    // Both regions build the login page: each region's copy lists the other one.
    try site.edit("content/regions.yaml") {
      $0 + "    systems: [school]\n    variables:\n      portal-url: https://school.two.example\n"
    }
    let whole = site.folder.appendingPathComponent("whole")
    #expect(try SitePipeline.build(root: site.root, output: whole, today: fixedToday).published)
    let parts = try ["RU-AAA", "RU-BBB"].map { try Self.part(site, $0) }
    // A part holds its region's folder only, with the pages as the whole site has them.
    let partA = Self.tree(parts[0])
    #expect(
      Set(partA.keys.map { $0.split(separator: "/")[0] }) == [
        "pervaya", ".stepwise-output", ".stepwise-part",
      ])
    #expect(partA["pervaya/login/index.html"] == Self.tree(whole)["pervaya/login/index.html"])

    let combined = site.folder.appendingPathComponent("combined")
    let report = try SitePipeline.combine(
      root: site.root, output: combined, parts: parts.reversed(), today: fixedToday)
    #expect(report.published)
    let expected = Self.tree(whole)
    let got = Self.tree(combined)
    #expect(got.keys.sorted() == expected.keys.sorted())
    #expect(got.keys.filter { got[$0] != expected[$0] }.isEmpty)
    // Combining again replaces the combined site (it carries the marker).
    _ = try SitePipeline.combine(root: site.root, output: combined, parts: parts, today: fixedToday)
    #expect(Self.tree(combined) == expected)
  }

  @Test func aPlainRegionBuildIsNotAPart() throws {
    let site = try ScratchSite()
    let alone = site.folder.appendingPathComponent("alone")
    #expect(
      try SitePipeline.build(root: site.root, output: alone, today: fixedToday, region: "RU-AAA")
        .published)
    // A plain region build is a site of its own, not a part.
    #expect(
      throws: CombineError.notAPart(
        path: alone.path, reason: "no .stepwise-part file: a whole site, not a part")
    ) {
      try SitePipeline.combine(
        root: site.root, output: site.folder.appendingPathComponent("out"), parts: [alone],
        today: fixedToday)
    }
  }

  @Test func refusals() throws {
    let site = try ScratchSite()
    let partA = try Self.part(site, "RU-AAA")
    let output = site.folder.appendingPathComponent("out")
    #expect(throws: CombineError.missingRegions(["RU-BBB"])) {
      try SitePipeline.combine(root: site.root, output: output, parts: [partA], today: fixedToday)
    }
    #expect(throws: CombineError.duplicateRegion("RU-AAA", paths: [partA.path, partA.path])) {
      try SitePipeline.combine(
        root: site.root, output: output, parts: [partA, partA], today: fixedToday)
    }
    // Someone's folder, as a part or as the output: refused and left as it is.
    let notes = site.folder.appendingPathComponent("notes")
    try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
    try Data("мои заметки\n".utf8).write(to: notes.appendingPathComponent("todo.txt"))
    #expect(throws: CombineError.notAPart(path: notes.path, reason: "no .stepwise-output file")) {
      try SitePipeline.combine(root: site.root, output: output, parts: [notes], today: fixedToday)
    }
    let partB = try Self.part(site, "RU-BBB")
    #expect(throws: CombineError.site(.refusedOutput(path: notes.path, reason: .notStepwiseOutput)))
    {
      try SitePipeline.combine(
        root: site.root, output: notes, parts: [partA, partB], today: fixedToday)
    }
    #expect(Self.tree(notes) == ["todo.txt": Data("мои заметки\n".utf8)])
    // A file added to a part is not the part's own: refused.
    try Data("x".utf8).write(to: partB.appendingPathComponent("extra.html"))
    #expect(
      throws: CombineError.notAPart(
        path: partB.path, reason: "it holds extra.html, which is not region RU-BBB's")
    ) {
      try SitePipeline.combine(
        root: site.root, output: output, parts: [partA, partB], today: fixedToday)
    }
    #expect(!FileManager.default.fileExists(atPath: output.path))
    // A part built before an edit of the content is not mixed with the site after it.
    try FileManager.default.removeItem(at: partB.appendingPathComponent("extra.html"))
    try site.edit("content/pages/register.md") {
      $0.replacingOccurrences(of: "Сначала", with: "Прежде всего")
    }
    let partA2 = try Self.part(site, "RU-AAA")
    #expect(
      throws: CombineError.notAPart(
        path: partB.path,
        reason:
          "it was built from other content than the site's now (another commit, or an edit since): build it again"
      )
    ) {
      try SitePipeline.combine(
        root: site.root, output: output, parts: [partA2, partB], today: fixedToday)
    }
    #expect(!FileManager.default.fileExists(atPath: output.path))
  }

  @Test func commandLine() throws {
    let site = try ScratchSite()
    for (code, folder) in [("RU-AAA", "a"), ("RU-BBB", "b")] {
      let result = try runStepwise(
        [
          "build", "--site", "site", "--region", code, "--part", "--output", folder, "--today",
          "2026-11-22",
        ], in: site.folder)
      #expect(result.status == 0, "\(result.errors)")
    }
    let combined = try runStepwise(
      ["combine", "--site", "site", "--today", "2026-11-22", "out", "a", "b"], in: site.folder)
    #expect(combined.status == 0, "\(combined.errors)")
    let whole = try runStepwise(
      ["build", "--site", "site", "--today", "2026-11-22", "--output", "whole"], in: site.folder)
    #expect(whole.status == 0)
    #expect(
      Self.tree(site.folder.appendingPathComponent("out"))
        == Self.tree(site.folder.appendingPathComponent("whole")))
    let noRegion = try runStepwise(
      ["build", "--site", "site", "--part", "--output", "c"], in: site.folder)
    #expect(noRegion.status == 2)
    #expect(noRegion.errors.contains("--part builds one region"))
  }
}
