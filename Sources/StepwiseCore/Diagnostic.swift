/// A position in a source file, as an editor shows it: 1-based line, 1-based column in characters.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable {
  /// Path relative to the site root (for example `content/pages/child-account.md`).
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}

extension SourceLocation: CustomStringConvertible {
  public var description: String { "\(file):\(line):\(column)" }
}

/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
  case warning
  case error

  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    lhs == .warning && rhs == .error
  }
}

/// One finding of a check, with a stable rule id and where it is.
public struct Diagnostic: Sendable, Hashable, Codable {
  /// A secondary place that helps to understand the finding ("the step is defined here").
  public struct Note: Sendable, Hashable, Codable {
    public var location: SourceLocation
    /// The English text.
    public var message: String
    /// The Russian text; nil for a note made from an English string alone (tests, old JSON).
    public var russianMessage: String?

    /// An untranslated note (tests and values read back); rules use the catalogue's init.
    public init(location: SourceLocation, message: String) {
      self.location = location
      self.message = message
    }

    /// A note from the message catalogue, in both languages.
    public init(location: SourceLocation, _ message: some LocalizedMessage) {
      self.location = location
      self.message = message.english
      self.russianMessage = message.russian
    }

    /// The text in `language` (English where no Russian text was given).
    public func message(in language: Language) -> String {
      language == .russian ? russianMessage ?? message : message
    }

    /// Equal when place and English text are: the Russian text is a translation of the same case.
    public static func == (lhs: Note, rhs: Note) -> Bool {
      lhs.location == rhs.location && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
      hasher.combine(location)
      hasher.combine(message)
    }
  }

  public var severity: Severity
  public var rule: RuleID
  /// The English text, as before languages: what tests compare and engineers' documents quote.
  ///
  /// Formatters print `message(in:)`.
  public var message: String
  /// The Russian text of the same catalogue case; nil for a diagnostic made from an English
  /// string alone (tests, values read back from an older JSON).
  public var russianMessage: String?
  public var location: SourceLocation?
  public var notes: [Note]

  /// An untranslated diagnostic (tests and values read back); rules use the catalogue's init.
  public init(
    _ severity: Severity, rule: RuleID, _ message: String, at location: SourceLocation?,
    notes: [Note] = []
  ) {
    self.severity = severity
    self.rule = rule
    self.message = message
    self.location = location
    self.notes = notes
  }

  /// A diagnostic whose text is a case of a message catalogue, in both languages.
  public init(
    _ severity: Severity, rule: RuleID, _ message: some LocalizedMessage,
    at location: SourceLocation?, notes: [Note] = []
  ) {
    self.init(severity, rule: rule, message.english, at: location, notes: notes)
    self.russianMessage = message.russian
  }

  /// The text in `language` (English where no Russian text was given).
  public func message(in language: Language) -> String {
    language == .russian ? russianMessage ?? message : message
  }

  public static func error(
    _ rule: RuleID, _ message: some LocalizedMessage, at location: SourceLocation?,
    notes: [Note] = []
  ) -> Diagnostic {
    Diagnostic(.error, rule: rule, message, at: location, notes: notes)
  }

  public static func warning(
    _ rule: RuleID, _ message: some LocalizedMessage, at location: SourceLocation?,
    notes: [Note] = []
  ) -> Diagnostic {
    Diagnostic(.warning, rule: rule, message, at: location, notes: notes)
  }

  /// Equal when everything but the Russian text is: it is a translation of the same case, so
  /// tests compare whole values written with the English text.
  public static func == (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
    lhs.severity == rhs.severity && lhs.rule == rhs.rule && lhs.message == rhs.message
      && lhs.location == rhs.location && lhs.notes == rhs.notes
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(severity)
    hasher.combine(rule)
    hasher.combine(message)
    hasher.combine(location)
    hasher.combine(notes)
  }

  public static func error(
    _ rule: RuleID, _ message: String, at location: SourceLocation?, notes: [Note] = []
  ) -> Diagnostic {
    Diagnostic(.error, rule: rule, message, at: location, notes: notes)
  }

  public static func warning(
    _ rule: RuleID, _ message: String, at location: SourceLocation?, notes: [Note] = []
  ) -> Diagnostic {
    Diagnostic(.warning, rule: rule, message, at: location, notes: notes)
  }
}

extension Diagnostic: Comparable {
  /// Sorted by file, line, column, then rule and message: the order a compiler prints.
  public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
    let l = lhs.location ?? SourceLocation(file: "", line: 0, column: 0)
    let r = rhs.location ?? SourceLocation(file: "", line: 0, column: 0)
    if l != r { return l < r }
    if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
    return lhs.message < rhs.message
  }
}

extension Array where Element == Diagnostic {
  public var hasErrors: Bool { contains { $0.severity == .error } }
  public var errorCount: Int { count { $0.severity == .error } }
  public var warningCount: Int { count { $0.severity == .warning } }
}
