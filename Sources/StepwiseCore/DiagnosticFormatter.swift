import Foundation

/// The output formats of `stepwise check` (and of `build` when it refuses to publish).
public enum DiagnosticFormat: String, Sendable, CaseIterable {
  /// `path:line:col: error: message [rule]`, the source line and a caret, like a compiler.
  case text
  /// One JSON document, schema `stepwise-diagnostics/1` (see docs/rules.md).
  case json
  /// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, within
  /// GitHub's annotation limits, every finding also in the log.
  case github
  /// SARIF 2.1.0 (GitHub code scanning and other SARIF readers).
  case sarif
  /// GitLab's Code Quality report.
  case gitlab
}

/// Renders diagnostics for people and machines.
public struct DiagnosticFormatter: Sendable {
  public var format: DiagnosticFormat
  public var useColor: Bool
  /// Returns the text of a source file by its site-relative path, for source excerpts.
  public var source: @Sendable (String) -> String?
  /// The tool's version (SARIF's `tool.driver.version`).
  public var toolVersion: String?
  /// The language of the messages, notes and summary line in every format (English unless set).
  ///
  /// Rule ids, JSON field names, `error:`/`warning:`/`note:` (which editors' and CI's
  /// problem matchers look for) and the fingerprints of the CI reports (made from the English
  /// text, so a report in Russian matches one in English) do not change with it.
  public var language: Language = .english

  /// GitHub shows 10 error and 10 warning annotations of a step (50 per job): the formatter
  /// annotates at most this many of each kind, and says how many more are in the log.
  public static let gitHubAnnotationsPerKind = 10

  public init(
    format: DiagnosticFormat, useColor: Bool = false,
    source: @escaping @Sendable (String) -> String? = { _ in nil }
  ) {
    self.format = format
    self.useColor = useColor
    self.source = source
  }

  /// Renders all diagnostics, sorted, with a summary line in the text format.
  public func render(_ diagnostics: [Diagnostic]) -> String {
    let sorted = diagnostics.sorted()
    switch format {
    case .text: return renderText(sorted)
    case .json: return renderJSON(sorted)
    case .github: return renderGitHub(sorted)
    case .sarif:
      return CIReports(
        diagnostics: sorted, source: source, toolVersion: toolVersion, language: language
      ).sarif()
    case .gitlab:
      return CIReports(
        diagnostics: sorted, source: source, toolVersion: toolVersion, language: language
      ).gitLab()
    }
  }

  // MARK: - Text

  private func renderText(_ diagnostics: [Diagnostic]) -> String {
    var out = ""
    for diagnostic in diagnostics {
      let label =
        diagnostic.severity == .error
        ? paint("error:", "1;31") : paint("warning:", "1;35")
      let place = diagnostic.location.map { "\($0): " } ?? "stepwise: "
      out += paint(place, "1") + label + " " + paint(diagnostic.message(in: language), "1")
      out += " [\(diagnostic.rule.rawValue)]\n"
      if let location = diagnostic.location { out += excerpt(at: location) }
      for note in diagnostic.notes {
        out +=
          paint("\(note.location): ", "1") + paint("note:", "1;36")
          + " \(note.message(in: language))\n"
        out += excerpt(at: note.location)
      }
    }
    let errors = diagnostics.errorCount
    let warnings = diagnostics.warningCount
    if errors + warnings > 0 {
      out += CoreMessage.summary(errors: errors, warnings: warnings).text(in: language) + "\n"
    }
    return out
  }

  /// The source line and a caret under the column (columns are characters, tabs kept).
  private func excerpt(at location: SourceLocation) -> String {
    guard let text = source(location.file), location.line >= 1 else { return "" }
    var lineNumber = 1
    var found: Substring?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if lineNumber == location.line {
        found = line
        break
      }
      lineNumber += 1
    }
    guard var line = found else { return "" }
    if line.last == "\r" { line = line.dropLast() }
    let prefix = line.prefix(max(0, location.column - 1))
    let padding = String(prefix.map { $0 == "\t" ? "\t" : " " })
    return "\(line)\n\(padding)\(paint("^", "1;32"))\n"
  }

  private func paint(_ text: String, _ code: String) -> String {
    useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  // MARK: - JSON

  private struct Report: Encodable {
    struct Entry: Encodable {
      var severity: Severity
      var rule: String
      var message: String
      var file: String?
      var line: Int?
      var column: Int?
      var notes: [Note]
    }
    struct Note: Encodable {
      var location: SourceLocation
      var message: String
    }
    var schema = "stepwise-diagnostics/1"
    var errors: Int
    var warnings: Int
    var diagnostics: [Entry]
  }

  private func renderJSON(_ diagnostics: [Diagnostic]) -> String {
    let report = Report(
      errors: diagnostics.errorCount, warnings: diagnostics.warningCount,
      diagnostics: diagnostics.map {
        Report.Entry(
          severity: $0.severity, rule: $0.rule.rawValue, message: $0.message(in: language),
          file: $0.location?.file,
          line: $0.location?.line, column: $0.location?.column,
          notes: $0.notes.map {
            Report.Note(location: $0.location, message: $0.message(in: language))
          })
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(report) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  // MARK: - GitHub

  /// Annotations for the first findings of each kind (one fewer than the limit when there are
  /// more, to leave room for a summary annotation), then every finding as a plain log line in a
  /// collapsed group, so that none is lost from view.
  private func renderGitHub(_ diagnostics: [Diagnostic]) -> String {
    var out = ""
    for severity in [Severity.error, .warning] {
      let ofKind = diagnostics.filter { $0.severity == severity }
      let limit = Self.gitHubAnnotationsPerKind
      let shown = ofKind.count > limit ? limit - 1 : ofKind.count
      out += ofKind.prefix(shown).map(renderGitHub).joined()
      if ofKind.count > shown {
        let kind = severity == .error ? "error" : "warning"
        let more = ofKind.count - shown
        out +=
          "::\(kind) title=\(escapeProperty(CoreMessage.moreAnnotationsTitle(more, severity).text(in: language)))::"
          + escapeData(CoreMessage.moreAnnotations(more, severity, limit: limit).text(in: language))
          + "\n"
      }
    }
    guard !diagnostics.isEmpty else { return out }
    out += "::group::\(CoreMessage.allFindings(diagnostics.count).text(in: language))\n"
    var plain = self
    plain.format = .text
    plain.useColor = false
    // A quoted source line may start with `::`: command processing is off for the listing.
    let listing = plain.renderText(diagnostics)
    let token = "stepwise-" + CIReports.hex(CIReports.fnv1a(listing))
    out += "::stop-commands::\(token)\n"
    out += listing
    out += "::\(token)::\n"
    out += "::endgroup::\n"
    return out
  }

  private func renderGitHub(_ diagnostic: Diagnostic) -> String {
    var properties: [String] = []
    if let location = diagnostic.location {
      properties.append("file=\(escapeProperty(location.file))")
      properties.append("line=\(location.line)")
      properties.append("col=\(location.column)")
    }
    properties.append("title=\(escapeProperty("stepwise [\(diagnostic.rule.rawValue)]"))")
    let kind = diagnostic.severity == .error ? "error" : "warning"
    return
      "::\(kind) \(properties.joined(separator: ","))::\(escapeData(diagnostic.message(in: language)))\n"
  }

  private func escapeData(_ text: String) -> String {
    text.replacingOccurrences(of: "%", with: "%25")
      .replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  private func escapeProperty(_ text: String) -> String {
    escapeData(text).replacingOccurrences(of: ":", with: "%3A")
      .replacingOccurrences(of: ",", with: "%2C")
  }
}
