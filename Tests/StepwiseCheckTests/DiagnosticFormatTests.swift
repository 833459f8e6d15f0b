import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import Testing

@Suite struct DiagnosticFormatTests {
  static let file = "content/pages/login-school.md"
  static let line = "1. {#open-school} Нажмите «Войти через ЕСИА» на главной."
  static let source = "---\ntitle: Вход\n---\n" + line + "\n\tСнова «Далее».\n"

  /// The column of «, counted in characters (27 here; in UTF-8 bytes it would be 34).
  static let column = (Array(line).firstIndex(of: "«") ?? -1) + 1

  static let diagnostics: [Diagnostic] = [
    .error(
      .uiLabelUnknown, "«Войти через ЕСИА» is not a label; did you mean «Войти через Госуслуги»?",
      at: at(file, 4, column),
      notes: [note("content/flows/flow.yaml", 26, 9, "the system's screens are declared here")]),
    .warning(.reviewDue, "50% done,\nsecond line", at: at(file, 5, 8)),
    .error(.schema, "no location", at: nil),
  ]

  func render(_ format: DiagnosticFormat) -> String {
    let sources = [Self.file: Self.source]
    return DiagnosticFormatter(format: format, source: { sources[$0] }).render(Self.diagnostics)
  }

  @Test func textIsLikeACompilerWithCharacterColumns() {
    #expect(Self.column == 27)
    let expected = """
      stepwise: error: no location [schema]
      content/pages/login-school.md:4:27: error: «Войти через ЕСИА» is not a label; did you mean «Войти через Госуслуги»? [ui-label-unknown]
      1. {#open-school} Нажмите «Войти через ЕСИА» на главной.
                                ^
      content/flows/flow.yaml:26:9: note: the system's screens are declared here
      content/pages/login-school.md:5:8: warning: 50% done,
      second line [review-due]
      \tСнова «Далее».
      \t      ^
      2 errors, 1 warning

      """
    #expect(render(.text) == expected)
  }

  @Test func textCaretOnARealFinding() throws {
    let site = try TemporarySite(edits: [.overlay("esia-label")])
    let outcome = try checkSite(at: site.root, today: fixtureToday)
    let text = DiagnosticFormatter(format: .text, source: { outcome.sources[$0] }).render(
      outcome.diagnostics)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(
      lines[0].hasPrefix(
        "content/pages/login-school.md:10:78: error: «Войти через ЕСИА» is not a label"))
    #expect(lines[0].hasSuffix(" [ui-label-unknown]"))
    let sourceLine = Array(lines[1])
    let caret = Array(lines[2])
    #expect(caret.count == 78)
    #expect(caret.last == "^")
    #expect(sourceLine[caret.count - 1] == "«")
    #expect(caret.dropLast().allSatisfy { $0 == " " })
    #expect(
      lines[3] == "content/flows/flow.yaml:26:9: note: the system's screens are declared here")
    #expect(lines[4] == "  - id: school")
    #expect(lines[5] == "        ^")
  }

  @Test func jsonFollowsSchemaVersion1() throws {
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(render(.json).utf8)) as? [String: Any])
    #expect(Set(json.keys) == ["schema", "errors", "warnings", "diagnostics"])
    #expect(json["schema"] as? String == "stepwise-diagnostics/1")
    #expect(json["errors"] as? Int == 2)
    #expect(json["warnings"] as? Int == 1)
    let entries = try #require(json["diagnostics"] as? [[String: Any]])
    #expect(entries.count == 3)

    // Sorted as printed: the finding without a place comes first and has no file, line, column.
    #expect(Set(entries[0].keys) == ["severity", "rule", "message", "notes"])
    #expect(entries[0]["rule"] as? String == "schema")

    let label = entries[1]
    #expect(Set(label.keys) == ["severity", "rule", "message", "file", "line", "column", "notes"])
    #expect(label["severity"] as? String == "error")
    #expect(label["rule"] as? String == "ui-label-unknown")
    #expect(
      label["message"] as? String
        == "«Войти через ЕСИА» is not a label; did you mean «Войти через Госуслуги»?")
    #expect(label["file"] as? String == Self.file)
    #expect(label["line"] as? Int == 4)
    #expect(label["column"] as? Int == 27)
    let notes = try #require(label["notes"] as? [[String: Any]])
    #expect(notes.count == 1)
    #expect(notes[0]["message"] as? String == "the system's screens are declared here")
    let location = try #require(notes[0]["location"] as? [String: Any])
    #expect(location["file"] as? String == "content/flows/flow.yaml")
    #expect(location["line"] as? Int == 26)
    #expect(location["column"] as? Int == 9)

    #expect(entries[2]["severity"] as? String == "warning")
    #expect(entries[2]["message"] as? String == "50% done,\nsecond line")
  }

  @Test func jsonOfNothingIsAnEmptyReport() throws {
    let text = DiagnosticFormatter(format: .json).render([])
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(json["schema"] as? String == "stepwise-diagnostics/1")
    #expect(json["errors"] as? Int == 0)
    #expect((json["diagnostics"] as? [Any])?.isEmpty == true)
    #expect(DiagnosticFormatter(format: .text).render([]) == "")
  }

  @Test func githubWorkflowCommands() {
    let expected = """
      ::error title=stepwise [schema]::no location
      ::error file=content/pages/login-school.md,line=4,col=27,title=stepwise [ui-label-unknown]::«Войти через ЕСИА» is not a label; did you mean «Войти через Госуслуги»?
      ::warning file=content/pages/login-school.md,line=5,col=8,title=stepwise [review-due]::50%25 done,%0Asecond line

      """
    // The annotations come first; every finding follows in a collapsed log group.
    let rendered = render(.github)
    #expect(rendered.hasPrefix(expected))
    #expect(rendered.contains("::group::stepwise: all findings (3)\n::stop-commands::stepwise-"))
    #expect(
      rendered.contains(
        "content/pages/login-school.md:5:8: warning: 50% done,\nsecond line [review-due]\n"))
    #expect(rendered.hasSuffix("::endgroup::\n"))
  }

  @Test func githubEscapesProperties() {
    let diagnostic = Diagnostic.error(.linkBroken, "x", at: at("content/pages/a,b:c.md", 1, 2))
    #expect(
      DiagnosticFormatter(format: .github).render([diagnostic])
        .hasPrefix(
          "::error file=content/pages/a%2Cb%3Ac.md,line=1,col=2,title=stepwise [link-broken]::x\n"))
  }
}
