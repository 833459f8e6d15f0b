// The only file that talks to cmark-gfm. Every C object is created and freed inside one
// function here (`defer` next to each allocation); only Swift values leave this file.

import CCmarkGFM
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why Markdown could not be turned into a document.
public enum MarkdownError: Error, Equatable, Sendable {
  /// cmark reported a node type this wrapper does not know (a new extension, a new version).
  case unknownNodeType(String, SourcePosition)
  /// cmark could not allocate or finish the parse.
  case parserFailed
}

extension MarkdownError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .unknownNodeType(let type, let position):
      "\(position): cmark-gfm produced an unknown node type '\(type)'"
    case .parserFailed:
      "cmark-gfm failed to parse the document"
    }
  }
}

/// Parses Markdown (CommonMark + GFM tables, strikethrough, autolinks, tagfilter) into a
/// `MarkdownDocument`.
///
/// A pure function of its input bytes.
public enum MarkdownParser {
  /// The GFM extensions every parse attaches.
  static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter"]

  /// cmark options: safe (raw HTML is never rendered by cmark), UTF-8 validated.
  static let options: Int32 = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8

  /// Registers the core extensions once per process (thread-safe through `static let`).
  private static let registered: Bool = {
    cmark_gfm_core_extensions_ensure_registered()
    return true
  }()

