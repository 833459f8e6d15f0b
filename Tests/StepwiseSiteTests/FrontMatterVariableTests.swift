import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// A page's title and summary are page text: their `{{variables}}` are filled per region
/// wherever they are published, exactly as in the body (issue 13, class 1).
@Suite struct FrontMatterVariableTests {
  @Test func titleAndSummaryAreFilledPerRegionEverywhere() throws {
    let site = try ScratchSite()
    try site.edit("content/pages/register.md") {
      $0.replacingOccurrences(
        of: "title: Регистрация на портале",
        with:
          "title: Регистрация на портале — {{region.name}}\nsummary: Код региона {{ region.code }}."
      )
    }
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    #expect(checked.diagnostics == [])
    let sink = MemorySink()
    _ = try SitePipeline.render(checked, into: sink)
    for (slug, name, code) in [
      ("pervaya", "Первая область", "RU-AAA"), ("vtoraya", "Вторая область", "RU-BBB"),
    ] {
      let page = String(
        decoding: try #require(sink.files["\(slug)/register/index.html"], "\(slug)"), as: UTF8.self)
      let title = "Регистрация на портале — \(name)"
      #expect(page.contains("<title>\(title) — "), "\(slug): <title>")
      #expect(page.contains("<h1>\(title)</h1>"), "\(slug): <h1>")
      #expect(page.contains("<li aria-current=\"page\">\(title)</li>"), "\(slug): breadcrumbs")
      #expect(
        page.contains("<meta name=\"description\" content=\"Код региона \(code).\">"),
        "\(slug): description")
      #expect(page.contains("<p class=\"lead\">Код региона \(code).</p>"), "\(slug): summary")
      let home = String(
        decoding: try #require(sink.files["\(slug)/index.html"], "\(slug) home"), as: UTF8.self)
      #expect(home.contains(title), "\(slug): the region's list of instructions")
    }
    // The page that needs the registration links to it by its filled title.
    let login = String(
      decoding: try #require(sink.files["pervaya/login/index.html"]), as: UTF8.self)
    #expect(login.contains("Регистрация на портале — Первая область</a>"))
    // The A–Z list and the search index show the title too.
    for slug in ["pervaya", "vtoraya"] {
      let index = String(
        decoding: try #require(sink.files["\(slug)/search-index.js"]), as: UTF8.self)
      let name = slug == "pervaya" ? "Первая область" : "Вторая область"
      #expect(
        index.contains("Регистрация на портале — \(name)"), "\(slug): the search index")
    }
    for (path, bytes) in sink.files where path.hasSuffix(".html") || path.hasSuffix(".js") {
      let html = String(decoding: bytes, as: UTF8.self)
      #expect(!html.contains("{{"), "\(path) publishes a variable literally")
    }
  }

  /// A summary without variables reads alike in every region (it is made once, with the page),
  /// escaped as a hole's value is; an empty summary and a page without one read as before.
  @Test func aSummaryWithoutVariablesIsTheSameInEveryCopy() throws {
    let site = try ScratchSite()
    try site.edit("content/pages/register.md") {
      $0.replacingOccurrences(
        of: "title: Регистрация на портале",
        with: "title: Регистрация на портале\nsummary: \"«Кратко» & <коротко> 'для всех'\"")
    }
    try site.edit("content/pages/login.md") {
      $0.replacingOccurrences(of: "title: ", with: "summary: \"\"\ntitle: ")
    }
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    #expect(checked.diagnostics == [])
    let sink = MemorySink()
    _ = try SitePipeline.render(checked, into: sink)
    for slug in ["pervaya", "vtoraya"] {
      let register = String(
        decoding: try #require(sink.files["\(slug)/register/index.html"]), as: UTF8.self)
      #expect(
        register.contains(
          "<meta name=\"description\" content=\"«Кратко» &amp; &lt;коротко&gt; &#39;для всех&#39;\">"
        ), "\(slug): description")
      #expect(
        register.contains(
          "<p class=\"lead\">«Кратко» &amp; &lt;коротко&gt; &#39;для всех&#39;</p>"),
        "\(slug): summary")
    }
    // The login page is built in the first region only.
    let login = String(
      decoding: try #require(sink.files["pervaya/login/index.html"]), as: UTF8.self)
    #expect(login.contains("<meta name=\"description\" content=\"\">"))
    #expect(login.contains("<p class=\"lead\"></p>"))
  }
}
