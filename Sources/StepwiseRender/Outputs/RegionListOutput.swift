import StepwiseModel

/// `regiony/<page>/index.html`: the regions where one instruction is built, for pages built in
/// more regions than a page lists itself (`PageOutput.inlineRegionLimit`).
public struct RegionListOutput: SiteOutput {
  public static let name = OutputName("region-list")
  public var name: OutputName { Self.name }
  public var title: String { "Region lists" }

  public init() {}

  /// Output path of the list of regions where a page is built.
  public static func path(of slug: String) -> String { "regiony/\(slug)/index.html" }

  public func jobs(in site: SiteRenderer) -> [OutputJob] {
    site.content.pages.filter {
      (site.plan.regionsByPage[$0.slug]?.count ?? 0) > PageOutput.inlineRegionLimit + 1
    }.map { OutputJob(Self.name, page: $0.slug) }
  }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    guard let slug = job.page, let page = site.content.page(slug: slug) else { return [] }
    return [file(Self.path(of: slug), list(page, in: site))]
  }

  /// The regions where one instruction is built: pick yours.
  ///
  /// The title and addresses are holes: every page built in the same regions shares one
  /// rendering.
  ///
  /// A title with region variables has no one wording here: the list is headed in general
  /// terms, and each region is listed with the title as it reads there.
  func list(_ page: Page, in site: SiteRenderer) -> [UInt8] {
    var holes = HoleValues()
    let varies = RegionVariables.mentionsVariables(page.title)
    var context: TemplateFields = [
      "title": holes.hole(varies ? UIStrings.regionListTitle : page.title)
    ]
    let built = (site.plan.regionsByPage[page.slug] ?? []).compactMap {
      site.content.registry.region(code: $0)
    }
    context["regions"] = .list(
      built.map {
        .object([
          "name": .text(
            varies ? UIStrings.regionListEntry($0.name, site.title(of: page, in: $0)) : $0.name),
          "url": holes.hole("../../" + PageOutput.path(of: page.slug, in: $0)),
        ])
      })
    return site.render("regions", constants: site.listConstants, context, holes)
  }
}
