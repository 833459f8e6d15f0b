import Foundation
import StepwiseCore
import Testing

@testable import StepwiseSite

/// docs/rules.md has a section (`### \`id\``) for every rule a module declares, and declares
/// nothing that no module reports.
@Suite struct RuleDocumentationTests {
  static let rulesDocument = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("docs/rules.md")

  /// The ids of the `### \`id\`` headings; the format sections (`--format …`) are not rules.
  static func documentedIDs() throws -> [String] {
    let text = try String(contentsOf: rulesDocument, encoding: .utf8)
    return text.split(separator: "\n").compactMap { line -> String? in
      guard line.hasPrefix("### `") else { return nil }
      let id = line.dropFirst("### `".count).prefix { $0 != "`" }
      guard let first = id.first, first.isLetter else { return nil }
      return String(id)
    }
  }

  @Test func everyDeclaredRuleIsDocumentedAndEveryDocumentedRuleIsDeclared() throws {
    let documented = try Self.documentedIDs()
    let declared = RuleID.all.map(\.rawValue)
    let undocumented = Set(declared).subtracting(documented).sorted()
    let undeclared = Set(documented).subtracting(declared).sorted()
    #expect(undocumented == [], "declared but not in docs/rules.md")
    #expect(undeclared == [], "in docs/rules.md but not declared")
    #expect(Set(declared).count == declared.count, "a rule is declared twice")
    #expect(Set(documented).count == documented.count, "a rule is documented twice")
  }

  @Test func everyRuleHasASummary() {
    for rule in RuleID.all {
      #expect(!rule.summary.isEmpty, "\(rule.rawValue) has no summary")
    }
  }
}
