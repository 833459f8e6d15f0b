import Foundation
import StepwiseCore
import StepwiseMarkdown

/// What a page's Markdown refers to, found once when the page is loaded (region-independent).
public struct PageAnalysis: Sendable, Hashable {
  /// A list item tied to a flow step by `{#step-id}`.
  public struct StepMarker: Sendable, Hashable {
    public var id: String
    public var location: SourceLocation
    /// The list item node.
    public var item: Int
    /// The text node that starts with the marker, and how many characters to strip from it.
    public var textNode: Int
    public var markerLength: Int
    /// The index (in `steps`) of the step item this one is nested in.
    public var parent: Int?
  }

  /// A «quoted» text inside a step (or outside any, `step == nil`).
  ///
  /// Editors paste from Word: “…”, „…“ and "…" are quotes too, kept with their marks so that
  /// the checker can suggest «…».
  public struct Quote: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation
    public var step: Int?
    public var marks: QuoteMarks = .guillemets
  }

  /// Which marks a quote was written with.
  public enum QuoteMarks: String, Sendable, Hashable {
    /// «…», as Russian text quotes.
    case guillemets = "«»"
    /// “…” (English).
    case english = "“”"
    /// „…“ (German, or Russian nested quotes).
    case low = "„“"
    /// "…" (a typewriter's).
    case straight = "\"\""
  }

  /// A link or image destination as written.
  public struct Reference: Sendable, Hashable {
    public var destination: String
    public var location: SourceLocation
    public var node: Int
    public var isImage: Bool
    public var text: String
  }

  /// A `{{variable}}` use.
  public struct VariableUse: Sendable, Hashable {
    public var name: String
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
      self.name = name
      self.location = location
    }
  }

  /// A number the author wrote for a step: an ordered list's `N.` or a «Шаг N.» paragraph.
  public struct WrittenNumber: Sendable, Hashable {
    public var number: Int
    public var location: SourceLocation
    /// Whether the number is an ordered list's marker (not a «Шаг N.» paragraph).
    public var isListMarker = true
  }

  /// A heading, with its explicit `{#anchor}` if written.
  public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var anchor: String?
    public var node: Int
    /// The text node that ends with the anchor marker, and how many characters to strip.
    public var anchorTextNode: Int?
    public var anchorLength: Int
    public var location: SourceLocation
  }

  public var steps: [StepMarker] = []
  public var quotes: [Quote] = []
  public var references: [Reference] = []
  public var variables: [VariableUse] = []
  /// Each ordered list's written numbers, and each run of «Шаг N.» paragraphs.
  public var numberSequences: [[WrittenNumber]] = []
  /// `{#…}` written where it is neither a step marker nor a heading's anchor (it would be
  /// published as text).
  public var strayMarkers: [StrayMarker] = []
  /// Lines that start like a numbered list item (`2. …`) but that Markdown joined to the
  /// paragraph above (only a list starting at 1 may interrupt a paragraph): the number and where.
  public var foldedNumbers: [WrittenNumber] = []

  /// A `{#…}` that does not become a marker or an anchor.
  public struct StrayMarker: Sendable, Hashable {
    /// The marker as written, up to its `}` (or the end of the text, at most 40 characters).
    public var text: String
    public var location: SourceLocation
  }
  public var headings: [Heading] = []
  public var rawHTML: [SourceLocation] = []
  /// Words of the text that may be host names, found once when the page is loaded (the check
  /// compares them with every region's portal hosts).
  public var hostTokens: [HostToken] = []

  public struct HostToken: Sendable, Hashable {
    /// The text node, its character offset, and the lowercased host without `www.`.
    public var node: Int
    public var offset: Int
    public var host: String
  }

  /// Callout blockquotes: node → kind and the characters of the marker to strip.
  public var callouts: [Int: Callout] = [:]

  /// A `> [!KIND] title` quote.
  ///
  /// The marker line (`textNode`, and the break after it) is not
  /// rendered; when it is the whole first paragraph, neither is that paragraph.
  public struct Callout: Sendable, Hashable {
    public var kind: String
    public var title: String?
    public var textNode: Int
    public var breakNode: Int?
    public var markerParagraph: Int?
  }

  /// Anchors a link may target on this page: step ids and heading anchors.
  public var anchors: Set<String> {
    Set(steps.map(\.id)).union(headings.compactMap(\.anchor))
  }
}

