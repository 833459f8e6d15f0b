import StepwiseCore
import StepwiseModel

/// A procedure that needs another's result links to it (`precondition-unlinked` in docs/rules.md).
struct PreconditionRules: Rule {
  static let ids: [RuleID] = [.preconditionUnlinked]

  func check(_ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let withPages = context.graph.procedures.filter {
      !$0.shared && context.content.page(forProcedure: $0.id) != nil
    }
    for page in context.content.pages {
      guard let procedure = context.graph.procedure(page.frontMatter.procedure.value),
        !procedure.shared, !context.linksToUnjudgedPage(page)
      else { continue }
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
    }
    return out
  }
}
