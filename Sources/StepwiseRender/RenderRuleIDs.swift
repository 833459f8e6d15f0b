import StepwiseCore

// The rules the renderer reports (see docs/rules.md).
extension RuleID {
  public static let template = RuleID(
    "template", summary: "a template is missing or is not valid Mustache")

  /// Every rule StepwiseRender reports.
  public static let renderRules: [RuleID] = [.template]
}