  /// Parses UTF-8 bytes.
  ///
  /// Invalid UTF-8 is replaced with U+FFFD by cmark.
  public static func parse(_ bytes: [UInt8]) throws(MarkdownError) -> MarkdownDocument {
    let text = SourceText(bytes)
    return try withParser { parser throws(MarkdownError) in
      bytes.withUnsafeBufferPointer { buffer in
        buffer.baseAddress.map { base in
          base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
            cmark_parser_feed(parser, $0, buffer.count)
          }
        }
      }
      guard let root = cmark_parser_finish(parser) else { throw .parserFailed }
      defer { cmark_node_free(root) }
      return try convert(root, text: text)
    }
  }

  /// Parses a string.
  public static func parse(_ string: String) throws(MarkdownError) -> MarkdownDocument {
    try parse(Array(string.utf8))
  }

  /// cmark's own HTML for the same input and options, with the parser's extensions passed to
  /// the renderer (without them tagfilter silently does nothing).
  ///
  /// Used to test our renderer.
  public static func cmarkHTML(_ string: String) throws(MarkdownError) -> String {
    try cmarkHTML(Array(string.utf8))
  }

  /// cmark's own HTML for bytes that need not be valid UTF-8 (see `cmarkHTML(_:)` for strings).
  public static func cmarkHTML(_ bytes: [UInt8]) throws(MarkdownError) -> String {
    try withParser { parser throws(MarkdownError) in
      bytes.withUnsafeBufferPointer { buffer in
        buffer.baseAddress.map { base in
          base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
            cmark_parser_feed(parser, $0, buffer.count)
          }
        }
      }
      guard let root = cmark_parser_finish(parser) else { throw .parserFailed }
      defer { cmark_node_free(root) }
      guard
        let html = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser))
      else { throw .parserFailed }
      defer { free(html) }
      return String(cString: html)
    }
  }

  // MARK: - C lifetime

  /// cmark-gfm keeps the table of special inline characters in one global: attaching an
  /// extension adds `~` (strikethrough) to it and freeing a parser removes it again, so two
  /// parsers at once in one process lose each other's extensions.
  ///
  /// One parser at a time.
  private static let parserLock = Mutex(())

  private static func withParser<T: Sendable>(
    _ body: (OpaquePointer) throws(MarkdownError) -> T
  ) throws(MarkdownError) -> T {
    _ = registered
    return try parserLock.withLock { _ throws(MarkdownError) -> T in
      guard let parser = cmark_parser_new(options) else { throw .parserFailed }
      defer { cmark_parser_free(parser) }
      for name in extensionNames {
        if let syntax = cmark_find_syntax_extension(name) {
          cmark_parser_attach_syntax_extension(parser, syntax)
        }
      }
      return try body(parser)
    }
  }

  // MARK: - Tree conversion

  /// Walks the cmark tree with `cmark_iter` (no recursion) and copies it into Swift values.
  private static func convert(
    _ root: OpaquePointer, text: SourceText
  ) throws(MarkdownError) -> MarkdownDocument {
    guard let iterator = cmark_iter_new(root) else { throw .parserFailed }
    defer { cmark_iter_free(iterator) }
    var nodes: [MarkdownNode] = []
    var open: [Int] = []
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      guard let node = cmark_iter_get_node(iterator) else { continue }
      if event == CMARK_EVENT_EXIT {
        open.removeLast()
        continue
      }
      var start = text.position(
        line: Int(cmark_node_get_start_line(node)),
        byteColumn: Int(cmark_node_get_start_column(node)))
      var end = text.position(
        line: Int(cmark_node_get_end_line(node)), byteColumn: Int(cmark_node_get_end_column(node)))
      let previousSibling = open.last.flatMap { nodes[$0].children.last }
      if start.line == 0, let previous = previousSibling.map({ nodes[$0] }) ?? nodes.last {
        // cmark keeps no position for breaks: they follow the sibling before them (which ends
        // after its own children: `*a*` ends at the second `*`, not at `a`).
        start = SourcePosition(line: previous.end.line, column: previous.end.column + 1)
        end = start
      }
      let kind = try kind(of: node, start: start, text: text)
      let id = nodes.count
      nodes.append(
        MarkdownNode(kind: kind, start: start, end: end, parent: open.last, children: []))
      if let parent = open.last { nodes[parent].children.append(id) }
      if !kind.isLeaf { open.append(id) }
    }
    return MarkdownDocument(nodes: nodes)
  }

  private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
  }

  private static func kind(
    of node: OpaquePointer, start: SourcePosition, text: SourceText
  ) throws(MarkdownError) -> MarkdownKind {
    let type = string(cmark_node_get_type_string(node))
    switch type {
    case "document": return .document
    case "block_quote": return .blockQuote
    case "list":
      let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
      return .list(
        start: ordered ? Int(cmark_node_get_list_start(node)) : nil,
        tight: cmark_node_get_list_tight(node) != 0)
    case "item":
      let parent = cmark_node_parent(node)
      let ordered = parent.map { cmark_node_get_list_type($0) == CMARK_ORDERED_LIST } ?? false
      guard ordered else { return .item(writtenNumber: nil) }
      return .item(
        writtenNumber: text.number(
          line: Int(cmark_node_get_start_line(node)),
          byteColumn: Int(cmark_node_get_start_column(node))))
    case "code_block":
      return .codeBlock(
        info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node))
      )
    case "html_block": return .htmlBlock(string(cmark_node_get_literal(node)))
    case "paragraph": return .paragraph
    case "heading": return .heading(level: Int(cmark_node_get_heading_level(node)))
    case "thematic_break": return .thematicBreak
    case "table":
      let columns = Int(cmark_gfm_extensions_get_table_columns(node))
      var alignments: [TableAlignment] = []
      if let raw = cmark_gfm_extensions_get_table_alignments(node) {
        for index in 0..<columns {
          switch UInt8(raw[index]) {
          case UInt8(ascii: "l"): alignments.append(.left)
          case UInt8(ascii: "c"): alignments.append(.center)
          case UInt8(ascii: "r"): alignments.append(.right)
          default: alignments.append(.none)
          }
        }
      }
      return .table(alignments: alignments)
    case "table_header", "table_row":
      return .tableRow(isHeader: type == "table_header")
    case "table_cell": return .tableCell
    case "text": return .text(string(cmark_node_get_literal(node)))
    case "softbreak": return .softBreak
    case "linebreak": return .lineBreak
    case "code": return .code(string(cmark_node_get_literal(node)))
    case "html_inline": return .htmlInline(string(cmark_node_get_literal(node)))
    case "emph": return .emphasis
    case "strong": return .strong
    case "strikethrough": return .strikethrough
    case "link":
      return .link(
        destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
    case "image":
      return .image(
        source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
    default:
      throw .unknownNodeType(type, start)
    }
  }
}

/// The source as cmark stores it, to turn cmark's byte columns into character columns.
///
/// cmark counts columns in bytes of its own copy of each line, which differs from the input:
/// a NUL byte becomes U+FFFD (three bytes; blocks.c `S_parser_feed`), and so does every
/// invalid UTF-8 sequence (`CMARK_OPT_VALIDATE_UTF8`, utf8.c `cmark_utf8proc_check`). Lines end
/// at `\n`, `\r\n` or `\r`. The same copy is made here, so that a byte column names the byte
/// cmark meant; its Unicode scalars are the characters of the source, a NUL or an invalid
/// sequence counting as one.
struct SourceText {
  /// cmark's lines, each followed by `\n`.
  let bytes: [UInt8]
  let lineStarts: [Int]
  /// For each byte of `bytes`, the 1-based column of the character it belongs to.
  private let columns: [Int32]

