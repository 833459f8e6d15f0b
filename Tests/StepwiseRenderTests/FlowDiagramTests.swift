import Foundation
import StepwiseModel
import StepwiseTestSupport
import Testing

@testable import StepwiseRender
@testable import StepwiseSite

/// The flow diagram's layout: every step once, nothing overlapping, alternatives side by side,
/// text inside its box, numbers as the page shows them.
@Suite struct FlowDiagramTests {
  typealias Box = FlowDiagram.Box

  /// The diagram fixture's procedure: an included procedure with an optional step, three
  /// alternatives (one two steps long), an optional step, long titles and markup characters.
  func fixtureDiagram() throws -> FlowDiagram {
    let checked = try SitePipeline.check(root: Fixture.diagram, today: fixedToday)
    #expect(!checked.diagnostics.hasErrors, "\(checked.diagnostics)")
    let renderer = SiteRenderer(
      content: try #require(checked.content), templates: try #require(checked.templates),
      plan: try #require(checked.plan), analysis: checked.analysis)
    let page = try #require(renderer.content.page(slug: "apply"))
    return try #require(renderer.diagram(of: page))
  }

  func box(_ step: String, _ number: String? = nil, _ title: String? = nil) -> Box {
    Box(step: step, number: number, title: title ?? "Шаг \(step)")
  }

  /// Step boxes of a layout with their ids, in drawing order.
  func steps(_ layout: DiagramLayout) -> [(step: String, rect: DiagramLayout.Rect)] {
    layout.items.compactMap {
      if case .box(let rect, _, let step?, _, _, _) = $0 { (step, rect) } else { nil }
    }
  }

  // MARK: - From the graph and the page

  @Test func theFixtureIsNestedAsItsProcedureIsWritten() throws {
    let diagram = try fixtureDiagram()
    #expect(diagram.title == "Заявление в кружок")
    #expect(diagram.requires == ["Учётная запись — есть"])
    #expect(diagram.produces == ["Заявление — подано"])
    #expect(
      diagram.nodes == [
        .step(Box(step: "open-portal", number: "1", title: "Откройте портал")),
        .group(
          title: "Вход на портал",
          [
            .step(
              Box(
                step: "enter-login", number: "2", title: "Введите логин и пароль и нажмите «Войти»")
            ),
            .optional(
              Box(
                step: "confirm-code", number: "3",
                title: "Введите код из СМС, если портал его спросит")),
          ]),
        .step(
          Box(
            step: "fill-form", number: "4",
            title: "Заполните заявление на зачисление ребёнка в кружок дополнительного образования"
          )),
        .step(Box(step: "choose-payment", number: "5", title: "Оплатите взнос одним из способов")),
        .choice([
          [Box(step: "pay-card", number: nil, title: "Банковской картой на портале")],
          [
            Box(step: "pay-bank", number: nil, title: "В отделении банка по квитанции"),
            Box(step: "upload-receipt", number: nil, title: "Загрузите фотографию квитанции"),
          ],
          [Box(step: "pay-sbp", number: nil, title: "Через Систему быстрых платежей")],
        ]),
        .optional(
          Box(
            step: "add-comment", number: "6",
            title: "Напишите комментарий <для педагога> & \"руководителя\" — Прочтите правила")),
        .step(Box(step: "send", number: "7", title: "Нажмите «Отправить»")),
      ])
  }

  @Test func subStepsAreNumberedWithTheirStepsNumberAndALetter() {
    #expect(FlowDiagram.subStepLetter(1) == "а")
    #expect(FlowDiagram.subStepLetter(6) == "е")
    #expect(FlowDiagram.subStepLetter(7) == "ж")
    #expect(FlowDiagram.subStepLetter(28) == "я")
    #expect(FlowDiagram.subStepLetter(29) == ".29")
  }

