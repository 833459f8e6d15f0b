import Foundation
import StepwiseTestSupport
import Testing

/// A page whose file name holds a newline, saved while the preview runs: the preview shows the
/// `file-name` error, parses nothing of that file, and keeps serving.
@Suite(.serialized) struct FileNameTests {
  @Test func aNewlineInAPageNameIsShownAndNothingOfItIsParsed() throws {
    let site = try ScratchSite()
    let serve = try ServeProcess(site: site.root, arguments: ["--render-timeout", "1"])
    defer { _ = serve.interrupt() }
    let events = try EventStream(port: serve.port)
    let first = try #require(events.nextGeneration())
    // Quadratic in cmark-gfm: far over the budget if it were parsed.
    let text =
      "---\ntitle: Т\nprocedure: login\n---\n\n" + String(repeating: "![[]()", count: 30_000)
    let bad = site.root.appendingPathComponent("content/pages/bad\nname.md")
    try Data(text.utf8).write(to: bad)
    #expect(try #require(events.nextGeneration()) > first)
    let page = try RawHTTP.get("/pervaya/login/", port: serve.port)
    #expect(page.status == 200)
    #expect(page.body.contains("[file-name]"))
    #expect(!page.body.contains("[render-budget]"))
    try FileManager.default.removeItem(at: bad)
    _ = try #require(events.nextGeneration())
    #expect(
      !(try RawHTTP.get("/pervaya/login/", port: serve.port).body.contains(
        "id=\"stepwise-overlay\"")))
  }
}
