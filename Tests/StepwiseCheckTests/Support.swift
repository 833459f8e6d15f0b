import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

/// The site's source location (Testing has its own `SourceLocation`).
typealias Location = StepwiseCore.SourceLocation

// MARK: - Fixture sites

/// The folder of fixture sites shipped with the test target.
let fixturesURL: URL = {
  guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
    fatalError("the test bundle has no Fixtures folder")
  }
  return url
}()

/// Short names of the base fixture's files.
enum FixtureFile {
  static let site = "content/site.yaml"
  static let regions = "content/regions.yaml"
  static let flow = "content/flows/flow.yaml"
  static let register = "content/pages/register-gosuslugi.md"
  static let login = "content/pages/login-school.md"
}

/// One change to a copy of a fixture site.
enum Edit: Sendable, CustomStringConvertible {
  /// Replaces the one occurrence of `old` in `file` (a missing or repeated `old` fails the test).
  case replace(String, String, String)
  /// Writes (or overwrites) a text file.
  case write(String, String)
  /// Writes raw bytes.
  case bytes(String, [UInt8])
  /// Deletes a file.
  case remove(String)
  /// Creates a symbolic link at `file` pointing to `target`; `outside` puts the target in a
  /// separate temporary folder (outside the site), else `target` is site-relative.
  case symlink(String, target: String, outside: Bool)
  /// Copies the files of `Fixtures/<name>/` over the site.
  case overlay(String)
  /// Rewrites a text file with a function (for edits that depend on the whole text).
  case transform(String, String, @Sendable (String) -> String)
  /// Copies a file of the site to another name.
  case copy(String, to: String)

  var description: String {
    switch self {
    case .replace(let file, let old, let new): "\(file): «\(old)» → «\(new)»"
    case .write(let file, _): "write \(file)"
    case .bytes(let file, _): "bytes \(file)"
    case .remove(let file): "remove \(file)"
    case .symlink(let file, let target, let outside):
      "symlink \(file) → \(outside ? "outside/" : "")\(target)"
    case .overlay(let name): "overlay \(name)"
    case .transform(let file, let what, _): "\(file): \(what)"
    case .copy(let file, let target): "copy \(file) → \(target)"
    }
  }
}

struct FixtureError: Error, CustomStringConvertible {
  var description: String
}

/// A temporary copy of a fixture site, deleted when the value is dropped.
final class TemporarySite {
  /// The throwaway copy (removed with the value).
  private let scratch: ScratchSite
  /// A folder beside the site, for symbolic links that lead out of it.
  private let outside: URL
  var root: URL { scratch.root }

  init(copying fixture: String = "base", edits: [Edit] = []) throws {
    scratch = try ScratchSite(copying: fixturesURL.appendingPathComponent(fixture))
    outside = scratch.folder.appendingPathComponent("outside")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    for edit in edits { try apply(edit) }
  }

  func url(_ file: String) -> URL { root.appendingPathComponent(file) }

  func text(_ file: String) throws -> String {
    try String(contentsOf: url(file), encoding: .utf8)
  }

  func write(_ file: String, _ data: Data) throws {
    let target = url(file)
    try FileManager.default.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: target)
  }

  func apply(_ edit: Edit) throws {
    switch edit {
    case .replace(let file, let old, let new):
      let text = try text(file)
      let count = text.components(separatedBy: old).count - 1
      guard count == 1 else {
        throw FixtureError(description: "\(file): expected one «\(old)», found \(count)")
      }
      try write(file, Data(text.replacingOccurrences(of: old, with: new).utf8))
    case .write(let file, let text):
      try write(file, Data(text.utf8))
    case .bytes(let file, let bytes):
      try write(file, Data(bytes))
    case .remove(let file):
      try FileManager.default.removeItem(at: url(file))
    case .symlink(let file, let target, let isOutside):
      let destination: URL
      if isOutside {
        destination = outside.appendingPathComponent(target)
        try Data("outside".utf8).write(to: destination)
      } else {
        destination = url(target)
      }
      try FileManager.default.createSymbolicLink(at: url(file), withDestinationURL: destination)
    case .transform(let file, _, let function):
      try write(file, Data(function(try text(file)).utf8))
    case .copy(let file, let target):
      try FileManager.default.copyItem(at: url(file), to: url(target))
    case .overlay(let name):
      let source = fixturesURL.appendingPathComponent(name)
      guard
        let enumerator = FileManager.default.enumerator(
          at: source, includingPropertiesForKeys: [.isRegularFileKey])
      else { throw FixtureError(description: "no fixture \(name)") }
      let base = source.standardizedFileURL.path
      for case let file as URL in enumerator
      where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        let relative = String(file.standardizedFileURL.path.dropFirst(base.count + 1))
        try write(relative, Data(contentsOf: file))
      }
    }
  }

  /// Loads and checks the site as `stepwise check` does: loader findings and rule findings, sorted.
  ///
  /// Paths under the temporary folder are written `$TMP/…` so that messages can be compared.
  func check(today: CalendarDate) throws -> [Diagnostic] {
    let temporary = root.deletingLastPathComponent().resolvingSymlinksInPath().path
    return try checkSite(at: root, today: today).diagnostics.map { diagnostic in
      var diagnostic = diagnostic
      diagnostic.message = diagnostic.message.replacingOccurrences(of: temporary, with: "$TMP")
      return diagnostic
    }
  }
}

