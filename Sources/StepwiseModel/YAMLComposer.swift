import CLibYAML

/// Where a YAML value starts: line and column from 1 (columns count characters, as libyaml's).
struct YAMLMark: Sendable, Hashable {
  var line: Int
  var column: Int
}

/// A YAML value as written: a scalar (always text: no implicit types), a mapping or a sequence,
/// each with where it starts.
enum YAMLNode: Sendable {
  case scalar(YAMLScalar)
  case mapping(YAMLMapping)
  case sequence(YAMLSequence)

  var mark: YAMLMark {
    switch self {
    case .scalar(let scalar): scalar.mark
    case .mapping(let mapping): mapping.mark
    case .sequence(let sequence): sequence.mark
    }
  }

  var mapping: YAMLMapping? {
    if case .mapping(let mapping) = self { mapping } else { nil }
  }

  /// The same value: scalars by their text, collections by their entries (style and place
  /// aside), as YAML compares keys.
  func sameValue(as other: YAMLNode) -> Bool {
    switch (self, other) {
    case (.scalar(let a), .scalar(let b)): a.string == b.string
    case (.sequence(let a), .sequence(let b)):
      a.nodes.count == b.nodes.count && zip(a.nodes, b.nodes).allSatisfy { $0.sameValue(as: $1) }
    case (.mapping(let a), .mapping(let b)):
      a.pairs.count == b.pairs.count
        && zip(a.pairs, b.pairs).allSatisfy {
          $0.key.sameValue(as: $1.key) && $0.value.sameValue(as: $1.value)
        }
    default: false
    }
  }
}

struct YAMLScalar: Sendable {
  enum Style: Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }

  var string: String
  var style: Style
  var mark: YAMLMark
}

/// A mapping's entries in the order written.
struct YAMLMapping: Sendable, Sequence {
  var pairs: [(key: YAMLNode, value: YAMLNode)]
  var mark: YAMLMark

  func makeIterator() -> IndexingIterator<[(key: YAMLNode, value: YAMLNode)]> {
    pairs.makeIterator()
  }
}

/// A sequence's entries in the order written.
struct YAMLSequence: Sendable, Sequence {
  var nodes: [YAMLNode]
  var mark: YAMLMark

  func makeIterator() -> IndexingIterator<[YAMLNode]> { nodes.makeIterator() }
}

/// Why a text is not one YAML document Stepwise reads.
enum YAMLFailure: Error, Equatable {
  /// libyaml's scanner or parser stopped (its problem, as it words it), or a second document.
  case syntax(problem: String, YAMLMark)
  /// The same key twice in one mapping: the keys (sorted), at the first one's first place.
  case duplicateKeys([String], YAMLMark)
  /// An anchor (`&`) or alias (`*`), which Stepwise does not read.
  case anchorOrAlias(Character, YAMLMark)
  /// The text is not UTF-8 as libyaml reads it.
  case reader(String)
  /// Collections nested deeper than `YAMLComposer.maximumNesting`, at the first too deep.
  case tooDeep(YAMLMark)
  /// libyaml ran out of memory.
  case memory
}

/// Composes YAML text into `YAMLNode`s with libyaml's event parser: the only file that talks to
/// libyaml.
///
/// It replaces Yams's composer, which made a tag object and a resolver lookup for every value:
/// at 200×85 it was 13 % of `stepwise check`'s CPU (perf), on the thread that reads the flow
/// files while the pages are read on the others. It composes
/// without recursion (an explicit stack), and refuses nesting deeper than `maximumNesting`, so
/// that neither composing nor freeing a value can exhaust a thread's stack; the reader's own,
/// lower limits on depth and size apply to what it returns.
enum YAMLComposer {
  /// Far above the reader's limit (`YAMLReader.maximumDepth`): only a hostile text reaches it.
  /// (Yams's copy of libyaml stopped at the same depth; Debian's does not, and its scanner slows
  /// down with the square of the depth: the text is refused at once.)
  static let maximumNesting = 1_000

