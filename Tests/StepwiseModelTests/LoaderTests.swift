import Foundation
import StepwiseCore
import Testing

@testable import StepwiseModel

@Suite struct YAMLDecodingTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var expected: [Diagnostic]
    var testDescription: String { name }
  }

  static func at(_ line: Int, _ column: Int) -> StepwiseCore.SourceLocation {
    SourceLocation(file: "content/regions.yaml", line: line, column: column)
  }

  static let cases: [Case] = [
    Case(
      name: "unknown key with a suggestion",
      yaml: "regions:\n  - code: RU-MOS\n    name: Московская область\n    slag: moskovskaya-oblast\n",
      expected: [
        .error("schema", "unknown key 'slag' in a region; did you mean 'slug'? (allowed: code, name, slug, systems, variables)", at: at(4, 5)),
        .error("schema", "a region is missing the required key 'slug'", at: at(2, 5)),
      ]),
    Case(
      name: "wrong type",
      yaml: "regions:\n  - code: [RU-MOS]\n    name: Москва\n    slug: moskva\n",
      expected: [.error("schema", "'code' must be text, found a list", at: at(2, 11))]),
    Case(
      name: "duplicate key",
      yaml: "regions:\n  - code: RU-MOS\n    code: RU-TA\n    name: x\n    slug: x\n",
      expected: [.error("schema", "key 'code' is written twice in one mapping; keep one", at: at(2, 5))]),
    Case(
      name: "anchors are refused",
      yaml: "regions:\n  - &base\n    code: RU-MOS\n",
      expected: [.error("schema", "YAML anchors ('&name') are not allowed; write the value out", at: at(2, 5))]),
    Case(
      name: "region code is ISO 3166-2:RU",
      yaml: "regions:\n  - code: MOS\n    name: Москва\n    slug: moskva\n",
      expected: [.error("schema", "region code 'MOS' is not an ISO 3166-2:RU code like 'RU-MOS'", at: at(2, 11))]),
    Case(
      name: "invalid YAML",
      yaml: "regions:\n  - code: RU-MOS\n   name: x\n",
      expected: [.error("schema", "invalid YAML: did not find expected '-' indicator", at: at(3, 4))]),
  ]

  @Test(arguments: cases)
  func reportsExactPositions(_ testCase: Case) {
    let reader = YAMLReader(file: "content/regions.yaml")
    if let node = reader.parse(testCase.yaml) { _ = reader.readRegions(node) }
    #expect(reader.diagnostics == testCase.expected)
  }

  @Test func textStaysAsWritten() throws {
    let reader = YAMLReader(file: "content/regions.yaml")
    let node = try #require(reader.parse("variables:\n  code:\n    type: text\n    title: x\nregions:\n  - code: RU-MOS\n    name: NO\n    slug: n0755\n    variables:\n      code: 0755\n"))
    let registry = try #require(reader.readRegions(node))
    #expect(reader.diagnostics == [])
    #expect(registry.regions[0].name == "NO")
    #expect(registry.regions[0].variables["code"]?.value == "0755")
  }

  @Test func nestingIsCapped() {
    let reader = YAMLReader(file: "content/regions.yaml")
    let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
    #expect(reader.parse("regions: \(deep)\n") == nil)
    #expect(reader.diagnostics.first?.message == "YAML nested deeper than 32 levels")
  }
}

@Suite struct PageLoadingTests {
  @Test func variableNamesAreTrimmedAsFoundationTrimsThem() {
    for inside in ["phone", " phone ", "\tphone\t", "\u{A0}phone\u{2003}", " телефон ", "   ", "", "a b", "\u{3000}x"] {
      let expected = inside.trimmingCharacters(in: .whitespaces)
      #expect(RegionVariables.trimmedName(Substring(inside).utf8) == expected, "\(inside.debugDescription)")
      #expect(RegionVariables.fill("{{\(inside)}}", with: [expected: "✓"]) == "✓", "\(inside.debugDescription)")
    }
  }

  /// The fences split as lines would be: the byte scanner against the plain line-based rule.
  @Test func frontMatterSplitsAtTheFirstFenceLines() {
    func byLines(_ text: String) -> String {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      guard lines.first == "---" else { return "none" }
      guard let closing = lines.dropFirst().firstIndex(of: "---") else { return "unclosed" }
      return "\(lines[1..<closing].joined(separator: "\n"))|\(lines[(closing + 1)...].joined(separator: "\n"))|\(closing + 1)"
    }
    func split(_ text: String) -> String {
      switch ContentLoader.splitFrontMatter(text) {
      case .noFrontMatter: "none"
      case .unclosedFrontMatter: "unclosed"
      case .parts(let frontMatter, let body, let offset): "\(frontMatter)|\(body)|\(offset)"
      }
    }
    let pieces = ["---", "--", "----", " ---", "--- ", "", "title: Вход", "Текст «тут»", "---x", "\n"]
    var texts = ["", "---", "---\n", "---\n---", "---\n---\n", "---\n\n---\nтекст", "--\n---\n"]
    for a in pieces {
      for b in pieces {
        for c in pieces {
          texts.append([a, b, c].joined(separator: "\n"))
          texts.append(["---", a, b, c].joined(separator: "\n"))
        }
      }
    }
    for text in texts {
      #expect(split(text) == byLines(text), "\(text.debugDescription)")
    }
  }

