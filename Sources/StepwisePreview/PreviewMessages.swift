import StepwiseCore

/// Every text the preview adds to a page (the error overlay, the region bar, the page shown before
/// the first good build), in both languages; the preview speaks Russian unless `--lang en`.
///
/// How to add a message: see the top of Sources/StepwiseModel/ModelMessages.swift (a case, its
/// two texts, one sample).
public enum PreviewMessage: LocalizedMessage, Hashable {
  case cannotReadFilesHeading
  case cannotReadFilesExplanation
  case cannotReadSiteHeading
  case errorsHeading(Int)
  case lastGoodBuild
  case siteWide
  case more(Int)
  case hide
  case bar
  case region
  case choose
  case errorCount(Int)
  case unbuiltTitle
  case unbuiltHeading
  case unbuiltText

  public var english: String {
    switch self {
    case .cannotReadFilesHeading: "The preview could not read the files"
    case .cannotReadFilesExplanation:
      "This is a failure of this computer, not an error in the content. The last good build is shown; "
        + "the preview will build again by itself."
    case .cannotReadSiteHeading: "The site could not be read"
    case .errorsHeading(let count): "\(count) error\(count == 1 ? "" : "s") in the content"
    case .lastGoodBuild:
      "The last build without errors is shown. Fix the file and save it: the page reloads by itself."
    case .siteWide: "(site)"
    case .more(let count): "…and \(count) more."
    case .hide: "Hide"
    case .bar: "Preview"
    case .region: "Region:"
    case .choose: "— choose —"
    case .errorCount(let count): "errors: \(count)"
    case .unbuiltTitle: "Preview: the site is not built yet"
    case .unbuiltHeading: "The site is not built yet"
    case .unbuiltText: "Fix the errors: the page reloads by itself."
    }
  }

  public var russian: String {
    switch self {
    case .cannotReadFilesHeading: "Предпросмотр не смог прочитать файлы"
    case .cannotReadFilesExplanation:
      "Это сбой на этом компьютере, а не ошибка в содержании. Показана последняя удачная сборка; "
        + "предпросмотр повторит сборку сам."
    case .cannotReadSiteHeading: "Сайт не удалось прочитать"
    case .errorsHeading(let count):
      "\(count) \(russianPlural(count, one: "ошибка", few: "ошибки", many: "ошибок")) в содержании"
    case .lastGoodBuild:
      "Показана последняя сборка без ошибок. Исправьте файл и сохраните — страница обновится сама."
    case .siteWide: "(сайт)"
    case .more(let count): "…и ещё \(count)."
    case .hide: "Скрыть"
    case .bar: "Предпросмотр"
    case .region: "Регион:"
    case .choose: "— выберите —"
    case .errorCount(let count): "ошибок: \(count)"
    case .unbuiltTitle: "Предпросмотр: сайт ещё не собран"
    case .unbuiltHeading: "Сайт ещё не собран"
    case .unbuiltText: "Исправьте ошибки — страница обновится сама."
    }
  }

  /// One value of every case, for the catalogue's tests.
  public static let samples: [PreviewMessage] = [
    .cannotReadFilesHeading, .cannotReadFilesExplanation, .cannotReadSiteHeading,
    .errorsHeading(1), .errorsHeading(3), .errorsHeading(11), .lastGoodBuild, .siteWide,
    .more(7), .hide, .bar, .region, .choose, .errorCount(2), .unbuiltTitle, .unbuiltHeading,
    .unbuiltText,
  ]
}
