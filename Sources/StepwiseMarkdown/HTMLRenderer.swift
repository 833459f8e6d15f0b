/// Customisation points of `HTMLRenderer`; every method has a default that matches cmark's
/// own HTML, so an empty customiser renders exactly what `cmark_render_html` does (safe mode).
public protocol HTMLCustomizer {
  /// Replaces the opening markup of a node; `nil` keeps the default.
  func open(_ id: Int, in document: MarkdownDocument) -> String?
  /// Replaces the closing markup of a node; `nil` keeps the default.
  func close(_ id: Int, in document: MarkdownDocument) -> String?
  /// Markup written after a node's closing markup (to wrap it, with `open`).
  func suffix(_ id: Int, in document: MarkdownDocument) -> String
  /// Whether to leave a node and its children out entirely.
  func skips(_ id: Int, in document: MarkdownDocument) -> Bool
  /// The text a text node shows (unescaped); the renderer escapes it.
  func text(_ text: String, node id: Int) -> String
  /// The URL a link or image points to (before escaping); `nil` renders an empty `href`.
  func url(_ url: String, node id: Int) -> String?
  /// The `href`/`src` attribute value of a link or image, escaped: by default `url` escaped as
  /// cmark does, or empty when `url` gives nil.
  func href(_ url: String, node id: Int) -> String
  /// Markup for raw HTML, which is never passed through.
  func rawHTML(_ html: String, node id: Int, block: Bool) -> String
}

extension HTMLCustomizer {
  public func open(_ id: Int, in document: MarkdownDocument) -> String? { nil }
  public func close(_ id: Int, in document: MarkdownDocument) -> String? { nil }
  public func suffix(_ id: Int, in document: MarkdownDocument) -> String { "" }
  public func skips(_ id: Int, in document: MarkdownDocument) -> Bool { false }
  public func text(_ text: String, node id: Int) -> String { text }
  public func url(_ url: String, node id: Int) -> String? {
    HTMLEscaping.isDangerousURL(url) ? nil : url
  }
  public func rawHTML(_ html: String, node id: Int, block: Bool) -> String {
    "<!-- raw HTML omitted -->"
  }
  public func href(_ url: String, node id: Int) -> String {
    self.url(url, node: id).map(HTMLEscaping.href) ?? ""
  }
}

/// The customiser that changes nothing: cmark-identical output.
public struct PlainHTML: HTMLCustomizer {
  public init() {}
}

/// Renders a `MarkdownDocument` to HTML without recursion.
public struct HTMLRenderer {
  public init() {}

  public func render(
    _ document: MarkdownDocument, with customizer: some HTMLCustomizer = PlainHTML()
  )
    -> String
  {
    var out = ""
    out.reserveCapacity(document.nodes.count * 24)
    render(document, from: MarkdownDocument.rootID, into: &out, with: customizer)
    return out
  }

  /// Renders one node and its descendants, appending to `out`.
  public func render(
    _ document: MarkdownDocument, from start: Int, into out: inout String,
    with customizer: some HTMLCustomizer
  ) {
    var stack: [(id: Int, entering: Bool)] = [(start, true)]
    var inTableHeader = false
    var needsTableBodyClose = false
    while let (id, entering) = stack.popLast() {
      let node = document[id]
      if entering {
        if customizer.skips(id, in: document) { continue }
        if case .image = node.kind {
          renderImage(id, document, &out, customizer)
          continue
        }
        if let markup = customizer.open(id, in: document) {
          out += markup
        } else {
          open(id, document, &out, customizer, &inTableHeader, &needsTableBodyClose)
        }
        if !node.kind.isLeaf {
          stack.append((id, false))
          for child in node.children.reversed() { stack.append((child, true)) }
        }
      } else {
        if let markup = customizer.close(id, in: document) {
          out += markup
        } else {
          close(id, document, &out, &inTableHeader, &needsTableBodyClose)
        }
        out += customizer.suffix(id, in: document)
      }
    }
  }

  /// Whether paragraphs directly inside this node's list item are rendered without `<p>`.
  private func isTight(_ paragraph: MarkdownNode, _ document: MarkdownDocument) -> Bool {
    guard let parent = paragraph.parent, let grandparent = document[parent].parent,
      case .list(_, let tight) = document[grandparent].kind
    else { return false }
    return tight
  }

