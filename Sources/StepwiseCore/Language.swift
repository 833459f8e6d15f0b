/// The language an editor reads Stepwise's messages in: Russian or English.
///
/// Every message of the tool is a case of a module's message catalogue (`CheckMessage`,
/// `ModelMessage`, …) with both texts; a formatter picks one. Rule ids, JSON field names and the
/// `file:line:col` form are the same in both.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
  case english = "en"
  case russian = "ru"

  /// The language of the locale: `LC_ALL`, then `LC_MESSAGES`, then `LANG` (the first one set and
  /// not empty decides, as in POSIX); a value starting with `ru` is Russian, anything else English.
  public static func fromLocale(_ environment: [String: String]) -> Language {
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      guard let value = environment[name], !value.isEmpty else { continue }
      return value.lowercased().hasPrefix("ru") ? .russian : .english
    }
    return .english
  }
}

/// A message of a catalogue, in both languages.
///
/// A catalogue is an enum whose cases are the messages (with their values) and whose `english`
/// and `russian` are exhaustive switches: a case without a translation does not compile.
public protocol LocalizedMessage: Sendable {
  /// The English text (the one tests and engineers' documents quote).
  var english: String { get }
  /// The Russian text, for editors.
  var russian: String { get }
}

extension LocalizedMessage {
  /// The text in `language`.
  public func text(in language: Language) -> String {
    switch language {
    case .english: english
    case .russian: russian
    }
  }

  /// Both texts, fixed (for values that outlive the case, such as a diagnostic's notes).
  public var localized: LocalizedText { LocalizedText(english: english, russian: russian) }
}

/// Both texts of one message, already formatted.
public struct LocalizedText: LocalizedMessage, Hashable, Codable {
  public var english: String
  public var russian: String

  public init(english: String, russian: String) {
    self.english = english
    self.russian = russian
  }
}
