import Foundation
import StepwiseTestSupport
import Testing

/// A page over the render budget shows in the preview as an error at its file; the server
/// keeps serving and recovers when the page goes.
@Suite(.serialized) struct PreviewRenderBudgetTests {
  /// Quadratic in cmark-gfm itself (see RenderBudgetTests in StepwiseSiteTests).
  static let wideTable: String =
    "---\ntitle: Скобки\nprocedure: login\n---\n\n" + String(repeating: "![[]()", count: 30_000)

  @Test func thePreviewShowsTheBudgetErrorAndKeepsServing() throws {
    let site = try ScratchSite()
    let serve = try ServeProcess(site: site.root, arguments: ["--render-timeout", "1"])
    defer { _ = serve.interrupt() }
    let events = try EventStream(port: serve.port)
    let first = try #require(events.nextGeneration())
    try Data(Self.wideTable.utf8).write(
      to: site.root.appendingPathComponent("content/pages/wide.md"))
    #expect(try #require(events.nextGeneration()) > first)
    let page = try RawHTTP.get("/pervaya/login/", port: serve.port)
    #expect(page.status == 200)
    #expect(page.body.contains("content/pages/wide.md:1:1"))
    #expect(page.body.contains("[render-budget]"))
    // Removing the page fixes it; the server is alive and rebuilt.
    try FileManager.default.removeItem(
      at: site.root.appendingPathComponent("content/pages/wide.md"))
    _ = try #require(events.nextGeneration())
    #expect(
      !(try RawHTTP.get("/pervaya/login/", port: serve.port).body.contains(
        "id=\"stepwise-overlay\"")))
  }
}
