import StepwiseCore

/// Turns Stepwise's findings into LSP diagnostics: a range on the line of each finding (its
/// token: a «quote», a `{…}` marker or a word), severity, the rule id as code, the notes as
/// related information.
struct DiagnosticConversion {
  var encoding: PositionEncoding
  /// The language of the messages.
  var language: Language = .russian
  /// The text of a site-relative file as the check saw it.
  var text: (String) -> String?
  /// The URI of a site-relative file.
  var uri: (String) -> String

  private var tables: [String: LineTable] = [:]

  init(
    encoding: PositionEncoding, text: @escaping (String) -> String?,
    uri: @escaping (String) -> String
  ) {
    self.encoding = encoding
    self.text = text
    self.uri = uri
  }

  /// The lines of a file, split once.
  private mutating func line(_ number: Int, of file: String) -> Substring {
    if let table = tables[file] { return table[number] }
    let table = LineTable(text(file) ?? "")
    tables[file] = table
    return table[number]
  }

  /// The range of the token at a location, in the negotiated encoding.
  mutating func range(of location: SourceLocation) -> JSON {
    let lineNumber = max(location.line - 1, 0)
    let line = line(lineNumber, of: location.file)
    let (start, end) = Self.token(at: max(location.column, 1), in: line)
    return LanguageFeatures.range(
      line: lineNumber, from: encoding.offset(ofColumn: start, in: line),
      to: encoding.offset(ofColumn: end, in: line))
  }

  /// The 1-based scalar columns where the token at `column` starts and ends (exclusive): up to
  /// the closing mark of a «quote», “quote”, `{…}` or `[…]`, else up to the next space; at least
  /// one scalar unless the line ends there.
  static func token(at column: Int, in line: Substring) -> (Int, Int) {
    let scalars = Array(line.unicodeScalars)
    let start = min(column - 1, scalars.count)
    guard start < scalars.count else { return (start + 1, start + 1) }
    let closers: [Unicode.Scalar: Unicode.Scalar] = [
      "«": "»", "“": "”", "„": "“", "{": "}", "[": "]", "\"": "\"",
    ]
    if let closer = closers[scalars[start]],
      let close = scalars[(start + 1)...].firstIndex(of: closer)
    {
      return (start + 1, close + 2)
    }
    var end = start + 1
    while end < scalars.count, !scalars[end].properties.isWhitespace { end += 1 }
    return (start + 1, end + 1)
  }

  /// The LSP diagnostic for a finding that has a location.
  mutating func convert(_ diagnostic: Diagnostic, at location: SourceLocation) -> JSON {
    var fields: [String: JSON] = [
      "range": range(of: location),
      "severity": .int(diagnostic.severity == .error ? 1 : 2),
      "code": .string(diagnostic.rule.rawValue),
      "source": "stepwise",
      "message": .string(diagnostic.message(in: language)),
    ]
    if !diagnostic.notes.isEmpty {
      fields["relatedInformation"] = .array(
        diagnostic.notes.map { note in
          [
            "location": [
              "uri": .string(uri(note.location.file)), "range": range(of: note.location),
            ],
            "message": .string(note.message(in: language)),
          ]
        })
    }
    return .object(fields)
  }
}
