import StepwiseCore
import StepwiseModel

/// «Quoted» labels in a step are labels of that step's system (`ui-label-unknown`
/// in docs/rules.md); labels pasted in other quotes are checked too (`label-quotes`).
struct LabelRules: Rule {
  static let ids: [RuleID] = [.uiLabelUnknown, .labelQuotes]

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
        let known = words.set.contains(text) || names.contains(text)
        if quote.marks != .guillemets {
          // Other quotes may quote anything; they are labels when they name one, or nearly.
          let marks = Array(quote.marks.rawValue)
          let written = "\(marks[0])\(quote.text)\(marks[1])"
          if known {
            out.append(
              .warning(
                .labelQuotes,
                "\(written) is a label of «\(system.name)» in \(marks[0])…\(marks[1]): the site quotes labels in «ёлочки»; write «\(quote.text)»",
                at: quote.location))
            continue
          }
          guard let near = nearestName(to: text, in: words.words) else { continue }
          out.append(
            .error(
              .uiLabelUnknown,
              "\(written) is not a label on the screens of «\(system.name)»; did you mean «\(near)»? (labels are quoted in «ёлочки»)",
              at: quote.location,
              notes: [
                .init(location: system.location, message: "the system's screens are declared here")
              ]))
          continue
        }
        if known { continue }
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
