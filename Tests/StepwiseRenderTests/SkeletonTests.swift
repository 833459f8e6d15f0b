import Foundation
import StepwiseCore
import StepwiseMarkdown
import StepwiseTestSupport
import Testing

@testable import StepwiseRender
@testable import StepwiseSite

/// Rendering each page once with holes and filling them per region must give, byte for byte,
/// what rendering each region's page in full gives.
@Suite struct SkeletonTests {
  // MARK: - Markers

  @Test func markersAreFoundInEachEscapingAndFilledAlike() {
    let raw = Marker.text(0)
    let text = HTMLEscaping.text(Marker.text(1))
    let attribute = HTMLEscaping.attribute(Marker.text(12))
    let skeleton = Skeleton(parsing: "<p>\(raw)</p><a title=\"\(attribute)\">\(text)</a>")
    #expect(
      skeleton.pieces == [
        .literal(Array("<p>".utf8)), .hole(0, .none), .literal(Array("</p><a title=\"".utf8)),
        .hole(12, .attribute), .literal(Array("\">".utf8)), .hole(1, .text),
        .literal(Array("</a>".utf8)),
      ])
    var values = Array(repeating: "", count: 13)
    values[0] = "<b>«жирный»</b>"
    values[1] = "a & \"b\" 'c'"
    values[12] = "x'\"<y>"
    let filled = String(decoding: skeleton.fill(values), as: UTF8.self)
    #expect(
      filled
        == "<p><b>«жирный»</b></p><a title=\"x&#39;&quot;&lt;y&gt;\">a &amp; &quot;b&quot; 'c'</a>")
    // A hole past the values (no context makes one) is left empty, never a trap.
    #expect(Skeleton(parsing: "a\(Marker.text(5))b").fill(["x"]) == Array("ab".utf8))
  }

  @Test func textThatOnlyLooksLikeAMarkerStaysAsWritten() {
    let nonce = String(decoding: Marker.nonce, as: UTF8.self)
    let lookalikes = [
      "\u{E000}123'\"&0\u{E001}",  // another nonce
      "\u{E000}\(nonce)'\"&\u{E001}",  // no hole number
      "\u{E000}\(nonce)'\"&7",  // not closed
      "\u{E000}\(nonce)'&amp;7\u{E001}",  // an escaping no renderer makes
      "\u{E000}\u{E001}\u{E000}",
      "\u{E000}\(nonce)",
    ]
    for text in lookalikes {
      let skeleton = Skeleton(parsing: "a\(text)b")
      #expect(skeleton.pieces == [.literal(Array("a\(text)b".utf8))], "\(text.debugDescription)")
      #expect(skeleton.fill([]) == Array("a\(text)b".utf8))
    }
  }

  // MARK: - Shapes

  @Test func shapesCompareBytesNotCanonicalEquivalence() {
    let composed = TemplateValue.text("Йошкар-Ола")
    let decomposed = TemplateValue.text("И\u{306}ошкар-Ола")
    #expect("Йошкар-Ола" == "И\u{306}ошкар-Ола")  // Swift's String equality…
    #expect(composed != decomposed)  // …is not the shape's: the bytes differ, so would the page.
    let a = TemplateValue.object(["x": .list([.text("a"), .hole(0)]), "y": .flag(true)])
    let same = TemplateValue.object(["x": .list([.text("a"), .hole(0)]), "y": .flag(true)])
    #expect(a == same)
    #expect(a.hashValue == same.hashValue)
    #expect(a != TemplateValue.object(["x": .list([.text("a"), .hole(1)]), "y": .flag(true)]))
    // Fields in another order make another shape: one more skeleton, never a wrong one.
    #expect(a != TemplateValue.object(["y": .flag(true), "x": .list([.text("a"), .hole(0)])]))
    // Shared values: one object, or two with equal contents, are the same shape.
    let steps = SharedValue(.list([.text("Откройте портал"), .text("Войдите")]))
    #expect(TemplateValue.shared(steps) == .shared(steps))
    #expect(
      TemplateValue.shared(steps)
        == .shared(SharedValue(.list([.text("Откройте портал"), .text("Войдите")]))))
    #expect(TemplateValue.shared(steps) != .shared(SharedValue(.list([.text("Откройте портал")]))))
  }

  @Test func templatesThatTransformValuesAreRenderedInFull() {
    #expect(!TemplateSet.transformsValues("{{#region}}{{name}}{{/region}} {{{body}}}"))
    #expect(TemplateSet.transformsValues("{{uppercased(region.name)}}"))
    #expect(TemplateSet.transformsValues("{{# empty(summary)}}нет{{/ empty(summary)}}"))
    #expect(TemplateSet.transformsValues("{{>*region.slug}}"))
    #expect(TemplateSet.transformsValues("{{=<% %>=}}<% uppercased(title) %>"))
    #expect(TemplateSet.transformsValues("<main>\n  {{> foot}}\n</main>"))
    #expect(TemplateSet.transformsValues("<main>\n\t{{<parent}}{{/parent}}\n"))
    #expect(TemplateSet.transformsValues("  {{$block}}x{{/block}}"))
    #expect(!TemplateSet.transformsValues("{{> head}}\n<p>{{> foot}}</p>"))
  }

  // MARK: - Whole sites

  /// Every job of a site rendered both ways.
  func expectSkeletonsMatchFullRendering(_ root: URL, _ comment: String) throws {
    let checked = try SitePipeline.check(root: root, today: fixedToday)
    let content = try #require(checked.content)
    let templates = try #require(checked.templates)
    let plan = try #require(checked.plan)
    var full = templates
    full.allowsSkeletons = false
    let fast = SiteRenderer(content: content, templates: templates, plan: plan)
    let slow = SiteRenderer(content: content, templates: full, plan: plan)
    var pages = 0
    for job in fast.allJobs {
      let expected = slow.render(job)
      let actual = fast.render(job)
      #expect(actual.map(\.path) == expected.map(\.path))
      for (mine, theirs) in zip(actual, expected) where mine.bytes != theirs.bytes {
        Issue.record("\(comment): \(mine.path) differs from the full rendering")
      }
      if case .page = job { pages += 1 }
    }
    #expect(pages > 0, "\(comment): no page was rendered")
  }

  @Test func theRealContentRendersAlikeBothWays() throws {
    try expectSkeletonsMatchFullRendering(repositoryRoot, "content/")
  }

  @Test func trickyValuesRenderAlikeBothWays() throws {
    let site = try ScratchSite()
    // A third region whose values need escaping, hold a private-use character and a text that
    // looks like a marker; pages built in some regions only, links written with variables.
    try site.edit("content/regions.yaml") {
      $0 + """
          - code: RU-CCC
            name: "Третья «область» & <тест> 'Й' \u{E000}1'\\"&0\u{E001}"
            slug: tretya
            systems: [school]
            variables:
              portal-url: "https://school.three.example/?a=1&b='2'"

        """
    }
    try site.edit("content/pages/login.md") {
      $0 + """

        > [!NOTE] Для {{region.name}}
        > Адрес: [{{portal-url}}]({{portal-url}}/help), код {{region.code}}, {{ region.name }}, {{unknown}}.

        Ещё текст с \u{E000}0'"&1\u{E001} и [вход](register.md), [снова](login.md#vhod).

        """
    }
    try expectSkeletonsMatchFullRendering(site.root, "tricky fixture")
  }

  /// A registry that lists a region code twice (an error `check` reports, but the fuzzer renders
  /// every site whatever its findings) renders alike both ways.
  @Test func aRegionCodeListedTwiceRendersAlikeBothWays() throws {
    let site = try ScratchSite()
    try site.edit("content/regions.yaml") {
      $0 + """
          - code: RU-BBB
            name: Вторая область «снова»
            slug: vtoraya-snova
            systems: [school]
            variables:
              portal-url: https://school.two.example

        """
    }
    try expectSkeletonsMatchFullRendering(site.root, "a region code listed twice")
  }

  /// swift-mustache indents the lines of an indented partial by looking at what was rendered
  /// before each tag, values included: a body ending in a newline indents the next line, an
  /// empty value does not.
  ///
  /// Such templates are rendered in full, and come out alike.
  @Test func anIndentedPartialRendersAlikeBothWays() throws {
    let site = try ScratchSite()
    let templates = repositoryRoot.appendingPathComponent("Sources/StepwiseRender/Templates")
    let page = try String(
      contentsOf: templates.appendingPathComponent("page.mustache"), encoding: .utf8)
    let head = try String(
      contentsOf: templates.appendingPathComponent("head.mustache"), encoding: .utf8)
    try site.write(
      "templates/page.mustache", page.replacingOccurrences(of: "{{> head}}", with: "  {{> head}}"))
    try site.write("templates/head.mustache", head + "{{{body}}}\n<p>после</p>\n{{summary}}\n")
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    #expect(checked.templates?.allowsSkeletons == false)
    try expectSkeletonsMatchFullRendering(site.root, "indented partial")
  }

  /// Templates the compiled renderer declines but that allow skeletons (a lone carriage return)
  /// are rendered by swift-mustache with skeletons: the same pages as rendering each in full.
  @Test func templatesLeftToSwiftMustacheRenderAlikeBothWays() throws {
    let site = try ScratchSite()
    let templates = repositoryRoot.appendingPathComponent("Sources/StepwiseRender/Templates")
    for name in ["region", "a-z", "page"] {
      let text = try String(
        contentsOf: templates.appendingPathComponent("\(name).mustache"), encoding: .utf8)
      try site.write("templates/\(name).mustache", text + "<!-- \r -->\n")
    }
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    #expect(checked.templates?.allowsSkeletons == true)
    #expect(checked.templates?.compiled == nil)
    try expectSkeletonsMatchFullRendering(site.root, "left to swift-mustache")
  }

  /// The renderer puts a newline before a block unless the text so far ends with one: a value
  /// that is empty or ends with a newline, at the end of a list item's text before a nested
  /// list, changes the markup after it.
  @Test func emptyAndMultiLineValuesRenderAlikeBothWays() throws {
    let site = try ScratchSite()
    try site.edit("content/regions.yaml") {
      $0.replacingOccurrences(
        of: "    title: Адрес портала\n",
        with: "    title: Адрес портала\n  note:\n    type: text\n    title: Примечание\n"
      )
      .replacingOccurrences(
        of: "      portal-url: https://school.one.example\n",
        with: "      portal-url: https://school.one.example\n      note: |\n        Пн–Пт, 9–18\n"
      )
      .replacingOccurrences(
        of: "    slug: vtoraya\n", with: "    slug: vtoraya\n    variables:\n      note: \"\"\n")
    }
    try site.edit("content/pages/register.md") {
      $0 + """

        - Часы: {{note}}
          - вложенный пункт
        - Ещё {{note}}

        """
    }
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    #expect(
      checked.content?.registry.region(code: "RU-AAA")?.variables["note"]?.value == "Пн–Пт, 9–18\n")
    try expectSkeletonsMatchFullRendering(site.root, "empty and multi-line values")
  }

  @Test func aTemplateWithATransformStillRendersEachRegionRight() throws {
    let site = try ScratchSite()
    let page = try String(
      contentsOf: repositoryRoot.appendingPathComponent(
        "Sources/StepwiseRender/Templates/page.mustache"),
      encoding: .utf8)
    try site.write(
      "templates/page.mustache",
      page.replacingOccurrences(
        of: "<h1>{{title}}</h1>", with: "<h1>{{title}} — {{uppercased(region.name)}}</h1>"))
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    #expect(checked.templates?.allowsSkeletons == false)
    let sink = MemorySink()
    _ = try SitePipeline.render(checked, into: sink)
    let first = String(decoding: sink.files["pervaya/login/index.html"] ?? [], as: UTF8.self)
    #expect(first.contains("<h1>Вход в школу — ПЕРВАЯ ОБЛАСТЬ</h1>"))
    let second = String(decoding: sink.files["vtoraya/register/index.html"] ?? [], as: UTF8.self)
    #expect(second.contains("<h1>Регистрация на портале — ВТОРАЯ ОБЛАСТЬ</h1>"))
  }
}
