import StepwiseCore

/// Where everything of a `FlowDiagram` goes: an exact layout by recursive composition, since a
/// procedure is series-parallel by construction.
///
/// A sequence is a column of blocks joined by arrows, all on one vertical line (the block's
/// `port`); alternatives stand side by side between a split bar and a join bar, the first on the
/// main line and the others to its right; an optional
/// step has a dashed bypass on its right; an included shared procedure is a frame with its
/// title around its own entries. Coordinates are whole CSS pixels at full size.
struct DiagramLayout: Sendable, Hashable {
  /// A point in the diagram.
  struct Point: Sendable, Hashable {
    var x: Int
    var y: Int
  }

  /// A rectangle: a box, a frame.
  struct Rect: Sendable, Hashable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    func intersects(_ other: Rect) -> Bool {
      x < other.x + other.width && other.x < x + width && y < other.y + other.height
        && other.y < y + height
    }

    func contains(_ other: Rect) -> Bool {
      other.x >= x && other.y >= y && other.x + other.width <= x + width
        && other.y + other.height <= y + height
    }
  }

  /// What a box looks like.
  enum BoxStyle: Sendable, Hashable {
    case step, optional, terminal
  }

  /// One line of text in a box.
  struct TextLine: Sendable, Hashable {
    var text: String
    var bold: Bool = false
  }

  /// Something drawn.
  enum Item: Sendable, Hashable {
    /// A step's box (`step` is its id, for tests: never written), or a start or end box.
    case box(
      Rect, BoxStyle, step: String?, number: String?, textX: Int, lines: [TextLine])
    /// The frame of an included procedure, its title lines at the top.
    case frame(Rect, title: [TextLine])
    /// A polyline, with an arrowhead at its end or not, dashed (a bypass) or not.
    case line([Point], arrow: Bool, dashed: Bool)
    /// A word between alternatives («или»), centred on `at` (its baseline).
    case label(Point, String)
  }

  // MARK: - Metrics

  static let fontSize = 15
  static let lineHeight = 20
  /// The first baseline below a text block's top.
  static let ascent = 15
  static let paddingX = 10
  static let paddingY = 8
  /// Width of a box in the main column, and inside alternatives.
  static let boxWidth = 280
  static let branchBoxWidth = 176
  /// Length of the arrow between two blocks.
  static let gap = 22
  static let branchGap = 24
  static let frameGap = 10
  static let bypassGap = 16
  static let margin = 8
  /// Widest diagram a 320 px phone (288 px of content) still shows at 80% or more, so with
  /// text of at least 12 px; a wider one keeps its size there and scrolls inside its figure.
  static let phoneWidth = 360

  // MARK: - Result

  let width: Int
  let height: Int
  let items: [Item]

  init(_ diagram: FlowDiagram) {
    var blocks = [Self.terminal(UIStrings.diagramStart, diagram.requires)]
    blocks += diagram.nodes.map { Self.block($0, boxWidth: Self.boxWidth) }
    blocks.append(Self.terminal(UIStrings.diagramEnd, diagram.produces))
    let column = Self.sequence(blocks)
    width = column.width + 2 * Self.margin
    height = column.height + 2 * Self.margin
    items = column.moved(by: Point(x: Self.margin, y: Self.margin)).items
  }

  /// The rectangles of every step box (for tests: no two overlap).
  var boxRects: [Rect] {
    items.compactMap { if case .box(let rect, _, _, _, _, _) = $0 { rect } else { nil } }
  }

  // MARK: - Blocks

  /// A laid-out part: `items` relative to its top left; entered at (`port`, 0) from above and
  /// left at (`port`, `height`).
  struct Block {
    var width: Int
    var height: Int
    var port: Int
    /// Whether the arrow from the block above ends on this block (a plain box) or the block
    /// draws its own arrows (alternatives, an optional step).
    var arrowIn: Bool
    var items: [Item]

    func moved(by offset: Point) -> Block {
      var copy = self
      copy.items = items.map { $0.moved(by: offset) }
      return copy
    }
  }

  static func block(_ node: FlowDiagram.Node, boxWidth: Int) -> Block {
    switch node {
    case .step(let box): return stepBox(box, style: .step, width: boxWidth)
    case .optional(let box): return optional(stepBox(box, style: .optional, width: boxWidth))
    case .choice(let branches): return choice(branches)
    case .group(let title, let nodes):
      return group(title, sequence(nodes.map { block($0, boxWidth: boxWidth) }))
    }
  }

  static func stepBox(_ box: FlowDiagram.Box, style: BoxStyle, width: Int) -> Block {
    let numberColumn = box.number.map { TextMetrics.width($0, bold: true) + 8 } ?? 0
    let title = style == .optional ? UIStrings.optionalStep(box.title) : box.title
    let lines = TextMetrics.wrap(title, width: width - 2 * paddingX - numberColumn)
    let height = 2 * paddingY + lines.count * lineHeight
    return Block(
      width: width, height: height, port: width / 2, arrowIn: true,
      items: [
        .box(
          Rect(x: 0, y: 0, width: width, height: height), style, step: box.step,
          number: box.number, textX: paddingX + numberColumn,
          lines: lines.map { TextLine(text: $0) })
      ])
  }

  /// The width a box needs for the longest word of its title, with its number and padding.
  static func widestWord(in box: FlowDiagram.Box) -> Int {
    let numberColumn = box.number.map { TextMetrics.width($0, bold: true) + 8 } ?? 0
    let word = box.title.split(separator: " ").map { TextMetrics.width(String($0)) }.max() ?? 0
    return word + 2 * paddingX + numberColumn
  }

  /// The start or end box: a bold heading, then one wrapped item per line.
  static func terminal(_ heading: (none: String, some: String), _ entries: [String]) -> Block {
    let width = boxWidth
    var lines = [TextLine(text: entries.isEmpty ? heading.none : heading.some, bold: true)]
    for entry in entries {
      lines += TextMetrics.wrap(entry, width: width - 2 * paddingX).map { TextLine(text: $0) }
    }
    let height = 2 * paddingY + lines.count * lineHeight
    return Block(
      width: width, height: height, port: width / 2, arrowIn: true,
      items: [
        .box(
          Rect(x: 0, y: 0, width: width, height: height), .terminal, step: nil, number: nil,
          textX: paddingX, lines: lines)
      ])
  }

  /// Blocks one under the other, their ports on one line, joined by arrows.
  static func sequence(_ blocks: [Block]) -> Block {
    let shown = blocks.filter { $0.height > 0 }
    guard let first = shown.first else {
      return Block(width: 0, height: 0, port: 0, arrowIn: false, items: [])
    }
    let left = shown.map(\.port).max() ?? 0
    let right = shown.map { $0.width - $0.port }.max() ?? 0
    var items: [Item] = []
    var y = 0
    for (index, block) in shown.enumerated() {
      if index > 0 {
        items.append(
          .line(
            [Point(x: left, y: y), Point(x: left, y: y + gap)], arrow: block.arrowIn,
            dashed: false))
        y += gap
      }
      items += block.moved(by: Point(x: left - block.port, y: y)).items
      y += block.height
    }
    return Block(width: left + right, height: y, port: left, arrowIn: first.arrowIn, items: items)
  }

  /// Alternatives side by side: a split bar, «или» between them, a join bar.
  static func choice(_ branches: [[FlowDiagram.Box]]) -> Block {
    let blocks = branches.map { branch in
      // Narrow, but wide enough for the branch's longest word: a word is broken only when it
      // is wider than a box of the main column.
      let width = branch.map { widestWord(in: $0) }.reduce(branchBoxWidth, max)
      return sequence(branch.map { stepBox($0, style: .step, width: min(width, boxWidth)) })
    }
    guard blocks.count > 1 else {
      return blocks.first ?? Block(width: 0, height: 0, port: 0, arrowIn: false, items: [])
    }
    let splitY = 10
    let top = splitY + 24
    let tallest = blocks.map(\.height).max() ?? 0
    let joinY = top + tallest + 16
    var items: [Item] = []
    var x = 0
    var ports: [Int] = []
    for block in blocks {
      let port = x + block.port
      ports.append(port)
      items.append(
        .line(
          [Point(x: port, y: splitY), Point(x: port, y: top)], arrow: block.arrowIn,
          dashed: false))
      items += block.moved(by: Point(x: x, y: top)).items
      items.append(
        .line(
          [Point(x: port, y: top + block.height), Point(x: port, y: joinY)], arrow: false,
          dashed: false))
      x += block.width + branchGap
    }
    let width = x - branchGap
    let firstPort = ports.first ?? 0
    let lastPort = ports.last ?? 0
    // Entered and left through the first alternative, so that the main column stays on the
    // left: on a phone, where a wide diagram scrolls sideways, the reader sees the whole way
    // through and scrolls right for the other alternatives.
    let port = firstPort
    items.append(
      .line([Point(x: port, y: 0), Point(x: port, y: splitY)], arrow: false, dashed: false))
    items.append(
      .line(
        [Point(x: firstPort, y: splitY), Point(x: lastPort, y: splitY)], arrow: false,
        dashed: false))
    for (left, right) in zip(ports, ports.dropFirst()) {
      items.append(.label(Point(x: (left + right) / 2, y: splitY + 17), UIStrings.diagramOr))
    }
    items.append(
      .line(
        [Point(x: firstPort, y: joinY), Point(x: lastPort, y: joinY)], arrow: false, dashed: false)
    )
    items.append(
      .line([Point(x: port, y: joinY), Point(x: port, y: joinY + 10)], arrow: false, dashed: false)
    )
    return Block(width: width, height: joinY + 10, port: port, arrowIn: false, items: items)
  }

  /// An optional step: the way through it, and a dashed bypass on its right.
  static func optional(_ box: Block) -> Block {
    let stub = 12
    let height = box.height + 2 * stub
    let bypassX = box.width + bypassGap
    let items: [Item] =
      [
        .line(
          [Point(x: box.port, y: 0), Point(x: box.port, y: stub)], arrow: true, dashed: false)
      ] + box.moved(by: Point(x: 0, y: stub)).items + [
        .line(
          [Point(x: box.port, y: stub + box.height), Point(x: box.port, y: height)], arrow: false,
          dashed: false),
        .line(
          [
            Point(x: box.port, y: 0), Point(x: bypassX, y: 0), Point(x: bypassX, y: height),
            Point(x: box.port, y: height),
          ], arrow: true, dashed: true),
      ]
    return Block(
      width: bypassX + 6, height: height, port: box.port, arrowIn: false, items: items)
  }

  /// An included procedure: a frame, its title, its entries.
  static func group(_ title: String, _ inner: Block) -> Block {
    let pad = frameGap
    let width = max(inner.width, boxWidth) + 2 * pad
    let titleLines = TextMetrics.wrap(title, width: width - 2 * pad, bold: true).map {
      TextLine(text: $0, bold: true)
    }
    let titleHeight = titleLines.count * lineHeight + 6
    let innerX = pad + (width - 2 * pad - inner.width) / 2
    let innerY = pad + titleHeight
    let height = innerY + inner.height + pad
    let items: [Item] =
      [.frame(Rect(x: 0, y: 0, width: width, height: height), title: titleLines)]
      + inner.moved(by: Point(x: innerX, y: innerY)).items
    return Block(
      width: width, height: height, port: innerX + inner.port, arrowIn: true, items: items)
  }
}

