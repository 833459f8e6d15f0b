import StepwiseCore
import StepwiseMarkdown

/// `sitemap.xml`, with absolute URLs under `base-url`.
public struct SitemapOutput: SiteOutput {
  public static let name = OutputName("sitemap")
  public var name: OutputName { Self.name }
  public var title: String { "Sitemap" }

  public init() {}

  public func jobs(in site: SiteRenderer) -> [OutputJob] { [OutputJob(Self.name)] }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    [file("sitemap.xml", bytes(in: site))]
  }

  /// The sitemap, written as bytes: one line per page of every region (14,000 at ministry
  /// scale), each page's date written once.
  func bytes(in site: SiteRenderer) -> [UInt8] {
    let base = site.content.site.baseURL.value
    var out: [UInt8] = []
    out.reserveCapacity(64 * (site.plan.pageCount + 1) + 256)
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8
    out += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n".utf8
    // The base and each region's folder are escaped once, each page's date written once.
    let escapedBase = Array(HTMLEscaping.text(base).utf8)
    func add(_ path: [UInt8], _ lastmod: [UInt8]?) {
      out += "<url><loc>".utf8
      out += escapedBase
      out += path
      out += "</loc>".utf8
      if let lastmod { out += lastmod }
      out += "</url>\n".utf8
    }
    func lastmod(_ date: CalendarDate?) -> [UInt8]? {
      date.map { Array("<lastmod>\($0)</lastmod>".utf8) }
    }
    var dates: [String: [UInt8]] = [:]
    for (slug, date) in site.pageDates { dates[slug] = lastmod(date) }
    add([], lastmod(site.lastChanged(Array(site.pageDates.keys))))
    for region in site.regions {
      let slugs = site.plan.pagesByRegion[region.code] ?? []
      let folder = Array(HTMLEscaping.text(region.slug + "/").utf8)
      add(folder, lastmod(site.lastChanged(slugs)))
      for slug in slugs {
        add(folder + HTMLEscaping.text(slug + "/").utf8, dates[slug])
      }
    }
    out += "</urlset>\n".utf8
    return out
  }
}