extension PageAnalysis {
  /// Analyses a page body; `file` and `lineOffset` place positions in the editor's file.
  public static func analyse(_ document: MarkdownDocument, file: String, lineOffset: Int)
    -> PageAnalysis
  {
    var analysis = PageAnalysis()
    func place(_ position: SourcePosition) -> SourceLocation {
      SourceLocation(file: file, line: position.line + lineOffset, column: position.column)
    }
    let order = document.preorder()
    var stepOf = [Int?](repeating: nil, count: document.nodes.count)

    for id in order {
      let node = document[id]
      if let parent = node.parent { stepOf[id] = stepOf[parent] }
      // Host names in text, and in inline code (an address in code is published as well).
      if case .text(let text) = node.kind, containsUTF8(text, byte: UInt8(ascii: ".")) {
        for (host, offset) in hostTokens(in: text) {
          analysis.hostTokens.append(HostToken(node: id, offset: offset, host: host))
        }
      } else if case .code(let text) = node.kind, containsUTF8(text, byte: UInt8(ascii: ".")) {
        for (host, offset) in hostTokens(in: text) {
          analysis.hostTokens.append(HostToken(node: id, offset: offset, host: host))
        }
      }
      switch node.kind {
      case .item:
        if let (marker, textNode, length) = stepMarker(in: id, document) {
          analysis.steps.append(
            StepMarker(
              id: marker, location: place(document[textNode].start), item: id, textNode: textNode,
              markerLength: length, parent: node.parent.flatMap { stepOf[$0] }))
          stepOf[id] = analysis.steps.count - 1
        }
      case .list(let start, _) where start != nil:
        let numbers = node.children.compactMap { child -> WrittenNumber? in
          guard case .item(let number?) = document[child].kind else { return nil }
          return WrittenNumber(number: number, location: place(document[child].start))
        }
        analysis.numberSequences.append(numbers)
      case .blockQuote:
        if let callout = callout(in: id, document) { analysis.callouts[id] = callout }
      case .heading(let level):
        var heading = Heading(
          level: level, text: document.plainText(of: id), anchor: nil, node: id,
          anchorTextNode: nil, anchorLength: 0, location: place(node.start))
        if let last = node.children.last, case .text(let text) = document[last].kind,
          let (anchor, length) = trailingAnchor(text)
        {
          heading.anchor = anchor
          heading.anchorTextNode = last
          heading.anchorLength = length
          heading.text = String(heading.text.dropLast(length))
        }
        analysis.headings.append(heading)
      case .link(let destination, _), .image(let destination, _):
        var isImage = false
        if case .image = node.kind { isImage = true }
        analysis.references.append(
          Reference(
            destination: destination, location: place(node.start), node: id, isImage: isImage,
            text: document.plainText(of: id)))
        for name in variableNames(in: destination) {
          analysis.variables.append(VariableUse(name: name.name, location: place(node.start)))
        }
      case .htmlBlock, .htmlInline:
        analysis.rawHTML.append(place(node.start))
      case .text(let text):
        for name in variableNames(in: text) {
          var position = node.start
          position.column += name.offset
          analysis.variables.append(VariableUse(name: name.name, location: place(position)))
        }
        if containsUTF8(text, "{#") {
          // An item or heading is visited before its text: the marker or anchor it consumed
          // is the last one found.
          var consumed: Int?
          if analysis.steps.last?.textNode == id { consumed = 0 }
          if analysis.headings.last?.anchorTextNode == id, let open = lastMarkerOffset(in: text) {
            consumed = open
          }
          analysis.strayMarkers += strayMarkers(
            in: text, consumedAt: consumed, start: node.start, place: place)
        }
      default: break
      }
      if case .paragraph = node.kind {
        analysis.foldedNumbers += foldedNumbers(inParagraph: id, document, place: place)
        analysis.quotes += quotes(in: id, document, step: stepOf[id], place: place)
      } else if case .heading = node.kind {
        analysis.quotes += quotes(in: id, document, step: stepOf[id], place: place)
      } else if case .tableCell = node.kind {
        analysis.quotes += quotes(in: id, document, step: stepOf[id], place: place)
      }
    }
    analysis.numberSequences += stepParagraphNumbers(document, place: place)
    return analysis
  }

