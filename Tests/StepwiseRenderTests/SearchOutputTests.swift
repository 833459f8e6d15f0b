import Foundation
import StepwiseSearch
import StepwiseTestSupport
import Testing

@testable import StepwiseRender
@testable import StepwiseSite

/// The per-region search index and A–Z list on the basic fixture: «login» is built only in
/// RU-AAA (`pervaya`, the region with the school system), «register» in both.
@Suite struct SearchOutputTests {
  static func renderer(_ root: URL) throws -> SiteRenderer {
    let checked = try SitePipeline.check(root: root, today: fixedToday)
    return SiteRenderer(
      content: try #require(checked.content), templates: try #require(checked.templates),
      plan: try #require(checked.plan))
  }

  static func file(_ path: String, of output: any SiteOutput, in site: SiteRenderer) throws
    -> String
  {
    let files = output.jobs(in: site).flatMap { output.render($0, in: site) }
    let file = try #require(files.first { $0.path == path }, "\(files.map(\.path))")
    return String(decoding: file.bytes, as: UTF8.self)
  }

  /// A region's `[url, summary]` list.
  static func index(_ region: String, in site: SiteRenderer) throws -> [[Any]] {
    let script = try file("\(region)/search-index.js", of: SearchIndexOutput(), in: site)
    let json = script.dropFirst("self.\(SearchIndex.global)=".count).dropLast(2)
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    return try #require(object?["pages"] as? [[Any]])
  }

  /// The site's pages file: `url: [title, [steps], terms]`.
  static func pages(in site: SiteRenderer) throws -> [String: [Any]] {
    let script = try file(SearchPagesOutput.path, of: SearchPagesOutput(), in: site)
    let json = script.dropFirst("self.\(SearchIndex.pagesGlobal)=".count).dropLast(2)
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    return try #require(object?["pages"] as? [String: [Any]])
  }

  @Test func eachRegionIndexesOnlyThePagesBuiltThere() throws {
    let site = try ScratchSite()
    let renderer = try Self.renderer(site.root)
    let first = try Self.index("pervaya", in: renderer)
    let second = try Self.index("vtoraya", in: renderer)
    #expect(first.map { $0[0] as? String } == ["login/index.html", "register/index.html"])
    #expect(second.map { $0[0] as? String } == ["register/index.html"])
    #expect(SearchIndexOutput().jobs(in: renderer).count == 2)
  }

  @Test func theSitesPagesFileHoldsEveryBuiltPageOnce() throws {
    let site = try ScratchSite()
    let renderer = try Self.renderer(site.root)
    let pages = try Self.pages(in: renderer)
    #expect(pages.keys.sorted() == ["login/index.html", "register/index.html"])
    #expect(SearchPagesOutput().jobs(in: renderer).count == 1)
    // The region lists hold no stems: only URLs and summaries.
    for entry in try Self.index("pervaya", in: renderer) { #expect(entry.count == 2) }
    let output = SearchPagesOutput()
    let affected = { (pages: Set<String>, regions: Set<String>) in
      output.affected(
        by: SiteChange(pages: pages, flows: [], regions: regions, graph: false), in: renderer
      ).count
    }
    #expect(affected(["login"], []) == 1)
    // Regions' values are not in the stems.
    #expect(affected([], ["RU-BBB"]) == 0)
  }

  /// The markers are cut by bytes: as the character-level form cut them, held to it on random
  /// texts of braces, hashes and Cyrillic.
  @Test func markersAreCutAsTheCharacterLevelFormCutThem() {
    func characterLevel(_ text: String) -> String {
      guard text.contains("{") else { return text }
      var out = ""
      var rest = Substring(text)
      while let open = rest.firstIndex(of: "{") {
        out += rest[..<open]
        let after = rest[open...]
        let close: String? = after.hasPrefix("{{") ? "}}" : after.hasPrefix("{#") ? "}" : nil
        if let close, let end = after.range(of: close) {
          out += " "
          rest = after[end.upperBound...]
        } else {
          out += "{"
          rest = after.dropFirst()
        }
      }
      return out + rest
    }
    var random = SplitMix64(seed: 17)
    let pieces = ["{", "}", "{{", "}}", "#", "{#", "a", "шаг", " ", "«", "{{x}}", "{#id}"]
    for _ in 0..<5000 {
      let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &random)]
      }.joined()
      #expect(
        SearchIndexOutput.withoutMarkers(text) == characterLevel(text), "\(text.debugDescription)")
    }
  }

  @Test func pagesAreIndexedWithoutMarkersAndWithTheirSteps() throws {
    let site = try ScratchSite()
    let renderer = try Self.renderer(site.root)
    let login = try #require(try Self.pages(in: renderer)["login/index.html"])
    #expect(login[0] as? String == "Вход в школу")
    let steps = try #require(login[1] as? [String])
    #expect(steps.count == 2)
    let triples = try #require(login[2] as? String).split(separator: " ").map(String.init)
    var terms: [String: (weight: String, step: String)] = [:]
    for at in stride(from: 0, to: triples.count - 2, by: 3) {
      terms[triples[at]] = (triples[at + 1], triples[at + 2])
    }
    // «Войти через портал» is a label in the second step.
    let enter = try #require(RussianStemmer.stems(of: ["войти"]).first)
    #expect(terms[enter]?.step == "1")
    #expect(Int(terms[enter]?.weight ?? "") ?? 0 >= SearchWeight.heading)
    // The title weighs most.
    let school = try #require(RussianStemmer.stems(of: ["школу"]).first)
    #expect(Int(terms[school]?.weight ?? "") ?? 0 >= SearchWeight.title)
    // `{#open-school}`, `{#vhod}` and `{{portal-url}}` are not words.
    for marker in ["open", "school", "vhod", "portal", "url"] {
      #expect(terms[marker] == nil, "\(marker)")
    }
  }

  @Test func aChangedPageLeavesTheIndexesAndChangedRegionsRedoTheirs() throws {
    let site = try ScratchSite()
    let renderer = try Self.renderer(site.root)
    let output = SearchIndexOutput()
    let change = { (pages: Set<String>, regions: Set<String>) in
      output.affected(
        by: SiteChange(pages: pages, flows: [], regions: regions, graph: false), in: renderer
      ).map { $0.region ?? "" }
    }
    // A region's index lists addresses, titles and summaries: a page's text is not in it.
    #expect(change(["login"], []) == [])
    #expect(change(["register"], []) == [])
    #expect(change([], ["RU-BBB"]) == ["RU-BBB"])
    let graph = output.affected(
      by: SiteChange(pages: [], flows: [], regions: [], graph: true), in: renderer)
    #expect(graph.map { $0.region ?? "" } == ["RU-AAA", "RU-BBB"])
    #expect(change([], []) == [])
  }

  @Test func anEditRestemsTheEditedPageOnly() throws {
    let site = try ScratchSite()
    let store = SearchFragmentStore()
    let stem = { (renderer: SiteRenderer) in
      for page in renderer.content.pages {
        _ = store.fragment(of: SearchIndexOutput.searchPage(page, in: renderer))
      }
    }
    stem(try Self.renderer(site.root))
    #expect(store.made == 2)
    stem(try Self.renderer(site.root))
    #expect(store.made == 2)
    try site.edit("content/pages/login.md") { $0 + "\nЕщё одно предложение.\n" }
    stem(try Self.renderer(site.root))
    #expect(store.made == 3)
  }

  @Test func theAToZListHoldsTheRegionsPagesByTitle() throws {
    let site = try ScratchSite()
    let renderer = try Self.renderer(site.root)
    let output = InstructionIndexOutput()
    let first = try Self.file("pervaya/a-z.html", of: output, in: renderer)
    let login = try #require(first.range(of: "href=\"login/index.html\">Вход в школу</a>"))
    let register = try #require(
      first.range(of: "href=\"register/index.html\">Регистрация на портале</a>"))
    #expect(login.lowerBound < register.lowerBound)
    #expect(first.contains("<h1>Все инструкции от А до Я: Первая область</h1>"))
    let second = try Self.file("vtoraya/a-z.html", of: output, in: renderer)
    #expect(!second.contains("login/index.html"))
    #expect(second.contains("register/index.html"))
  }

  @Test func regionPagesCarryTheSearchFormAndOthersDoNot() throws {
    let site = try ScratchSite()
    let renderer = try Self.renderer(site.root)
    let page = try Self.file("pervaya/login/index.html", of: PageOutput(), in: renderer)
    #expect(
      page.contains(
        "<form class=\"site-search\" role=\"search\" action=\"../../pervaya/a-z.html\" data-index=\"../../pervaya/search-index.js\" data-pages=\"../../search-pages.js\">"
      ))
    #expect(page.contains("<script src=\"../../static/search.js\" defer></script>"))
    #expect(page.contains("<input id=\"site-search-query\" type=\"search\" name=\"q\""))
    let home = try Self.file("vtoraya/index.html", of: RegionHomeOutput(), in: renderer)
    #expect(home.contains("action=\"../vtoraya/a-z.html\""))
    let root = try Self.file("index.html", of: RootOutput(), in: renderer)
    #expect(!root.contains("site-search"))
    let statics = StylesheetOutput().render(OutputJob(StylesheetOutput.name), in: renderer)
    #expect(statics.map(\.path).contains("static/search.js"))
  }
}

