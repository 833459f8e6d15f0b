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
        let values = condition.values.map(\.value).joined(separator: " or ")
        let options = pages.map { "«\($0.frontMatter.title)» (\($0.slug).md)" }.joined(
          separator: " or ")
        out.append(
          .error(
            .preconditionUnlinked,
            "procedure '\(procedure.id)' requires \(condition.state.value) = \(values), which \(options) provides, but the page does not link to it; add a link like [\(pages[0].frontMatter.title)](\(pages[0].slug).md)",
            at: page.frontMatter.procedure.location))
      }
    }
    return out
  }
}
