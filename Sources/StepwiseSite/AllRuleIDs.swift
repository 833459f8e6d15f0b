import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseRender

extension RuleID {
  /// Every rule `stepwise check` and `stepwise build` can report, sorted: the loader's, the
  /// checker's and the renderer's, each derived from its module's declarations.
  public static let all: [RuleID] = (Checker.allRuleIDs + RuleID.renderRules).sorted()
}