/// A page's list of regions when its title names region variables: no `{{…}}` shown, each
/// region listed with the title as it reads there.
@Suite struct RegionListTitleTests {
  /// The basic site with the title of «register» naming the region.
  static func rendererWithRegionTitle() throws -> SiteRenderer {
    let site = try ScratchSite()
    try site.edit("content/pages/register.md") {
      $0.replacingOccurrences(
        of: "title: Регистрация на портале",
        with: "title: \"Регистрация на портале ({{region.name}})\"")
    }
    return try SearchOutputTests.renderer(site.root)
  }

  @Test func aTitleWithRegionVariablesIsFilledPerRegion() throws {
    let renderer = try Self.rendererWithRegionTitle()
    let page = try #require(renderer.content.page(slug: "register"))
    let html = String(decoding: RegionListOutput().list(page, in: renderer), as: UTF8.self)
    #expect(!html.contains("{{"))
    #expect(html.contains("<h1>Инструкция для вашего региона</h1>"))
    for name in ["Первая область", "Вторая область"] {
      #expect(html.contains(">\(name) — Регистрация на портале (\(name))</a>"), "\(html)")
    }
  }

  /// «Прежде чем начать» is made once per precondition and set of providers built, except
  /// where a provider's title names region variables: then it reads as in the region.
  @Test func aProviderTitleWithRegionVariablesIsFilledBeforeStarting() throws {
    let renderer = try Self.rendererWithRegionTitle()
    let login = try SearchOutputTests.file(
      "pervaya/login/index.html", of: PageOutput(), in: renderer)
    #expect(
      login.contains(
        "начните с инструкции <a href=\"../register/index.html\">Регистрация на портале (Первая область)</a>."
      ),
      "\(login)")
    #expect(!login.contains("{{"))
  }

  @Test func aPlainTitleHeadsTheList() throws {
    let site = try ScratchSite()
    let renderer = try SearchOutputTests.renderer(site.root)
    let page = try #require(renderer.content.page(slug: "register"))
    let html = String(decoding: RegionListOutput().list(page, in: renderer), as: UTF8.self)
    #expect(html.contains("<h1>\(page.frontMatter.title)</h1>"))
    #expect(html.contains(">Первая область</a>"))
  }
}
