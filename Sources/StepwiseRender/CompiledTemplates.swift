import StepwiseMarkdown

/// The site's Mustache templates compiled to render `TemplateValue`s straight to bytes, or to a
/// `Skeleton` with its holes in place, byte for byte as swift-mustache renders them.
///
/// Why not swift-mustache alone: it looks each name up by casting every value on its context
/// stack to its protocols and splitting the name anew, and it concatenates strings; at 200
/// procedures × 85 regions its renderings took about a third of a build's processor time. Here
/// a template is parsed once into nodes, and a lookup is a walk of the fields of
/// `TemplateValue`s.
///
/// It takes what the built-in templates use and what an editor's copy of them is likely to
/// use: variables (`{{name}}`, `{{{name}}}`, `{{& name}}`, dotted names, `{{.}}`), sections,
/// inverted sections, comments and partials, with swift-mustache's rules for standalone lines.
/// A template with anything else (transforms, dynamic names, indented standalone partials,
/// inheritance, other delimiters, pragmas; or characters that would make the two parsers see
/// lines or tags differently, `readsAlikeByBytes`) is not compiled: the parser declines it, and
/// the whole set is then rendered by swift-mustache (as it is when
/// `TemplateSet.transformsValues` rules out skeletons). `CompiledTemplatesTests` holds the two to the same output on
/// random templates and values.
struct CompiledTemplates: Sendable {
  indirect enum Node: Sendable, Equatable {
    case text([UInt8])
    case variable(Path, escaped: Bool)
    case section(Path, [Node])
    case inverted(Path, [Node])
    case partial(String)
  }

  /// A name as swift-mustache resolves it: `.` and an empty name are the top of the context
  /// stack; `.a.b` is looked up in the top only; `a.b` finds `a` in the nearest object of the
  /// stack that has it, then `b` in it.
  struct Path: Sendable, Equatable {
    let topOnly: Bool
    let names: [String]

    init(_ name: String) {
      if name == "." {
        topOnly = true
        names = []
      } else {
        topOnly = name.first == "."
        names = name.split(separator: ".").map(String.init)
      }
    }
  }

  private let templates: [String: [Node]]

  /// The templates compiled, by name; nil when one of them uses what this renderer does not
  /// take (see the type's documentation).
  init?(sources: [String: String]) {
    var templates: [String: [Node]] = [:]
    for (name, source) in sources {
      guard let nodes = Parser.parse(source) else { return nil }
      templates[name] = nodes
    }
    self.templates = templates
  }

  /// Whether reading bytes sees the lines and tags swift-mustache sees reading characters:
  /// no ASCII character joined by what follows it into one character (a `{` with a combining
  /// mark is not a brace to swift-mustache), and no line break but `\n` and `\r\n` (reading
  /// characters also breaks lines at a lone `\r`, U+0085, U+2028 and U+2029 in places).
  static func readsAlikeByBytes(_ source: String) -> Bool {
    var previous: UInt8 = 0
    for byte in source.utf8 {
      if byte == 0x0B || byte == 0x0C || (previous == 0x0D && byte != 0x0A) { return false }
      previous = byte
    }
    if previous == 0x0D { return false }
    for scalar in source.unicodeScalars
    where scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
      return false
    }
    return !joinsASCII(source)
  }

  /// Whether an ASCII character of `source` is one character with what follows it (a
  /// combining mark, a variation selector): reading bytes would see it alone.
  static func joinsASCII(_ source: String) -> Bool {
    for character in source where (character.utf8.first ?? 0) < 0x80 {
      // `\r\n` is one character of two ASCII scalars, read as a line break by both.
      if character.unicodeScalars.count > 1, character != "\r\n" { return true }
    }
    return false
  }

  /// Renders a template with each hole's value from `hole`.
  func render(_ name: String, _ context: TemplateValue, hole: (Int) -> String) -> [UInt8] {
    withoutActuallyEscaping(hole) { hole in
      var output = Output(mode: .filled(hole))
      render(name, context, into: &output)
      return output.bytes
    }
  }

  /// Renders a template with its holes left open: what `Skeleton(parsing:)` makes of its
  /// rendering with `Marker.text` in each hole.
  func skeleton(_ name: String, _ context: TemplateValue) -> Skeleton {
    var output = Output(mode: .skeleton)
    render(name, context, into: &output)
    return output.skeleton()
  }

  private func render(_ name: String, _ context: TemplateValue, into output: inout Output) {
    guard let nodes = templates[name] else { return }
    var renderer = Renderer(templates: templates, stack: [context])
    renderer.render(nodes, into: &output)
  }
}

