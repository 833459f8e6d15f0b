import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// This test target's folder (its snapshots live in `Snapshots/`).
let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

/// Compares every file of `folder` with the snapshot `Snapshots/<name>`.
func assertSnapshot(
  of folder: URL, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
  try assertSnapshot(
    of: folder, matches: testsFolder.appendingPathComponent("Snapshots/\(name)"),
    sourceLocation: sourceLocation)
}

@Suite struct FixtureSiteTests {
  let fixture = Fixture.basic

  @Test func buildsFixtureSiteMatchingSnapshots() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("public")
    let report = try SitePipeline.build(root: fixture, output: output, today: fixedToday)
    #expect(report.site.diagnostics == [])
    #expect(report.published)
    // register: both regions; login: only the region that uses the «Школа» system.
    #expect(report.pages == 3)
    #expect(report.regions == 2)
    try assertSnapshot(of: output, named: "basic")
  }

  @Test func buildsOneRegionAlone() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("public")
    let report = try SitePipeline.build(
      root: fixture, output: output, today: fixedToday, region: "RU-BBB")
    #expect(report.pages == 1)
    #expect(
      FileManager.default.fileExists(
        atPath: output.appendingPathComponent("vtoraya/register/index.html").path))
    #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("pervaya").path))
  }

  @Test func unknownRegionIsAUsageError() throws {
    #expect(throws: SiteError.unknownRegion("RU-AAB", suggestion: "RU-AAA")) {
      try SitePipeline.check(root: fixture, today: fixedToday, region: "RU-AAB")
    }
  }

  @Test func brokenContentPublishesNothingAndKeepsTheOldSite() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let site = folder.appendingPathComponent("site")
    try FileManager.default.copyItem(at: fixture, to: site)
    let output = folder.appendingPathComponent("public")
    _ = try SitePipeline.build(root: site, output: output, today: fixedToday)
    let before = try String(
      contentsOf: output.appendingPathComponent("pervaya/login/index.html"), encoding: .utf8)

    let page = site.appendingPathComponent("content/pages/login.md")
    let text = try String(contentsOf: page, encoding: .utf8)
    try text.replacingOccurrences(of: "«Войти через портал»", with: "«Войти через ЕСИА»")
      .write(to: page, atomically: true, encoding: .utf8)
    let report = try SitePipeline.build(root: site, output: output, today: fixedToday)
    #expect(!report.published)
    #expect(report.site.diagnostics.map(\.rule) == [.uiLabelUnknown])
    let after = try String(
      contentsOf: output.appendingPathComponent("pervaya/login/index.html"), encoding: .utf8)
    #expect(after == before)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
      $0.hasPrefix(".stepwise-staging")
    }
    #expect(leftovers == [])
  }

  @Test func aSecondBuildOnTheSameOutputIsRefusedWhileTheFirstHoldsTheLock() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("public")
    let first = try AtomicPublisher(output: output)
    defer { first.abandon() }
    #expect(throws: SiteError.locked(path: output.standardizedFileURL.path)) {
      _ = try AtomicPublisher(output: output)
    }
  }

  @Test func writesNothingOutsideTheOutputFolder() throws {
    let sink = DirectorySink(folder: try temporaryFolder())
    defer { try? FileManager.default.removeItem(at: sink.folder) }
    for path in ["../escape.html", "/etc/passwd", "a/../../b", "a//b"] {
      #expect(throws: SiteError.self) { try sink.write(path, [1]) }
    }
  }
}

/// Which pages each region gets and what they show, on the fixture: a region's own values
/// only, pages only where their system is used.
@Suite struct RegionPagesTests {
  /// The basic fixture with a third region that uses the «Школа» system with its own portal.
  func threeRegions() throws -> ScratchSite {
    let site = try ScratchSite()
    try site.edit("content/regions.yaml") {
      $0 + """
          - code: RU-CCC
            name: Третья область
            slug: tretya
            systems: [school]
            variables:
              portal-url: https://school.three.example

        """
    }
    return site
  }

