/// `404.html`, served from any folder: its links start at the path of `base-url`.
public struct NotFoundOutput: SiteOutput {
  public static let name = OutputName("not-found")
  public var name: OutputName { Self.name }
  public var title: String { "Not-found page" }

  public init() {}

  public func jobs(in site: SiteRenderer) -> [OutputJob] { [OutputJob(Self.name)] }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    var context = site.base(root: site.basePath)
    context["title"] = .text(UIStrings.pageNotFound)
    return [file("404.html", site.render("404", context))]
  }
}
