import Foundation
import StepwiseCore
import StepwiseHTMLOracle
import StepwiseTestSupport
import Testing

@testable import StepwiseRender
@testable import StepwiseSite

/// Flow diagrams in built sites: the fixture's SVG as recorded, a titled and described diagram
/// on every instruction page of the real site, and the preview drawing a diagram again only
/// when what it shows changed.
@Suite struct DiagramSiteTests {
  func html(_ folder: URL, _ path: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
  }

  /// The inline SVG of a page.
  func svg(in page: String) throws -> String {
    let start = try #require(page.range(of: "<svg "))
    let end = try #require(page.range(of: "</svg>", range: start.upperBound..<page.endIndex))
    return String(page[start.lowerBound..<end.upperBound])
  }

  @Test func theFixtureDiagramMatchesItsSnapshot() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("public")
    let report = try SitePipeline.build(root: Fixture.diagram, output: output, today: fixedToday)
    #expect(report.site.diagnostics == [])
    let page = try html(output, "pervaya/apply/index.html")
    #expect(HTMLOracle.findings(in: page) == [])
    #expect(page.contains("<figcaption>Схема: Заявление в кружок</figcaption>"))
    #expect(page.contains("<div class=\"diagram-scroll diagram-wide\" tabindex=\"0\""))
    let drawn = folder.appendingPathComponent("snapshot")
    try FileManager.default.createDirectory(at: drawn, withIntermediateDirectories: true)
    try Data(try svg(in: page).utf8).write(to: drawn.appendingPathComponent("apply.svg"))
    try assertSnapshot(of: drawn, named: "diagram")
  }

  @Test func everyInstructionPageOfTheRealSiteHasATitledAndDescribedDiagram() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("public")
    let report = try SitePipeline.build(root: repositoryRoot, output: output, today: fixedToday)
    #expect(report.published)
    let files = try filesUnder(output)
    let pages = files.keys.filter {
      $0.split(separator: "/").count == 3 && $0.hasSuffix("/index.html")
    }
    #expect(pages.count == report.pages && !pages.isEmpty)
    for path in pages.sorted() {
      let page = String(decoding: try #require(files[path]), as: UTF8.self)
      #expect(HTMLOracle.findings(in: page) == [], "\(path)")
      #expect(page.components(separatedBy: "<svg ").count == 2, "\(path): one diagram")
      let svg = try svg(in: page)
      func element(_ name: String) -> (id: String, text: String)? {
        guard let open = svg.range(of: "<\(name) id=\""),
          let quote = svg.range(of: "\">", range: open.upperBound..<svg.endIndex),
          let close = svg.range(of: "</\(name)>", range: quote.upperBound..<svg.endIndex)
        else { return nil }
        return (
          String(svg[open.upperBound..<quote.lowerBound]),
          String(svg[quote.upperBound..<close.lowerBound])
        )
      }
      let title = try #require(element("title"), "\(path): no <title>")
      let desc = try #require(element("desc"), "\(path): no <desc>")
      #expect(title.text.hasPrefix("Схема: ") && title.text.count > 10, "\(path)")
      #expect(desc.text.contains("шаг") && desc.text.hasSuffix("на этой странице."), "\(path)")
      #expect(svg.contains("aria-labelledby=\"\(title.id)\""), "\(path)")
      #expect(svg.contains("aria-describedby=\"\(desc.id)\""), "\(path)")
      let ids = page.components(separatedBy: " id=\"").dropFirst().map {
        String($0.prefix { $0 != "\"" })
      }
      #expect(Set(ids).count == ids.count, "\(path): ids repeat")
    }
  }

  @Test func thePreviewDrawsADiagramAgainOnlyWhenWhatItShowsChanged() throws {
    let site = try ScratchSite(copying: Fixture.diagram)
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    let cache = try #require(builder.planner.good?.renderer.diagrams)
    #expect(cache.count == 2)  // apply and register
    // The page's text: the page is rendered again, its diagram is taken from the cache.
    try site.edit("content/pages/apply.md") { $0 + "\nЕщё абзац.\n" }
    #expect(builder.rebuild().errors == 0)
    #expect(builder.planner.good?.renderer.diagrams === cache)
    #expect(cache.count == 2)
    // A step's title in the flows: drawn again, and the page shows it.
    try site.edit("content/flows/main.yaml") {
      $0.replacingOccurrences(of: "title: Откройте портал", with: "title: Откройте новый портал")
    }
    #expect(builder.rebuild().errors == 0)
    #expect(cache.count == 3)
    let page = String(
      decoding: try #require(builder.snapshot.files["pervaya/apply/index.html"]), as: UTF8.self)
    #expect(page.contains(">Откройте новый портал</text>"))
  }
}
