import Foundation
import StepwiseCore
import StepwiseTestSupport
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
      yaml:
        "regions:\n  - code: RU-MOS\n    name: Московская область\n    slag: moskovskaya-oblast\n",
      expected: [
        .error(
          .schema,
          "unknown key 'slag' in a region; did you mean 'slug'? (allowed: code, name, name-prepositional, slug, systems, variables)",
          at: at(4, 5)),
        .error(.schema, "a region is missing the required key 'slug'", at: at(2, 5)),
      ]),
    Case(
      name: "wrong type",
      yaml: "regions:\n  - code: [RU-MOS]\n    name: Москва\n    slug: moskva\n",
      expected: [.error(.schema, "'code' must be text, found a list", at: at(2, 11))]),
    Case(
      name: "duplicate key",
      yaml: "regions:\n  - code: RU-MOS\n    code: RU-TA\n    name: x\n    slug: x\n",
      expected: [
        .error(.schema, "key 'code' is written twice in one mapping; keep one", at: at(2, 5))
      ]),
    Case(
      name: "anchors are refused",
      yaml: "regions:\n  - &base\n    code: RU-MOS\n",
      expected: [
        .error(.schema, "YAML anchors ('&name') are not allowed; write the value out", at: at(2, 5))
      ]),
    Case(
      name: "region code is ISO 3166-2:RU",
      yaml: "regions:\n  - code: MOS\n    name: Москва\n    slug: moskva\n",
      expected: [
        .error(
          .schema, "region code 'MOS' is not an ISO 3166-2:RU code like 'RU-MOS'", at: at(2, 11))
      ]),
    Case(
      name: "invalid YAML",
      yaml: "regions:\n  - code: RU-MOS\n   name: x\n",
      expected: [
        .error(
          .yamlSyntax,
          "invalid YAML (did not find expected '-' indicator): the indentation does not line up — keys of one entry start in the same column and list items ('- ') of one list too; check this line and the one above",
          at: at(3, 4))
      ]
    ),
  ]

  @Test(arguments: cases)
  func reportsExactPositions(_ testCase: Case) {
    let reader = YAMLReader(file: "content/regions.yaml")
    if let node = reader.parse(testCase.yaml) { _ = reader.readRegions(node) }
    #expect(reader.diagnostics == testCase.expected)
  }

  @Test func textStaysAsWritten() throws {
    let reader = YAMLReader(file: "content/regions.yaml")
    let node = try #require(
      reader.parse(
        "variables:\n  code:\n    type: text\n    title: x\nregions:\n  - code: RU-MOS\n    name: NO\n    slug: n0755\n    variables:\n      code: 0755\n"
      ))
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
    for inside in [
      "phone", " phone ", "\tphone\t", "\u{A0}phone\u{2003}", " телефон ", "   ", "", "a b",
      "\u{3000}x",
    ] {
      let expected = inside.trimmingCharacters(in: .whitespaces)
      #expect(
        RegionVariables.trimmedName(Substring(inside).utf8) == expected,
        "\(inside.debugDescription)")
      #expect(
        RegionVariables.fill("{{\(inside)}}", with: [expected: "✓"]) == "✓",
        "\(inside.debugDescription)")
    }
  }

  /// The fences split as lines would be: the byte scanner against the plain line-based rule.
  @Test func frontMatterSplitsAtTheFirstFenceLines() {
    func byLines(_ text: String) -> String {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      guard lines.first == "---" else { return "none" }
      guard let closing = lines.dropFirst().firstIndex(of: "---") else { return "unclosed" }
      return
        "\(lines[1..<closing].joined(separator: "\n"))|\(lines[(closing + 1)...].joined(separator: "\n"))|\(closing + 1)"
    }
    func split(_ text: String) -> String {
      switch ContentLoader.splitFrontMatter(text) {
      case .noFrontMatter: "none"
      case .unclosedFrontMatter: "unclosed"
      case .parts(let frontMatter, let body, let offset): "\(frontMatter)|\(body)|\(offset)"
      }
    }
    let pieces = [
      "---", "--", "----", " ---", "--- ", "", "title: Вход", "Текст «тут»", "---x", "\n",
    ]
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
        .error(
          .schema, "'review-by' must be a date written YYYY-MM-DD, found '2027-02-30'",
          at: SourceLocation(file: "content/pages/login.md", line: 4, column: 12))
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

  /// A page shares its parts with its copies until one is changed: the change is the copy's own.
  @Test func aChangedCopyOfAPageLeavesTheOriginalAsItWas() throws {
    let text = "---\ntitle: Войти\nprocedure: sign-in\n---\n1. {#open} Откройте портал.\n"
    let original = try #require(ContentLoader.loadPage(file: "content/pages/a.md", text: text).0)
    let again = try #require(ContentLoader.loadPage(file: "content/pages/a.md", text: text).0)
    #expect(original == again && original.hashValue == again.hashValue)
    var copy = original
    #expect(copy == original)
    copy.slug = "b"
    copy.analysis.steps.removeAll()
    copy.bodyLineOffset += 1
    #expect(original.slug == "a" && original.analysis.steps.map(\.id) == ["open"])
    #expect(original.bodyLineOffset == again.bodyLineOffset)
    #expect(copy.slug == "b" && copy.analysis.steps.isEmpty && copy != original)
    var other = copy
    other.file = "content/pages/b.md"
    #expect(copy.file == "content/pages/a.md" && other.file == "content/pages/b.md")
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

  /// States kept as the few narrowed from their declared values join, compare and read as the
  /// full dictionaries of every state did.
  @Test func sparseStatesJoinAsDenseOnesDid() {
    var random = SplitMix64(seed: 21)
    let names = ["none", "standard", "confirmed", "linked", "off"]
    var declaredValues: [String: Set<String>] = [:]
    for index in 0..<12 {
      declaredValues["s\(index)"] = Set(names.prefix(1 + index % names.count))
    }
    let declared = AbstractState.Declared(declaredValues)
    func randomState() -> AbstractState {
      var state = AbstractState(declared: declared)
      for _ in 0..<Int(random.next() % 6) {
        let name = "s\(random.next() % 14)"  // s12 and s13 are not declared: ignored
        let values = Set(names.filter { _ in random.next() % 2 == 0 })
        state[name] = random.next() % 5 == 0 ? declaredValues[name] : values
      }
      return state
    }
    for _ in 0..<2_000 {
      let first = randomState()
      let second = randomState()
      var dense = first.values
      for (state, set) in second.values { dense[state, default: []].formUnion(set) }
      let joined = first.union(second)
      #expect(joined.values == dense)
      #expect(joined.values.keys.sorted() == declaredValues.keys.sorted())
      #expect((first == second) == (first.values == second.values))
      #expect(joined == second.union(first))
      if joined.values == second.values { #expect(joined.hashValue == second.hashValue) }
      for probe in ["s0", "s5", "s12"] { #expect(joined[probe] == dense[probe]) }
    }
  }

  /// Providers are looked for among the procedures that set the condition's state: the same as
  /// asking every candidate's outcome, a second procedure of one id (walked afresh) included.
  @Test func providersAreThoseWhoseOutcomeEstablishesTheCondition() throws {
    let yaml = """
      states:
        - {id: account, title: A, values: [none, standard, confirmed]}
        - {id: child, title: C, values: [none, linked]}
      actors:
        - {id: user, title: U}
      systems:
        - {id: portal, name: P, scope: all-regions}
      steps:
        - {id: fill, title: F, actor: user, system: portal, effects: {account: standard}}
        - {id: bank, title: B, actor: user, system: portal, effects: {account: confirmed}}
        - {id: link, title: L, actor: user, system: portal, effects: {child: linked}}
        - {id: look, title: K, actor: user, system: portal}
      procedures:
        - {id: register, title: R, steps: [fill]}
        - {id: confirm, title: C, steps: [fill, {one-of: [bank, look]}]}
        - {id: sure, title: S, steps: [fill, bank]}
        - {id: link-child, title: L, steps: [{optional: link}]}
        - {id: browse, title: B, steps: [look]}
        - {id: register, title: R2, steps: [link, bank]}
      """
    let reader = YAMLReader(file: "flows.yaml")
    var graph = FlowGraph()
    reader.readFlows(try #require(reader.parse(yaml)), into: &graph)
    graph.reindex()
    let analysis = FlowAnalysis(graph: graph)
    let candidates = graph.procedures
    #expect(candidates.count == 6)
    var found = 0
    for state in graph.states {
      // Every non-empty subset of the state's values.
      for mask in 1..<(1 << state.values.count) {
        let values = state.values.indices.filter { mask & (1 << $0) != 0 }.map {
          Located(state.values[$0], at: SourceLocation(file: "t", line: 1, column: 1))
        }
        let condition = StateCondition(
          state: Located(state.id, at: SourceLocation(file: "t", line: 1, column: 1)),
          values: values)
        let all = analysis.providers(of: condition, among: candidates)
        #expect(
          all.map(\.title)
            == candidates.filter { analysis.outcome(of: $0).establishes(condition) }.map(\.title))
        #expect(
          analysis.partialProviders(of: condition, among: candidates).map(\.title)
            == candidates.filter { analysis.outcome(of: $0).establishesOnSomePaths(condition) }
            .map(\.title))
        found += all.count
      }
    }
    // The second «register» sets `child` and `account`: found although the first one does not.
    let linked = StateCondition(
      state: Located("child", at: SourceLocation(file: "t", line: 1, column: 1)),
      values: [Located("linked", at: SourceLocation(file: "t", line: 1, column: 1))])
    #expect(analysis.providers(of: linked, among: candidates).map(\.title) == ["R2"])
    #expect(found > 5)
  }
}

@Suite struct ContentLoaderTests {
  /// A minimal site in a temporary folder.
  func site(pages: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stepwise-loader-\(UUID().uuidString)")
    let files = [
      "content/site.yaml": "title: T\nbase-url: https://t.example/\n",
      "content/regions.yaml": "regions:\n  - code: RU-AAA\n    name: А\n    slug: a\n",
    ].merging(pages.map { ("content/pages/" + $0.key, $0.value) }) { first, _ in first }
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return root
  }

  @Test func twoPagesWithOneOutputPathAreAnErrorNamingBoth() throws {
    let root = try site(pages: [
      "login.md": "---\ntitle: A\nprocedure: one\n---\n",
      "login.MD": "---\ntitle: B\nprocedure: two\n---\n",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try ContentLoader(root: root).load()
    let finding = try #require(
      result.diagnostics.first { $0.message.contains("would both be published") })
    #expect(finding.location == SourceLocation(file: "content/pages/login.md", line: 1, column: 1))
    #expect(
      finding.message
        == "this page and content/pages/login.MD would both be published as 'login/' in every region; rename one of them"
    )
    #expect(
      finding.notes.map(\.location) == [
        SourceLocation(file: "content/pages/login.MD", line: 1, column: 1)
      ])
    #expect(result.content?.pages.count == 1)
  }

  @Test func aReservedRegionSlugIsRefused() throws {
    let root = try site(pages: [:])
    defer { try? FileManager.default.removeItem(at: root) }
    try Data("regions:\n  - code: RU-AAA\n    name: А\n    slug: static\n".utf8)
      .write(to: root.appendingPathComponent("content/regions.yaml"))
    let result = try ContentLoader(root: root).load()
    #expect(
      result.diagnostics.map(\.location) == [
        SourceLocation(file: "content/regions.yaml", line: 4, column: 11)
      ])
    #expect(
      result.diagnostics.first?.message
        == "slug 'static' is the name of one of the site's own folders (assets, regiony, static); choose another"
    )
  }
}

