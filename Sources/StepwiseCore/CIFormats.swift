import Foundation

/// Reports that CI tools read natively: SARIF 2.1.0 (GitHub code scanning and others) and
/// GitLab's Code Quality report.
///
/// Both are JSON documents built from the same findings as the
/// text format, with a fingerprint per finding that stays the same across runs while the finding
/// does (rule, file, message and which occurrence of that triple it is — not the line, so an edit
/// above a finding does not make it "new").
struct CIReports {
  let diagnostics: [Diagnostic]
  let source: @Sendable (String) -> String?
  let toolVersion: String?
  /// The language of the messages (the fingerprints are always made from the English text).
  var language: Language = .english

  // MARK: - Fingerprints

  /// Stable fingerprints, one per diagnostic, in order.
  func fingerprints() -> [String] {
    var seen: [String: Int] = [:]
    return diagnostics.map { diagnostic in
      let key = [diagnostic.rule.rawValue, diagnostic.location?.file ?? "", diagnostic.message]
        .joined(separator: "\u{1F}")
      let occurrence = seen[key, default: 0]
      seen[key] = occurrence + 1
      let text = key + "\u{1F}" + String(occurrence)
      return Self.hex(Self.fnv1a(text, basis: 0xcbf2_9ce4_8422_2325))
        + Self.hex(Self.fnv1a(text, basis: 0x8422_2325_cbf2_9ce4))
    }
  }

  static func fnv1a(_ text: String, basis: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    var hash = basis
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
  }

  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  // MARK: - SARIF

  /// A SARIF 2.1.0 log with one run.
  ///
  /// Columns are Unicode code points (`columnKind`), computed
  /// from the source line; a region covers the one character a finding points at.
  func sarif() -> String {
    let prints = fingerprints()
    let ruleIDs = Array(Set(diagnostics.map(\.rule))).sorted()
    let ruleIndex = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1.rawValue, $0) })
    var driver: [String: Any] = [
      "name": "stepwise",
      "rules": ruleIDs.map { rule -> [String: Any] in
        // A rule read back without its summary is described by its id.
        let summary = rule.summary.isEmpty ? rule.rawValue : rule.summary
        let id = rule.rawValue
        return [
          "id": id,
          "name": id,
          "shortDescription": ["text": summary],
          "fullDescription": ["text": summary],
          "help": [
            "text": "\(summary.hasSuffix(".") ? summary : summary + "."). "
              + "See docs/rules.md, section `\(id)`, for examples and the fix."
          ],
        ]
      },
    ]
    if let toolVersion { driver["version"] = toolVersion }
    let results: [[String: Any]] = diagnostics.enumerated().map { index, diagnostic in
      var result: [String: Any] = [
        "ruleId": diagnostic.rule.rawValue,
        "ruleIndex": ruleIndex[diagnostic.rule.rawValue] ?? 0,
        "level": diagnostic.severity == .error ? "error" : "warning",
        "message": ["text": diagnostic.message(in: language)],
        "partialFingerprints": ["stepwise/v1": prints[index]],
      ]
      if let location = diagnostic.location { result["locations"] = [physicalLocation(location)] }
      if !diagnostic.notes.isEmpty {
        result["relatedLocations"] = diagnostic.notes.enumerated().map {
          noteIndex, note -> [String: Any] in
          var related = physicalLocation(note.location)
          related["id"] = noteIndex + 1
          related["message"] = ["text": note.message(in: language)]
          return related
        }
      }
      return result
    }
    let log: [String: Any] = [
      "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
      "version": "2.1.0",
      "runs": [
        [
          "tool": ["driver": driver],
          "columnKind": "unicodeCodePoints",
          "results": results,
        ] as [String: Any]
      ],
    ]
    return Self.json(log)
  }

  private func physicalLocation(_ location: SourceLocation) -> [String: Any] {
    let (start, end) = codePointColumns(location)
    return [
      "physicalLocation": [
        "artifactLocation": ["uri": Self.uri(location.file)],
        "region": [
          "startLine": max(location.line, 1), "startColumn": start,
          "endLine": max(location.line, 1), "endColumn": end,
        ],
      ]
    ]
  }

  /// The character column as code points, and the column just after that character.
  private func codePointColumns(_ location: SourceLocation) -> (Int, Int) {
    let column = max(location.column, 1)
    guard let text = source(location.file), location.line >= 1,
      let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(
        location.line - 1
      ).first
    else { return (column, column + 1) }
    let before = line.prefix(column - 1)
    let start = before.unicodeScalars.count + 1
    let width = line.dropFirst(column - 1).first.map { $0.unicodeScalars.count } ?? 1
    return (start, start + width)
  }

  /// A relative URI reference for a site-relative path (spaces and non-ASCII percent-encoded).
  private static func uri(_ path: String) -> String {
    let allowed = CharacterSet(
      charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
  }

  // MARK: - GitLab

  /// GitLab's Code Quality report: a JSON array of issues.
  func gitLab() -> String {
    let prints = fingerprints()
    let issues: [[String: Any]] = diagnostics.enumerated().map { index, diagnostic in
      [
        "type": "issue",
        "check_name": diagnostic.rule.rawValue,
        "description": diagnostic.message(in: language),
        "categories": ["Bug Risk"],
        "fingerprint": prints[index],
        "severity": diagnostic.severity == .error ? "critical" : "minor",
        "location": [
          "path": diagnostic.location?.file ?? "content",
          "lines": ["begin": max(diagnostic.location?.line ?? 1, 1)],
        ] as [String: Any],
      ]
    }
    return Self.json(issues)
  }

  private static func json(_ value: Any) -> String {
    guard
      let data = try? JSONSerialization.data(
        withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
