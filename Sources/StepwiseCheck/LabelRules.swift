import StepwiseCore
import StepwiseModel

/// «Quoted» labels in a step are labels of that step's system (`ui-label-unknown`
/// in docs/rules.md).
struct LabelRules: Rule {
  static let ids: [RuleID] = [.uiLabelUnknown]

  static func normalize(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  func check(_ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let names = Set(context.graph.systems.flatMap { [$0.name] + $0.otherNames }.map(Self.normalize))
    // Per system, once: its labels and screen titles as compared.
    var known: [String: (words: [String], set: Set<String>)] = [:]
    for system in context.graph.systems where known[system.id] == nil {
      let words =
        system.labels.map(Self.normalize) + system.screens.map { Self.normalize($0.title) }
      known[system.id] = (words, Set(words))
    }
    for page in context.content.pages {
      for quote in page.analysis.quotes {
        guard let index = quote.step, index < page.analysis.steps.count,
          let step = context.graph.step(page.analysis.steps[index].id),
          let system = context.graph.system(step.system.value), let words = known[system.id]
        else { continue }
        let text = Self.normalize(quote.text)
        if words.set.contains(text) || names.contains(text) { continue }
        let hint = nearestName(to: text, in: words.words).map { "; did you mean «\($0)»?" } ?? ""
        out.append(
          .error(
            .uiLabelUnknown,
            "«\(quote.text)» is not a label on the screens of «\(system.name)»\(hint) (declare it under the system's screens if the screen really says so)",
            at: quote.location,
            notes: [
              .init(location: system.location, message: "the system's screens are declared here")
            ]))
      }
    }
    return out
  }
}