  @Test func frontMatterErrorsUseTheEditorsLineNumbers() {
    let text = "---\ntitle: Вход\nprocedure: login\nreview-by: 2027-02-30\n---\n\nТекст\n"
    let (page, diagnostics) = ContentLoader.loadPage(file: "content/pages/login.md", text: text)
    #expect(page?.frontMatter.reviewBy == nil)
    #expect(
      diagnostics == [
        .error("schema", "'review-by' must be a date written YYYY-MM-DD, found '2027-02-30'", at: SourceLocation(file: "content/pages/login.md", line: 4, column: 12))
      ])
  }

  @Test func stepMarkersQuotesAndVariablesArePlacedInCharacters() throws {
    let text = """
      ---
      title: Вход
      procedure: login
      ---

      1. {#open} Откройте {{portal-url}} и нажмите «Войти».
      2. {#press} Нажмите «Готово».
      """
    let (page, diagnostics) = ContentLoader.loadPage(file: "content/pages/login.md", text: text)
    #expect(diagnostics == [])
    let analysis = try #require(page?.analysis)
    let file = "content/pages/login.md"
    #expect(analysis.steps.map(\.id) == ["open", "press"])
    #expect(analysis.steps[0].location == SourceLocation(file: file, line: 6, column: 4))
    #expect(analysis.variables.map(\.name) == ["portal-url"])
    #expect(analysis.variables[0].location == SourceLocation(file: file, line: 6, column: 21))
    #expect(analysis.quotes.map(\.text) == ["Войти", "Готово"])
    #expect(analysis.quotes[0].location == SourceLocation(file: file, line: 6, column: 46))
    #expect(analysis.quotes.map(\.step) == [0, 1])
  }

  @Test func writtenNumbersAreKeptEvenWhenTheyJump() throws {
    let text = "---\ntitle: x\nprocedure: p\n---\n1. a\n2. b\n3. c\n4. d\n6. e\n"
    let (page, _) = ContentLoader.loadPage(file: "p.md", text: text)
    let numbers = try #require(page?.analysis.numberSequences.first)
    #expect(numbers.map(\.number) == [1, 2, 3, 4, 6])
    #expect(numbers[4].location.line == 9)
  }

  @Test func invalidUTF8IsPlacedAtItsCharacter() {
    let bytes: [UInt8] = Array("а\nбв".utf8) + [0xFF]
    #expect(ContentLoader.firstInvalidByte(bytes)! == (2, 3))
    #expect(ContentLoader.firstInvalidByte(Array("ok\0".utf8))! == (1, 3))
    #expect(ContentLoader.firstInvalidByte(Array("всё хорошо".utf8)) == nil)
  }
}

@Suite struct FlowAnalysisTests {
  @Test func alternativesAndOptionalStepsJoinTheirStates() throws {
    let yaml = """
      states:
        - id: account
          title: A
          values: [none, standard, confirmed]
      actors:
        - id: user
          title: U
      systems:
        - id: portal
          name: P
          scope: all-regions
      steps:
        - {id: fill, title: F, actor: user, system: portal, requires: {account: none}, effects: {account: standard}}
        - {id: bank, title: B, actor: user, system: portal, effects: {account: confirmed}}
        - {id: post, title: P, actor: user, system: portal, effects: {account: confirmed}}
        - {id: extra, title: E, actor: user, system: portal, effects: {account: none}}
      procedures:
        - id: register
          title: R
          requires: {account: none}
          steps: [fill, {one-of: [bank, post]}, {optional: extra}]
      """
    let reader = YAMLReader(file: "flows.yaml")
    var graph = FlowGraph()
    reader.readFlows(try #require(reader.parse(yaml)), into: &graph)
    graph.reindex()
    #expect(reader.diagnostics == [])
    let analysis = FlowAnalysis(graph: graph)
    let procedure = try #require(graph.procedure("register"))
    let end = analysis.walk(procedure)
    #expect(end.values["account"] == ["confirmed", "none"])
    // «extra» may undo the result, so the procedure does not establish `confirmed` for certain.
    #expect(analysis.provides(procedure).isEmpty)
  }
}

@Suite struct ContentLoaderTests {
  /// A minimal site in a temporary folder.
  func site(pages: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-loader-\(UUID().uuidString)")
    let files = [
      "content/site.yaml": "title: T\nbase-url: https://t.example/\n",
      "content/regions.yaml": "regions:\n  - code: RU-AAA\n    name: А\n    slug: a\n",
    ].merging(pages.map { ("content/pages/" + $0.key, $0.value) }) { first, _ in first }
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return root
  }

  @Test func twoPagesWithOneOutputPathAreAnErrorNamingBoth() throws {
    let root = try site(pages: [
      "login.md": "---\ntitle: A\nprocedure: one\n---\n", "login.MD": "---\ntitle: B\nprocedure: two\n---\n",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try ContentLoader(root: root).load()
    let finding = try #require(result.diagnostics.first { $0.message.contains("would both be published") })
    #expect(finding.location == SourceLocation(file: "content/pages/login.md", line: 1, column: 1))
    #expect(finding.message == "this page and content/pages/login.MD would both be published as 'login/' in every region; rename one of them")
    #expect(finding.notes.map(\.location) == [SourceLocation(file: "content/pages/login.MD", line: 1, column: 1)])
    #expect(result.content?.pages.count == 1)
  }

  @Test func aReservedRegionSlugIsRefused() throws {
    let root = try site(pages: [:])
    defer { try? FileManager.default.removeItem(at: root) }
    try Data("regions:\n  - code: RU-AAA\n    name: А\n    slug: static\n".utf8)
      .write(to: root.appendingPathComponent("content/regions.yaml"))
    let result = try ContentLoader(root: root).load()
    #expect(result.diagnostics.map(\.location) == [SourceLocation(file: "content/regions.yaml", line: 4, column: 11)])
    #expect(result.diagnostics.first?.message == "slug 'static' is the name of one of the site's own folders (assets, regiony, static); choose another")
  }
}