  /// Text of a paragraph right after a soft line break that starts with `N.` or `N)` and a
  /// space: a list item that Markdown folded into the paragraph before it.
  static func foldedNumbers(
    inParagraph paragraph: Int, _ document: MarkdownDocument,
    place: (SourcePosition) -> SourceLocation
  ) -> [WrittenNumber] {
    var result: [WrittenNumber] = []
    let children = document[paragraph].children
    for (index, child) in children.enumerated().dropLast()
    where document[child].kind == .softBreak {
      guard case .text(let text) = document[children[index + 1]].kind else { continue }
      let digits = text.prefix { $0.isASCII && $0.isNumber }
      guard (1...3).contains(digits.count), let number = Int(digits) else { continue }
      let rest = text.dropFirst(digits.count)
      guard let mark = rest.first, mark == "." || mark == ")",
        rest.dropFirst().first.map({ $0 == " " || $0 == "\t" }) ?? false
      else { continue }
      result.append(
        WrittenNumber(number: number, location: place(document[children[index + 1]].start)))
    }
    return result
  }

  /// Every `{#` of a text node but the one at `consumedAt` (a step marker's or a heading's
  /// anchor), with the marker as written.
  static func strayMarkers(
    in text: String, consumedAt consumed: Int?, start: SourcePosition,
    place: (SourcePosition) -> SourceLocation
  ) -> [StrayMarker] {
    // The consumed marker is one of the text's `{#` bytes: when it is the only one, there is
    // nothing else to find (the usual step), without walking the text's characters.
    if consumed != nil, markerBytes(in: text) == 1 { return [] }
    var result: [StrayMarker] = []
    let characters = Array(text)
    var offset = 0
    while offset + 1 < characters.count {
      defer { offset += 1 }
      guard characters[offset] == "{", characters[offset + 1] == "#", offset != consumed else {
        continue
      }
      let rest = characters[offset...].prefix(40)
      let written = rest.firstIndex(of: "}").map { String(rest[...$0]) } ?? String(rest)
      var position = start
      position.column += offset
      result.append(StrayMarker(text: written, location: place(position)))
    }
    return result
  }

