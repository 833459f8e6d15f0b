import StepwiseCore

/// Reads one YAML file into typed values, collecting `schema` diagnostics with line and column.
///
/// Scalars declared as text are always taken as written (no YAML 1.1 booleans or octals);
/// anchors and aliases are refused where the composer meets them (never expanded); nesting and
/// node counts are capped.
final class YAMLReader {
  static let maximumDepth = 32
  static let maximumNodes = 50_000

  let file: String
  let lineOffset: Int
  var diagnostics: [Diagnostic] = []

  init(file: String, lineOffset: Int = 0) {
    self.file = file
    self.lineOffset = lineOffset
  }

  // MARK: - Parsing

  /// Parses the text; `nil` (with a diagnostic) when it is not well-formed or not allowed.
  func parse(_ text: String) -> YAMLNode? {
    let node: YAMLNode?
    do {
      // No implicit tags: every value is read as written (no YAML 1.1 booleans or octals).
      node = try YAMLComposer.compose(text)
    } catch {
      report(error, in: text)
      return nil
    }
    guard let node else { return nil }
    guard checkShape(node) else { return nil }
    return node
  }

  private func report(_ failure: YAMLFailure, in text: String) {
    switch failure {
    case .syntax(let problem, let mark):
      let (message, line, column) = Self.syntaxError(
        problem, line: mark.line, column: mark.column, in: text)
      diagnostics.append(
        .error(
          .yamlSyntax, message,
          at: SourceLocation(file: file, line: line + lineOffset, column: column)))
    case .duplicateKeys(let duplicates, let mark):
      error(.keyTwice(duplicates), line: mark.line, column: mark.column)
    case .anchorOrAlias(let token, let mark):
      error(.yamlAnchor(token), line: mark.line, column: mark.column)
    case .tooDeep(let mark):
      error(.nestedTooDeep(Self.maximumDepth), line: mark.line, column: mark.column)
    case .reader(let problem):
      error(.yamlNotUTF8(problem), line: 1, column: 1)
    case .memory:
      error(.yamlOutOfMemory, line: 1, column: 1)
    }
  }

