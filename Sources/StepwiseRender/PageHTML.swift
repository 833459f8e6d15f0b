import StepwiseCore
import StepwiseMarkdown
import StepwiseModel

/// A page's Markdown rendered once for all regions: HTML with holes where the region's
/// variables and its links to other pages go, filled in per region.
struct PageBody: Sendable {
  enum Hole: Sendable, Equatable {
    /// `{{name}}`, and the text as written (shown where the region has no such variable).
    case variable(name: String, written: String)
    /// A link to a page, and its `href` where that page is built (empty where it is not).
    case page(slug: String, href: String)
    /// A link or image destination with `{{variables}}`, resolved in each region.
    case link(String)
  }

  let skeleton: Skeleton
  let holes: [Hole]
  /// Relative path from the page to the site root.
  let root: String
  /// The URL of a page (by slug) from this one.
  let pageURL: @Sendable (String) -> String
  let page: Page

  init(page: Page, root: String, pageURL: @escaping @Sendable (String) -> String) {
    let recorder = HoleRecorder(pageURL: pageURL, value: nil)
    let html = HTMLRenderer().render(
      page.document, with: PageHTML(page: page, root: root, holes: recorder))
    self.skeleton = Skeleton(parsing: html)
    self.holes = recorder.holes
    self.root = root
    self.pageURL = pageURL
    self.page = page
  }

  /// The body in one region: its variables, and which pages are built there.
  func html(variables: [String: String], isBuilt: @escaping (String) -> Bool) -> String {
    filling(variables: variables, isBuilt: isBuilt).string
  }

  /// The body in one region as a hole's value: the body's skeleton with the region's values,
  /// which the page's skeleton splices in (or the body rendered in full, see `html`).
  ///
  /// `link`, when given, is asked for a link's value with the way to make it: the same
  /// destination reads alike on every page of a region (`mailto:{{ministry-email}}` on each), so
  /// a renderer may make it once per region.
  func filling(
    variables: [String: String], isBuilt: @escaping (String) -> Bool,
    link: ((String, () -> String) -> String)? = nil
  ) -> HoleValue {
    let values = holes.map { hole in
      if let link, case .link(let destination) = hole {
        return link(destination) {
          Self.value(of: hole, variables: variables, isBuilt: isBuilt, root: root, pageURL: pageURL)
        }
      }
      return Self.value(
        of: hole, variables: variables, isBuilt: isBuilt, root: root, pageURL: pageURL)
    }
    // The renderer starts a block on a new line unless the text so far ends with one, so a
    // value that is empty or ends with a newline can change the markup after it: such a
    // region's body is rendered in full (rare: region values are one line).
    for (hole, value) in zip(holes, values) {
      guard case .variable = hole, value.isEmpty || value.utf8.last == UInt8(ascii: "\n") else {
        continue
      }
      return .text(
        Self.fullHTML(
          page: page, root: root, pageURL: pageURL, variables: variables, isBuilt: isBuilt))
    }
    return .filled(skeleton, values)
  }

  /// The body in one region rendered in full, each value put in as the renderer meets it
  /// (what `html` gives, without a skeleton: for templates that cannot use skeletons, and to
  /// test that both agree).
  static func fullHTML(
    page: Page, root: String, pageURL: @escaping (String) -> String, variables: [String: String],
    isBuilt: @escaping (String) -> Bool
  ) -> String {
    let recorder = HoleRecorder(pageURL: pageURL) {
      value(of: $0, variables: variables, isBuilt: isBuilt, root: root, pageURL: pageURL)
    }
    return HTMLRenderer().render(
      page.document, with: PageHTML(page: page, root: root, holes: recorder))
  }

