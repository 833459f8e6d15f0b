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
    [file("sitemap.xml", Array(text(in: site).utf8))]
  }

  func text(in site: SiteRenderer) -> String {
    let base = site.content.site.baseURL.value
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    func add(_ path: String, _ changed: CalendarDate?) {
      out += "<url><loc>\(HTMLEscaping.text(base + path))</loc>"
      if let changed { out += "<lastmod>\(changed)</lastmod>" }
      out += "</url>\n"
    }
    add("", site.lastChanged(Array(site.pageDates.keys)))
    for region in site.regions {
      let slugs = site.plan.pagesByRegion[region.code] ?? []
      add("\(region.slug)/", site.lastChanged(slugs))
      for slug in slugs { add("\(region.slug)/\(slug)/", site.pageDates[slug]) }
    }
    return out + "</urlset>\n"
  }
}
