import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// The journey fixture built whole: region homes by actor with alternatives as choices, the
/// step-by-step navigation on every page, and the complete heads, robots.txt and favicon.
@Suite struct JourneySiteTests {
  func build(baseURL: String? = nil) throws -> (folder: URL, output: URL) {
    let folder = try temporaryFolder()
    let output = folder.appendingPathComponent("public")
    let report = try SitePipeline.build(
      root: Fixture.journey, output: output, today: fixedToday, baseURL: baseURL)
    #expect(report.site.diagnostics == [])
    #expect(report.published)
    return (folder, output)
  }

  func text(_ output: URL, _ path: String) throws -> String {
    try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
  }

  @Test func buildsJourneyFixtureMatchingSnapshots() throws {
    let (folder, output) = try build()
    defer { try? FileManager.default.removeItem(at: folder) }
    try assertSnapshot(of: output, named: "journey")
  }

  /// The parts of the region home, each the text between one `sbs-part` and the next.
  func partsOf(_ home: String) -> [String] {
    Array(home.components(separatedBy: "<li class=\"sbs-part\">").dropFirst())
  }

  @Test func alternativesAreNeverNumberedAsConsecutiveSteps() throws {
    let (folder, output) = try build()
    defer { try? FileManager.default.removeItem(at: folder) }
    let home = try text(output, "pervaya/index.html")
    let parts = partsOf(home)
    // Parents: registration (two ways), child account (two ways), consent; teachers:
    // registration (two ways), the journal.
    #expect(parts.count == 5)
    let pairs = [
      ("register/index.html", "register-regional/index.html"),
      ("create-child-account/index.html", "link-child-account/index.html"),
    ]
    for (one, other) in pairs {
      let holding = parts.filter { $0.contains("\"\(one)\"") || $0.contains("\"\(other)\"") }
      #expect(!holding.isEmpty)
      for part in holding {
        #expect(part.contains("\"\(one)\"") && part.contains("\"\(other)\""), "\(part)")
        #expect(part.contains("<p class=\"sbs-or logic\">или</p>"))
      }
    }
    // The region without the regional portal has one way to register: no choice offered.
    let second = try text(output, "vtoraya/index.html")
    #expect(partsOf(second).first?.contains("или") == false)
  }

  @Test func everyPageShowsItsPlaceInTheJourney() throws {
    let (folder, output) = try build()
    defer { try? FileManager.default.removeItem(at: folder) }
    for slug in [
      "register", "register-regional", "create-child-account", "link-child-account", "consent",
      "teacher-journal",
    ] {
      let page = try text(output, "pervaya/\(slug)/index.html")
      #expect(page.contains("<nav class=\"sbs-nav\""), "\(slug)")
      let current = page.components(separatedBy: "aria-current=\"step\"").count - 1
      #expect(current == 1, "\(slug)")
      #expect(page.contains("href=\"../\(slug)/index.html\" aria-current=\"step\""), "\(slug)")
    }
    // Registration is part of the parents' and the teachers' journeys.
    let register = try text(output, "pervaya/register/index.html")
    #expect(register.contains("Также является частью"))
    #expect(register.contains("href=\"../index.html#journey-teacher\""))
    // The consent page: previous is the choice of two, and nothing follows.
    let consent = try text(output, "pervaya/consent/index.html")
    #expect(consent.contains("rel=\"prev\">Учётная запись ребёнка</a>"))
    #expect(consent.contains("rel=\"prev\">Привязка учётной записи ребёнка</a>"))
    #expect(!consent.contains("rel=\"next\""))
  }