  /// How many times the bytes `{#` occur in a text.
  private static func markerBytes(in text: String) -> Int {
    var count = 0
    var previous: UInt8 = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: "#"), previous == UInt8(ascii: "{") { count += 1 }
      previous = byte
    }
    return count
  }

  /// `{#id}` at the very start of an item's first paragraph.
  static func stepMarker(in item: Int, _ document: MarkdownDocument) -> (String, Int, Int)? {
    guard let paragraph = document[item].children.first, case .paragraph = document[paragraph].kind,
      let first = document[paragraph].children.first, case .text(let text) = document[first].kind,
      let (id, length) = leadingMarker(text)
    else { return nil }
    return (id, first, length)
  }

  /// `{#id}` at the start of a text: the id, and the marker's length in characters with the
  /// spaces after it.
  static func leadingMarker(_ text: String) -> (id: String, length: Int)? {
    guard text.utf8.starts(with: "{#".utf8) else { return nil }
    // By bytes where every scalar read is a character (found by characters, a step's marker
    // cost more than the rest of its analysis): `{`, `#`, `}` and the space are one byte each.
    guard markerReadsAlikeByScalars(text) else { return leadingMarkerByCharacters(text) }
    let bytes = text.utf8
    guard let close = bytes.firstIndex(of: UInt8(ascii: "}")) else { return nil }
    let id = bytes[bytes.index(bytes.startIndex, offsetBy: 2)..<close]
    guard !id.isEmpty, !id.contains(UInt8(ascii: " ")) else { return nil }
    // In characters: one per scalar.
    let before = bytes[..<close].count(where: startsScalar)
    let spaces = bytes[bytes.index(after: close)...].prefix { $0 == UInt8(ascii: " ") }.count
    return (String(decoding: id, as: UTF8.self), before + 1 + spaces)
  }

  /// Whether the scalars `leadingMarker(_:)` reads are characters of their own: those up to the
  /// first `}`, the spaces after it, and the one after them (which might join the last).
  private static func markerReadsAlikeByScalars(_ text: String) -> Bool {
    var closed = false
    for scalar in text.unicodeScalars {
      guard isCharacterOfItsOwn(scalar) else { return false }
      if closed, scalar != " " { return true }
      if scalar == "}" { closed = true }
    }
    return true
  }

  /// Whether a byte of UTF-8 starts a scalar (does not continue one): counted, such bytes give
  /// a text's scalars, and its characters where each scalar is one.
  @inline(__always)
  static func startsScalar(_ byte: UInt8) -> Bool { byte & 0xC0 != 0x80 }

  /// `leadingMarker(_:)` character by character (any text).
  static func leadingMarkerByCharacters(_ text: String) -> (id: String, length: Int)? {
    guard text.hasPrefix("{#"), let close = text.firstIndex(of: "}") else { return nil }
    let id = String(text[text.index(text.startIndex, offsetBy: 2)..<close])
    guard !id.isEmpty, !id.contains(" ") else { return nil }
    var length = text.distance(from: text.startIndex, to: close) + 1
    let rest = text[text.index(after: close)...]
    length += rest.prefix { $0 == " " }.count
    return (id, length)
  }

  /// `Title {#anchor}` at the end of a heading.
  static func trailingAnchor(_ text: String) -> (String, Int)? {
    guard text.utf8.last == UInt8(ascii: "}") else { return nil }
    // By bytes where every scalar is a character: `{`, `#`, `}` and the space are one byte.
    guard eachScalarIsACharacter(text) else { return trailingAnchorByCharacters(text) }
    return withUTF8Bytes(of: text) { bytes -> (String, Int)? in
      guard let open = lastMarkerOpening(in: bytes) else { return nil }
      let id = UnsafeBufferPointer(rebasing: bytes[(open + 2)..<(bytes.count - 1)])
      guard !id.isEmpty, !id.contains(UInt8(ascii: " ")) else { return nil }
      let marker = bytes[open...].count(where: startsScalar)
      let spaces = bytes[..<open].reversed().prefix { $0 == UInt8(ascii: " ") }.count
      return (String(decoding: id, as: UTF8.self), marker + spaces)
    }
  }

  /// Where the last `{#` of a text starts, as a byte offset.
  static func lastMarkerOpening(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = bytes.count - 2
    while index >= 0 {
      if bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "#") { return index }
      index -= 1
    }
    return nil
  }

  /// Where the last `{#` of a text starts, in characters.
  static func lastMarkerOffset(in text: String) -> Int? {
    guard eachScalarIsACharacter(text) else {
      return text.range(of: "{#", options: .backwards).map {
        text.distance(from: text.startIndex, to: $0.lowerBound)
      }
    }
    return withUTF8Bytes(of: text) { bytes in
      lastMarkerOpening(in: bytes).map { open in bytes[..<open].count(where: startsScalar) }
    }
  }

  /// `trailingAnchor(_:)` character by character (any text).
  static func trailingAnchorByCharacters(_ text: String) -> (String, Int)? {
    guard text.hasSuffix("}"), let open = text.range(of: "{#", options: .backwards) else {
      return nil
    }
    let id = String(text[open.upperBound..<text.index(before: text.endIndex)])
    guard !id.isEmpty, !id.contains(" ") else { return nil }
    var length = text.distance(from: open.lowerBound, to: text.endIndex)
    length += text[..<open.lowerBound].reversed().prefix { $0 == " " }.count
    return (id, length)
  }

  /// `> [!NOTE]`, `> [!WARNING] Custom title`.
  static func callout(in quote: Int, _ document: MarkdownDocument) -> Callout? {
    guard let paragraph = document[quote].children.first,
      case .paragraph = document[paragraph].kind,
      let first = document[paragraph].children.first, case .text(let text) = document[first].kind,
      text.hasPrefix("[!"), let close = text.firstIndex(of: "]")
    else { return nil }
    let kind = text[text.index(text.startIndex, offsetBy: 2)..<close].uppercased()
    guard ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"].contains(kind) else { return nil }
    let rest = text[text.index(after: close)...].trimmingSpaces()
    let children = document[paragraph].children
    var breakNode: Int?
    if children.count > 1, case .softBreak = document[children[1]].kind { breakNode = children[1] }
    return Callout(
      kind: kind.lowercased(), title: rest.isEmpty ? nil : rest, textNode: first,
      breakNode: breakNode, markerParagraph: children.count == 1 ? paragraph : nil)
  }

  /// The words of a text that may be host names (letters, digits, `.` and `-`, with a dot;
  /// lowercased, without a leading `www.`), with their character offsets.
  ///
  /// One pass over the
  /// text, whatever the number of regions.
  public static func hostTokens(in text: String) -> [(host: String, offset: Int)] {
    // A token keeps a dot only with a letter, digit, dot or hyphen right after it: texts with
    // no such pair (most sentences) have none, and are not walked character by character.
    guard mayHoldHost(text) else { return [] }
    var tokens: [(String, Int)] = []
    var current: [UInt8] = []
    var start = 0
    var offset = 0
    func flush() {
      while current.last == UInt8(ascii: ".") || current.last == UInt8(ascii: "-") {
        current.removeLast()
      }
      if current.contains(UInt8(ascii: ".")) {
        var token = String(decoding: current, as: UTF8.self)
        var at = start
        if token.hasPrefix("www.") {
          token.removeFirst(4)
          at += 4
        }
        tokens.append((token, at))
      }
      current.removeAll(keepingCapacity: true)
    }
    for character in text {
      if let ascii = character.asciiValue,
        character.isLetter || character.isNumber || ascii == UInt8(ascii: ".")
          || ascii == UInt8(ascii: "-")
      {
        if current.isEmpty { start = offset }
        current.append(ascii | (character.isUppercase ? 0x20 : 0))
      } else if !current.isEmpty {
        flush()
      }
      offset += 1
    }
    if !current.isEmpty { flush() }
    return tokens
  }

  /// Whether some `.` of the text is followed by an ASCII letter, digit, `.` or `-`.
  private static func mayHoldHost(_ text: String) -> Bool {
    var afterDot = false
    for byte in text.utf8 {
      if afterDot {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
          UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"):
          return true
        default: break
        }
      }
      afterDot = byte == UInt8(ascii: ".")
    }
    return false
  }

  /// `{{name}}` occurrences with their character offsets.
  public static func variableNames(in text: String) -> [(name: String, offset: Int)] {
    guard RegionVariables.mentionsVariables(text) else { return [] }
    if eachScalarIsACharacter(text) { return variableNamesByBytes(in: text) }
    return variableNamesByCharacters(in: text)
  }

  /// `variableNames(in:)` character by character (any text).
  static func variableNamesByCharacters(in text: String) -> [(name: String, offset: Int)] {
    var result: [(String, Int)] = []
    let characters = Array(text)
    var index = 0
    while index + 1 < characters.count {
      if characters[index] == "{", characters[index + 1] == "{" {
        var end = index + 2
        while end + 1 < characters.count, !(characters[end] == "}" && characters[end + 1] == "}") {
          end += 1
        }
        if end + 1 < characters.count {
          let name = String(characters[(index + 2)..<end]).trimmingSpaces()
          result.append((name, index))
          index = end + 2
          continue
        }
      }
      index += 1
    }
    return result
  }

  /// `variableNames(in:)` of a text whose every scalar is a character, by its bytes (`{` and
  /// `}` are one byte each; an offset counts the bytes that start a scalar): made character by
  /// character, the names cost more than the rest of a page's analysis.
  private static func variableNamesByBytes(in text: String) -> [(name: String, offset: Int)] {
    return withUTF8Bytes(of: text) { bytes in
      var result: [(String, Int)] = []
      let open = UInt8(ascii: "{")
      let close = UInt8(ascii: "}")
      var index = 0
      // Scalars before `index`.
      var offset = 0
      while index + 1 < bytes.count {
        if bytes[index] == open, bytes[index + 1] == open {
          var end = index + 2
          while end + 1 < bytes.count, !(bytes[end] == close && bytes[end + 1] == close) {
            end += 1
          }
          if end + 1 < bytes.count {
            let name = String(
              decoding: UnsafeBufferPointer(rebasing: bytes[(index + 2)..<end]), as: UTF8.self)
            result.append((name.trimmingSpaces(), offset))
            offset += bytes[index..<(end + 2)].count(where: startsScalar)
            index = end + 2
            continue
          }
        }
        if startsScalar(bytes[index]) { offset += 1 }
        index += 1
      }
      return result
    }
  }

  /// «…» quotes in a block's inline text, each placed at its opening «.
  static func quotes(
    in block: Int, _ document: MarkdownDocument, step: Int?,
    place: (SourcePosition) -> SourceLocation
  ) -> [Quote] {
    let nodes = document.preorder(from: block).dropFirst()
    // Most blocks quote nothing: look for a quote mark before placing every character.
    let quoted = nodes.contains { child in
      switch document[child].kind {
      case .text(let text), .code(let text): mayHoldQuoteMark(text)
      default: false
      }
    }
    guard quoted else { return [] }
    // Each character is read once, as it comes, with its position and quote mark; `literal`
    // marks inline code, where only «…» counts. (Gathered into an array first, the characters
    // cost more than the rest of the page's analysis.)
    var scan = QuoteScan(step: step)
    for child in nodes {
      let node = document[child]
      switch node.kind {
      case .text(let text), .code(let text):
        // A code node starts at its first character (not at the backtick).
        var position = node.start
        var literal = false
        if case .code = node.kind { literal = true }
        if eachScalarIsACharacter(text) {
          // By bytes (most Russian text): every scalar is a character, and between the quote
          // marks the scan only carries text along.
          withUTF8Bytes(of: text) { bytes in
            scan.read(bytes, from: &position, literal: literal, place: place)
          }
          continue
        }
        for character in text {
          let scalars = character.unicodeScalars
          scan.read(
            scalars[scalars.startIndex], cluster: scalars.count == 1 ? nil : character,
            at: position, literal: literal, mark: QuoteMark(character), place: place)
          // Columns count Unicode scalars (as cmark's do): `и́` is two.
          position.column += scalars.count
        }
      case .softBreak, .lineBreak:
        scan.read(" ", cluster: nil, at: node.start, literal: false, mark: .none, place: place)
      case .list, .paragraph, .blockQuote, .table:
        // Nested blocks are scanned on their own.
        return scan.found
      default: break
      }
    }
    return scan.found
  }

  /// Whether a text holds a mark that may open or close a quote: `«`, `»`, `“`, `”`, `„` or
  /// `"` (by their UTF-8 bytes, `QuoteMark.at`).
  static func mayHoldQuoteMark(_ text: String) -> Bool {
    withUTF8Bytes(of: text) { bytes in
      bytes.indices.contains { QuoteMark.at($0, in: bytes) != nil }
    }
  }

  /// The quotes of a block, found character by character: «…» (nested ones inside the outer
  /// quote's text), and outside them “…”, „…“ and "…".
  struct QuoteScan {
    let step: Int?
    private(set) var found: [Quote] = []
    /// How deep in «…» the scan is, where the outer one started and its text so far.
    private var depth = 0
    private var start = SourcePosition(line: 0, column: 0)
    /// As UTF-8 (appended to a `String` scalar by scalar, the text cost more than the scan).
    private var text: [UInt8] = []
    /// An open quote of other marks (outside «…»): its marks, its closers (a mask of
    /// `QuoteMark` values) and its start; its text so far is `otherText` (apart, so that it
    /// grows in place).
    private var other: (marks: QuoteMarks, closers: UInt8, start: SourcePosition)?
    private var otherText: [UInt8] = []

    init(step: Int?) { self.step = step }

    /// Reads a text whose every scalar is a character, from `position` (moved past it): the
    /// runs between quote marks at once, the marks one by one.
    mutating func read(
      _ bytes: UnsafeBufferPointer<UInt8>, from position: inout SourcePosition, literal: Bool,
      place: (SourcePosition) -> SourceLocation
    ) {
      var index = 0
      while index < bytes.count {
        // The run up to the next quote mark, and the mark with its length in bytes.
        var end = index
        var scalars = 0
        var mark: (mark: QuoteMark, length: Int)?
        while end < bytes.count {
          mark = QuoteMark.at(end, in: bytes)
          if mark != nil { break }
          if startsScalar(bytes[end]) { scalars += 1 }
          end += 1
        }
        // What each scalar of the run does (none is a mark): kept as the text of an open quote,
        // or, in code, closing the way for a "…" quote.
        if end > index {
          if depth > 0 {
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
          } else if literal {
            other = nil
          } else if other != nil {
            otherText.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
          }
          position.column += scalars
        }
        guard let mark else { return }
        read(
          mark.mark.scalar, cluster: nil, at: position, literal: literal, mark: mark.mark,
          place: place)
        position.column += 1
        index = end + mark.length
      }
    }

    /// Reads the next character: its scalar (its first when it has more, and then `cluster` is
    /// the whole character: most text has a scalar per character, and making a `Character` of
    /// each cost more than the rest of the scan).
    mutating func read(
      _ scalar: Unicode.Scalar, cluster: Character?, at position: SourcePosition, literal: Bool,
      mark: QuoteMark, place: (SourcePosition) -> SourceLocation
    ) {
      func append(to text: inout [UInt8]) {
        if let cluster {
          text.append(contentsOf: cluster.utf8)
        } else if scalar.isASCII {
          text.append(UInt8(scalar.value))
        } else {
          UTF8.encode(scalar) { text.append($0) }
        }
      }
      if mark == .openGuillemet {
        if depth == 0 {
          start = position
          text.removeAll(keepingCapacity: true)
          other = nil
        } else {
          append(to: &text)
        }
        depth += 1
      } else if mark == .closeGuillemet, depth > 0 {
        depth -= 1
        if depth == 0 {
          found.append(
            Quote(
              text: String(decoding: text, as: UTF8.self).trimmingSpaces(), location: place(start),
              step: step))
        } else {
          append(to: &text)
        }
      } else if depth > 0 {
        append(to: &text)
      } else if literal {
        // Inline code is literal: "…" in it is code, not a quote.
        other = nil
      } else if let open = other {
        if open.closers & mark.rawValue != 0 {
          let quoted = String(decoding: otherText, as: UTF8.self).trimmingSpaces()
          if !quoted.isEmpty {
            found.append(
              Quote(text: quoted, location: place(open.start), step: step, marks: open.marks))
          }
          other = nil
        } else {
          append(to: &otherText)
        }
      } else if mark == .leftDouble {
        (other, otherText) = ((.english, QuoteMark.rightDouble.rawValue, position), [])
      } else if mark == .low {
        (other, otherText) = (
          (.low, QuoteMark.leftDouble.rawValue | QuoteMark.rightDouble.rawValue, position), []
        )
      } else if mark == .straight {
        (other, otherText) = ((.straight, QuoteMark.straight.rawValue, position), [])
      }
    }
  }

  /// Which quote mark a character is, found once from its bytes: comparing `Character`s goes
  /// through string comparison, for every character of every block with a quote.
  enum QuoteMark: UInt8 {
    case none = 0
    /// «
    case openGuillemet = 1
    /// »
    case closeGuillemet = 2
    /// “
    case leftDouble = 4
    /// ”
    case rightDouble = 8
    /// „
    case low = 16
    /// "
    case straight = 32

    /// The mark a scalar is, as a character of its own.
    init(_ scalar: Unicode.Scalar) {
      switch scalar.value {
      case 0x22: self = .straight
      case 0xAB: self = .openGuillemet
      case 0xBB: self = .closeGuillemet
      case 0x201C: self = .leftDouble
      case 0x201D: self = .rightDouble
      case 0x201E: self = .low
      default: self = .none
      }
    }

    /// The mark's scalar (U+0000 for `none`, which is no mark).
    var scalar: Unicode.Scalar {
      switch self {
      case .none: "\u{0}"
      case .openGuillemet: "«"
      case .closeGuillemet: "»"
      case .leftDouble: "“"
      case .rightDouble: "”"
      case .low: "„"
      case .straight: "\""
      }
    }

    /// The mark whose UTF-8 starts at `index` of `bytes`, with its length in bytes: `"` (22),
    /// `«` (C2 AB), `»` (C2 BB), `“`, `”`, `„` (E2 80 9C, 9D, 9E); nil for anything else.
    @inline(__always)
    static func at(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (
      mark: QuoteMark, length: Int
    )? {
      switch bytes[index] {
      case 0x22: return (.straight, 1)
      case 0xC2 where index + 1 < bytes.count:
        switch bytes[index + 1] {
        case 0xAB: return (.openGuillemet, 2)
        case 0xBB: return (.closeGuillemet, 2)
        default: return nil
        }
      case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80:
        switch bytes[index + 2] {
        case 0x9C: return (.leftDouble, 3)
        case 0x9D: return (.rightDouble, 3)
        case 0x9E: return (.low, 3)
        default: return nil
        }
      default: return nil
      }
    }

    /// The mark a character is: a mark's scalar alone (one with a combining mark after it is
    /// another character).
    init(_ character: Character) {
      var scalars = character.unicodeScalars.makeIterator()
      guard let first = scalars.next(), scalars.next() == nil else {
        self = .none
        return
      }
      self.init(first)
    }
  }

  /// Runs of paragraphs starting «Шаг N.» among the same parent's children.
  static func stepParagraphNumbers(
    _ document: MarkdownDocument, place: (SourcePosition) -> SourceLocation
  ) -> [[WrittenNumber]] {
    var sequences: [[WrittenNumber]] = []
    for id in document.preorder() where !document[id].kind.isLeaf {
      var run: [WrittenNumber] = []
      for child in document[id].children {
        switch document[child].kind {
        case .paragraph, .heading:
          guard mayStartWithStepWord(child, document) else { continue }
          let text = document.plainText(of: child)
          if let number = leadingStepNumber(text) {
            run.append(
              WrittenNumber(
                number: number, location: place(document[child].start), isListMarker: false))
          }
        default: break
        }
      }
      if !run.isEmpty { sequences.append(run) }
    }
    return sequences
  }

  /// Whether a block's plain text may start with `stepWord`: with its first letter, «Ш».
  ///
  /// It may when its first text that is not empty does (a break before it is a space). Most
  /// blocks do not, and their plain text is not made.
  static func mayStartWithStepWord(_ block: Int, _ document: MarkdownDocument) -> Bool {
    // In preorder, stopping at the first text (`preorder(from:)` would list the whole block).
    var stack = [block]
    while let node = stack.popLast() {
      switch document[node].kind {
      case .text(let text), .code(let text):
        guard !text.isEmpty else { continue }
        return text.utf8.starts(with: stepWord.utf8.prefix(2))
      case .softBreak, .lineBreak: return false
      default: stack.append(contentsOf: document[node].children.reversed())
      }
    }
    return false
  }

  /// What a step paragraph starts with.
  static let stepWord = "Шаг "

  /// The N of «Шаг N.» / «Шаг N:» at the start of a text.
  static func leadingStepNumber(_ text: String) -> Int? {
    guard text.hasPrefix(stepWord) else { return nil }
    let digits = text.dropFirst(stepWord.count).prefix { $0.isASCII && $0.isNumber }
    return digits.isEmpty ? nil : Int(digits)
  }
}
