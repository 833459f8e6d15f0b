import StepwiseCore

/// Every message of the renderer's `template` rule, in both languages.
///
/// How to add a message: see the top of Sources/StepwiseModel/ModelMessages.swift (a case, its
/// two texts, one sample).
public enum TemplateMessage: LocalizedMessage, Hashable {
  case builtInMissing(String)
  case notMustache(String, error: String)

  public var english: String {
    switch self {
    case .builtInMissing(let file):
      "the built-in template '\(file)' is missing from this installation"
    case .notMustache(let origin, let error): "\(origin) does not parse as Mustache: \(error)"
    }
  }

  public var russian: String {
    switch self {
    case .builtInMissing(let file):
      "встроенного шаблона «\(file)» нет в этой установке; переустановите stepwise"
    case .notMustache(let origin, let error):
      "\(origin): ошибка в шаблоне Mustache: \(error)"
    }
  }

  /// One value of every case, for the catalogue's tests.
  public static let samples: [TemplateMessage] = [
    .builtInMissing("page.mustache"),
    .notMustache("templates/page.mustache", error: "unclosed section"),
  ]
}