extension DiagramLayout.Item {
  func moved(by offset: DiagramLayout.Point) -> Self {
    func move(_ point: DiagramLayout.Point) -> DiagramLayout.Point {
      DiagramLayout.Point(x: point.x + offset.x, y: point.y + offset.y)
    }
    func move(_ rect: DiagramLayout.Rect) -> DiagramLayout.Rect {
      DiagramLayout.Rect(
        x: rect.x + offset.x, y: rect.y + offset.y, width: rect.width, height: rect.height)
    }
    switch self {
    case .box(let rect, let style, let step, let number, let textX, let lines):
      return .box(
        move(rect), style, step: step, number: number, textX: textX + offset.x, lines: lines)
    case .frame(let rect, let title): return .frame(move(rect), title: title)
    case .line(let points, let arrow, let dashed):
      return .line(points.map(move), arrow: arrow, dashed: dashed)
    case .label(let point, let text): return .label(move(point), text)
    }
  }
}

/// How wide text is drawn, estimated on the safe side.
///
/// Per character, the wider of DejaVu Sans
/// (the widest common sans-serif, which Linux browsers fall back to) and Liberation Sans (Arial's
/// metrics), as Chromium measured them, plus 3 %; so a line fits its box with the site's fonts
/// («PT Sans», Segoe UI, Roboto, Arial) and with the fallbacks. A character not in the table
/// counts as 1 em (1.1 em bold).
enum TextMetrics {
  /// Width in CSS pixels at `DiagramLayout.fontSize`, rounded up.
  static func width(_ text: String, bold: Bool = false) -> Int {
    pixels(hundredths(text, bold: bold))
  }

