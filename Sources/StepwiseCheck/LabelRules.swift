import StepwiseCore
import StepwiseModel

/// «Quoted» labels in a step are labels of that step's system (`ui-label-unknown`
/// in docs/rules.md); labels pasted in other quotes are checked too (`label-quotes`).
struct LabelRules: Rule {
  static let ids: [RuleID] = [.uiLabelUnknown, .labelQuotes]

  static func normalize(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  func prepare(_ context: CheckContext, pages: [Int]) -> FamilyCheck {
    let graph = context.graph
    // The graph's alone: kept while it is unchanged (`FactsMemo`).
    let (names, labels) = context.factsMemo.value(Self.self) {
      let names = Set(graph.systems.flatMap { [$0.name] + $0.otherNames }.map(Self.normalize))
      // Per system, once: its labels and screen titles as compared.
      var known: [String: (words: [String], set: Set<String>)] = [:]
      for system in graph.systems where known[system.id] == nil {
        let words =
          system.labels.map(Self.normalize) + system.screens.map { Self.normalize($0.title) }
        known[system.id] = (words, Set(words))
      }
      return (names, known)
    }
    return FamilyCheck(page: {
      findings(context.content.pages[$0], context, names: names, known: labels)
    })
  }

  private func findings(
    _ page: Page, _ context: CheckContext, names: Set<String>,
    known: [String: (words: [String], set: Set<String>)]
  ) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for quote in page.analysis.quotes {
      guard let index = quote.step, index < page.analysis.steps.count,
        let step = context.graph.step(page.analysis.steps[index].id),
        let system = context.graph.system(step.system.value), let words = known[system.id]
      else { continue }
      let text = Self.normalize(quote.text)
      let known = words.set.contains(text) || names.contains(text)
      if quote.marks != .guillemets {
        // Other quotes may quote anything; they are labels when they name one, or nearly.
        let marks = Array(quote.marks.rawValue)
        let written = "\(marks[0])\(quote.text)\(marks[1])"
        if known {
          out.append(
            .warning(
              .labelQuotes,
              CheckMessage.labelInOtherQuotes(
                written: written, system: system.name, open: marks[0], close: marks[1],
                text: quote.text),
              at: quote.location))
          continue
        }
        guard let near = nearestName(to: text, in: words.words) else { continue }
        out.append(
          .error(
            .uiLabelUnknown,
            CheckMessage.labelUnknownInOtherQuotes(
              written: written, system: system.name, suggestion: near),
            at: quote.location,
            notes: [.init(location: system.location, CheckMessage.systemScreensHere)]))
        continue
      }
      if known { continue }
      out.append(
        .error(
          .uiLabelUnknown,
          CheckMessage.labelUnknown(
            quote.text, system: system.name, suggestion: nearestName(to: text, in: words.words)),
          at: quote.location,
          notes: [.init(location: system.location, CheckMessage.systemScreensHere)]))
    }
    return out
  }
}
