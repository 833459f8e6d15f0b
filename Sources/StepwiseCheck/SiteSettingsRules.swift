import StepwiseCore
import StepwiseModel

/// The site's own settings (`base-url-example` in docs/rules.md).
struct SiteSettingsRules: Rule {
  static let ids: [RuleID] = [.baseURLExample]

  /// The placeholder address Stepwise's own example site and documentation give.
  static let exampleHost = "stepwise.example"

  func check(_ context: CheckContext) -> [Diagnostic] {
    let url = context.content.site.baseURL
    guard URLRules.host(of: url.value) == Self.exampleHost else { return [] }
    return [
      .warning(
        .baseURLExample,
        "'base-url' is still the example address '\(url.value)': the sitemap, robots.txt and every page's canonical link would point there; write the address the site will be published at (or pass --base-url to build)",
        at: url.location)
    ]
  }
}
