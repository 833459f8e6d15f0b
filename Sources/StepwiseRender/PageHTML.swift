import StepwiseMarkdown
import StepwiseModel

/// How one page's Markdown becomes HTML in one region: step markers become anchors, callouts
/// become boxes, `{{variables}}` are filled in, links to pages point to the region's copies.
struct PageHTML: HTMLCustomizer {
  let page: Page
  let variables: [String: String]
  /// Maps a `page.md` link to this region's URL, or nil when that page is not built here.
  let pageURL: (String) -> String?
  /// Relative path from this page to the site root.
  let root: String

  private var analysis: PageAnalysis { page.analysis }

  init(page: Page, variables: [String: String], root: String, pageURL: @escaping (String) -> String?) {
    self.page = page
    self.variables = variables
    self.root = root
    self.pageURL = pageURL
    var steps: [Int: PageAnalysis.StepMarker] = [:]
    var stepTexts: [Int: Int] = [:]
    for marker in page.analysis.steps {
      steps[marker.item] = marker
      stepTexts[marker.textNode] = marker.markerLength
    }
    var headings: [Int: PageAnalysis.Heading] = [:]
    var headingTexts: [Int: Int] = [:]
    for heading in page.analysis.headings {
      headings[heading.node] = heading
      if let text = heading.anchorTextNode { headingTexts[text] = heading.anchorLength }
    }
    var skipped: Set<Int> = []
    for callout in page.analysis.callouts.values {
      skipped.insert(callout.textNode)
      if let node = callout.breakNode { skipped.insert(node) }
      if let node = callout.markerParagraph { skipped.insert(node) }
    }
    self.stepItems = steps
    self.stepTexts = stepTexts
    self.headings = headings
    self.headingTexts = headingTexts
    self.skipped = skipped
  }

  private let stepItems: [Int: PageAnalysis.StepMarker]
  private let stepTexts: [Int: Int]
  private let headings: [Int: PageAnalysis.Heading]
  private let headingTexts: [Int: Int]
  private let skipped: Set<Int>

  static let calloutTitles = [
    "note": "Обратите внимание", "tip": "Совет", "important": "Важно", "warning": "Внимание",
    "caution": "Осторожно",
  ]

  func skips(_ id: Int, in document: MarkdownDocument) -> Bool { skipped.contains(id) }

  func open(_ id: Int, in document: MarkdownDocument) -> String? {
    let node = document[id]
    switch node.kind {
    case .item:
      guard let marker = stepItems[id] else { return nil }
      return "\n<li id=\"\(HTMLEscaping.text(marker.id))\" class=\"step\">"
    case .blockQuote:
      guard let callout = analysis.callouts[id] else { return nil }
      let title = callout.title ?? Self.calloutTitles[callout.kind] ?? "Обратите внимание"
      return "\n<aside class=\"callout callout-\(callout.kind)\" role=\"note\">\n"
        + "<p class=\"callout-title\">\(HTMLEscaping.text(fill(title)))</p>\n"
    case .heading(let level):
      let shown = max(level, 2)
      let anchor = headings[id]?.anchor.map { " id=\"\(HTMLEscaping.text($0))\"" } ?? ""
      return "\n<h\(shown)\(anchor)>"
    case .table:
      return "\n<div class=\"table-scroll\"><table>"
    default:
      return nil
    }
  }

  func close(_ id: Int, in document: MarkdownDocument) -> String? {
    switch document[id].kind {
    case .blockQuote:
      return analysis.callouts[id] == nil ? nil : "</aside>\n"
    case .heading(let level):
      return "</h\(max(level, 2))>\n"
    default:
      return nil
    }
  }

  func suffix(_ id: Int, in document: MarkdownDocument) -> String {
    if case .table = document[id].kind { return "</div>\n" }
    return ""
  }

  func text(_ text: String, node id: Int) -> String {
    var shown = Substring(text)
    if let length = stepTexts[id] { shown = shown.dropFirst(length) }
    if let length = headingTexts[id] { shown = shown.dropLast(length) }
    return fill(String(shown))
  }

  /// Replaces `{{name}}` with the region's values; unknown names stay (check reports them).
  func fill(_ text: String) -> String { RegionVariables.fill(text, with: variables) }

  func url(_ url: String, node id: Int) -> String? {
    let filled = fill(url)
    switch LinkTarget(filled) {
    case .external, .anchor: return filled
    case .page(let slug, let anchor):
      return pageURL(slug).map { $0 + (anchor.map { "#\($0)" } ?? "") }
    case .asset(let path): return root + path
    case .forbidden: return nil
    }
  }

  func rawHTML(_ html: String, node id: Int, block: Bool) -> String { "" }
}
