import StepwiseMarkdown

/// Writes a laid-out diagram as inline SVG for an HTML page: no XML prolog, `role="img"` with a
/// `<title>` and a `<desc>`, text as `<text>`, colours from `currentColor` (black on white in
/// print), the page's font by inheritance, and ids prefixed with the page's slug.
enum DiagramSVG {
  static func write(_ diagram: FlowDiagram, _ layout: DiagramLayout) -> String {
    let prefix = "diagram-" + idSafe(diagram.slug)
    let titleID = prefix + "-title"
    let descID = prefix + "-desc"
    let arrowID = prefix + "-arrow"
    var out = ""
    out.reserveCapacity(4096 + layout.items.count * 160)
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram-svg\" role=\"img\""
      + " aria-labelledby=\"\(titleID)\" aria-describedby=\"\(descID)\""
      + " width=\"\(layout.width)\" height=\"\(layout.height)\""
      + " viewBox=\"0 0 \(layout.width) \(layout.height)\""
      + " font-size=\"\(DiagramLayout.fontSize)\" fill=\"currentColor\">\n"
    out += "<title id=\"\(titleID)\">\(escape(UIStrings.diagramTitle(diagram.title)))</title>\n"
    out += "<desc id=\"\(descID)\">\(escape(description(of: diagram)))</desc>\n"
    out +=
      "<defs><marker id=\"\(arrowID)\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
      + " markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">\n"
      + "<path d=\"M0 0L10 5L0 10z\"/></marker></defs>\n"
    // Shapes first, text on top.
    out += "<g fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\">\n"
    for item in layout.items {
      switch item {
      case .box(let rect, let style, _, _, _, _):
        out += "<rect\(geometry(rect))"
        switch style {
        case .step: break
        case .optional: out += " stroke-dasharray=\"6 4\""
        case .terminal: out += " rx=\"14\" stroke-width=\"2.5\""
        }
        out += "/>\n"
      case .frame(let rect, _):
        out += "<rect\(geometry(rect)) rx=\"6\" stroke-width=\"1\"/>\n"
      case .line(let points, let arrow, let dashed):
        guard let first = points.first else { continue }
        out += "<path d=\"M\(first.x) \(first.y)"
        for point in points.dropFirst() {
          out += "L\(point.x) \(point.y)"
        }
        out += "\""
        if dashed { out += " stroke-dasharray=\"4 3\"" }
        if arrow { out += " marker-end=\"url(#\(arrowID))\"" }
        out += "/>\n"
      case .label: break
      }
    }
    out += "</g>\n<g>\n"
    let lineHeight = DiagramLayout.lineHeight
    let firstBaseline = DiagramLayout.paddingY + DiagramLayout.ascent
    for item in layout.items {
      switch item {
      case .box(let rect, _, _, let number, let textX, let lines):
        let baseline = rect.y + firstBaseline
        if let number {
          out +=
            "<text x=\"\(rect.x + DiagramLayout.paddingX)\" y=\"\(baseline)\""
            + " font-weight=\"bold\">\(escape(number))</text>\n"
        }
        for (index, line) in lines.enumerated() {
          out += "<text x=\"\(textX)\" y=\"\(baseline + index * lineHeight)\""
          if line.bold { out += " font-weight=\"bold\"" }
          out += ">\(escape(line.text))</text>\n"
        }
      case .frame(let rect, let title):
        for (index, line) in title.enumerated() {
          out +=
            "<text x=\"\(rect.x + DiagramLayout.frameGap)\""
            + " y=\"\(rect.y + DiagramLayout.frameGap + DiagramLayout.ascent + index * lineHeight)\""
            + " font-weight=\"bold\">\(escape(line.text))</text>\n"
        }
      case .label(let point, let text):
        out +=
          "<text x=\"\(point.x)\" y=\"\(point.y)\" text-anchor=\"middle\""
          + " font-style=\"italic\">\(escape(text))</text>\n"
      case .line: break
      }
    }
    out += "</g>\n</svg>"
    return out
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

  private static func geometry(_ rect: DiagramLayout.Rect) -> String {
    " x=\"\(rect.x)\" y=\"\(rect.y)\" width=\"\(rect.width)\" height=\"\(rect.height)\""
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
