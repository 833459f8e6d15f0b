import StepwiseCore

// MARK: - Flow diagrams

extension UIStrings {
  /// The start box: without requirements, and as the heading of its list.
  static let diagramStart = (none: "Начало", some: "Нужно:")
  /// The end box: without results, and as the heading of its list.
  static let diagramEnd = (none: "Готово", some: "Результат:")
  /// Between alternatives.
  static let diagramOr = "или"

  /// The SVG's `<title>`: «Схема: Вход через Госуслуги».
  static func diagramTitle(_ procedure: String) -> String { "Схема: \(procedure)" }

  /// The SVG's `<desc>`: what the diagram shows, in words, and where its text alternative is.
  static func diagramDescription(
    procedure: String, steps: Int, optional: Int, choices: [Int], groups: [String],
    requires: [String], produces: [String]
  ) -> String {
    var sentences: [String] = []
    var first =
      "Порядок действий «\(procedure)»: "
      + "\(steps) \(russianPlural(steps, one: "шаг", few: "шага", many: "шагов"))"
    if optional > 0 {
      first +=
        ", из них \(optional) "
        + russianPlural(
          optional, one: "необязательный", few: "необязательных", many: "необязательных")
    }
    sentences.append(first)
    for count in choices {
      let variants = count % 10 == 1 && count % 100 != 11 ? "варианта" : "вариантов"
      sentences.append("Один шаг — выбор одного из \(count) \(variants)")
    }
    if !groups.isEmpty {
      let named = groups.map { "«\($0)»" }.joined(separator: ", ")
      sentences.append(
        (groups.count == 1 ? "Включает общую инструкцию " : "Включает общие инструкции ") + named)
    }
    if !requires.isEmpty { sentences.append("Нужно: " + requires.joined(separator: "; ")) }
    if !produces.isEmpty { sentences.append("Результат: " + produces.joined(separator: "; ")) }
    sentences.append("Те же шаги текстом — в нумерованном списке на этой странице")
    return sentences.map { $0 + "." }.joined(separator: " ")
  }
}