/// Files are judged by their names, links and sizes before a byte of them is read.
@Suite struct ContentFileTests {
  /// A minimal valid site (one page) in a fresh temporary folder that holds nothing else.
  final class Site {
    let folder: URL
    var root: URL { folder.appendingPathComponent("site") }

    init(siteYAML: String = "title: T\nbase-url: https://t.example/\n") throws {
      folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "stepwise-files-\(UUID().uuidString)")
      try write("content/site.yaml", siteYAML)
      try write("content/regions.yaml", "regions:\n  - code: RU-AAA\n    name: А\n    slug: a\n")
      try write("content/pages/login.md", "---\ntitle: Вход\nprocedure: login\n---\n\nТекст.\n")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func write(_ path: String, _ text: String) throws {
      try FileManager.default.createDirectory(
        at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url(path))
    }

    /// Moves a site folder elsewhere (`outside` the site or to `shared/…` inside it) and puts a
    /// link to it in its place.
    func moveAndLink(_ path: String, to target: URL) throws {
      try FileManager.default.createDirectory(
        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      if FileManager.default.fileExists(atPath: url(path).path) {
        try FileManager.default.moveItem(at: url(path), to: target)
      } else {
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
      }
      try FileManager.default.createSymbolicLink(at: url(path), withDestinationURL: target)
    }

    /// A sparse file of `size` bytes: no disk blocks, nothing to read but zeros.
    func sparse(_ path: String, size: Int) throws {
      try FileManager.default.createDirectory(
        at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
      let descriptor = open(url(path).path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      try #require(descriptor >= 0)
      defer { close(descriptor) }
      try #require(ftruncate(descriptor, off_t(size)) == 0)
    }

    func load() throws -> ContentLoader.Result { try ContentLoader(root: root).load() }
  }

  static func at(_ file: String) -> StepwiseCore.SourceLocation {
    SourceLocation(file: file, line: 1, column: 1)
  }

  @Test func aLinkedPagesFolderInsideTheSiteIsFollowed() throws {
    let site = try Site()
    try site.moveAndLink("content/pages", to: site.url("shared/pages"))
    try site.write("shared/flows/main.yaml", "actors:\n  - id: user\n    title: U\n")
    try site.moveAndLink("content/flows", to: site.url("shared/flows"))
    try site.write("shared/assets/form.png", "png")
    try site.moveAndLink("content/assets", to: site.url("shared/assets"))
    let result = try site.load()
    #expect(result.diagnostics == [])
    #expect(result.content?.pages.map(\.file) == ["content/pages/login.md"])
    #expect(result.content?.graph.actors.map(\.id) == ["user"])
    #expect(result.content?.assets == ["content/assets/form.png"])
  }

  @Test(arguments: ["content/pages", "content/flows", "content/assets"])
  func aLinkedFolderOutsideTheSiteIsRefused(_ folder: String) throws {
    let site = try Site()
    let outside = site.folder.appendingPathComponent(
      "outside/\(folder.split(separator: "/").last ?? "")")
    try site.moveAndLink(folder, to: outside)
    let result = try site.load()
    #expect(
      result.diagnostics == [
        .error(
          .pathOutside,
          "this is a link to '\(outside.path)', outside the site; copy the file in instead",
          at: Self.at(folder))
      ])
    #expect(result.sources.keys.allSatisfy { !$0.hasPrefix(folder) })
  }

  @Test func linksToFilesInsideTheSiteAreFilesOfTheirFolder() throws {
    let site = try Site()
    try site.write("shared/form.png", "png")
    try site.write(
      "shared/register.md",
      "---\ntitle: Регистрация\nprocedure: register\n---\n\n![Форма](../assets/form.png)\n")
    try FileManager.default.createDirectory(
      at: site.url("content/assets"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: site.url("content/assets/form.png").path, withDestinationPath: "../../shared/form.png"
    )
    try FileManager.default.createSymbolicLink(
      atPath: site.url("content/pages/register.md").path,
      withDestinationPath: "../../shared/register.md")
    let result = try site.load()
    #expect(result.diagnostics == [])
    #expect(result.content?.assets == ["content/assets/form.png"])
    #expect(
      result.content?.pages.map(\.file).sorted() == [
        "content/pages/login.md", "content/pages/register.md",
      ])
  }

  @Test func aLinkThatLeadsNowhereIsAFinding() throws {
    let site = try Site()
    try FileManager.default.createSymbolicLink(
      atPath: site.url("content/pages/gone.md").path, withDestinationPath: "missing.md")
    let result = try site.load()
    #expect(
      result.diagnostics == [
        .error(
          .pathOutside,
          "this is a link to 'missing.md', which does not exist; copy the file in instead, or remove the link",
          at: Self.at("content/pages/gone.md"))
      ])
  }