  @Test func headsAreCompleteAndFootersGiveTheRegionsContacts() throws {
    let (folder, output) = try build()
    defer { try? FileManager.default.removeItem(at: folder) }
    let page = try text(output, "pervaya/consent/index.html")
    #expect(
      page.contains(
        "<title>Согласие родителя — Первая область — Школа и Госуслуги</title>"))
    #expect(
      page.contains(
        "<meta name=\"description\" content=\"Родитель даёт согласие, и ребёнок входит в школьные системы.\">"
      ))
    #expect(
      page.contains(
        "<link rel=\"canonical\" href=\"https://help.minobr.example/shkola/pervaya/consent/\">"))
    #expect(page.contains("<link rel=\"icon\" href=\"../../favicon.svg\""))
    let ministry = try #require(page.range(of: "Министерство образования Первой области"))
    let federal = try #require(page.range(of: "Служба поддержки Госуслуг"))
    #expect(ministry.lowerBound < federal.lowerBound)
    #expect(
      page.contains("<a href=\"https://www.gosuslugi.ru/feedback\">Обратная связь Госуслуг</a>"))
    let other = try text(output, "vtoraya/consent/index.html")
    #expect(!other.contains("Министерство"))
    #expect(
      try text(output, "robots.txt")
        == "User-agent: *\nAllow: /\n\nSitemap: https://help.minobr.example/shkola/sitemap.xml\n")
    #expect(try text(output, "favicon.svg").hasPrefix("<svg"))
    // Without name-prepositional the title names the region after a colon.
    #expect(try text(output, "pervaya/index.html").contains("<h1>Инструкции в Первой области</h1>"))
    #expect(try text(output, "vtoraya/index.html").contains("<h1>Инструкции: Вторая область</h1>"))
  }

  @Test func baseURLOnTheCommandLineWins() throws {
    let (folder, output) = try build(baseURL: "https://staging.minobr.example/")
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try text(output, "robots.txt").contains("https://staging.minobr.example/sitemap.xml"))
    #expect(
      try text(output, "sitemap.xml").contains(
        "<loc>https://staging.minobr.example/pervaya/consent/</loc>"))
    #expect(
      try text(output, "pervaya/consent/index.html").contains(
        "href=\"https://staging.minobr.example/pervaya/consent/\""))
    #expect(SitePipeline.problem(withBaseURL: "https://staging.minobr.example") != nil)
    #expect(SitePipeline.problem(withBaseURL: "http://staging.minobr.example/") != nil)
    #expect(SitePipeline.problem(withBaseURL: "https://staging.minobr.example/") == nil)
  }

  @Test func aSitesOwnFaviconWins() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let site = folder.appendingPathComponent("site")
    try FileManager.default.copyItem(at: Fixture.journey, to: site)
    let templates = site.appendingPathComponent("templates")
    try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
    let own = "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>\n"
    try own.write(
      to: templates.appendingPathComponent("favicon.svg"), atomically: true, encoding: .utf8)
    let output = folder.appendingPathComponent("public")
    _ = try SitePipeline.build(root: site, output: output, today: fixedToday)
    #expect(try text(output, "favicon.svg") == own)
    #expect(
      !FileManager.default.fileExists(
        atPath: output.appendingPathComponent("static/favicon.svg").path))
  }
}

/// The day each page last changed: git's, or the file's, never after `--today`.
@Suite struct ContentDatesTests {
  @Test func gitLogGivesEachFileItsNewestCommit() {
    let log =
      "\u{1}2026-11-30\n\ncontent/pages/a.md\n\n\u{1}2026-11-20\n\ncontent/pages/a.md\ncontent/pages/b.md\n"
    #expect(
      ContentDates.parseLog(log) == [
        "content/pages/a.md": CalendarDate(year: 2026, month: 11, day: 30),
        "content/pages/b.md": CalendarDate(year: 2026, month: 11, day: 20),
      ])
  }

  @Test func aFileOutsideGitHasItsModificationDayAndNoneAfterToday() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("a.md")
    try "x".write(to: file, atomically: true, encoding: .utf8)
    // 2026-03-17 12:00 UTC.
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: 1_773_748_800)], ofItemAtPath: file.path)
    #expect(ContentDates.modificationDate(file) == CalendarDate(year: 2026, month: 3, day: 17))
    #expect(!ContentDates.isInRepository(folder))
    // The day is UTC's: the last second of 17 March, the first of 18 March, and 29 February.
    for (seconds, day) in [
      (1_773_791_999, CalendarDate(year: 2026, month: 3, day: 17)),
      (1_773_792_000, CalendarDate(year: 2026, month: 3, day: 18)),
      (1_709_208_000, CalendarDate(year: 2024, month: 2, day: 29)),
    ] {
      try FileManager.default.setAttributes(
        [.modificationDate: Date(timeIntervalSince1970: TimeInterval(seconds))],
        ofItemAtPath: file.path)
      #expect(ContentDates.modificationDate(file) == day, "\(seconds)")
    }
    #expect(ContentDates.modificationDate(folder.appendingPathComponent("none.md")) == nil)
  }
}
