import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseRender
@testable import StepwiseSite

/// The outputs list: each output names its jobs, renders them to files of its own, and says
/// which of them a change affects.
@Suite struct OutputTests {
  func renderer(_ root: URL) throws -> SiteRenderer {
    let checked = try SitePipeline.check(root: root, today: fixedToday)
    return SiteRenderer(
      content: try #require(checked.content), templates: try #require(checked.templates),
      plan: try #require(checked.plan), analysis: checked.analysis)
  }

  @Test func everyJobBelongsToOneListedOutputAndEveryPathIsWrittenOnce() throws {
    let site = try renderer(Fixture.basic)
    let names = SiteOutputs.all.map(\.name)
    #expect(Set(names).count == names.count)
    var paths: Set<String> = []
    for job in site.allJobs {
      let output = try #require(site.output(of: job))
      #expect(output.name == job.output)
      for file in site.render(job) {
        #expect(paths.insert(file.path).inserted, "\(file.path) written twice")
        #expect(file.contentType == output.contentType(of: file.path))
      }
    }
    #expect(paths.contains("index.html") && paths.contains("404.html"))
    #expect(paths.contains("sitemap.xml") && paths.contains("static/style.css"))
    #expect(paths.contains("pervaya/index.html") && paths.contains("pervaya/login/index.html"))
  }

  @Test func contentTypesComeFromOneTableByExtension() {
    #expect(ContentTypes.of(path: "search/index.json") == "application/json")
    #expect(ContentTypes.of(path: "a/index.html") == "text/html; charset=utf-8")
    #expect(ContentTypes.of(path: "sitemap.XML") == "application/xml; charset=utf-8")
    #expect(ContentTypes.of(path: "font.woff2") == "font/woff2")
    #expect(ContentTypes.of(path: "README") == ContentTypes.fallback)
  }

  @Test func theOutputsSayWhatAChangeAffects() throws {
    let site = try renderer(Fixture.basic)
    let none = SiteChange(pages: [], flows: [], regions: [], graph: false)
    #expect(SiteOutputs.all.flatMap { $0.affected(by: none, in: site) }.isEmpty)
    // A page's text: that page in every region where it is built and the site's search pages;
    // nothing else (the regions' search indexes and A–Z lists show titles and summaries, whose
    // edits rebuild everything).
    let text = SiteChange(pages: ["register"], flows: [], regions: [], graph: false)
    let jobs = SiteOutputs.all.flatMap { $0.affected(by: text, in: site) }
    #expect(
      jobs.map(\.description).sorted() == [
        "page RU-AAA register", "page RU-BBB register", "search-pages",
      ])
    // A region's values: its home and its pages.
    let region = SiteChange(pages: [], flows: [], regions: ["RU-AAA"], graph: false)
    let regionJobs = SiteOutputs.all.flatMap { $0.affected(by: region, in: site) }
    #expect(regionJobs.allSatisfy { $0.region == "RU-AAA" })
    #expect(regionJobs.contains(OutputJob(RegionHomeOutput.name, region: "RU-AAA")))
    // The flows: the root and every home besides the pages.
    let flows = SiteChange(pages: ["login"], flows: ["login"], regions: [], graph: true)
    let flowJobs = Set(SiteOutputs.all.flatMap { $0.affected(by: flows, in: site) })
    #expect(flowJobs.contains(OutputJob(RootOutput.name)))
    #expect(flowJobs.filter { $0.output == RegionHomeOutput.name }.count == site.regions.count)
  }

  @Test func thePreviewKeepsEachFilesContentType() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    #expect(builder.snapshot.contentTypes["sitemap.xml"] == "application/xml; charset=utf-8")
    #expect(builder.snapshot.contentTypes["static/style.css"] == "text/css; charset=utf-8")
    #expect(builder.snapshot.contentTypes["pervaya/login/index.html"] == "text/html; charset=utf-8")
  }

  @Test func anUnknownRegionIsATypedFailureOfThePreview() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday, region: "RU-AAB")
    builder.rebuild()
    #expect(builder.snapshot.failure == .unknownRegion("RU-AAB", suggestion: "RU-AAA"))
    #expect(builder.snapshot.failureIsInputOutput == false)
  }
}