  /// The width of a text of this many hundredths of an em, in CSS pixels, rounded up (a text's
  /// hundredths are its scalars' summed: a line's width is measured word by word).
  static func pixels(_ hundredths: Int) -> Int {
    let pixels = Double(hundredths * DiagramLayout.fontSize) * 1.03 / 100
    return Int(pixels.rounded(.up))
  }

  /// The width of `text` in hundredths of an em.
  static func hundredths(_ text: some StringProtocol, bold: Bool) -> Int {
    var hundredths = 0
    for scalar in text.unicodeScalars {
      // Latin and Cyrillic by their code (most of every text); the few others by the table.
      if let known = scalar.value < UInt32(lowWidths.count)
        ? lowWidths[Int(scalar.value)] : table[scalar]
      {
        hundredths += Int(bold ? known.bold : known.regular)
      } else if scalar.properties.generalCategory == .nonspacingMark
        || (0x200B...0x200F).contains(scalar.value)
      {
        continue
      } else {
        hundredths += bold ? 110 : 100
      }
    }
    return hundredths
  }

  private static let table: [Unicode.Scalar: (regular: UInt8, bold: UInt8)] = {
    var table: [Unicode.Scalar: (regular: UInt8, bold: UInt8)] = [:]
    for (index, scalar) in characters.unicodeScalars.enumerated()
    where index < regularWidths.count && index < boldWidths.count {
      table[scalar] = (regularWidths[index], boldWidths[index])
    }
    return table
  }()

