import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

/// The region registry is sane: one region's portal address is not given for another region
/// (`region-url-shared`), and no page ends up built in no region (`page-unbuilt`).
@Suite struct RegistrySanityTests {
  static let today = CalendarDate(year: 2026, month: 11, day: 22)

  @Test func aURLGivenForTwoRegionsIsAWarningNamingBoth() throws {
    let site = try ScratchSite()
    try site.edit("content/regions.yaml") {
      $0.replacingOccurrences(
        of: "  - code: RU-BBB\n    name: Вторая область\n    slug: vtoraya\n",
        with:
          "  - code: RU-BBB\n    name: Вторая область\n    slug: vtoraya\n    variables:\n      portal-url: https://School.One.example/\n"
      )
    }
    let found = try checkSite(at: site.root, today: Self.today).diagnostics
    #expect(
      found == [
        .warning(
          .regionURLShared,
          "'portal-url' of RU-BBB (Вторая область) is 'https://School.One.example/', the same address as "
            + "'portal-url' of RU-AAA (Первая область): readers in Вторая область would be sent to the other "
            + "region's portal; check the address",
          at: SourceLocation(file: "content/regions.yaml", line: 16, column: 19),
          notes: [
            .init(
              location: SourceLocation(file: "content/regions.yaml", line: 11, column: 19),
              message: "RU-AAA gives it here")
          ])
      ])
  }

  /// Near miss: another page of the same portal is another address.
  @Test func anotherPathOnTheSameHostIsNoWarning() throws {
    let site = try ScratchSite()
    try site.edit("content/regions.yaml") {
      $0.replacingOccurrences(
        of: "  - code: RU-BBB\n    name: Вторая область\n    slug: vtoraya\n",
        with:
          "  - code: RU-BBB\n    name: Вторая область\n    slug: vtoraya\n    variables:\n      portal-url: https://school.one.example/vtoraya\n"
      )
    }
    #expect(try checkSite(at: site.root, today: Self.today).diagnostics == [])
  }

  @Test func aPageBuiltInNoRegionIsAWarning() throws {
    let site = try ScratchSite()
    try site.edit("content/regions.yaml") {
      $0.replacingOccurrences(of: "    systems: [school]\n", with: "")
    }
    let found = try checkSite(at: site.root, today: Self.today).diagnostics
    #expect(
      found.filter { $0.rule == .pageUnbuilt } == [
        .warning(
          .pageUnbuilt,
          "this page is built in no region: no region listed in regions.yaml uses the systems of procedure "
            + "'login'; add the system to a region's 'systems', or fix 'regions:'",
          at: SourceLocation(file: "content/pages/login.md", line: 3, column: 12))
      ])
  }
}
