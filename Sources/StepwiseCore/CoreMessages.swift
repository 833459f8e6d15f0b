import Foundation

/// The formatters' own texts (the summary line, GitHub's overflow notice), in both languages.
///
/// How to add a message: see the top of Sources/StepwiseModel/ModelMessages.swift (a case, its
/// two texts, one sample).
public enum CoreMessage: LocalizedMessage, Hashable {
  /// `2 errors, 1 warning` / `2 ошибки, 1 предупреждение`.
  case summary(errors: Int, warnings: Int)
  /// The title of GitHub's summary annotation: `stepwise: 3 more errors`.
  case moreAnnotationsTitle(Int, Severity)
  /// The text of GitHub's summary annotation.
  case moreAnnotations(Int, Severity, limit: Int)
  /// The heading of the collapsed group that lists every finding.
  case allFindings(Int)

  public var english: String {
    switch self {
    case .summary(let errors, let warnings):
      "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    case .moreAnnotationsTitle(let count, let severity):
      "stepwise: \(count) more \(severity.rawValue)s"
    case .moreAnnotations(let count, let severity, let limit):
      "\(count) more \(severity.rawValue)s are not annotated (GitHub shows \(limit) per step); every finding is listed in the log under «stepwise: all findings»"
    case .allFindings(let count): "stepwise: all findings (\(count))"
    }
  }

  public var russian: String {
    switch self {
    case .summary(let errors, let warnings):
      "\(errors) \(russianPlural(errors, one: "ошибка", few: "ошибки", many: "ошибок")), "
        + "\(warnings) \(russianPlural(warnings, one: "предупреждение", few: "предупреждения", many: "предупреждений"))"
    case .moreAnnotationsTitle(let count, let severity):
      "stepwise: ещё \(Self.findings(count, severity))"
    case .moreAnnotations(let count, let severity, let limit):
      "ещё \(Self.findings(count, severity)) без пометок в коде (GitHub показывает \(limit) на шаг); все находки — в журнале, в группе «stepwise: все находки»"
    case .allFindings(let count): "stepwise: все находки (\(count))"
    }
  }

  private static func findings(_ count: Int, _ severity: Severity) -> String {
    switch severity {
    case .error: "\(count) \(russianPlural(count, one: "ошибка", few: "ошибки", many: "ошибок"))"
    case .warning:
      "\(count) \(russianPlural(count, one: "предупреждение", few: "предупреждения", many: "предупреждений"))"
    }
  }

  /// One value of every case, for the catalogue's tests.
  public static let samples: [CoreMessage] = [
    .summary(errors: 1, warnings: 0), .summary(errors: 2, warnings: 5),
    .summary(errors: 21, warnings: 11), .moreAnnotationsTitle(3, .error),
    .moreAnnotationsTitle(1, .warning), .moreAnnotations(5, .error, limit: 10),
    .moreAnnotations(2, .warning, limit: 10), .allFindings(12),
  ]
}

extension FileReadError: LocalizedMessage {
  public var english: String { description }

  public var russian: String {
    switch self {
    case .absent: "нет такого файла"
    case .failed(let code) where code == EMFILE:
      "не удаётся открыть файлы: слишком много открытых файлов (достигнут предел процесса, ulimit -n)"
    case .failed(let code) where code == ENFILE:
      "не удаётся открыть файлы: в системе слишком много открытых файлов"
    case .failed(let code): "не удаётся прочитать: \(String(cString: strerror(code)))"
    }
  }
}