  /// `table` below U+0500 (ASCII, Latin-1 and Cyrillic), indexed by code point.
  private static let lowWidths: [(regular: UInt8, bold: UInt8)?] = {
    var widths: [(regular: UInt8, bold: UInt8)?] = Array(repeating: nil, count: 0x500)
    for (scalar, width) in table where scalar.value < 0x500 { widths[Int(scalar.value)] = width }
    return widths
  }()

  /// The measured characters, and their widths in hundredths of an em, regular and bold.
  static let characters =
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩ"
    + "ЪЫЬЭЮЯabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01"
    + "23456789 .,:;!'|-()[]/«»“”„\"–—→?&<>@#%+=_"
  static let regularWidths: [UInt8] = [
    62, 62, 59, 53, 70, 62, 62, 91, 54, 65, 65, 61, 64, 76, 66, 62, 66, 64, 55, 59, 60, 86, 60,
    69, 60, 92, 95, 71, 79, 59, 55, 85, 61, 69, 69, 69, 61, 79, 67, 67, 108, 65, 75, 75, 71, 76,
    87, 76, 79, 76, 67, 73, 62, 64, 87, 69, 78, 69, 107, 110, 84, 89, 69, 72, 108, 73, 62, 64,
    55, 64, 62, 36, 64, 64, 28, 28, 58, 28, 98, 64, 62, 64, 64, 42, 53, 40, 64, 60, 82, 60, 60,
    53, 69, 69, 73, 78, 67, 62, 78, 76, 30, 50, 67, 56, 87, 75, 79, 67, 79, 73, 67, 62, 74, 69,
    99, 69, 67, 69, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 32, 32, 32, 34, 34, 41, 28, 34, 37,
    40, 40, 40, 40, 34, 62, 62, 52, 52, 52, 46, 56, 100, 100, 56, 78, 84, 84, 102, 84, 96, 84,
    84, 56,
  ]
  static let boldWidths: [UInt8] = [
    68, 70, 64, 53, 81, 68, 68, 100, 59, 71, 71, 68, 74, 82, 70, 69, 70, 72, 60, 58, 66, 100, 65,
    75, 69, 107, 111, 76, 91, 64, 60, 98, 65, 78, 77, 77, 64, 90, 69, 69, 123, 72, 84, 84, 82,
    84, 100, 84, 86, 84, 74, 74, 69, 78, 100, 78, 93, 81, 124, 133, 94, 104, 77, 74, 118, 78, 68,
    72, 60, 72, 68, 44, 72, 72, 35, 35, 67, 35, 105, 72, 69, 72, 72, 50, 60, 48, 72, 66, 93, 65,
    66, 59, 78, 77, 74, 84, 69, 69, 83, 84, 38, 56, 78, 64, 100, 84, 86, 74, 86, 78, 73, 69, 82,
    78, 111, 78, 73, 73, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 35, 38, 38, 40, 40, 46, 31, 37,
    42, 46, 46, 46, 46, 37, 65, 65, 66, 66, 66, 53, 56, 100, 100, 62, 88, 84, 84, 100, 84, 101,
    84, 84, 56,
  ]

