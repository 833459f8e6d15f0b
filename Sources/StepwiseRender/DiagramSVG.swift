import StepwiseMarkdown

/// Writes a laid-out diagram as inline SVG for an HTML page: no XML prolog, `role="img"` with a
/// `<title>` and a `<desc>`, text as `<text>`, colours from `currentColor` (black on white in
/// print), the page's font by inheritance, and ids prefixed with the page's slug.
enum DiagramSVG {
  static func write(_ diagram: FlowDiagram, _ layout: DiagramLayout) -> String {
    let prefix = "diagram-" + idSafe(diagram.slug)
    let titleID = prefix + "-title"
    let descID = prefix + "-desc"
    var out = ""
    out.reserveCapacity(2048 + layout.items.count * 80)
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram-svg\" role=\"img\""
      + " aria-labelledby=\"\(titleID)\" aria-describedby=\"\(descID)\""
      + " width=\"\(layout.width)\" height=\"\(layout.height)\""
      + " viewBox=\"0 0 \(layout.width) \(layout.height)\""
      + " font-size=\"\(DiagramLayout.fontSize)\" fill=\"currentColor\">\n"
    out += "<title id=\"\(titleID)\">\(escape(UIStrings.diagramTitle(diagram.title)))</title>\n"
    out += "<desc id=\"\(descID)\">\(escape(description(of: diagram)))</desc>\n"
    // Every shape of a kind is one path (a page carries a diagram in each region's copy, so
    // bytes count); arrowheads are drawn, not markers (no ids to clash, nothing to resolve).
    var boxes = ""
    var optionalBoxes = ""
    var lines = ""
    var bypasses = ""
    var heads = ""
    var rounded: [(DiagramLayout.Rect, radius: Int, width: String)] = []
    for item in layout.items {
      switch item {
      case .box(let rect, .terminal, _, _, _, _): rounded.append((rect, 14, "2.5"))
      case .box(let rect, .optional, _, _, _, _): optionalBoxes += outline(rect)
      case .box(let rect, .step, _, _, _, _): boxes += outline(rect)
      case .frame(let rect, _): rounded.append((rect, 6, "1"))
      case .line(let points, let arrow, let dashed):
        guard let first = points.first else { continue }
        var d = "M\(first.x) \(first.y)"
        var previous = first
        for point in points.dropFirst() {
          d +=
            point.x == previous.x
            ? "V\(point.y)" : point.y == previous.y ? "H\(point.x)" : "L\(point.x) \(point.y)"
          previous = point
        }
        if dashed { bypasses += d } else { lines += d }
        if arrow, points.count > 1 {
          heads += arrowhead(to: previous, from: points[points.count - 2])
        }
      case .label: break
      }
    }
    out += "<g fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\">\n"
    if !boxes.isEmpty { out += "<path d=\"\(boxes)\"/>\n" }
    if !optionalBoxes.isEmpty { out += "<path d=\"\(optionalBoxes)\" stroke-dasharray=\"6 4\"/>\n" }
    if !lines.isEmpty { out += "<path d=\"\(lines)\"/>\n" }
    if !bypasses.isEmpty { out += "<path d=\"\(bypasses)\" stroke-dasharray=\"4 3\"/>\n" }
    for (rect, radius, width) in rounded {
      out +=
        "<rect x=\"\(rect.x)\" y=\"\(rect.y)\" width=\"\(rect.width)\" height=\"\(rect.height)\""
        + " rx=\"\(radius)\" stroke-width=\"\(width)\"/>\n"
    }
    out += "</g>\n"
    if !heads.isEmpty { out += "<path d=\"\(heads)\"/>\n" }
    let lineHeight = DiagramLayout.lineHeight
    let firstBaseline = DiagramLayout.paddingY + DiagramLayout.ascent
    var regular = ""
    var bold = ""
    func text(_ x: Int, _ y: Int, _ content: String, into target: inout String) {
      target += "<text x=\"\(x)\" y=\"\(y)\">\(escape(content))</text>\n"
    }
    for item in layout.items {
      switch item {
      case .box(let rect, _, _, let number, let textX, let lines):
        let baseline = rect.y + firstBaseline
        if let number { text(rect.x + DiagramLayout.paddingX, baseline, number, into: &bold) }
        for (index, line) in lines.enumerated() {
          let y = baseline + index * lineHeight
          if line.bold {
            text(textX, y, line.text, into: &bold)
          } else {
            text(textX, y, line.text, into: &regular)
          }
        }
      case .frame(let rect, let title):
        for (index, line) in title.enumerated() {
          let y = rect.y + DiagramLayout.frameGap + DiagramLayout.ascent + index * lineHeight
          text(rect.x + DiagramLayout.frameGap, y, line.text, into: &bold)
        }
      case .label(let point, let label):
        regular +=
          "<text x=\"\(point.x)\" y=\"\(point.y)\" text-anchor=\"middle\""
          + " font-style=\"italic\">\(escape(label))</text>\n"
      case .line: break
      }
    }
    out += regular
    if !bold.isEmpty { out += "<g font-weight=\"bold\">\n\(bold)</g>\n" }
    out += "</svg>"
    return out
  }

  /// A rectangle as a closed path.
  private static func outline(_ rect: DiagramLayout.Rect) -> String {
    "M\(rect.x) \(rect.y)h\(rect.width)v\(rect.height)h-\(rect.width)z"
  }

  /// A filled arrowhead with its tip at `tip`, pointing away from `from`.
  private static func arrowhead(to tip: DiagramLayout.Point, from: DiagramLayout.Point) -> String {
    let start = "M\(tip.x) \(tip.y)"
    if tip.y > from.y { return start + "l-4-8h8z" }
    if tip.y < from.y { return start + "l-4 8h8z" }
    if tip.x < from.x { return start + "l8-4v8z" }
    return start + "l-8-4v8z"
  }

  /// The `<desc>`: the procedure in words, and that the page's step list is its text
  /// alternative.
  static func description(of diagram: FlowDiagram) -> String {
    var optional = 0
    var choices: [Int] = []
    var groups: [String] = []
    func count(_ nodes: [FlowDiagram.Node]) {
      for node in nodes {
        switch node {
        case .step: break
        case .optional: optional += 1
        case .choice(let branches): if branches.count > 1 { choices.append(branches.count) }
        case .group(let title, let inner):
          if !groups.contains(title) { groups.append(title) }
          count(inner)
        }
      }
    }
    count(diagram.nodes)
    return UIStrings.diagramDescription(
      procedure: diagram.title, steps: diagram.boxes.count, optional: optional, choices: choices,
      groups: groups, requires: diagram.requires, produces: diagram.produces)
  }

  /// Text content and attribute values: `&`, `<`, `>`, `"`, `'` escaped, by Unicode scalars.
  private static func escape(_ text: String) -> String { HTMLEscaping.attribute(text) }

  /// A slug as an id part: ASCII letters, digits and `-`; anything else becomes `-`.
  static func idSafe(_ slug: String) -> String {
    String(
      String.UnicodeScalarView(
        slug.unicodeScalars.map { scalar in
          scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
            ? scalar : "-"
        }))
  }
}