  @Test func pagesAreBuiltOnlyWhereTheirSystemIsUsed() throws {
    let site = try threeRegions()
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    #expect(checked.diagnostics == [])
    let plan = try #require(checked.plan)
    for code in ["RU-AAA", "RU-BBB", "RU-CCC"] {
      #expect(plan.isBuilt(page: "register", in: code), "\(code)")
    }
    #expect(plan.isBuilt(page: "login", in: "RU-AAA"))
    #expect(plan.isBuilt(page: "login", in: "RU-CCC"))
    #expect(!plan.isBuilt(page: "login", in: "RU-BBB"))
  }

  /// A code listed twice is a check error; the plan (which the fuzzer renders whatever the
  /// findings) takes its first entry, the one every lookup by code finds, and lists it once.
  @Test func aRegionCodeListedTwiceIsPlannedAsItsFirstEntry() throws {
    let site = try threeRegions()
    try site.edit("content/regions.yaml") {
      $0.replacingOccurrences(of: "code: RU-CCC", with: "code: RU-BBB")
    }
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    #expect(checked.diagnostics.map(\.rule.rawValue).contains("region-duplicate"))
    let plan = try #require(checked.plan)
    #expect(plan.regionCodes == ["RU-AAA", "RU-BBB"])
    #expect(!plan.isBuilt(page: "login", in: "RU-BBB"))
    #expect(plan.regionsByPage["login"] == ["RU-AAA"])
    #expect(plan.regionsByPage["register"] == ["RU-AAA", "RU-BBB"])
    #expect(plan.pagesByRegion["RU-BBB"] == ["register"])
  }

  @Test func eachRegionShowsItsOwnPortalAndNoOther() throws {
    let site = try threeRegions()
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    let sink = MemorySink()
    _ = try SitePipeline.render(checked, into: sink)
    let portals = [
      ("pervaya", "https://school.one.example"), ("tretya", "https://school.three.example"),
    ]
    for (slug, url) in portals {
      let page = try #require(sink.files["\(slug)/login/index.html"], "\(slug)")
      let html = String(decoding: page, as: UTF8.self)
      #expect(html.contains("href=\"\(url)\""), "\(slug) lacks its own \(url)")
      for (other, otherURL) in portals where other != slug {
        #expect(!html.contains(otherURL), "\(slug) shows \(other)'s \(otherURL)")
      }
    }
  }
}

/// The real `content/`, end to end: it checks clean and builds, every page of the plan is
/// written and built somewhere, and every page is accessible by construction.
///
/// Which regions
/// and pages exist is the editors' business: nothing here names them.
@Suite struct RealContentTests {
  @Test func realContentChecksCleanAndBuilds() throws {
    let site = try SitePipeline.check(root: repositoryRoot, today: fixedToday)
    let findings = site.diagnostics.map {
      "\($0.location?.description ?? "-") \($0.rule): \($0.message)"
    }
    #expect(findings == [])
    let content = try #require(site.content)
    let plan = try #require(site.plan)
    let sink = MemorySink()
    let files = try SitePipeline.render(site, into: sink)
    #expect(files == sink.files.count)
    #expect(!content.registry.regions.isEmpty)
    for region in content.registry.regions {
      #expect(sink.files["\(region.slug)/index.html"] != nil, "\(region.code) has no home")
      for slug in plan.pagesByRegion[region.code] ?? [] {
        #expect(sink.files["\(region.slug)/\(slug)/index.html"] != nil, "\(region.code) \(slug)")
      }
    }
    for page in content.pages {
      #expect(!(plan.regionsByPage[page.slug] ?? []).isEmpty, "\(page.slug) is built nowhere")
    }
    for (path, bytes) in sink.files where path.hasSuffix(".html") {
      let html = String(decoding: bytes, as: UTF8.self)
      #expect(html.contains("<html lang=\"ru\">"), "\(path)")
      #expect(html.contains("class=\"skip-link\" href=\"#main\""), "\(path)")
      #expect(html.components(separatedBy: "<h1").count == 2, "\(path) must have exactly one h1")
      // No script but the search's, loaded by its address (HTMLOracle.searchScript).
      let scripts = html.components(separatedBy: "<script").count - 1
      let search = html.contains("/search-index.js\" data-pages=\"") ? 1 : 0
      #expect(scripts == search, "\(path)")
      #expect(search == 0 || html.contains("static/search.js\" defer></script>"), "\(path)")
      #expect(!html.contains("{{"), "\(path) has an unfilled variable")
      #expect(!html.contains("{#"), "\(path) shows a step marker")
    }
  }
}