// MARK: - Rendering

extension CompiledTemplates {
  /// Where rendered bytes go: a whole text with the holes filled, or a skeleton's pieces.
  fileprivate struct Output {
    enum Mode {
      case filled((Int) -> String)
      case skeleton
    }

    let mode: Mode
    var bytes: [UInt8] = []
    var pieces: [Skeleton.Piece] = []

    init(mode: Mode) {
      self.mode = mode
      bytes.reserveCapacity(8192)
    }

    mutating func literal(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    mutating func text(_ text: String, escaped: Bool) {
      if escaped {
        HTMLEscaping.appendAttribute(text, to: &bytes)
      } else {
        bytes.append(contentsOf: text.utf8)
      }
    }

    mutating func hole(_ index: Int, escaped: Bool) {
      switch mode {
      case .filled(let value): text(value(index), escaped: escaped)
      case .skeleton:
        flush()
        pieces.append(.hole(index, escaped ? .attribute : .none))
      }
    }

    /// A value swift-mustache shows as `String(describing:)` of what it was given (a list or
    /// an object named as a variable): the same text, with any holes in it found as
    /// `Skeleton(parsing:)` finds them.
    mutating func described(_ value: TemplateValue, escaped: Bool) {
      switch mode {
      case .filled(let hole):
        text(String(describing: value.mustache(hole)), escaped: escaped)
      case .skeleton:
        let shown = String(describing: value.mustache(Marker.text))
        for piece in Skeleton(parsing: escaped ? HTMLEscaping.attribute(shown) : shown).pieces {
          switch piece {
          case .literal(let text): literal(text)
          case .hole(let index, let escaping):
            flush()
            pieces.append(.hole(index, escaping))
          }
        }
      }
    }

    /// Ends the literal being written, as a piece of its own.
    private mutating func flush() {
      guard !bytes.isEmpty else { return }
      // A copy of its own size: the buffer being written is large, and is written on.
      pieces.append(
        .literal(
          [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            count = buffer.initialize(fromContentsOf: bytes)
          }))
      bytes.removeAll(keepingCapacity: true)
    }

    mutating func skeleton() -> Skeleton {
      flush()
      return Skeleton(pieces: pieces)
    }
  }

  /// The context stack of one rendering.
  fileprivate struct Renderer {
    let templates: [String: [Node]]
    var stack: [TemplateValue]
    /// Partials inside partials: a template that names itself stops here instead of
    /// exhausting the thread's stack.
    var depth = 0
    static let maximumDepth = 64

    mutating func render(_ nodes: [Node], into output: inout Output) {
      for node in nodes {
        switch node {
        case .text(let text): output.literal(text)
        case .variable(let path, let escaped):
          if let value = resolve(path) { show(value, escaped: escaped, into: &output) }
        case .section(let path, let inner):
          guard let value = resolve(path) else { continue }
          switch value.asMustacheSees {
          case .list(let items):
            for item in items {
              stack.append(item)
              render(inner, into: &output)
              stack.removeLast()
            }
          case .flag(let flag):
            if flag { render(inner, into: &output) }
          default:
            stack.append(value)
            render(inner, into: &output)
            stack.removeLast()
          }
        case .inverted(let path, let inner):
          guard let value = resolve(path) else {
            render(inner, into: &output)
            continue
          }
          switch value.asMustacheSees {
          case .list(let items):
            // swift-mustache renders an empty list's inverted section with the list on top.
            guard items.isEmpty else { continue }
            stack.append(value)
            render(inner, into: &output)
            stack.removeLast()
          case .flag(let flag):
            if !flag { render(inner, into: &output) }
          default: continue
          }
        case .partial(let name):
          guard let partial = templates[name], depth < Self.maximumDepth else { continue }
          depth += 1
          render(partial, into: &output)
          depth -= 1
        }
      }
    }

    private func show(_ value: TemplateValue, escaped: Bool, into output: inout Output) {
      switch value.asMustacheSees {
      case .text(let text): output.text(text, escaped: escaped)
      case .hole(let index): output.hole(index, escaped: escaped)
      case .flag(let flag): output.text(flag ? "true" : "false", escaped: escaped)
      case .number(let number): output.text(String(number), escaped: escaped)
      case let other: output.described(other, escaped: escaped)
      }
    }

    private func resolve(_ path: Path) -> TemplateValue? {
      guard let first = path.names.first else { return stack.last }
      var value: TemplateValue
      if path.topOnly {
        guard let found = stack.last?.child(first) else { return nil }
        value = found
      } else {
        // The innermost object that has the name.
        var level = stack.count - 1
        var found: TemplateValue?
        while level >= 0, found == nil {
          found = stack[level].child(first)
          level -= 1
        }
        guard let found else { return nil }
        value = found
      }
      for name in path.names.dropFirst() {
        guard let child = value.child(name) else { return nil }
        value = child
      }
      return value
    }
  }
}

extension TemplateValue {
  /// The value of a field, as swift-mustache finds it in what `mustache(_:)` makes: only an
  /// object has fields.
  fileprivate func child(_ name: String) -> TemplateValue? {
    switch self {
    case .object(let fields): fields[name]
    case .shared(let shared): shared.child(name)
    default: nil
    }
  }

