import StepwiseCore
import StepwiseModel

/// What every rule sees: the typed content, the site plan and the date to judge deadlines by.
public struct CheckContext: Sendable {
  public let content: Content
  public let plan: SitePlan
  public let analysis: FlowAnalysis
  public let today: CalendarDate

  public init(content: Content, plan: SitePlan, today: CalendarDate, analysis: FlowAnalysis? = nil)
  {
    self.content = content
    self.plan = plan
    self.analysis = analysis ?? FlowAnalysis(graph: content.graph)
    self.today = today
  }

  var graph: FlowGraph { content.graph }

  /// `«title»` of a step, for messages.
  func quoted(step id: String) -> String {
    "«\(graph.step(id)?.title ?? id)»"
  }
}

/// One family of checks; returns its findings, never stops at the first.
public protocol Rule: Sendable {
  /// The stable ids this rule reports under (declared in CheckRuleIDs.swift).
  static var ids: [RuleID] { get }
  func check(_ context: CheckContext) -> [Diagnostic]
}

/// Runs every rule and returns all findings, sorted as a compiler prints them.
public struct Checker: Sendable {
  public static let rules: [any Rule] = [
    GraphRules(), PageStepRules(), PreconditionRules(), RegionVariableRules(), LabelRules(),
    LinkRules(), DateRules(), SiteSettingsRules(),
  ]

  /// Every rule the checker's families report, derived from their declarations.
  public static let ruleIDs: [RuleID] = rules.flatMap { type(of: $0).ids }

  /// Every rule id the loader and the checker can report, sorted.
  ///
  /// The renderer's own rules
  /// (`RuleID.renderRules`) are added by the site pipeline, which sees every module.
  public static let allRuleIDs: [RuleID] = (RuleID.modelRules + ruleIDs).sorted()

  public init() {}

  /// The rule families are independent: they run side by side on every core.
  public func check(_ context: CheckContext) -> [Diagnostic] {
    parallelMap(Self.rules.count) { Self.rules[$0].check(context) }.flatMap(\.self).sorted()
  }
}