  private func open(
    _ id: Int, _ document: MarkdownDocument, _ out: inout String,
    _ customizer: some HTMLCustomizer, _ inTableHeader: inout Bool, _ needsBodyClose: inout Bool
  ) {
    let node = document[id]
    switch node.kind {
    case .document: break
    case .blockQuote:
      cr(&out)
      out += "<blockquote>\n"
    case .list(let start, _):
      cr(&out)
      if let start {
        out += start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
      } else {
        out += "<ul>\n"
      }
    case .item:
      cr(&out)
      out += "<li>"
    case .codeBlock(let info, let literal):
      cr(&out)
      if info.isEmpty {
        out += "<pre><code>"
      } else {
        out += "<pre><code class=\"language-" + HTMLEscaping.text(Self.language(info)) + "\">"
      }
      out += HTMLEscaping.text(literal)
      out += "</code></pre>\n"
    case .htmlBlock(let html):
      cr(&out)
      out += customizer.rawHTML(html, node: id, block: true)
      cr(&out)
    case .paragraph:
      if !isTight(node, document) {
        cr(&out)
        out += "<p>"
      }
    case .heading(let level):
      cr(&out)
      out += "<h\(level)>"
    case .thematicBreak:
      cr(&out)
      out += "<hr />\n"
    case .table:
      cr(&out)
      out += "<table>"
      needsBodyClose = false
    case .tableRow(let isHeader):
      cr(&out)
      if isHeader {
        inTableHeader = true
        out += "<thead>"
        cr(&out)
      } else if !needsBodyClose {
        out += "<tbody>"
        cr(&out)
        needsBodyClose = true
      }
      out += "<tr>"
    case .tableCell:
      cr(&out)
      out += inTableHeader ? "<th" : "<td"
      if let row = node.parent, let table = document[row].parent,
        case .table(let alignments) = document[table].kind,
        let index = document[row].children.firstIndex(of: id), index < alignments.count
      {
        switch alignments[index] {
        case .left: out += " align=\"left\""
        case .center: out += " align=\"center\""
        case .right: out += " align=\"right\""
        case .none: break
        }
      }
      out += ">"
    case .text(let text): out += HTMLEscaping.text(customizer.text(text, node: id))
    case .softBreak: out += "\n"
    case .lineBreak: out += "<br />\n"
    case .code(let code): out += "<code>" + HTMLEscaping.text(code) + "</code>"
    case .htmlInline(let html): out += customizer.rawHTML(html, node: id, block: false)
    case .emphasis: out += "<em>"
    case .strong: out += "<strong>"
    case .strikethrough: out += "<del>"
    case .link(let destination, let title):
      out += "<a href=\""
      out += customizer.href(destination, node: id)
      if !title.isEmpty { out += "\" title=\"" + HTMLEscaping.text(title) }
      out += "\">"
    case .image: break
    }
  }

  private func close(
    _ id: Int, _ document: MarkdownDocument, _ out: inout String,
    _ inTableHeader: inout Bool, _ needsBodyClose: inout Bool
  ) {
    let node = document[id]
    switch node.kind {
    case .blockQuote:
      cr(&out)
      out += "</blockquote>\n"
    case .list(let start, _):
      cr(&out)
      out += start == nil ? "</ul>\n" : "</ol>\n"
    case .item: out += "</li>\n"
    case .paragraph:
      if !isTight(node, document) { out += "</p>\n" }
    case .heading(let level): out += "</h\(level)>\n"
    case .table:
      if needsBodyClose {
        cr(&out)
        out += "</tbody>"
        cr(&out)
      }
      needsBodyClose = false
      cr(&out)
      out += "</table>"
      cr(&out)
    case .tableRow(let isHeader):
      cr(&out)
      out += "</tr>"
      if isHeader {
        cr(&out)
        out += "</thead>"
        inTableHeader = false
      }
    case .tableCell: out += inTableHeader ? "</th>" : "</td>"
    case .emphasis: out += "</em>"
    case .strong: out += "</strong>"
    case .strikethrough: out += "</del>"
    case .link: out += "</a>"
    default: break
    }
  }

  /// `<img>` with the plain text of its children as `alt`, as cmark renders it.
  private func renderImage(
    _ id: Int, _ document: MarkdownDocument, _ out: inout String, _ customizer: some HTMLCustomizer
  ) {
    guard case .image(let source, let title) = document[id].kind else { return }
    if let markup = customizer.open(id, in: document) {
      out += markup
      return
    }
    out += "<img src=\""
    out += customizer.href(source, node: id)
    out += "\" alt=\""
    for child in document.preorder(from: id).dropFirst() {
      switch document[child].kind {
      case .text(let text): out += HTMLEscaping.text(customizer.text(text, node: child))
      // cmark writes raw HTML inside alt text as escaped text, not as "raw HTML omitted".
      case .code(let text), .htmlInline(let text): out += HTMLEscaping.text(text)
      case .softBreak, .lineBreak: out += " "
      default: break
      }
    }
    if !title.isEmpty { out += "\" title=\"" + HTMLEscaping.text(title) }
    out += "\" />"
  }

  /// The first word of a code block's info string, the language: the bytes before the first
  /// space, tab, line feed or carriage return (cmark's `cmark_isspace`).
  ///
  /// Split on bytes, not
  /// Characters: a space followed by a combining mark is one Character but still ends the word.
  static func language(_ info: String) -> String {
    let word = info.utf8.prefix { byte in
      byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\n")
        && byte != UInt8(ascii: "\r")
    }
    return String(decoding: word, as: UTF8.self)
  }

  private func cr(_ out: inout String) {
    if let last = out.utf8.last, last != UInt8(ascii: "\n") { out += "\n" }
  }
}