  @Test func aLinkedFolderThatLinksToItselfDoesNotLoop() throws {
    let site = try Site()
    try site.write("content/assets/form.png", "png")
    try FileManager.default.createSymbolicLink(
      atPath: site.url("content/assets/again").path, withDestinationPath: ".")
    let result = try site.load()
    #expect(result.diagnostics == [])
    #expect(result.content?.assets == ["content/assets/form.png"])
  }

  @Test(arguments: [
    ("login\nx.md", "login\\nx.md"), ("a\tb.md", "a\\tb.md"), ("del\u{7F}.md", "del\\u{7F}.md"),
    ("c1\u{85}.md", "c1\\u{85}.md"),
  ])
  func aControlCharacterInAPageNameIsRefusedAndTheFileNotRead(_ name: String, _ shown: String)
    throws
  {
    let site = try Site()
    try site.write("content/pages/" + name, "---\ntitle: x\nprocedure: x\n---\n")
    let result = try site.load()
    #expect(
      result.diagnostics == [
        .error(
          .fileName,
          "the file name contains a control character (a line break, tab or similar), shown here escaped; the file is not read: rename it using letters, digits, '-' and '.'",
          at: Self.at("content/pages/" + shown))
      ])
    #expect(
      result.sources.keys.sorted() == [
        "content/pages/login.md", "content/regions.yaml", "content/site.yaml",
      ])
    #expect(result.content?.pages.map(\.file) == ["content/pages/login.md"])
  }

  @Test func aNameThatIsNotUTF8IsRefusedAndControlCharactersInOtherFilesAreLeftAlone() throws {
    let site = try Site()
    let pages = site.url("content/pages").path
    for name in [Array("bad".utf8) + [0xFF] + Array(".md".utf8), Array("notes\n.txt".utf8)] {
      let path = Array(pages.utf8) + [UInt8(ascii: "/")] + name
      let descriptor = (path.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
        $0.baseAddress.map { open($0, O_WRONLY | O_CREAT, 0o644) } ?? -1
      }
      try #require(descriptor >= 0)
      close(descriptor)
    }
    try site.write("content/assets/ok\u{1B}[31m.png", "png")
    try FileManager.default.createDirectory(
      at: site.url("content/assets/sub\nfolder"), withIntermediateDirectories: true)
    let result = try site.load()
    #expect(
      result.diagnostics.map { "\($0.location?.file ?? "") \($0.message)" }.sorted() == [
        "content/assets/ok\\u{1B}[31m.png the file name contains a control character (a line break, tab or similar), shown here escaped; the file is not read: rename it using letters, digits, '-' and '.'",
        "content/assets/sub\\nfolder the folder name contains a control character (a line break, tab or similar), shown here escaped; the folder is not read: rename it using letters, digits, '-' and '.'",
        "content/pages/bad\\xFF.md the file name is not valid UTF-8, shown here escaped; the file is not read: rename it using letters, digits, '-' and '.'",
      ])
  }

  @Test func aHugePageIsRefusedByItsSizeWithoutBeingRead() throws {
    let site = try Site()
    try site.sparse("content/pages/huge.md", size: 2 << 30)
    let started = Date()
    let result = try site.load()
    let seconds = Date().timeIntervalSince(started)
    #expect(
      result.diagnostics == [
        .error(
          .sizeLimit, "the file is 2147483648 bytes; the limit is 524288 bytes — split it",
          at: Self.at("content/pages/huge.md"))
      ])
    #expect(result.sources["content/pages/huge.md"] == nil)
    #expect(seconds < 1, "refusing a 2 GiB page took \(seconds) s")
  }

  @Test func aHugeDataFileIsRefusedByItsSize() throws {
    let site = try Site()
    try site.sparse("content/flows/huge.yaml", size: 3 << 30)
    let result = try site.load()
    #expect(result.diagnostics.map(\.rule) == [.sizeLimit])
    #expect(
      result.diagnostics.first?.message
        == "the file is 3221225472 bytes; the limit is 1048576 bytes — split it")
  }

  @Test func anAssetOverTheLimitIsAnErrorNamingItsSizeAndTheLimit() throws {
    let site = try Site()
    try site.sparse("content/assets/video.mp4", size: (20 << 20) + 1)
    try site.sparse("content/assets/form.png", size: 20 << 20)
    let result = try site.load()
    #expect(
      result.diagnostics == [
        .error(
          .sizeLimit,
          "the asset is 20 MiB (20971521 bytes); the limit is 20 MiB — make the file smaller, publish it elsewhere and link to it, or raise 'asset-size-limit' in content/site.yaml",
          at: Self.at("content/assets/video.mp4"))
      ])
  }

  @Test func theAssetLimitIsSetInSiteYAML() throws {
    let site = try Site(
      siteYAML: "title: T\nbase-url: https://t.example/\nasset-size-limit: 4 GiB\n")
    try site.sparse("content/assets/video.mp4", size: 3 << 30)
    #expect(try site.load().diagnostics == [])
    try site.write(
      "content/site.yaml", "title: T\nbase-url: https://t.example/\nasset-size-limit: 1 MiB\n")
    #expect(
      try site.load().diagnostics.map(\.message) == [
        "the asset is 3 GiB (3221225472 bytes); the limit is 1 MiB — make the file smaller, publish it elsewhere and link to it, or raise 'asset-size-limit' in content/site.yaml"
      ])
  }

  @Test(arguments: ["20", "20 MB", "0 MiB", "-1 MiB", "1.5 GiB", "2000 GiB", "MiB"])
  func anAssetLimitWithoutAUnitIsRefused(_ value: String) throws {
    let site = try Site(
      siteYAML: "title: T\nbase-url: https://t.example/\nasset-size-limit: \(value)\n")
    #expect(
      try site.load().diagnostics == [
        .error(
          .schema,
          "'asset-size-limit' must be a whole number with a unit, like '50 MiB' (KiB, MiB or GiB, at most 1024 GiB), found '\(value)'",
          at: SourceLocation(file: "content/site.yaml", line: 3, column: 19))
      ])
  }

  @Test func sizesAreParsedAndDescribed() {
    #expect(ByteSize.parse("50 MiB") == 50 << 20)
    #expect(ByteSize.parse("512kib") == 512 << 10)
    #expect(ByteSize.parse(" 1024 GiB ") == 1024 << 30)
    #expect(ByteSize.describe(3 << 30) == "3 GiB")
    #expect(ByteSize.describe((1 << 20) + (1 << 19)) == "1.5 MiB")
    #expect(ByteSize.describe(700) == "700 bytes")
  }

  @Test func aNamedPipeInPlaceOfAFileDoesNotHangTheLoad() throws {
    let site = try Site()
    try #require(mkfifo(site.url("content/pages/pipe.md").path, 0o644) == 0)
    #expect(try site.load().diagnostics == [])
    try FileManager.default.removeItem(at: site.url("content/site.yaml"))
    try #require(mkfifo(site.url("content/site.yaml").path, 0o644) == 0)
    #expect(throws: ContentError.unreadable("content/site.yaml", "not a regular file")) {
      try site.load()
    }
  }
}

