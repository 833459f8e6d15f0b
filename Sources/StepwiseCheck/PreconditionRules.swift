import StepwiseCore
import StepwiseModel

/// A procedure that needs another's result links to it (`precondition-unlinked` in docs/rules.md).
struct PreconditionRules: Rule {
  static let ids: [RuleID] = [.preconditionUnlinked]

  func prepare(_ context: CheckContext) -> FamilyCheck {
    let withPages = context.graph.procedures.filter {
      !$0.shared && context.content.page(forProcedure: $0.id) != nil
    }
    return FamilyCheck(page: { findings(context.content.pages[$0], context, withPages: withPages) })
  }

  private func findings(_ page: Page, _ context: CheckContext, withPages: [Procedure])
    -> [Diagnostic]
  {
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
      let providers = context.analysis.providers(of: condition, among: withPages).filter {
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
