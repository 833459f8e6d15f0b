import StepwiseCore
import StepwiseModel

/// Every Russian text the renderer writes from Swift (the rest lives in the Mustache templates):
/// one table, so wording changes never touch the rendering code.
enum UIStrings {
  /// The root page's title.
  static let chooseRegion = "Выбор региона"
  /// The 404 page's title.
  static let pageNotFound = "Страница не найдена"
  /// A region home's title: «Инструкции в Московской области» (or «Инструкции: Калужская
  /// область» while the region has no `name-prepositional`).
  static func regionHomeTitle(_ region: Region) -> String {
    region.namePrepositional.map { "Инструкции \($0)" } ?? "Инструкции: \(region.name)"
  }
  /// Where a region is meant when its prepositional name is not given.
  static let inThisRegion = "в этом регионе"
  /// The title of a region's ministry contacts when `ministry-name` is not given.
  static let regionalMinistry = "Министерство образования региона"
  /// A region home's lead with one journey.
  static let regionHomeLead =
    "Инструкции идут по порядку: каждая следующая опирается на предыдущие. Где предложено несколько способов, выберите один."
  /// A region home's lead with journeys for several kinds of readers.
  static let regionHomeLeadSeveral =
    "Найдите раздел о себе и идите по его шагам: каждый следующий опирается на предыдущие. Где предложено несколько способов, выберите один."
  /// The heading of a journey, by its actor: «Родитель: шаг за шагом».
  static func journeyTitle(_ actor: String) -> String { "\(actor): шаг за шагом" }
  /// The link from a page's shortened journey to the whole one: «Все 40 шагов».
  static func wholeJourney(_ count: Int) -> String {
    "Все \(count) " + russianPlural(count, one: "шаг", few: "шага", many: "шагов")
  }
  /// The actor of a journey whose procedures name none.
  static let everyoneJourney = "Для всех"
  /// The heading of a page's list of regions when its title differs by region.
  static let regionListTitle = "Инструкция для вашего региона"
  /// A region in that list, with the title as it reads there.
  static func regionListEntry(_ region: String, _ title: String) -> String {
    "\(region) — \(title)"
  }
  /// «1 инструкция», «3 инструкции», «12 инструкций».
  static func instructions(_ count: Int) -> String {
    "\(count) " + russianPlural(count, one: "инструкция", few: "инструкции", many: "инструкций")
  }
  /// A precondition on a page: «Учётная запись на Госуслугах — стандартная или
  /// подтверждённая»; after «и» (`following`) it starts with a small letter.
  static func requirement(_ state: String, values: [String], following: Bool = false) -> String {
    let title = following ? lowercasedFirst(state) : state
    return "\(title) — \(listWithOr(values))"
  }
  /// Before the procedures that provide a precondition: «Если нет, начните с инструкции».
  static func startWith(_ count: Int) -> String {
    count == 1 ? "Если нет, начните с инструкции" : "Если нет, начните с одной из инструкций:"
  }
  /// «а», «а или б», «а, б или в».
  static func listWithOr(_ items: [String]) -> String {
    guard let last = items.last, items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " или " + last
  }
  /// The first letter in lower case, unless the word is an abbreviation («АИС», «ЕСИА»).
  static func lowercasedFirst(_ text: String) -> String {
    let word = text.prefix { $0.isLetter }
    guard let first = word.first, word.count == 1 || !word.dropFirst().allSatisfy(\.isUppercase)
    else { return text }
    return first.lowercased() + text.dropFirst()
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
