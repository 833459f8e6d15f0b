/// A position in Markdown source: 1-based line, 1-based column counted in characters.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }

  public var description: String { "\(line):\(column)" }
}

/// Column alignment of a GFM table.
public enum TableAlignment: Sendable, Hashable {
  case none, left, center, right
}

/// What a Markdown node is, with the data of its kind.
public enum MarkdownKind: Sendable, Hashable {
  case document
  case blockQuote
  /// `start` is the first number of an ordered list; `nil` for a bullet list.
  case list(start: Int?, tight: Bool)
  /// `writtenNumber` is the number the author typed before `.`/`)`, read from the source
  /// (cmark keeps only the list's first number); `nil` for bullet items.
  case item(writtenNumber: Int?)
  case codeBlock(info: String, literal: String)
  case htmlBlock(String)
  case paragraph
  case heading(level: Int)
  case thematicBreak
  case table(alignments: [TableAlignment])
  case tableRow(isHeader: Bool)
  case tableCell
  case text(String)
  case softBreak
  case lineBreak
  case code(String)
  case htmlInline(String)
  case emphasis
  case strong
  case strikethrough
  case link(destination: String, title: String)
  case image(source: String, title: String)

  /// Leaf kinds have no children (cmark's iterator reports them once).
  public var isLeaf: Bool {
    switch self {
    case .codeBlock, .htmlBlock, .thematicBreak, .text, .softBreak, .lineBreak, .code,
      .htmlInline:
      return true
    default:
      return false
    }
  }

  /// The short name used in tree dumps.
  public var name: String {
    switch self {
    case .document: "Document"
    case .blockQuote: "BlockQuote"
    case .list(let start, let tight):
      start.map { "OrderedList(start: \($0), tight: \(tight))" } ?? "BulletList(tight: \(tight))"
    case .item(let number): number.map { "Item(\($0))" } ?? "Item"
    case .codeBlock(let info, let literal):
      "CodeBlock(\(info.debugDescription), \(literal.debugDescription))"
    case .htmlBlock(let html): "HTMLBlock(\(html.debugDescription))"
    case .paragraph: "Paragraph"
    case .heading(let level): "Heading(\(level))"
    case .thematicBreak: "ThematicBreak"
    case .table(let alignments): "Table(\(alignments.count) columns)"
    case .tableRow(let isHeader): isHeader ? "TableHeaderRow" : "TableRow"
    case .tableCell: "TableCell"
    case .text(let text): "Text(\(text.debugDescription))"
    case .softBreak: "SoftBreak"
    case .lineBreak: "LineBreak"
    case .code(let code): "Code(\(code.debugDescription))"
    case .htmlInline(let html): "HTMLInline(\(html.debugDescription))"
    case .emphasis: "Emphasis"
    case .strong: "Strong"
    case .strikethrough: "Strikethrough"
    case .link(let destination, let title):
      "Link(\(destination.debugDescription)\(title.isEmpty ? "" : ", \(title.debugDescription)"))"
    case .image(let source, let title):
      "Image(\(source.debugDescription)\(title.isEmpty ? "" : ", \(title.debugDescription)"))"
    }
  }
}

/// One node of a parsed document.
///
/// Children are indices into `MarkdownDocument.nodes`.
public struct MarkdownNode: Sendable, Hashable {
  public var kind: MarkdownKind
  public var start: SourcePosition
  public var end: SourcePosition
  public var parent: Int?
  public var children: [Int]
}

/// A parsed Markdown document: a flat array of nodes, `nodes[0]` the root.
///
/// The tree is stored flat so that no operation on it (building, walking, copying, freeing)
/// recurses: a 15,000-deep blockquote costs an array, not 15,000 stack frames.
public struct MarkdownDocument: Sendable, Hashable {
  public internal(set) var nodes: [MarkdownNode]

  public static let rootID = 0

  public var root: MarkdownNode { nodes[Self.rootID] }

  public subscript(id: Int) -> MarkdownNode { nodes[id] }

  /// Node ids in document order (pre-order), without recursion.
  public func preorder(from id: Int = rootID) -> [Int] {
    var order: [Int] = []
    var stack = [id]
    while let next = stack.popLast() {
      order.append(next)
      stack.append(contentsOf: nodes[next].children.reversed())
    }
    return order
  }

  /// The concatenated text of a node's descendants (text, code; breaks as spaces).
  public func plainText(of id: Int) -> String {
    var result = ""
    for node in preorder(from: id) {
      switch nodes[node].kind {
      case .text(let text), .code(let text): result += text
      case .softBreak, .lineBreak: result += " "
      default: break
      }
    }
    return result
  }

  /// Depth of each node (the root is 0), computed iteratively.
  public func depth(of id: Int) -> Int {
    var depth = 0
    var current = nodes[id].parent
    while let parent = current {
      depth += 1
      current = nodes[parent].parent
    }
    return depth
  }

  /// A text dump of the tree, one node a line, indented, with `@line:col` positions.
  public func dump() -> String {
    var out = ""
    var stack: [(id: Int, depth: Int)] = [(Self.rootID, 0)]
    while let (id, depth) = stack.popLast() {
      let node = nodes[id]
      out += String(repeating: "  ", count: depth) + node.kind.name + " @\(node.start)\n"
      for child in node.children.reversed() { stack.append((child, depth + 1)) }
    }
    return out
  }
}
