import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import Testing

/// SARIF, GitLab Code Quality and GitHub annotations: the fields CI tools read, fingerprints
/// that stay put, and GitHub's annotation limit. (The SARIF schema itself is checked by the test
/// command with check-jsonschema against the vendored OASIS schema.)
@Suite struct CIFormatTests {
  static let file = "content/pages/login.md"
  /// «й» written as и + U+0306: one character, two code points.
  static let line = "2. {#press} Нажмите «Вои\u{0306}ти»."
  static let source = "---\ntitle: Вход\n---\n" + line + "\n"

  static func finding(_ message: String, line: Int = 4, column: Int = 21) -> Diagnostic {
    .error(
      .uiLabelUnknown, message, at: SourceLocation(file: file, line: line, column: column),
      notes: [
        .init(
          location: SourceLocation(file: "content/flows/main.yaml", line: 17, column: 9),
          message: "declared here")
      ])
  }

  func json(_ format: DiagnosticFormat, _ diagnostics: [Diagnostic]) throws -> Any {
    let sources = [Self.file: Self.source]
    let text = DiagnosticFormatter(format: format, source: { sources[$0] }).render(diagnostics)
    return try JSONSerialization.jsonObject(with: Data(text.utf8))
  }

  @Test func sarifCarriesRulesLevelsAndCodePointRegions() throws {
    // Column 25 (characters) is «т»; the character before it, «й», is two code points.
    let diagnostics = [
      Self.finding("«Войти» is not a label", column: 25), .warning(.reviewDue, "review", at: nil),
    ]
    let log = try #require(try json(.sarif, diagnostics) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    #expect(run["columnKind"] as? String == "unicodeCodePoints")
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.compactMap { $0["id"] as? String } == ["review-due", "ui-label-unknown"])
    #expect(
      (rules[1]["shortDescription"] as? [String: Any])?["text"] as? String
        == RuleID.uiLabelUnknown.summary)
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == 2)
    let first = try #require(results.first { $0["ruleId"] as? String == "ui-label-unknown" })
    #expect(first["level"] as? String == "error")
    #expect(first["ruleIndex"] as? Int == 1)
    let location = try #require(
      (first["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == Self.file)
    let region = try #require(location["region"] as? [String: Int])
    // 24 characters before the column hold 25 code points: the column is 26 in code points.
    #expect(region == ["startLine": 4, "startColumn": 26, "endLine": 4, "endColumn": 27])
    #expect((first["relatedLocations"] as? [[String: Any]])?.count == 1)
    let warning = try #require(results.first { $0["ruleId"] as? String == "review-due" })
    #expect(warning["level"] as? String == "warning")
    #expect(warning["locations"] == nil)
  }

  @Test func gitLabFingerprintsAreUniqueAndStable() throws {
    let two = [
      Self.finding("«A» is not a label"), Self.finding("«A» is not a label", column: 30),
      Self.finding("«B» is not a label"),
    ]
    let issues = try #require(try json(.gitlab, two) as? [[String: Any]])
    #expect(issues.count == 3)
    for issue in issues {
      #expect(issue["check_name"] as? String == "ui-label-unknown")
      #expect(issue["severity"] as? String == "critical")
      #expect((issue["description"] as? String)?.hasSuffix("is not a label") == true)
      let location = try #require(issue["location"] as? [String: Any])
      #expect(location["path"] as? String == Self.file)
      #expect((location["lines"] as? [String: Int])?["begin"] == 4)
    }
    let prints = issues.compactMap { $0["fingerprint"] as? String }
    #expect(Set(prints).count == 3)
    // The same findings again, and moved down by a line inserted above: the same fingerprints.
    let again = try #require(try json(.gitlab, two) as? [[String: Any]]).compactMap {
      $0["fingerprint"] as? String
    }
    #expect(again == prints)
    let moved = two.map { finding -> Diagnostic in
      var finding = finding
      finding.location?.line += 1
      return finding
    }
    let afterEdit = try #require(try json(.gitlab, moved) as? [[String: Any]]).compactMap {
      $0["fingerprint"] as? String
    }
    #expect(Set(afterEdit) == Set(prints))
  }

  @Test func gitHubStaysWithinItsAnnotationLimitAndLogsEverything() {
    let errors = (1...25).map { Self.finding("error \($0)", line: $0) }
    let warnings = (1...3).map { Diagnostic.warning(.reviewDue, "warning \($0)", at: nil) }
    let text = DiagnosticFormatter(format: .github).render(errors + warnings)
    let lines = text.split(separator: "\n").map(String.init)
    let errorAnnotations = lines.filter { $0.hasPrefix("::error ") }
    #expect(errorAnnotations.count == DiagnosticFormatter.gitHubAnnotationsPerKind)
    #expect(
      errorAnnotations.last?.hasPrefix(
        "::error title=stepwise%3A 16 more errors::16 more errors are not annotated") == true)
    #expect(lines.filter { $0.hasPrefix("::warning ") }.count == 3)
    // Every finding is in the log, with command processing off around the listing.
    for number in 1...25 { #expect(text.contains("error: error \(number) [ui-label-unknown]")) }
    let stop = lines.first { $0.hasPrefix("::stop-commands::") }
    let token = stop.map { String($0.dropFirst("::stop-commands::".count)) }
    #expect(token != nil && lines.contains("::\(token ?? "")::"))
    #expect(lines.last == "::endgroup::")
  }
}
