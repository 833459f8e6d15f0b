/// The static files of the templates (`static/style.css`), copied as they are.
public struct StylesheetOutput: SiteOutput {
  public static let name = OutputName("statics")
  public var name: OutputName { Self.name }
  public var title: String { "Stylesheet" }

  public init() {}

  public func jobs(in site: SiteRenderer) -> [OutputJob] { [OutputJob(Self.name)] }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    // The favicon goes to the site's root (`FaviconOutput`).
    site.templates.statics.filter { $0.key != FaviconOutput.source }.sorted(by: {
      $0.key < $1.key
    }).map {
      file("static/\($0.key)", Array($0.value.utf8))
    }
  }
}
