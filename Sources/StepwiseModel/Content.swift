/// All content of a site, typed.
public struct Content: Sendable {
  public var root: String
  public var site: SiteSettings
  public var registry: RegionRegistry
  public var graph: FlowGraph
  public var pages: [Page] {
    didSet { (bySlug, byProcedure) = Self.index(pages) }
  }
  /// Site-relative paths of the files under `content/assets/`.
  public var assets: Set<String>
  /// The text of every loaded file by site-relative path, for diagnostics excerpts.
  public var sources: [String: String]

  /// Page positions by slug and by procedure id (the first page of each).
  private var bySlug: [String: Int] = [:]
  private var byProcedure: [String: Int] = [:]

  public init(
    root: String, site: SiteSettings, registry: RegionRegistry, graph: FlowGraph, pages: [Page],
    assets: Set<String>, sources: [String: String]
  ) {
    self.root = root
    self.site = site
    self.registry = registry
    self.graph = graph
    self.pages = pages
    self.assets = assets
    self.sources = sources
    (bySlug, byProcedure) = Self.index(pages)
  }

  private static func index(_ pages: [Page]) -> ([String: Int], [String: Int]) {
    var bySlug: [String: Int] = [:]
    var byProcedure: [String: Int] = [:]
    for (position, page) in pages.enumerated() {
      if bySlug[page.slug] == nil { bySlug[page.slug] = position }
      if byProcedure[page.frontMatter.procedure.value] == nil {
        byProcedure[page.frontMatter.procedure.value] = position
      }
    }
    return (bySlug, byProcedure)
  }

  public func page(slug: String) -> Page? { bySlug[slug].map { pages[$0] } }
  /// The procedure of the page with this slug, without copying the page.
  public func procedure(ofPage slug: String) -> String? {
    bySlug[slug].map { pages[$0].frontMatter.procedure.value }
  }
  public func page(forProcedure id: String) -> Page? { byProcedure[id].map { pages[$0] } }
  /// The slug of the page of a procedure, without copying the page.
  public func slug(ofProcedure id: String) -> String? { byProcedure[id].map { pages[$0].slug } }
}