  /// A YAML syntax error in plain words: a tab used for indentation, or an indentation that
  /// does not line up, is named as such (with where), other problems as the parser puts them.
  static func syntaxError(_ problem: String, line: Int, column: Int, in text: String) -> (
    ModelMessage, Int, Int
  ) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    // A tab in the indentation (YAML forbids it) is the cause wherever the parser stops.
    for (index, candidate) in lines.enumerated() where index < max(line, 1) + 1 {
      let indentation = candidate.prefix { $0 == " " || $0 == "\t" }
      if let tab = indentation.firstIndex(of: "\t") {
        return (
          .yamlTabIndentation,
          index + 1, candidate.distance(from: candidate.startIndex, to: tab) + 1
        )
      }
    }
    // `title: Шаг 1: войдите` — a second ': ' in a plain value starts a key where none can be.
    if problem.contains("mapping values are not allowed"), line >= 1, line <= lines.count {
      let text = lines[line - 1]
      let body = text.drop { $0 == " " || $0 == "-" }
      if let first = body.range(of: ": "), body[first.upperBound...].contains(": ") {
        let key = body[..<first.lowerBound]
        return (
          .yamlColonInValue(String(key)),
          line, column
        )
      }
    }
    let indentationProblems = [
      "mapping values are not allowed", "did not find expected key", "did not find expected '-'",
      "expected <block end>", "could not find expected ':'",
    ]
    if indentationProblems.contains(where: { problem.contains($0) }) {
      return (
        .yamlIndentation(problem),
        line, column
      )
    }
    return (.invalidYAML(problem), line, column)
  }

  /// Refuses documents nested too deep or too large, walking iteratively.
  private func checkShape(_ root: YAMLNode) -> Bool {
    var stack: [(YAMLNode, Int)] = [(root, 1)]
    var count = 0
    while let (node, depth) = stack.popLast() {
      count += 1
      if count > Self.maximumNodes {
        error(.tooManyValues(Self.maximumNodes), at: root)
        return false
      }
      if depth > Self.maximumDepth {
        error(.nestedTooDeep(Self.maximumDepth), at: node)
        return false
      }
      switch node {
      case .mapping(let mapping):
        for (key, value) in mapping {
          stack.append((key, depth + 1))
          stack.append((value, depth + 1))
        }
      case .sequence(let sequence):
        for value in sequence { stack.append((value, depth + 1)) }
      default: break
      }
    }
    return true
  }

  // MARK: - Diagnostics

  func location(_ node: YAMLNode) -> SourceLocation {
    SourceLocation(file: file, line: node.mark.line + lineOffset, column: node.mark.column)
  }

  func error(_ message: ModelMessage, at node: YAMLNode) {
    diagnostics.append(.error(.schema, message, at: location(node)))
  }

  func error(_ message: ModelMessage, line: Int, column: Int) {
    diagnostics.append(
      .error(
        .schema, message, at: SourceLocation(file: file, line: line + lineOffset, column: column)))
  }

  // MARK: - Typed access

  /// A mapping's fields by key, as `shape` (one of `DataShapes`) describes them.
  ///
  /// Reports unknown keys (with a suggestion) and missing required ones.
  func fields(_ node: YAMLNode, _ what: Subject, shape: ObjectShape) -> Fields? {
    let allowed = shape.keys
    let required = shape.requiredKeys
    guard case .mapping(let mapping) = node else {
      error(.notMapping(what, found: describe(node)), at: node)
      return nil
    }
    var values: [String: YAMLNode] = [:]
    var keys: [String: YAMLNode] = [:]
    for (key, value) in mapping {
      guard case .scalar(let scalar) = key else {
        error(.keysNotWords(what), at: key)
        continue
      }
      let name = scalar.string
      if !allowed.contains(name) {
        error(
          .unknownKey(
            name, in: what, suggestion: nearestName(to: name, in: allowed), allowed: allowed),
          at: key)
        continue
      }
      values[name] = value
      keys[name] = key
    }
    for name in required where values[name] == nil {
      error(.missingKey(what, key: name), at: node)
    }
    return Fields(node: node, values: values, keys: keys, shape: shape)
  }

  struct Fields {
    let node: YAMLNode
    let values: [String: YAMLNode]
    let keys: [String: YAMLNode]
    let shape: ObjectShape
    subscript(key: String) -> YAMLNode? {
      // A loader that reads a key its shape does not declare is a bug the tests catch here.
      assert(shape.field(key) != nil, "'\(key)' is read but not declared in its DataShapes entry")
      return values[key]
    }
  }

  func describe(_ node: YAMLNode) -> FoundValue {
    switch node {
    case .mapping: .mapping
    case .sequence: .list
    case .scalar(let scalar): scalar.string.isEmpty ? .nothing : .text(scalar.string)
    }
  }

  /// Text exactly as written (YAML 1.1 booleans and numbers are not reinterpreted).
  func string(_ node: YAMLNode?, _ what: Subject) -> Located<String>? {
    guard let node else { return nil }
    guard case .scalar(let scalar) = node else {
      error(.notText(what, found: describe(node)), at: node)
      return nil
    }
    if scalar.string.isEmpty, scalar.style == .plain {
      error(.empty(what), at: node)
      return nil
    }
    return Located(scalar.string, at: location(node))
  }

  /// A list of texts; a single text is accepted as a list of one.
  ///
  /// A list of texts. A lone text is an error (`systems: moya-shkola` for a region with two
  /// systems would silently drop one) unless `orOne` allows it, where one value is as natural
  /// as several (a required state value, a procedure's one-step alternative).
  func strings(_ node: YAMLNode?, _ what: Subject, orOne: Bool = false) -> [Located<String>]? {
    guard let node else { return nil }
    switch node {
    case .scalar(let scalar) where !orOne:
      error(.textNotList(what, found: describe(node), value: scalar.string), at: node)
      return nil
    case .scalar:
      return string(node, what).map { [$0] }
    case .sequence(let sequence):
      return sequence.compactMap { string($0, .eachEntry(of: what)) }
    default:
      error(.notTextList(what, found: describe(node)), at: node)
      return nil
    }
  }

  func list(_ node: YAMLNode?, _ what: Subject) -> [YAMLNode]? {
    guard let node else { return nil }
    guard case .sequence(let sequence) = node else {
      error(.notList(what, found: describe(node)), at: node)
      return nil
    }
    return Array(sequence)
  }

  func bool(_ node: YAMLNode?, _ what: Subject) -> Bool? {
    guard let node else { return nil }
    guard case .scalar(let scalar) = node, ["true", "false"].contains(scalar.string) else {
      error(.notBool(what, found: describe(node)), at: node)
      return nil
    }
    return scalar.string == "true"
  }

  func date(_ node: YAMLNode?, _ what: Subject) -> Located<CalendarDate>? {
    guard let text = string(node, what) else { return nil }
    guard let date = CalendarDate(text.value) else {
      diagnostics.append(
        .error(.schema, ModelMessage.notDate(what, value: text.value), at: text.location))
      return nil
    }
    return Located(date, at: text.location)
  }

  /// An identifier: lowercase Latin letters, digits and hyphens (`sign-in-gosuslugi`).
  func identifier(_ node: YAMLNode?, _ what: Subject) -> Located<String>? {
    guard let text = string(node, what) else { return nil }
    guard Self.isIdentifier(text.value) else {
      diagnostics.append(
        .error(.schema, ModelMessage.notIdentifier(what, value: text.value), at: text.location))
      return nil
    }
    return text
  }

  static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
    return text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
    }
      && !text.hasSuffix("-")
  }
}
