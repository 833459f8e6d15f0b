import StepwiseCore
import StepwiseModel

/// A procedure that needs another's result links to it (`precondition-unlinked` in docs/rules.md).
struct PreconditionRules: Rule {
  static let ids: [RuleID] = [.preconditionUnlinked]

  func prepare(_ context: CheckContext, pages: [Int]) -> FamilyCheck {
    let withPages = context.graph.procedures.filter {
      !$0.shared && context.content.page(forProcedure: $0.id) != nil
    }
    // The providers of each condition a page's procedure needs, found once per condition (many
    // procedures need the same state) instead of once per page.
    var providers: [ConditionKey: [Procedure]] = [:]
    // What each candidate may set, looked up once for all the conditions.
    let index = context.analysis.providerIndex(among: withPages)
    for page in pages.map({ context.content.pages[$0] }) {
      guard let procedure = context.graph.procedure(page.frontMatter.procedure.value) else {
        continue
      }
      for condition in context.analysis.preconditions(of: procedure)
      where providers[ConditionKey(condition)] == nil {
        providers[ConditionKey(condition)] = index.providers(of: condition)
      }
    }
    let found = providers
    return FamilyCheck(page: {
      findings(context.content.pages[$0], context, providers: found, withPages: withPages)
    })
  }

  /// What `FlowAnalysis.providers` reads of a condition: its state and the values it accepts.
  struct ConditionKey: Hashable, Sendable {
    var state: String
    var values: [String]

    init(_ condition: StateCondition) {
      state = condition.state.value
      values = condition.values.map(\.value)
    }
  }

  private func findings(
    _ page: Page, _ context: CheckContext, providers found: [ConditionKey: [Procedure]],
    withPages: [Procedure]
  ) -> [Diagnostic] {
    var out: [Diagnostic] = []
    guard let procedure = context.graph.procedure(page.frontMatter.procedure.value),
      !procedure.shared, !context.linksToUnjudgedPage(page)
    else { return [] }
    let linked = Set(
      page.analysis.references.compactMap { reference -> String? in
        if case .page(let slug, _) = LinkTarget(reference.destination) { return slug }
        return nil
      })
    for condition in context.analysis.preconditions(of: procedure) {
      let providers =
        (found[ConditionKey(condition)]
        ?? context.analysis.providers(of: condition, among: withPages)).filter {
          $0.id != procedure.id
        }
      let pages = providers.compactMap { context.content.page(forProcedure: $0.id) }
      guard !pages.isEmpty, pages.allSatisfy({ !linked.contains($0.slug) }) else { continue }
      out.append(
        .error(
          .preconditionUnlinked,
          CheckMessage.preconditionUnlinked(
            procedure: procedure.id, state: condition.state.value,
            values: condition.values.map(\.value),
            pages: pages.map { (title: $0.frontMatter.title, slug: $0.slug) }),
          at: page.frontMatter.procedure.location))
    }
    return out
  }
}