struct CheckOutcome {
  var diagnostics: [Diagnostic]
  var sources: [String: String]
}

/// Load → plan → check, as the pipeline does (without templates).
func checkSite(at root: URL, today: CalendarDate) throws -> CheckOutcome {
  let loaded = try ContentLoader(root: root).load()
  var diagnostics = loaded.diagnostics
  if let content = loaded.content {
    let plan = SitePlan(content: content, analysis: FlowAnalysis(graph: content.graph))
    diagnostics += Checker().check(
      CheckContext(content: content, plan: plan, today: today), loaded: loaded.diagnostics,
      sources: loaded.sources)
  }
  return CheckOutcome(diagnostics: diagnostics.sorted(), sources: loaded.sources)
}

/// The date the base fixture is clean on (before every review-by and valid-until).
let fixtureToday = CalendarDate(year: 2025, month: 6, day: 1)

func date(_ text: String) -> CalendarDate {
  guard let date = CalendarDate(text) else { fatalError("bad date \(text)") }
  return date
}

// MARK: - Expected diagnostics

func at(_ file: String, _ line: Int, _ column: Int) -> Location {
  Location(file: file, line: line, column: column)
}

func note(_ file: String, _ line: Int, _ column: Int, _ message: String) -> Diagnostic.Note {
  Diagnostic.Note(location: at(file, line, column), message: message)
}

/// The diagnostics as Swift source, so a failing expectation shows what to paste if it is right.
func swiftLiteral(_ diagnostics: [Diagnostic]) -> String {
  /// `.stepOrder` for `step-order`: the name the rule is declared under.
  func member(_ rule: RuleID) -> String {
    let words = rule.rawValue.split(separator: "-").enumerated().map { index, word in
      let acronyms = ["html": "HTML", "id": "ID", "url": "URL", "https": "HTTPS"]
      if index > 0, let acronym = acronyms[String(word)] { return acronym }
      return index == 0 ? String(word) : word.prefix(1).uppercased() + word.dropFirst()
    }
    return "." + words.joined()
  }
  func quoted(_ text: String) -> String {
    "\""
      + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
        of: "\"", with: "\\\""
      )
      .replacingOccurrences(of: "\n", with: "\\n") + "\""
  }
  func location(_ location: Location?) -> String {
    guard let location else { return "nil" }
    return "at(\(quoted(location.file)), \(location.line), \(location.column))"
  }
  let lines = diagnostics.map { diagnostic in
    var text =
      ".\(diagnostic.severity.rawValue)(\(member(diagnostic.rule)), \(quoted(diagnostic.message)), at: \(location(diagnostic.location))"
    if !diagnostic.notes.isEmpty {
      let notes = diagnostic.notes.map {
        "note(\(quoted($0.location.file)), \($0.location.line), \($0.location.column), \(quoted($0.message)))"
      }
      text += ", notes: [\(notes.joined(separator: ", "))]"
    }
    return text + "),"
  }
  return "[\n" + lines.joined(separator: "\n") + "\n]"
}

/// Expects exactly these diagnostics (order-insensitive; both sides are sorted).
func expectDiagnostics(
  _ actual: [Diagnostic], _ expected: [Diagnostic], _ comment: String = "",
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  let actual = actual.sorted()
  let expected = expected.sorted()
  #expect(
    actual == expected,
    "\(comment)\nactual diagnostics:\n\(swiftLiteral(actual))",
    sourceLocation: sourceLocation)
}