/// Phones, e-mail addresses and URLs of the data files: one validator each, everywhere.
@Suite struct ValueRuleTests {
  @Test func phones() {
    for good in ["8 800 100-70-10", "+7 (498) 602-11-11", "112 00"] {
      #expect(ContactRules.isPhone(good), "\(good)")
    }
    for bad in ["javascript:alert(1)", "8 800 100-70-10 <b>", "1234", "", "8\u{A0}800 100 70 10"] {
      #expect(!ContactRules.isPhone(bad), "\(bad)")
    }
  }

  @Test func emails() {
    for good in ["minobr@mosreg.ru", "help.desk+1@почта.рф", "a@b.example"] {
      #expect(ContactRules.isEmail(good), "\(good)")
    }
    for bad in [
      "help@localhost", "@mosreg.ru", "a@@b.ru", "a@b@c.ru", "a b@c.ru", "a@b.ru\" onmouseover=\"x",
      "a@b.ru?subject=x", "a@.ru", "a@b.", "a@b..ru", "a@b.ru\n",
    ] {
      #expect(!ContactRules.isEmail(bad), "\(bad)")
    }
  }

  @Test func hostsAreLowercasedWithoutWWWWhetherOrNotTheTextIsASCII() {
    #expect(URLRules.host(of: "HTTPS://WWW.School.Mosreg.RU:8443/Path?q") == "school.mosreg.ru")
    #expect(URLRules.host(of: "http://a.ru#x") == "a.ru")
    #expect(URLRules.host(of: "Https://a.ru?www.b") == "a.ru")
    for none in ["ftp://a.ru", "https://", "https://www.", "https:/a.ru", "a.ru"] {
      #expect(URLRules.host(of: none) == nil, "\(none)")
    }
    #expect(URLRules.host(of: "https://WWW.Школа.РФ/Путь") == "школа.рф")
  }

  @Test func urlsWithAUserNameBeforeTheHostAreRefused() {
    for bad in [
      "https://trusted@evil.example/", "https://user:pass@evil.example",
      "https://trusted.ru\\@evil.example/", "https://evil.example\\trusted.ru/",
      "https://a.ru/\u{0}x", "http://a.ru/", "https://localhost/",
    ] {
      #expect(!URLRules.isAbsoluteHTTPS(bad), "\(bad)")
    }
    for good in [
      "https://school.mosreg.ru", "https://a.ru/@user?mail=a@b.ru#x@y", "https://a.ru:8443/",
    ] {
      #expect(URLRules.isAbsoluteHTTPS(good), "\(good)")
    }
  }
}
