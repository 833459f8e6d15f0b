/// `favicon.svg` at the site's root: the templates' `favicon.svg`, the built-in one unless the
/// site has its own in `templates/`.
public struct FaviconOutput: SiteOutput {
  public static let name = OutputName("favicon")
  public var name: OutputName { Self.name }
  public var title: String { "Favicon" }
  /// The static file it copies.
  static let source = "favicon.svg"

  public init() {}

  public func jobs(in site: SiteRenderer) -> [OutputJob] { [OutputJob(Self.name)] }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    guard let text = site.templates.statics[Self.source] else { return [] }
    return [file("favicon.svg", Array(text.utf8))]
  }
}
