import Foundation
import StepwiseTestSupport
import Testing

/// `stepwise lsp` end to end: the built executable, spoken to by a client over its standard
/// input and output.
@Suite struct LanguageServerProcessTests {
  /// The login page with unsaved mistakes after an emoji, a combining mark and Cyrillic text: a
  /// near-miss label and a step id that does not exist.
  static let brokenLine = "2. {#press-login} 👍 Нажми́те «Войти через порта»."
  static let unknownStepLine = "3. {#press-logn} Готово."

  /// The UTF-16 offset of the first `needle` in `line`, counted by the standard library.
  static func utf16Offset(of needle: String, in line: String) throws -> Int {
    let range = try #require(line.range(of: needle))
    return line.utf16.distance(from: line.startIndex, to: range.lowerBound)
  }

  /// Starts a server on a scratch copy of the basic site and initializes it.
  static func start(_ site: ScratchSite, encodings: [String]? = nil) throws -> (
    LSPClient, [String: Any]
  ) {
    let client = try LSPClient(site: site.root)
    var capabilities: [String: Any] = [:]
    if let encodings { capabilities["general"] = ["positionEncodings": encodings] }
    let response = try client.request(
      "initialize",
      ["processId": NSNull(), "rootUri": site.root.absoluteString, "capabilities": capabilities])
    try client.notify("initialized", [:])
    return (client, try #require(response["result"] as? [String: Any]))
  }

  static func open(_ client: LSPClient, _ uri: String, _ text: String, version: Int = 1) throws {
    try client.notify(
      "textDocument/didOpen",
      [
        "textDocument": [
          "uri": uri, "languageId": "markdown", "version": version, "text": text,
        ]
      ])
  }

  static func position(_ uri: String, _ line: Int, _ character: Int) -> [String: Any] {
    ["textDocument": ["uri": uri], "position": ["line": line, "character": character]]
  }

  @Test func unsavedMistakesAreReportedAtUTF16RangesAndClearedByAFix() throws {
    let site = try ScratchSite()
    let (client, capabilities) = try Self.start(site)
    #expect(capabilities["capabilities"] as? [String: Any] != nil)
    let offered = try #require(capabilities["capabilities"] as? [String: Any])
    #expect(offered["positionEncoding"] as? String == "utf-16")
    #expect(offered["hoverProvider"] as? Bool == true)
    #expect(offered["definitionProvider"] as? Bool == true)

    let file = "content/pages/login.md"
    let uri = site.url(file).absoluteString
    let saved = try site.read(file)
    let lines = saved.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let labelLine = try #require(lines.firstIndex { $0.hasPrefix("2. {#press-login}") })
    var broken = lines
    broken[labelLine] = Self.brokenLine
    broken.insert(Self.unknownStepLine, at: labelLine + 1)
    try Self.open(client, uri, broken.joined(separator: "\n"))

    let found = try client.diagnostics(for: uri, version: 1)
    let label = try #require(found.first { $0["code"] as? String == "ui-label-unknown" })
    let range = try #require(label["range"] as? [String: [String: Int]])
    let start = try Self.utf16Offset(of: "«", in: Self.brokenLine)
    #expect(range["start"] == ["line": labelLine, "character": start])
    // To the closing », inclusive.
    #expect(
      range["end"]
        == [
          "line": labelLine, "character": try Self.utf16Offset(of: "».", in: Self.brokenLine) + 1,
        ])
    #expect(label["severity"] as? Int == 1)
    #expect(label["source"] as? String == "stepwise")
    #expect((label["message"] as? String)?.contains("«Войти через портал»") == true)
    let related = try #require(label["relatedInformation"] as? [[String: Any]])
    let note = try #require(related.first?["location"] as? [String: Any])
    #expect((note["uri"] as? String)?.hasSuffix("content/flows/main.yaml") == true)

    let unknown = try #require(found.first { $0["code"] as? String == "step-unknown" })
    let unknownRange = try #require(unknown["range"] as? [String: [String: Int]])
    #expect(unknownRange["start"]?["line"] == labelLine + 1)
    // The file on disk is untouched and clean: the findings are those of the unsaved text.
    #expect(try site.read(file) == saved)

    try client.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": uri, "version": 2],
        "contentChanges": [["text": saved]],
      ])
    #expect(try client.diagnostics(for: uri, version: 2).isEmpty)

    try client.request("shutdown")
    try client.notify("exit", [:])
    #expect(client.finish() == 0)
  }

  @Test func aFlowFileIsCheckedAsTypedAndItsFindingsGoAway() throws {
    let site = try ScratchSite()
    let (client, _) = try Self.start(site)
    let file = "content/flows/main.yaml"
    let uri = site.url(file).absoluteString
    let saved = try site.read(file)
    let broken = saved.replacingOccurrences(
      of: "    title: Учётная запись\n", with: "    title: Учётная запись\n    colour: red\n")
    #expect(broken != saved)
    try Self.open(client, uri, broken)
    let found = try client.diagnostics(for: uri, version: 1)
    let schema = try #require(found.first)
    #expect(schema["code"] as? String == "schema")
    let range = try #require(schema["range"] as? [String: [String: Int]])
    #expect(range["start"] == ["line": 3, "character": 4])
    try client.notify(
      "textDocument/didChange",
      ["textDocument": ["uri": uri, "version": 2], "contentChanges": [["text": saved]]])
    #expect(try client.diagnostics(for: uri, version: 2).isEmpty)
    try client.request("shutdown")
    try client.notify("exit", [:])
    #expect(client.finish() == 0)
  }

  @Test func utf32PositionsWhenTheClientOffersThem() throws {
    let site = try ScratchSite()
    let (client, capabilities) = try Self.start(site, encodings: ["utf-32", "utf-16"])
    let offered = try #require(capabilities["capabilities"] as? [String: Any])
    #expect(offered["positionEncoding"] as? String == "utf-32")
    let file = "content/pages/login.md"
    let uri = site.url(file).absoluteString
    let saved = try site.read(file)
    let text = saved.replacingOccurrences(
      of: "2. {#press-login} Нажмите «Войти через портал».", with: Self.brokenLine)
    #expect(text != saved)
    try Self.open(client, uri, text)
    let found = try client.diagnostics(for: uri, version: 1)
    let label = try #require(found.first { $0["code"] as? String == "ui-label-unknown" })
    let range = try #require(label["range"] as? [String: [String: Int]])
    let line = Self.brokenLine
    let scalars = line.unicodeScalars.distance(
      from: line.unicodeScalars.startIndex, to: try #require(line.range(of: "«")).lowerBound)
    #expect(range["start"]?["character"] == scalars)
    #expect(scalars != (try Self.utf16Offset(of: "«", in: line)))
    try client.request("shutdown")
    try client.notify("exit", [:])
    #expect(client.finish() == 0)
  }

  @Test func completionHoverAndDefinition() throws {
    let site = try ScratchSite()
    let (client, _) = try Self.start(site)
    let file = "content/pages/login.md"
    let uri = site.url(file).absoluteString
    let saved = try site.read(file)
    // Lines the test types at the end of the page, each ending where completion is asked.
    let typed = ["4. {#", "Нажмите «Вой", "Адрес: {{", "См. [регистрацию]("]
    let text = saved + "\n" + typed.joined(separator: "\n")
    try Self.open(client, uri, text)
    _ = try client.diagnostics(for: uri, version: 1)
    let firstTyped =
      text.split(separator: "\n", omittingEmptySubsequences: false).count
      - typed.count

    func items(_ index: Int) throws -> [[String: Any]] {
      let response = try client.request(
        "textDocument/completion",
        Self.position(uri, firstTyped + index, typed[index].utf16.count))
      let result = try #require(response["result"] as? [String: Any])
      return try #require(result["items"] as? [[String: Any]])
    }
    func labels(_ items: [[String: Any]]) -> [String] {
      items.sorted { ($0["sortText"] as? String ?? "") < ($1["sortText"] as? String ?? "") }
        .compactMap { $0["label"] as? String }
    }

    let steps = try items(0)
    // The page's own procedure's steps first, in order, then the others.
    #expect(labels(steps) == ["open-school", "press-login", "create"])
    let openSchool = try #require(steps.first { $0["label"] as? String == "open-school" })
    #expect(openSchool["detail"] as? String == "Откройте школу")
    let edit = try #require(openSchool["textEdit"] as? [String: Any])
    #expect(edit["newText"] as? String == "open-school}")

    let quoted = try items(1)
    #expect(labels(quoted).first == "Войти через портал")
    #expect(Set(labels(quoted)) == ["Войти через портал", "Создать", "Войти"])
    let label = try #require(quoted.first { $0["label"] as? String == "Войти через портал" })
    #expect(label["detail"] as? String == "Школа — Вход")
    let labelEdit = try #require(label["textEdit"] as? [String: Any])
    let labelRange = try #require(labelEdit["range"] as? [String: [String: Int]])
    #expect(labelRange["start"]?["character"] == "Нажмите «".utf16.count)
    #expect(labelEdit["newText"] as? String == "Войти через портал»")

    #expect(Set(labels(try items(2))) == ["portal-url", "region.name", "region.code"])
    #expect(labels(try items(3)) == ["register.md"])

    // Hover and definition on `{#open-school}` of the saved page.
    let lines = saved.split(separator: "\n", omittingEmptySubsequences: false)
    let markerLine = try #require(lines.firstIndex { $0.hasPrefix("1. {#open-school}") })
    let hover = try client.request("textDocument/hover", Self.position(uri, markerLine, 7))
    let contents = try #require(
      (hover["result"] as? [String: Any])?["contents"] as? [String: Any])
    #expect(contents["kind"] as? String == "markdown")
    let markdown = try #require(contents["value"] as? String)
    for expected in [
      "**Откройте школу** (`open-school`)", "Пользователь", "Школа (`school`)",
      "Требует: Учётная запись: есть", "Меняет: —",
    ] {
      #expect(markdown.contains(expected), "\(expected) in \(markdown)")
    }

    let flows = try site.read("content/flows/main.yaml").split(
      separator: "\n", omittingEmptySubsequences: false)
    let definition = try client.request(
      "textDocument/definition", Self.position(uri, markerLine, 7))
    let location = try #require(definition["result"] as? [String: Any])
    #expect((location["uri"] as? String)?.hasSuffix("content/flows/main.yaml") == true)
    let stepLine = try #require(flows.firstIndex { $0 == "  - id: open-school" })
    let range = try #require(location["range"] as? [String: [String: Int]])
    #expect(range["start"]?["line"] == stepLine)

    let procedureLine = try #require(lines.firstIndex { $0.hasPrefix("procedure:") })
    let procedure = try client.request(
      "textDocument/definition", Self.position(uri, procedureLine, 12))
    let procedureRange = try #require(
      (procedure["result"] as? [String: Any])?["range"] as? [String: [String: Int]])
    #expect(procedureRange["start"]?["line"] == flows.firstIndex { $0 == "  - id: login" })

    // Nothing under the cursor: null, not an error.
    let nothing = try client.request("textDocument/hover", Self.position(uri, 0, 0))
    #expect(nothing["result"] is NSNull)
    #expect(nothing["error"] == nil)

    try client.request("shutdown")
    try client.notify("exit", [:])
    #expect(client.finish() == 0)
  }

  @Test func malformedInputGetsErrorsAndTheServerGoesOn() throws {
    let site = try ScratchSite()
    let client = try LSPClient(site: site.root)
    // Before initialize, a request is refused.
    let early = try client.request("textDocument/hover", Self.position("file:///x.md", 0, 0))
    #expect((early["error"] as? [String: Any])?["code"] as? Int == -32002)
    try client.request("initialize", ["processId": NSNull(), "capabilities": [:]])
    try client.notify("initialized", [:])

    func expectError(_ code: Int, after bytes: Data) throws {
      client.writeRaw(bytes)
      let response = try client.waitFor {
        ($0["error"] as? [String: Any])?["code"] as? Int == code
      }
      #expect(response["id"] is NSNull || response["id"] != nil)
    }
    try expectError(-32700, after: Data("Content-Length: lots\r\n\r\n".utf8))
    try expectError(-32700, after: Data("X-Nothing: 1\r\n\r\n".utf8))
    for body in [
      Data("{not json".utf8), Data([0x7B, 0xFF, 0xFE, 0x7D]),
      Data(String(repeating: "[", count: 100_000).utf8),
    ] {
      try expectError(-32700, after: Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }
    let notRequest = Data("[1,2]".utf8)
    try expectError(
      -32600, after: Data("Content-Length: \(notRequest.count)\r\n\r\n".utf8) + notRequest)

    let unknown = try client.request("workspace/symbol", ["query": "x"])
    #expect((unknown["error"] as? [String: Any])?["code"] as? Int == -32601)
    let badParams = try client.request("textDocument/completion", ["position": "here"])
    #expect((badParams["error"] as? [String: Any])?["code"] as? Int == -32602)
    // Cancelling is a notification that changes nothing.
    try client.notify("$/cancelRequest", ["id": 99])

    // Still answering.
    let answer = try client.request("shutdown")
    #expect(answer["result"] is NSNull)
    try client.notify("exit", [:])
    #expect(client.finish() == 0)
  }

  @Test func exitWithoutShutdownEndsWithStatusOne() throws {
    let site = try ScratchSite()
    let (client, _) = try Self.start(site)
    try client.notify("exit", [:])
    #expect(client.finish() == 1)
  }
}
