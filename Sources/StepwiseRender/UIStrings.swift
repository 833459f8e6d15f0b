import StepwiseCore

/// Every Russian text the renderer writes from Swift (the rest lives in the Mustache templates):
/// one table, so wording changes never touch the rendering code.
enum UIStrings {
  /// The root page's title.
  static let chooseRegion = "Выбор региона"
  /// The 404 page's title.
  static let pageNotFound = "Страница не найдена"
  /// A region home's title: «Инструкции: Московская область».
  static func regionHomeTitle(_ regionName: String) -> String { "Инструкции: \(regionName)" }
  /// «1 инструкция», «3 инструкции», «12 инструкций».
  static func instructions(_ count: Int) -> String {
    "\(count) " + russianPlural(count, one: "инструкция", few: "инструкции", many: "инструкций")
  }
  /// A precondition on a page: «Учётная запись — подтверждена или упрощённая».
  static func requirement(_ state: String, values: [String]) -> String {
    "\(state) — \(values.joined(separator: " или "))"
  }
  /// An optional step in a journey outline.
  static func optionalStep(_ title: String) -> String { title + " (если нужно)" }
  /// Alternatives in a journey outline.
  static let alternativeSeparator = " — или — "
  /// Callout titles by kind (`> [!NOTE]`), when the callout has none of its own.
  static let calloutTitles = [
    "note": "Обратите внимание", "tip": "Совет", "important": "Важно", "warning": "Внимание",
    "caution": "Осторожно",
  ]
  /// The title of a callout of an unknown kind.
  static let defaultCalloutTitle = "Обратите внимание"
}