  /// What a hole holds in a region: unescaped text for a variable, an escaped `href` for a link.
  static func value(
    of hole: Hole, variables: [String: String], isBuilt: (String) -> Bool, root: String,
    pageURL: (String) -> String
  ) -> String {
    switch hole {
    case .variable(let name, let written):
      return variables[name] ?? written
    case .page(let slug, let href):
      return isBuilt(slug) ? href : ""
    case .link(let destination):
      let url = resolve(destination, variables: variables, root: root) {
        isBuilt($0) ? pageURL($0) : nil
      }
      return url.map(HTMLEscaping.href) ?? ""
    }
  }

  /// Where a link or image points in a region, or nil for a page not built there and for a
  /// forbidden scheme.
  static func resolve(
    _ destination: String, variables: [String: String], root: String, pageURL: (String) -> String?
  ) -> String? {
    let filled = RegionVariables.fill(destination, with: variables)
    return resolve(LinkTarget(filled), filled, root: root, pageURL: pageURL)
  }

  static func resolve(
    _ target: LinkTarget, _ url: String, root: String, pageURL: (String) -> String?
  ) -> String? {
    switch target {
    case .external, .anchor: return url
    case .page(let slug, let anchor):
      return pageURL(slug).map { $0 + (anchor.map { "#\($0)" } ?? "") }
    case .asset(let path): return root + path
    case .forbidden: return nil
    }
  }
}

/// The holes a body's rendering made, in order (the renderer's customiser cannot mutate), or
/// the values that fill them in one region.
private final class HoleRecorder {
  var holes: [PageBody.Hole] = []
  let pageURL: (String) -> String
  /// The region's value of a hole, when rendering in full; nil when making a skeleton.
  let value: ((PageBody.Hole) -> String)?

  init(pageURL: @escaping (String) -> String, value: ((PageBody.Hole) -> String)?) {
    self.pageURL = pageURL
    self.value = value
  }

  /// The hole's marker, or its value when rendering in full.
  func add(_ hole: PageBody.Hole) -> String {
    if let value { return value(hole) }
    holes.append(hole)
    return Marker.text(holes.count - 1)
  }
}

/// How a page's Markdown becomes HTML: step markers become anchors, callouts become boxes,
/// `{{variables}}` and links to pages become holes for `PageBody`.
private struct PageHTML: HTMLCustomizer {
  let page: Page
  /// Relative path from this page to the site root.
  let root: String
  let holes: HoleRecorder

  private var analysis: PageAnalysis { page.analysis }

  init(page: Page, root: String, holes: HoleRecorder) {
    self.page = page
    self.root = root
    self.holes = holes
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

  func skips(_ id: Int, in document: MarkdownDocument) -> Bool { skipped.contains(id) }

  func open(_ id: Int, in document: MarkdownDocument) -> String? {
    let node = document[id]
    switch node.kind {
    case .item:
      guard let marker = stepItems[id] else { return nil }
      return "\n<li id=\"\(HTMLEscaping.text(marker.id))\" class=\"step\">"
    case .blockQuote:
      guard let callout = analysis.callouts[id] else { return nil }
      let title =
        callout.title ?? UIStrings.calloutTitles[callout.kind] ?? UIStrings.defaultCalloutTitle
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

  /// `{{name}}` becomes a hole for the region's value.
  func fill(_ text: String) -> String {
    RegionVariables.fill(text) { name, written in
      holes.add(.variable(name: name, written: String(written)))
    }
  }

  /// Links to pages and links with variables depend on the region: holes.
  ///
  /// Others are final.
  func href(_ url: String, node id: Int) -> String {
    if containsUTF8(url, byte: UInt8(ascii: "{")) { return holes.add(.link(url)) }
    let target = LinkTarget(url)
    if case .page(let slug, _) = target {
      let resolved = PageBody.resolve(target, url, root: root, pageURL: holes.pageURL)
      return holes.add(.page(slug: slug, href: resolved.map(HTMLEscaping.href) ?? ""))
    }
    return PageBody.resolve(target, url, root: root, pageURL: { _ in nil }).map(HTMLEscaping.href)
      ?? ""
  }

  func rawHTML(_ html: String, node id: Int, block: Bool) -> String { "" }
}
