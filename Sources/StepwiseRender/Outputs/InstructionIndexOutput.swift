import StepwiseModel

/// `<region>/a-z.html`: a region's instructions by title, A to Z; where the search form leads
/// with JavaScript off (and where `search.js` runs the query it was given).
///
/// A file, not a folder: a page's folder (`<region>/<slug>/`) can never take its name.
public struct InstructionIndexOutput: SiteOutput {
  public static let name = OutputName("a-z")
  public var name: OutputName { Self.name }
  public var title: String { "A–Z lists" }

  public init() {}

  /// Output path of a region's A–Z list.
  public static func path(of region: Region) -> String { "\(region.slug)/a-z.html" }

  public func jobs(in site: SiteRenderer) -> [OutputJob] {
    site.regions.map { OutputJob(Self.name, region: $0.code) }
  }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    guard let code = job.region, let region = site.content.registry.region(code: code) else {
      return []
    }
    var holes = HoleValues()
    let variables = site.variables(of: region)
    var context = site.regionContext(region, &holes)
    context["title"] = holes.hole(Self.title(region.name))
    let pages = SearchIndexOutput.pagesAtoZ(in: region, site).map { page -> TemplateValue in
      let summary = SearchIndexOutput.summary(of: page, in: site).map {
        holes.hole(RegionVariables.fill($0, with: variables))
      }
      return .object([
        "title": RegionVariables.mentionsVariables(page.title)
          ? holes.hole(site.title(of: page, in: region)) : .text(page.title),
        "url": .text("\(page.slug)/index.html"),
        "summary": summary ?? .flag(false),
      ])
    }
    context["pages"] = .list(pages)
    context["hasPages"] = .flag(!pages.isEmpty)
    let html = site.render(
      "a-z", shape: SkeletonShape.regionList(of: region, "a-z", site),
      constants: site.homeConstants, context, holes)
    return [file(Self.path(of: region), html)]
  }

  /// The page's title: «Все инструкции от А до Я: Московская область».
  static func title(_ regionName: String) -> String {
    "Все инструкции от А до Я: \(regionName)"
  }

  /// The regions whose values changed; every region when the flow graph changed (a page
  /// without a summary shows its procedure's).
  ///
  /// A list shows each page's title and summary only: an edit of either is rendered in full
  /// (`RebuildPlanner`), so an edit of a page's text leaves every list as it was.
  public func affected(by change: SiteChange, in site: SiteRenderer) -> [OutputJob] {
    if change.graph { return jobs(in: site) }
    return jobs(in: site).filter { change.regions.contains($0.region ?? "") }
  }
}
