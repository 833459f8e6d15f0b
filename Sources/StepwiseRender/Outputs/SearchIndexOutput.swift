import StepwiseCore
import StepwiseMarkdown
import StepwiseModel
import StepwiseSearch

/// `<region>/search-index.js`: the list of one region's pages with their summaries in that
/// region, read by `static/search.js` with the site's pages file (`SearchPagesOutput`, see
/// `SearchIndex`).
///
/// Each page is stemmed once per build (`SiteRenderer.searchFragments`), and once per content in
/// the preview (`SearchFragmentStore.shared`): a rebuild after an edit stems the edited page
/// only. The stems go into the one pages file, not into each region's index.
public struct SearchIndexOutput: SiteOutput {
  public static let name = OutputName("search-index")
  public var name: OutputName { Self.name }
  public var title: String { "Search indexes" }

  public init() {}

  /// Output path of a region's index.
  public static func path(of region: Region) -> String { "\(region.slug)/search-index.js" }

  public func jobs(in site: SiteRenderer) -> [OutputJob] {
    site.regions.map { OutputJob(Self.name, region: $0.code) }
  }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    guard let code = job.region, let region = site.content.registry.region(code: code) else {
      return []
    }
    let variables = site.variables(of: region)
    let pages = Self.pagesAtoZ(in: region, site).map { page in
      (
        url: Self.url(of: page),
        summary: Self.summary(of: page, in: site).map { RegionVariables.fill($0, with: variables) },
        // A title with region variables is filled per region here; the pages file has it
        // without them.
        title: RegionVariables.mentionsVariables(page.title)
          ? site.title(of: page, in: region) : nil
      )
    }
    return [file(Self.path(of: region), SearchIndex.script(pages))]
  }

  /// Regions whose values changed (summaries show them); every region when the flow graph
  /// changed (a page without a summary shows its procedure's).
  ///
  /// A region's index holds each page's address, title and summary only: an edit of a title or
  /// summary is rendered in full (`RebuildPlanner`), and a page's stems are in the site's pages
  /// file (`SearchPagesOutput`), so an edit of a page's text leaves every index as it was.
  public func affected(by change: SiteChange, in site: SiteRenderer) -> [OutputJob] {
    if change.graph || !change.flows.isEmpty { return jobs(in: site) }
    return jobs(in: site).filter { change.regions.contains($0.region ?? "") }
  }

  /// A region's pages by title, A to Z (letters compared as the search compares them): the
  /// site's order (`SiteRenderer.ranksAtoZ`), made once, kept for the region's pages.
  static func pagesAtoZ(in region: Region, _ site: SiteRenderer) -> [Page] {
    let ranks = site.ranksAtoZ.value(0) { ranksAtoZ(of: site.content.pages) }
    return (site.plan.pagesByRegion[region.code] ?? [])
      .map { (rank: ranks[$0] ?? Int.max, slug: $0) }
      .sorted { ($0.rank, $0.slug) < ($1.rank, $1.slug) }
      .compactMap { site.content.page(slug: $0.slug) }
  }

  /// Each page's place in the A to Z order of all pages, by slug.
  static func ranksAtoZ(of pages: [Page]) -> [String: Int] {
    let sorted =
      pages
      .map { (key: SearchText.sortKey(of: $0.title), slug: $0.slug) }
      // By bytes: the keys are normalized, and UTF-8 keeps code point order (String's `<`
      // normalizes Unicode on every comparison).
      .sorted {
        $0.key != $1.key
          ? $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) : $0.slug < $1.slug
      }
    var ranks: [String: Int] = [:]
    for (rank, page) in sorted.enumerated() where ranks[page.slug] == nil {
      ranks[page.slug] = rank
    }
    return ranks
  }

  /// A page's URL relative to its region's folder, its id in the indexes.
  static func url(of page: Page) -> String { "\(page.slug)/index.html" }

  /// The page's own summary or its procedure's, before region values are filled in.
  static func summary(of page: Page, in site: SiteRenderer) -> String? {
    page.summary
      ?? site.content.graph.procedure(page.procedureID)?.summary
  }

  /// The page's stems, made once per renderer.
  static func fragment(of page: Page, in site: SiteRenderer) -> SearchFragment {
    site.searchFragments.value(page.slug) {
      // The preview's last renderer may have stemmed the same text (`FlowMemo`).
      let text = site.content.sources[page.file]
      if let text, let kept = site.flowMemo.fragment(of: page.slug, text: text) { return kept }
      let made = SearchFragmentStore.shared.fragment(of: searchPage(page, in: site))
      if let text { site.flowMemo.keep(made, of: page.slug, text: text) }
      return made
    }
  }

  /// What the index takes of a page: title, summary, steps' titles, «labels» and body text,
  /// each word tied to the innermost step it is in.
  static func searchPage(_ page: Page, in site: SiteRenderer) -> SearchPage {
    let document = page.document
    let analysis = page.analysis
    let graph = site.content.graph
    var stepOfItem: [Int: Int] = [:]
    for (index, marker) in analysis.steps.enumerated() { stepOfItem[marker.item] = index }
    let title = withoutMarkers(page.title)
    var fields = [SearchField(title, weight: SearchWeight.title)]
    if let summary = summary(of: page, in: site) {
      fields.append(SearchField(withoutMarkers(summary), weight: SearchWeight.summary))
    }
    var steps: [String] = []
    for (index, marker) in analysis.steps.enumerated() {
      let title =
        graph.step(marker.id)?.title
        ?? firstWords(withoutMarkers(document.plainText(of: marker.item)))
      steps.append(title)
      fields.append(SearchField(title, weight: SearchWeight.heading, step: index))
    }
    for quote in analysis.quotes {
      fields.append(SearchField(quote.text, weight: SearchWeight.heading, step: quote.step))
    }
    // Parents come before their children in pre-order, so one pass finds each node's step.
    var stepOfNode = [Int?](repeating: nil, count: document.nodes.count)
    for id in document.preorder() {
      let node = document[id]
      let step = stepOfItem[id] ?? node.parent.flatMap { stepOfNode[$0] }
      stepOfNode[id] = step
      switch node.kind {
      case .text(let text), .code(let text):
        fields.append(SearchField(withoutMarkers(text), weight: SearchWeight.body, step: step))
      default:
        break
      }
    }
    return SearchPage(
      url: url(of: page), title: title, steps: steps, fields: fields)
  }

  /// `text` without `{#anchor}` markers and `{{variable}}` uses, which are not words a reader
  /// sees.
  static func withoutMarkers(_ text: String) -> String {
    let open = UInt8(ascii: "{")
    guard containsUTF8(text, byte: open) else { return text }
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index] == open, index + 1 < bytes.count,
        bytes[index + 1] == open || bytes[index + 1] == UInt8(ascii: "#")
      {
        // `}}` after `{{`, `}` after `{#`.
        let close: [UInt8] = bytes[index + 1] == open ? [0x7D, 0x7D] : [0x7D]
        var end = index + 2
        while end + close.count <= bytes.count, !bytes[end..<end + close.count].elementsEqual(close)
        {
          end += 1
        }
        if end + close.count <= bytes.count {
          out.append(UInt8(ascii: " "))
          index = end + close.count
          continue
        }
      }
      out.append(bytes[index])
      index += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The first words of a step without a title in the flow graph.
  static func firstWords(_ text: String) -> String {
    let words = text.split(whereSeparator: \.isWhitespace)
    let head = words.prefix(8).joined(separator: " ")
    return words.count > 8 ? head + "…" : head
  }
}
