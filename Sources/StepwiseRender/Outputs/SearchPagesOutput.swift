import StepwiseSearch

/// `search-pages.js`: the stems of every page built in some region, once for the whole
/// site (see `SearchIndex`); each region's `search-index.js` lists which of them it searches.
///
/// A page's stems are the same in every region (its summary is indexed without its
/// `{{variable}}` uses), so writing them once instead of once per region keeps the build and the
/// output small; the file is the concatenation of the pages' cached fragments.
public struct SearchPagesOutput: SiteOutput {
  public static let name = OutputName("search-pages")
  public var name: OutputName { Self.name }
  public var title: String { "Search pages" }

  public init() {}

  /// Output path of the pages file.
  public static let path = "search-pages.js"

  public func jobs(in site: SiteRenderer) -> [OutputJob] { [OutputJob(Self.name)] }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    // The pages built in some region.
    let pages = site.plan.regionsByPage.keys.sorted().compactMap { site.content.page(slug: $0) }
    let fragments = pages.map { SearchIndexOutput.fragment(of: $0, in: site) }
    return [file(Self.path, SearchIndex.pagesScript(fragments))]
  }

  /// Any change to a page or to the flow graph (steps' titles); not a change of regions'
  /// values, which the stems do not hold (where pages are built is the plan: a change of it
  /// renders everything).
  public func affected(by change: SiteChange, in site: SiteRenderer) -> [OutputJob] {
    change.graph || !change.flows.isEmpty || !change.pages.isEmpty ? jobs(in: site) : []
  }
}
