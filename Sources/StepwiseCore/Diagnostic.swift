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
    public var message: String

    public init(location: SourceLocation, message: String) {
      self.location = location
      self.message = message
    }
  }

  public var severity: Severity
  public var rule: RuleID
  public var message: String
  public var location: SourceLocation?
  public var notes: [Note]

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