  /// The value as swift-mustache tells its kinds apart: a shared value is its whole value (an
  /// object when it adds fields to a base).
  fileprivate var asMustacheSees: TemplateValue {
    guard case .shared(let shared) = self else { return self }
    return shared.base == nil ? shared.value.asMustacheSees : self
  }
}

extension SharedValue {
  /// A field of the whole value (the added fields win over the base's).
  fileprivate func child(_ name: String) -> TemplateValue? {
    guard case .object(let own) = value else { return base == nil ? value.child(name) : nil }
    return own[name] ?? base?.child(name)
  }
}

// MARK: - Parsing

extension CompiledTemplates {
  /// swift-mustache's parser (`MustacheTemplate.parse`) for the templates this renderer takes,
  /// on bytes: the same tokens, standalone lines and whitespace.
  fileprivate struct Parser {
    let bytes: [UInt8]
    var index = 0

    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let open = UInt8(ascii: "{")
    static let close = UInt8(ascii: "}")

    /// The template's nodes, or nil when it uses what this renderer does not take.
    static func parse(_ source: String) -> [Node]? {
      guard readsAlikeByBytes(source) else { return nil }
      var parser = Parser(bytes: Array(source.utf8))
      guard case .end(let nodes)? = parser.parse(section: nil, newLine: true) else { return nil }
      return nodes
    }

    enum Ending {
      /// The end of the text.
      case end([Node])
      /// The close tag of the section being read.
      case closed([Node])
    }

    /// Reads nodes up to the end of the text (`section` nil) or the section's close tag.
    ///
    /// `newLine`: whether the reading starts at the beginning of a line, as swift-mustache's
    /// parser state has it.
    mutating func parse(section: String?, newLine startsLine: Bool) -> Ending? {
      var nodes: [Node] = []
      var newLine = startsLine
      var whitespaceBefore: [UInt8] = []
      while index < bytes.count {
        if newLine { whitespaceBefore = read { $0 == Self.space || $0 == Self.tab } }
        let text = readUntilTagOrNewline()
        if let end = lineBreakEnd(at: index) {
          nodes.append(.text(whitespaceBefore + text + bytes[index..<end]))
          newLine = true
          index = end
          continue
        }
        if !text.isEmpty {
          nodes.append(.text(whitespaceBefore + text))
          whitespaceBefore = []
          newLine = false
        }
        guard index < bytes.count else { break }
        // Text written before a tag that is not alone on its line.
        func keepWhitespace() {
          if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
          whitespaceBefore = []
        }
        var setNewLine = false
        switch bytes[index] {
        case UInt8(ascii: "#"), UInt8(ascii: "^"):
          let inverted = bytes[index] == UInt8(ascii: "^")
          index += 1
          guard let name = readName() else { return nil }
          if isStandalone(newLine) { setNewLine = true } else { keepWhitespace() }
          guard case .closed(let inner)? = parse(section: name, newLine: setNewLine) else {
            return nil
          }
          nodes.append(inverted ? .inverted(Path(name), inner) : .section(Path(name), inner))
        case UInt8(ascii: "/"):
          index += 1
          guard let name = readName(), name == section else { return nil }
          if !isStandalone(newLine) { keepWhitespace() }
          return .closed(nodes)
        case UInt8(ascii: "!"):
          index += 1
          guard skipPastDelimiter() else { return nil }
          setNewLine = isStandalone(newLine)
        case Self.open:
          keepWhitespace()
          index += 1
          guard let name = readName(), index < bytes.count, bytes[index] == Self.close else {
            return nil
          }
          index += 1
          nodes.append(.variable(Path(name), escaped: false))
        case UInt8(ascii: "&"):
          keepWhitespace()
          index += 1
          guard let name = readName() else { return nil }
          nodes.append(.variable(Path(name), escaped: false))
        case UInt8(ascii: ">"):
          index += 1
          _ = read(while: Self.isWhitespace)
          let name = read(while: Self.isPartialNameByte)
          _ = read(while: Self.isWhitespace)
          guard skipDelimiter(), !name.contains(UInt8(ascii: "*")) else { return nil }
          if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
          if isStandalone(newLine) {
            // Indented: swift-mustache indents each of the partial's lines.
            guard whitespaceBefore.isEmpty else { return nil }
            setNewLine = true
          }
          nodes.append(.partial(String(decoding: name, as: UTF8.self)))
          whitespaceBefore = []
        case UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "%"):
          return nil
        default:
          keepWhitespace()
          guard let name = readName() else { return nil }
          nodes.append(.variable(Path(name), escaped: true))
        }
        newLine = setNewLine
      }
      return section == nil ? .end(nodes) : nil
    }

