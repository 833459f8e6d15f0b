import Foundation
import StepwiseModel
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// The preview keeps the last site plan only while what decides it is unchanged.
@Suite struct PlanReuseTests {
  @Test func aPlanServesUntilTheRegistryTheGraphOrAPagesPlaceChanges() throws {
    let site = try ScratchSite()
    let plan = try #require(try SitePipeline.check(root: site.root, today: fixedToday).plan)
    func content() throws -> Content {
      try #require(try SitePipeline.check(root: site.root, today: fixedToday).content)
    }
    #expect(plan.serves(try content()))
    #expect(!plan.serves(try content(), only: "RU-AAA"))
    // A page's text: the same plan.
    try site.edit("content/pages/register.md") { $0 + "\nЕщё один абзац.\n" }
    #expect(plan.serves(try content()))
    // A region's systems: another plan (pages built there change).
    try site.edit("content/regions.yaml") {
      $0.replacingOccurrences(of: "    systems: [school]\n", with: "")
    }
    #expect(!plan.serves(try content()))
    let fresh = try #require(try SitePipeline.check(root: site.root, today: fixedToday).plan)
    #expect(fresh.pagesByRegion != plan.pagesByRegion)
    #expect(fresh.serves(try content()))
  }
}
