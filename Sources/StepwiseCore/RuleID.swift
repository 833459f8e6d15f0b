/// The stable id of a rule `stepwise check` reports under, such as `step-order`.
///
/// Each module declares the rules it reports as static members (`RuleID.stepOrder`), with a
/// one-line summary, so a misspelt id is a compile error. The id is written, encoded and compared
/// as its string; the summary only describes it.
public struct RuleID: Hashable, Sendable, Codable, RawRepresentable, Comparable,
  CustomStringConvertible
{
  /// The id as `check` prints it and docs/rules.md heads its section.
  public let rawValue: String
  /// What the rule finds, in one line (empty for an id read back from JSON).
  public let summary: String

  /// Declares a rule; only the declarations in each module's rule file call this.
  public init(_ rawValue: String, summary: String) {
    self.rawValue = rawValue
    self.summary = summary
  }

  /// An id read back (from a parse worker's JSON, say), without its summary.
  public init(rawValue: String) {
    self.init(rawValue, summary: "")
  }

  public init(from decoder: any Decoder) throws {
    self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  public static func == (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue == rhs.rawValue }

  public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

  public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

  public var description: String { rawValue }
}