    /// Text up to a newline or a tag's `{{` (which is read too), as swift-mustache reads it: a
    /// lone `{` is text.
    private mutating func readUntilTagOrNewline() -> [UInt8] {
      var text: [UInt8] = []
      while index < bytes.count {
        text += read { $0 != Self.newline && $0 != Self.carriageReturn && $0 != Self.open }
        guard index < bytes.count, bytes[index] == Self.open else { break }
        if index + 1 < bytes.count, bytes[index + 1] == Self.open {
          index += 2
          break
        }
        text.append(Self.open)
        index += 1
      }
      return text
    }

    /// A tag's name and its `}}`; nil when the tag does not end there or applies a transform.
    private mutating func readName() -> String? {
      _ = read(while: Self.isWhitespace)
      let name = read(while: Self.isNameByte)
      _ = read(while: Self.isWhitespace)
      guard skipDelimiter(), !name.contains(UInt8(ascii: "(")), !name.contains(UInt8(ascii: ")"))
      else { return nil }
      return String(decoding: name, as: UTF8.self)
    }

    /// Reads `}}` if it is next.
    private mutating func skipDelimiter() -> Bool {
      guard index + 1 < bytes.count, bytes[index] == Self.close, bytes[index + 1] == Self.close
      else { return false }
      index += 2
      return true
    }

    /// Reads up to and past the next `}}` (a comment); false when there is none.
    private mutating func skipPastDelimiter() -> Bool {
      while index + 1 < bytes.count {
        if bytes[index] == Self.close, bytes[index + 1] == Self.close {
          index += 2
          return true
        }
        index += 1
      }
      return false
    }

    /// Whether a tag that began its line (`newLine`) also ends it; if so, the rest of the line
    /// (spaces, tabs and the newline) is read.
    private mutating func isStandalone(_ newLine: Bool) -> Bool {
      guard newLine else { return false }
      if index == bytes.count { return true }
      var end = index
      while end < bytes.count, bytes[end] == Self.space || bytes[end] == Self.tab { end += 1 }
      guard let lineEnd = lineBreakEnd(at: end) else { return false }
      index = lineEnd
      return true
    }

    /// Where the line break at `start` ends (`\n` or `\r\n`, one character to swift-mustache);
    /// nil when there is none.
    private func lineBreakEnd(at start: Int) -> Int? {
      guard start < bytes.count else { return nil }
      if bytes[start] == Self.newline { return start + 1 }
      if bytes[start] == Self.carriageReturn, start + 1 < bytes.count,
        bytes[start + 1] == Self.newline
      {
        return start + 2
      }
      return nil
    }

    private mutating func read(while accepts: (UInt8) -> Bool) -> [UInt8] {
      let start = index
      while index < bytes.count, accepts(bytes[index]) { index += 1 }
      return Array(bytes[start..<index])
    }

    /// `Character.isWhitespace` on ASCII (no other line break reaches here).
    static func isWhitespace(_ byte: UInt8) -> Bool {
      byte == space || byte == tab || byte == newline || byte == carriageReturn
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "A")...UInt8(ascii: "Z"):
        true
      default: ".-_?()*".utf8.contains(byte)
      }
    }

    static func isPartialNameByte(_ byte: UInt8) -> Bool {
      isNameByte(byte) || byte == UInt8(ascii: "/")
    }
  }
}