  @Test func variablesInTitlesAreShownAsAnEllipsis() {
    #expect(
      FlowDiagram.withoutVariables("Откройте {{portal-url}} и войдите") == "Откройте … и войдите")
    #expect(FlowDiagram.withoutVariables("Без переменных") == "Без переменных")
  }

  // MARK: - Layout

  @Test func everyStepIsDrawnOnceAndNoBoxesOverlap() throws {
    let diagram = try fixtureDiagram()
    let layout = DiagramLayout(diagram)
    let drawn = steps(layout)
    #expect(drawn.map(\.step).sorted() == diagram.boxes.map(\.step).sorted())
    #expect(Set(drawn.map(\.step)).count == drawn.count)
    let rects = layout.boxRects
    #expect(rects.count == diagram.boxes.count + 2)  // the start and end boxes
    for (index, rect) in rects.enumerated() {
      #expect(rect.x >= 0 && rect.y >= 0)
      #expect(rect.x + rect.width <= layout.width && rect.y + rect.height <= layout.height)
      for other in rects[(index + 1)...] {
        #expect(!rect.intersects(other), "\(rect) overlaps \(other)")
      }
    }
  }

  @Test func theIncludedProcedureIsAFrameAroundItsStepsOnly() throws {
    let layout = DiagramLayout(try fixtureDiagram())
    let frames = layout.items.compactMap { if case .frame(let rect, _) = $0 { rect } else { nil } }
    #expect(frames.count == 1)
    let frame = try #require(frames.first)
    let inside = steps(layout).filter { frame.contains($0.rect) }.map(\.step)
    #expect(inside == ["enter-login", "confirm-code"])
    for (step, rect) in steps(layout) where !inside.contains(step) {
      #expect(!frame.intersects(rect), "\(step) crosses the frame")
    }
  }

  @Test func alternativesStandSideBySideBetweenTheStepsAroundThem() throws {
    let layout = DiagramLayout(try fixtureDiagram())
    let rects = Dictionary(uniqueKeysWithValues: steps(layout).map { ($0.step, $0.rect) })
    let heads = try ["pay-card", "pay-bank", "pay-sbp"].map { try #require(rects[$0]) }
    #expect(Set(heads.map(\.y)).count == 1, "the alternatives start on one line")
    for (left, right) in zip(heads, heads.dropFirst()) {
      #expect(left.x + left.width <= right.x, "left to right, apart")
    }
    let before = try #require(rects["choose-payment"])
    let after = try #require(rects["add-comment"])
    let bank = try #require(rects["pay-bank"])
    let receipt = try #require(rects["upload-receipt"])
    #expect(receipt.x == bank.x && receipt.y > bank.y + bank.height, "a branch is a column")
    for rect in heads + [receipt] {
      #expect(rect.y > before.y + before.height)
      #expect(rect.y + rect.height < after.y)
      #expect(rect.width >= DiagramLayout.branchBoxWidth && rect.width < DiagramLayout.boxWidth)
    }
    let labels = layout.items.filter { if case .label = $0 { true } else { false } }
    #expect(labels.count == 2, "«или» between each two alternatives")
  }

  @Test func aSequenceIsOneColumnOfFixedSize() {
    let diagram = FlowDiagram(
      slug: "s", title: "Т", requires: [], produces: [],
      nodes: [.step(box("a", "1", "Короткий")), .step(box("b", "2", "Тоже короткий"))])
    let layout = DiagramLayout(diagram)
    let margin = DiagramLayout.margin
    let oneLine = 2 * DiagramLayout.paddingY + DiagramLayout.lineHeight
    // Start, two steps, end: four one-line boxes and three arrows.
    #expect(layout.width == DiagramLayout.boxWidth + 2 * margin)
    #expect(layout.height == 4 * oneLine + 3 * DiagramLayout.gap + 2 * margin)
    #expect(Set(layout.boxRects.map(\.x)) == [margin])
    #expect(layout.width <= DiagramLayout.phoneWidth)
  }

  @Test func anAlternativeWidensForItsLongestWordInsteadOfBreakingIt() {
    let word = "квалифицированной"
    let diagram = FlowDiagram(
      slug: "s", title: "Т", requires: [], produces: [],
      nodes: [
        .choice([
          [box("a", nil, "Коротко")], [box("b", nil, "усиленной \(word) электронной подписью")],
        ])
      ])
    let layout = DiagramLayout(diagram)
    let rects = Dictionary(uniqueKeysWithValues: steps(layout).map { ($0.step, $0.rect) })
    #expect(rects["a"]?.width == DiagramLayout.branchBoxWidth)
    #expect(rects["b"].map { $0.width > DiagramLayout.branchBoxWidth } == true)
    let lines: [String] = layout.items.flatMap { item -> [String] in
      if case .box(_, _, "b"?, _, _, let lines) = item { return lines.map(\.text) }
      return []
    }
    #expect(lines.contains { $0.split(separator: " ").contains(Substring(word)) }, "\(lines)")
  }

  @Test func anOptionalStepHasADashedBypassBesideIt() {
    let diagram = FlowDiagram(
      slug: "s", title: "Т", requires: [], produces: [], nodes: [.optional(box("a", "1"))])
    let layout = DiagramLayout(diagram)
    let optional = steps(layout)[0].rect
    let bypasses = layout.items.compactMap {
      if case .line(let points, _, true) = $0 { points } else { nil }
    }
    #expect(bypasses.count == 1)
    let bypass = bypasses[0]
    #expect(bypass.allSatisfy { $0.x <= optional.x + optional.width + DiagramLayout.bypassGap })
    #expect(bypass.map(\.x).max() ?? 0 > optional.x + optional.width)
    #expect(bypass.map(\.y).min() ?? 0 < optional.y)
    #expect(bypass.map(\.y).max() ?? 0 > optional.y + optional.height)
  }

  @Test func everyLineOfTextFitsItsBox() throws {
    let long = String(repeating: "Щщ", count: 40)
    let diagram = FlowDiagram(
      slug: "s", title: "Т", requires: ["Учётная запись на Госуслугах — подтверждённая"],
      produces: [],
      nodes: [
        .step(
          box("a", "10", "Откройте «Меню пользователя» → «Профиль» → «Согласия и доверенности»")),
        .step(box("b", nil, long)),
        .choice([[box("c", nil, long)], [box("d", "12а", "Коротко")]]),
        .group(title: long, [.optional(box("e", "13", long))]),
      ])
    let layout = DiagramLayout(diagram)
    for item in layout.items {
      switch item {
      case .box(let rect, _, _, let number, let textX, let lines):
        for line in lines {
          let right = textX + TextMetrics.width(line.text, bold: line.bold)
          #expect(right <= rect.x + rect.width - DiagramLayout.paddingX, "\(line.text)")
        }
        if let number {
          #expect(
            rect.x + DiagramLayout.paddingX + TextMetrics.width(number, bold: true) < textX)
        }
        #expect(rect.height == 2 * DiagramLayout.paddingY + lines.count * DiagramLayout.lineHeight)
      case .frame(let rect, let title):
        for line in title {
          #expect(
            DiagramLayout.frameGap + TextMetrics.width(line.text, bold: true)
              <= rect.width - DiagramLayout.frameGap)
        }
      default: break
      }
    }
  }

  @Test func wrappingBreaksBetweenWordsAndInsideOnlyTooLongWords() {
    let text = "Введите электронную почту ребёнка, на которую зарегистрирована его учётная запись"
    let lines = TextMetrics.wrap(text, width: 200)
    #expect(lines.count > 1)
    #expect(lines.joined(separator: " ") == text)
    #expect(lines.allSatisfy { TextMetrics.width($0) <= 200 })
    let word = String(repeating: "ж", count: 50)
    let pieces = TextMetrics.wrap(word, width: 100)
    #expect(pieces.joined() == word)
    #expect(pieces.allSatisfy { TextMetrics.width($0) <= 100 })
    #expect(TextMetrics.wrap("", width: 100) == [""])
    // Wide letters are counted wider than narrow ones, bold wider than regular.
    #expect(TextMetrics.width("шшш") > TextMetrics.width("ааа"))
    #expect(TextMetrics.width("ааа", bold: true) > TextMetrics.width("ааа"))
  }

  /// Lines are measured as they grow; held to measuring each candidate line whole.
  @Test func wrappingMeasuredWordByWordBreaksAsMeasuringWholeLines() {
    func wholeLines(_ text: String, width: Int, bold: Bool) -> [String] {
      var lines: [String] = []
      var line = ""
      for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if TextMetrics.width(candidate, bold: bold) <= width {
          line = candidate
          continue
        }
        if !line.isEmpty { lines.append(line) }
        line = ""
        for character in word {
          let longer = line + String(character)
          if !line.isEmpty, TextMetrics.width(longer, bold: bold) > width {
            lines.append(line)
            line = String(character)
          } else {
            line = longer
          }
        }
      }
      if !line.isEmpty { lines.append(line) }
      return lines.isEmpty ? [""] : lines
    }
    var random = SplitMix64(seed: 31)
    let pieces = [
      "Войдите", " ", "в", "портал", "«Госуслуги»", "\n", "ш", "i", "e\u{301}", "😀", "—",
      " \u{301}", "\r\n", "\t",
    ]
    for _ in 0..<2000 {
      let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &random)]
      }.joined()
      let width = Int.random(in: 10...160, using: &random)
      let bold = Bool.random(using: &random)
      #expect(
        TextMetrics.wrap(text, width: width, bold: bold)
          == wholeLines(text, width: width, bold: bold))
    }
  }

  // MARK: - SVG

  @Test func theSVGIsAccessibleEscapedAndPrefixedWithTheSlug() throws {
    let figure = DiagramFigure(try fixtureDiagram())
    let svg = figure.svg
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(!svg.contains("<?xml"))
    #expect(svg.contains("role=\"img\""))
    #expect(svg.contains("aria-labelledby=\"diagram-apply-title\""))
    #expect(svg.contains("<title id=\"diagram-apply-title\">Схема: Заявление в кружок</title>"))
    #expect(
      svg.contains(
        "<desc id=\"diagram-apply-desc\">Порядок действий «Заявление в кружок»: 11 шагов, из них 2 необязательных."
      ))
    #expect(svg.contains("Один шаг — выбор одного из 3 вариантов."))
    #expect(svg.contains("Включает общую инструкцию «Вход на портал»."))
    #expect(svg.contains("нумерованном списке на этой странице.</desc>"))
    #expect(svg.contains("&lt;для педагога&gt; &amp;"))
    #expect(!svg.contains("<для"))
    // One title (the diagram's): no tooltips on nodes, no ids of steps.
    #expect(svg.components(separatedBy: "<title").count == 2)
    #expect(!svg.contains("open-portal") && !svg.contains("fill-form"))
    #expect(!svg.contains("font-family"))
    let ids = svg.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(ids.count == 2 && ids.allSatisfy { $0.hasPrefix("diagram-apply-") })
    #expect(figure.wide, "three alternatives side by side are wider than a phone")
    #expect(DiagramSVG.idSafe("a b/ж-1") == "a-b---1")
  }

  @Test func theCacheDrawsEachDiagramOnce() throws {
    let cache = DiagramCache()
    let diagram = try fixtureDiagram()
    let first = cache.figure(diagram)
    #expect(cache.figure(diagram) == first)
    #expect(cache.count == 1)
    var renamed = diagram
    renamed.title = "Другое"
    #expect(cache.figure(renamed).caption == "Другое")
    #expect(cache.count == 2)
  }
}
