import StepwiseCore
import StepwiseModel

/// Completion, hover and definition over one document's text and the site's last loaded
/// content: pure functions, so that they are tested without a process.
public struct LanguageFeatures: Sendable {
  /// The last content that loaded (the flow graph, the registry, the pages); nil before then.
  public var content: Content?
  public var encoding: PositionEncoding

  public init(content: Content?, encoding: PositionEncoding) {
    self.content = content
    self.encoding = encoding
  }

  /// A place in a document: the 0-based line and the cursor's 1-based scalar column.
  struct Cursor {
    var line: Int
    var column: Int
    /// The scalars of the line before and after the cursor.
    var before: [Unicode.Scalar]
    var after: [Unicode.Scalar]
  }

  private func cursor(in text: String, line: Int, character: Int) -> Cursor {
    let lineText = LineTable(text)[line]
    let column = encoding.column(ofOffset: character, in: lineText)
    let scalars = Array(lineText.unicodeScalars)
    let split = min(column - 1, scalars.count)
    return Cursor(
      line: line, column: split + 1, before: Array(scalars[..<split]),
      after: Array(scalars[split...]))
  }

  /// Whether a site-relative path is a page (completion, hover and definition work in pages).
  static func isPage(_ file: String) -> Bool {
    file.hasPrefix("content/pages/") && file.hasSuffix(".md")
  }

  // MARK: - Completion

  /// What is being completed, and from which column of the line the typed text starts.
  enum CompletionContext: Equatable {
    case stepID, variable, label, pageLink
  }

  /// The completion items at a position of a page (an empty list elsewhere).
  public func completion(text: String, file: String, line: Int, character: Int) -> JSON {
    guard Self.isPage(file), let content else { return .array([]) }
    let cursor = cursor(in: text, line: line, character: character)
    guard let (context, start) = Self.context(before: cursor.before) else { return .array([]) }
    let lineText = LineTable(text)[line]
    let range = Self.range(
      line: line, from: encoding.offset(ofColumn: start + 1, in: lineText), to: character)
    let next = cursor.after.first
    let procedure = Self.frontMatterValue("procedure", in: text)?.value
    let ownSteps = procedure.map { Self.stepIDs(of: $0, in: content.graph) } ?? []
    var items: [JSON] = []
    func item(
      _ label: String, detail: String, kind: Int, sort: String, insert: String,
      documentation: String? = nil
    ) {
      var fields: [String: JSON] = [
        "label": .string(label), "detail": .string(detail), "kind": .int(kind),
        "sortText": .string(sort), "filterText": .string(label),
        "textEdit": ["range": range, "newText": .string(insert)],
      ]
      if let documentation { fields["documentation"] = .string(documentation) }
      items.append(.object(fields))
    }
    switch context {
    case .stepID:
      let own = Dictionary(ownSteps.enumerated().map { ($1, $0) }) { first, _ in first }
      for step in content.graph.steps {
        let sort = own[step.id].map { "0-" + Self.padded($0) } ?? "1-" + step.id
        item(
          step.id, detail: step.title, kind: 20, sort: sort,
          insert: step.id + (next == "}" ? "" : "}"))
      }
    case .variable:
      var variables = content.registry.variables.map { ($0.id, $0.title) }
      variables += [("region.name", "Название региона"), ("region.code", "Код региона")]
      for (id, title) in variables {
        item(id, detail: title, kind: 6, sort: id, insert: id + (next == "}" ? "" : "}}"))
      }
    case .label:
      let ownSystems = Set(ownSteps.compactMap { content.graph.step($0)?.system.value })
      for system in content.graph.systems {
        var seen: Set<String> = []
        for screen in system.screens {
          for label in screen.labels where seen.insert(label.value).inserted {
            let sort = (ownSystems.contains(system.id) ? "0-" : "1-") + label.value
            item(
              label.value, detail: "\(system.name) — \(screen.title)", kind: 12, sort: sort,
              insert: label.value + (next == "»" ? "" : "»"))
          }
        }
      }
    case .pageLink:
      for page in content.pages where page.file != file {
        let written = String(page.file.dropFirst("content/pages/".count))
        item(written, detail: page.frontMatter.title, kind: 17, sort: written, insert: written)
      }
    }
    return .object(["isIncomplete": false, "items": .array(items)])
  }

  /// The completion context that ends at the cursor, and the scalar offset (0-based) in the line
  /// where its typed text starts: the nearest opener `{#`, `{{`, `«` or `](` whose text since
  /// is still open.
  static func context(before: [Unicode.Scalar]) -> (CompletionContext, Int)? {
    func isIDScalar(_ scalar: Unicode.Scalar) -> Bool {
      scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        || "-_.".unicodeScalars.contains(scalar)
    }
    var index = before.count
    /// Whether the text since the cursor holds something only a quote may hold.
    var onlyLabel = false
    var sawSpace = false
    var allID = true
    while index > 0 {
      index -= 1
      let scalar = before[index]
      let opener = index > 0 ? before[index - 1] : nil
      switch scalar {
      case "»": return nil
      case "«": return (.label, index + 1)
      case "#" where opener == "{" && allID && !onlyLabel: return (.stepID, index + 1)
      case "{" where opener == "{" && !onlyLabel:
        let typed = before[(index + 1)...].filter { $0 != " " }
        if typed.allSatisfy(isIDScalar) { return (.variable, index + 1) }
        onlyLabel = true
      case "(" where opener == "]" && !sawSpace && !onlyLabel: return (.pageLink, index + 1)
      case "}", ")", "]": onlyLabel = true
      default: break
      }
      if scalar == " " || scalar == "\t" { sawSpace = true }
      if !isIDScalar(scalar) { allID = false }
    }
    return nil
  }