  /// The words of `text`, split at spaces, tabs and line feeds (as characters: a space that a
  /// combining mark joins is not one); by scalars when each is a character of its own.
  static func words(of text: String) -> [Substring] {
    let separates = { (scalar: Unicode.Scalar) in scalar == " " || scalar == "\n" || scalar == "\t"
    }
    guard eachScalarIsACharacter(text) else {
      return text.split { $0 == " " || $0 == "\n" || $0 == "\t" }
    }
    return text.unicodeScalars.split(whereSeparator: separates).map { Substring($0) }
  }

  /// `text` in lines no wider than `width`: broken between words, and inside a word only when
  /// the word alone is wider.
  static func wrap(_ text: String, width: Int, bold: Bool = false) -> [String] {
    var lines: [String] = []
    var line = ""
    // The line's width in hundredths, kept as it grows rather than measured again.
    var lineWidth = 0
    let space = hundredths(" ", bold: bold)
    for word in words(of: text) {
      let wordWidth = hundredths(word, bold: bold)
      let candidate = line.isEmpty ? wordWidth : lineWidth + space + wordWidth
      if pixels(candidate) <= width {
        line = line.isEmpty ? String(word) : line + " " + word
        lineWidth = candidate
        continue
      }
      if !line.isEmpty { lines.append(line) }
      // A word that fits a line of its own starts the next one whole: what adding it character
      // by character gives, without measuring each character as a string of its own.
      if pixels(wordWidth) <= width {
        line = String(word)
        lineWidth = wordWidth
        continue
      }
      line = ""
      lineWidth = 0
      for character in word {
        let characterWidth = hundredths(String(character), bold: bold)
        if !line.isEmpty, pixels(lineWidth + characterWidth) > width {
          lines.append(line)
          line = String(character)
          lineWidth = characterWidth
        } else {
          line += String(character)
          lineWidth += characterWidth
        }
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines.isEmpty ? [""] : lines
  }
}
