import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// The preview remembers the pages' dates between rebuilds: `git log` runs again only when HEAD
/// moves, and the remembered dates always equal what `ContentDates.pageDates` finds afresh.
@Suite struct PageDatesMemoryTests {
  /// Runs git in the site with fixed dates, so that no result depends on the clock.
  static func git(_ site: ScratchSite, _ arguments: [String], day: String) throws {
    let stamp = "\(day)T12:00:00+00:00"
    let result = try run(
      "/usr/bin/env", ["git"] + arguments,
      environment: [
        "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
      ], in: site.root)
    #expect(result.status == 0, "git \(arguments): \(result.errors)")
  }

  static func pages(_ site: ScratchSite) throws -> [Page] {
    try #require(try ContentLoader(root: site.root).load().content).pages
  }

  @Test func gitRunsAgainOnlyWhenHeadMoves() throws {
    let site = try ScratchSite(copying: Fixture.journey)
    try Self.git(site, ["init", "-q", "-b", "main"], day: "2026-01-10")
    try Self.git(site, ["add", "-A"], day: "2026-01-10")
    try Self.git(site, ["commit", "-q", "-m", "first"], day: "2026-01-10")
    let memory = PageDatesMemory()
    let today = CalendarDate(year: 2026, month: 11, day: 22)
    func expectFresh() throws -> [String: CalendarDate] {
      let pages = try Self.pages(site)
      let remembered = memory.pageDates(
        root: site.root, pages: pages, notAfter: today, changed: [])
      #expect(remembered == ContentDates.pageDates(root: site.root, pages: pages, notAfter: today))
      return remembered
    }
    let first = try expectFresh()
    #expect(first["register"] == CalendarDate(year: 2026, month: 1, day: 10))
    #expect(memory.logRuns == 1)
    _ = try expectFresh()
    #expect(memory.logRuns == 1)

    // A commit moves HEAD: the new date is read.
    try site.edit("content/pages/register.md") { $0 + "\nЕщё строка.\n" }
    try Self.git(site, ["commit", "-q", "-am", "second"], day: "2026-02-20")
    let second = try expectFresh()
    #expect(memory.logRuns == 2)
    #expect(second["register"] == CalendarDate(year: 2026, month: 2, day: 20))
    #expect(second["consent"] == CalendarDate(year: 2026, month: 1, day: 10))

    // A new page git does not know takes its file's day; HEAD did not move.
    let page = "content/pages/new-page.md"
    try site.write(page, "---\ntitle: Новая\nprocedure: register\n---\n\nТекст.\n")
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: 1_773_748_800)],
      ofItemAtPath: site.url(page).path)
    let pages = try Self.pages(site)
    let third = memory.pageDates(root: site.root, pages: pages, notAfter: today, changed: [page])
    #expect(third == ContentDates.pageDates(root: site.root, pages: pages, notAfter: today))
    #expect(third["new-page"] == CalendarDate(year: 2026, month: 3, day: 17))
    #expect(memory.logRuns == 2)
  }
}