  /// The single document of `text` (nil for a text with none).
  static func compose(_ text: String) throws(YAMLFailure) -> YAMLNode? {
    var text = text
    return try text.withUTF8 { bytes -> Result<YAMLNode?, YAMLFailure> in
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return .failure(.memory) }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
      return Result { () throws(YAMLFailure) in try compose(&parser) }
    }.get()
  }

  /// A collection being read: its entries so far (a mapping's alternate keys and values).
  private struct Open {
    var isMapping: Bool
    var mark: YAMLMark
    var entries: [YAMLNode] = []
  }

  private static func compose(_ parser: inout yaml_parser_t) throws(YAMLFailure) -> YAMLNode? {
    var root: YAMLNode?
    var documents = 0
    var stack: [Open] = []
    func add(_ node: YAMLNode) {
      if stack.isEmpty { root = node } else { stack[stack.count - 1].entries.append(node) }
    }
    while true {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else { throw failure(of: parser) }
      defer { yaml_event_delete(&event) }
      let mark = YAMLMark(
        line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return root
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        // As Yams said it: one document is read, a second is an error at its start.
        if documents > 1 { throw .syntax(problem: "but found another document", mark) }
      case YAML_ALIAS_EVENT:
        throw .anchorOrAlias("*", mark)
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        if scalar.anchor != nil { throw .anchorOrAlias("&", mark) }
        add(
          .scalar(
            YAMLScalar(
              // By length: a scalar may hold NUL (`"\0"`).
              string: String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length),
                as: UTF8.self),
              style: style(scalar.style), mark: mark)))
      case YAML_SEQUENCE_START_EVENT:
        if event.data.sequence_start.anchor != nil { throw .anchorOrAlias("&", mark) }
        guard stack.count < maximumNesting else { throw .tooDeep(mark) }
        stack.append(Open(isMapping: false, mark: mark))
      case YAML_MAPPING_START_EVENT:
        if event.data.mapping_start.anchor != nil { throw .anchorOrAlias("&", mark) }
        guard stack.count < maximumNesting else { throw .tooDeep(mark) }
        stack.append(Open(isMapping: true, mark: mark))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let open = stack.popLast() else { continue }
        if open.isMapping {
          var pairs: [(key: YAMLNode, value: YAMLNode)] = []
          pairs.reserveCapacity(open.entries.count / 2)
          var index = 0
          while index + 1 < open.entries.count {
            pairs.append((open.entries[index], open.entries[index + 1]))
            index += 2
          }
          try checkDuplicates(pairs.map(\.key))
          add(.mapping(YAMLMapping(pairs: pairs, mark: open.mark)))
        } else {
          add(.sequence(YAMLSequence(nodes: open.entries, mark: open.mark)))
        }
      default:
        continue
      }
    }
  }

  private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
    switch style {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
    case YAML_LITERAL_SCALAR_STYLE: .literal
    case YAML_FOLDED_SCALAR_STYLE: .folded
    default: .plain
    }
  }

  /// Keys written twice in one mapping, reported as Yams did: every such key, sorted, at the
  /// first place of the first of them.
  private static func checkDuplicates(_ keys: [YAMLNode]) throws(YAMLFailure) {
    guard keys.count > 1 else { return }
    // Scalar keys (nearly all) by text, with where each was first written; others by value.
    var firstPlace: [String: YAMLMark] = [:]
    var twice: [String: YAMLMark] = [:]
    var others: [YAMLNode] = []
    for key in keys {
      if case .scalar(let scalar) = key {
        if let first = firstPlace[scalar.string] {
          twice[scalar.string] = twice[scalar.string] ?? first
        } else {
          firstPlace[scalar.string] = scalar.mark
        }
      } else if let first = others.first(where: { $0.sameValue(as: key) }) {
        twice[describe(key)] = twice[describe(key)] ?? first.mark
      } else {
        others.append(key)
      }
    }
    guard let first = twice.keys.min(), let mark = twice[first] else { return }
    throw .duplicateKeys(twice.keys.sorted(), mark)
  }

  /// A collection key as a report names it (Yams said `<uncovertable>`).
  private static func describe(_ node: YAMLNode) -> String {
    switch node {
    case .scalar(let scalar): scalar.string
    case .mapping: "{…}"
    case .sequence: "[…]"
    }
  }

  private static func failure(of parser: yaml_parser_t) -> YAMLFailure {
    let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
    let mark = YAMLMark(
      line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
    switch parser.error {
    case YAML_MEMORY_ERROR: return .memory
    case YAML_READER_ERROR: return .reader(problem)
    default: return .syntax(problem: problem, mark)
    }
  }
}