  init(_ input: [UInt8]) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(input.count + 1)
    var starts = [0]
    // On the buffer, not the array: this runs over every byte of every page.
    input.withUnsafeBufferPointer { input in
      var index = 0
      var lineStart = 0
      while index <= input.count {
        guard
          index == input.count || input[index] == UInt8(ascii: "\n")
            || input[index] == UInt8(ascii: "\r")
        else {
          index += 1
          continue
        }
        Self.appendValidated(input, lineStart..<index, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        if index < input.count, input[index] == UInt8(ascii: "\r"), index + 1 < input.count,
          input[index + 1] == UInt8(ascii: "\n")
        {
          index += 1
        }
        index += 1
        lineStart = index
        if index <= input.count { starts.append(bytes.count) }
      }
    }
    var columns = [Int32](repeating: 0, count: bytes.count)
    columns.withUnsafeMutableBufferPointer { columns in
      bytes.withUnsafeBufferPointer { bytes in
        var column: Int32 = 0
        for offset in bytes.indices {
          let byte = bytes[offset]
          if byte & 0xC0 != 0x80 { column += 1 }
          columns[offset] = column
          if byte == UInt8(ascii: "\n") { column = 0 }
        }
      }
    }
    self.bytes = bytes
    self.columns = columns
    lineStarts = starts
  }

  private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

  /// Appends one line as `cmark_utf8proc_check` copies it.
  ///
  /// NUL and every invalid sequence (with cmark's idea of its length) become U+FFFD; valid runs
  /// are copied whole.
  private static func appendValidated(
    _ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, to out: inout [UInt8]
  ) {
    var index = line.lowerBound
    var runStart = index
    while index < line.upperBound {
      let byte = input[index]
      if byte != 0, byte < 0x80 {
        index += 1
        continue
      }
      let length =
        byte == 0 ? -1 : validLength(UnsafeBufferPointer(rebasing: input[index..<line.upperBound]))
      if length > 0 {
        index += length
        continue
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
      out.append(contentsOf: replacement)
      index += -length
      runStart = index
    }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<line.upperBound]))
  }

  /// utf8.c `utf8proc_valid`: the length of the valid sequence starting with a byte ≥ 0x80, or
  /// minus the number of bytes cmark replaces with one U+FFFD.
  private static func validLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let first = bytes[bytes.startIndex]
    let length: Int
    switch first {
    case 0xC0...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF7: length = 4
    default: return -1
    }
    if length > bytes.count { return -bytes.count }
    let second = bytes[bytes.startIndex + 1]
    for offset in 1..<length where bytes[bytes.startIndex + offset] & 0xC0 != 0x80 {
      return -offset
    }
    switch first {
    case 0xC0, 0xC1: return -length  // overlong
    case 0xE0 where second < 0xA0: return -length  // overlong
    case 0xED where second >= 0xA0: return -length  // surrogate
    case 0xF0 where second < 0x90: return -length  // overlong
    case 0xF4 where second >= 0x90, 0xF5...0xF7: return -length  // beyond U+10FFFF
    default: return length
    }
  }

  /// Converts cmark's 1-based byte column to a 1-based character (Unicode scalar) column: the
  /// character that contains that byte.
  ///
  /// A start column names a character's first byte, an
  /// end column its last one (`Вход` ends at byte column 8, character column 4).
  func position(line: Int, byteColumn: Int) -> SourcePosition {
    guard line >= 1, line <= lineStarts.count, byteColumn >= 1 else {
      return SourcePosition(line: max(line, 0), column: max(byteColumn, 0))
    }
    let index = lineStarts[line - 1] + byteColumn - 1
    // The line's `\n` (every line has one); past it, one column a byte.
    let lineEnd = (line < lineStarts.count ? lineStarts[line] : bytes.count) - 1
    guard index > lineEnd else { return SourcePosition(line: line, column: Int(columns[index])) }
    return SourcePosition(line: line, column: Int(columns[lineEnd]) + index - lineEnd)
  }

  /// The decimal number written at a list marker, for example `6` in `6. Нажмите…`.
  func number(line: Int, byteColumn: Int) -> Int? {
    guard line >= 1, line <= lineStarts.count, byteColumn >= 1 else { return nil }
    var index = lineStarts[line - 1] + byteColumn - 1
    while index < bytes.count,
      bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t")
    {
      index += 1
    }
    var value = 0
    var digits = 0
    while index < bytes.count, digits < 9,
      (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
    {
      value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
      digits += 1
      index += 1
    }
    return digits > 0 ? value : nil
  }
}