  /// The ids of a procedure's steps in order, shared procedures expanded, each once.
  static func stepIDs(of procedure: String, in graph: FlowGraph) -> [String] {
    var result: [String] = []
    var seen: Set<String> = []
    var visited: Set<String> = []
    func add(_ id: String) { if seen.insert(id).inserted { result.append(id) } }
    func walk(_ id: String) {
      guard visited.insert(id).inserted, let procedure = graph.procedure(id) else { return }
      for element in procedure.elements {
        switch element {
        case .step(let step), .optional(let step): add(step.value)
        case .oneOf(let alternatives, _):
          for step in alternatives.joined() { add(step.value) }
        case .procedure(let shared): walk(shared.value)
        }
      }
    }
    walk(procedure)
    return result
  }

  private static func padded(_ number: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
  }

  // MARK: - Hover and definition

  /// The step marker `{#id}` under the cursor: its id.
  private func marker(at cursor: Cursor) -> String? {
    let line = cursor.before + cursor.after
    let at = cursor.column - 1
    var index = 0
    while index + 1 < line.count {
      guard line[index] == "{", line[index + 1] == "#" else {
        index += 1
        continue
      }
      guard let close = line[(index + 2)...].firstIndex(of: "}") else { return nil }
      if at >= index && at <= close {
        let id = String(String.UnicodeScalarView(line[(index + 2)..<close]))
        return id.isEmpty ? nil : id
      }
      index = close + 1
    }
    return nil
  }

  /// A Markdown description of the step whose marker is under the cursor, or null.
  public func hover(text: String, file: String, line: Int, character: Int) -> JSON {
    guard Self.isPage(file), let graph = content?.graph,
      let id = marker(at: cursor(in: text, line: line, character: character)),
      let step = graph.step(id)
    else { return .null }
    func state(_ id: String) -> String { graph.state(id)?.title ?? id }
    func value(_ state: String, _ value: String) -> String {
      graph.state(state)?.title(of: value) ?? value
    }
    let actor = graph.actor(step.actor.value)?.title ?? step.actor.value
    let system = graph.system(step.system.value)?.name ?? step.system.value
    let requires = step.requires.map { condition in
      state(condition.state.value) + ": "
        + condition.values.map { value(condition.state.value, $0.value) }.joined(separator: " или ")
    }
    let effects = step.effects.map {
      state($0.state.value) + " → " + value($0.state.value, $0.value.value)
    }
    let markdown = """
      **\(step.title)** (`\(step.id)`)

      - Исполнитель: \(actor) (`\(step.actor.value)`)
      - Система: \(system) (`\(step.system.value)`)
      - Требует: \(requires.isEmpty ? "—" : requires.joined(separator: "; "))
      - Меняет: \(effects.isEmpty ? "—" : effects.joined(separator: "; "))
      """
    return ["contents": ["kind": "markdown", "value": .string(markdown)]]
  }

  /// Where the thing under the cursor is declared: a step marker's step, the front matter's
  /// procedure, a linked page.
  public func definition(text: String, file: String, line: Int, character: Int)
    -> SourceLocation?
  {
    guard Self.isPage(file), let content else { return nil }
    let cursor = cursor(in: text, line: line, character: character)
    if let id = marker(at: cursor) { return content.graph.step(id)?.location }
    if let procedure = Self.frontMatterValue("procedure", in: text), procedure.line == line {
      return content.graph.procedure(procedure.value)?.location
    }
    if let target = Self.linkTarget(at: cursor) {
      let path = "content/pages/" + target
      if content.pages.contains(where: { $0.file == path }) {
        return SourceLocation(file: path, line: 1, column: 1)
      }
    }
    return nil
  }

  /// The `page.md` of a Markdown link `](page.md#anchor)` under the cursor.
  private static func linkTarget(at cursor: Cursor) -> String? {
    let line = cursor.before + cursor.after
    let at = cursor.column - 1
    var index = 0
    while index + 1 < line.count {
      guard line[index] == "]", line[index + 1] == "(" else {
        index += 1
        continue
      }
      guard let close = line[(index + 2)...].firstIndex(of: ")") else { return nil }
      if at >= index && at <= close {
        let target = String(String.UnicodeScalarView(line[(index + 2)..<close]))
        let path = target.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
        return path.hasSuffix(".md") && !path.contains("/") ? path : nil
      }
      index = close + 1
    }
    return nil
  }

  /// A top-level `key: value` of a page's front matter, with its 0-based line.
  static func frontMatterValue(_ key: String, in text: String) -> (value: String, line: Int)? {
    let lines = LineTable(text).lines
    guard lines.first == "---" else { return nil }
    for (number, line) in lines.enumerated().dropFirst() {
      if line == "---" { return nil }
      guard line.hasPrefix(key + ":") else { continue }
      var value = line.dropFirst(key.count + 1).trimmingCharacters(in: " \t")
      if let first = value.first, first == "\"" || first == "'", value.count >= 2,
        value.last == first
      {
        value = value.dropFirst().dropLast()
      }
      return (String(value), number)
    }
    return nil
  }

  /// An LSP range on one line between two offsets of the negotiated encoding.
  static func range(line: Int, from start: Int, to end: Int) -> JSON {
    [
      "start": ["line": .int(line), "character": .int(start)],
      "end": ["line": .int(line), "character": .int(end)],
    ]
  }
}

extension Substring {
  /// Without the given characters at either end.
  fileprivate func trimmingCharacters(in characters: String) -> Substring {
    var text = self
    while let first = text.first, characters.contains(first) { text.removeFirst() }
    while let last = text.last, characters.contains(last) { text.removeLast() }
    return text
  }
}
