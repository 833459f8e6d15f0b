import StepwiseCore
import StepwiseModel

/// The site's own settings (`base-url-example` in docs/rules.md).
struct SiteSettingsRules: Rule {
  static let ids: [RuleID] = [.baseURLExample]

  /// The placeholder address Stepwise's own example site and documentation give.
  static let exampleHost = "stepwise.example"

  func prepare(_ context: CheckContext, pages: [Int]) -> FamilyCheck {
    FamilyCheck(site: { siteFindings(context) })
  }

  private func siteFindings(_ context: CheckContext) -> [Diagnostic] {
    let url = context.content.site.baseURL
    guard URLRules.host(of: url.value) == Self.exampleHost else { return [] }
    return [
      .warning(
        .baseURLExample,
        CheckMessage.baseURLExample(url.value),
        at: url.location)
    ]
  }
}
