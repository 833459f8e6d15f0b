/// `robots.txt`: every page may be indexed; the sitemap's address under `base-url`.
public struct RobotsOutput: SiteOutput {
  public static let name = OutputName("robots")
  public var name: OutputName { Self.name }
  public var title: String { "Robots file" }

  public init() {}

  public func jobs(in site: SiteRenderer) -> [OutputJob] { [OutputJob(Self.name)] }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    [file("robots.txt", Array(Self.text(baseURL: site.content.site.baseURL.value).utf8))]
  }

  /// The file's text for a site at `baseURL`.
  static func text(baseURL: String) -> String {
    "User-agent: *\nAllow: /\n\nSitemap: \(baseURL)sitemap.xml\n"
  }
}
