import StepwiseModel

/// `index.html`: the list of regions to pick from.
public struct RootOutput: SiteOutput {
  public static let name = OutputName("root")
  public var name: OutputName { Self.name }
  public var title: String { "Root page" }

  public init() {}

  public func jobs(in site: SiteRenderer) -> [OutputJob] { [OutputJob(Self.name)] }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    [file("index.html", page(in: site))]
  }

  /// It lists each region's number of instructions: redone with the homes, when procedures'
  /// places in the flows change.
  public func affected(by change: SiteChange, in site: SiteRenderer) -> [OutputJob] {
    change.flows.isEmpty && !change.graph ? [] : jobs(in: site)
  }

  func page(in site: SiteRenderer) -> [UInt8] {
    var context = site.base(root: "")
    context["title"] = .text(UIStrings.chooseRegion)
    context["canonical"] = .text(site.absoluteURL(""))
    context["updated"] = .optional(site.lastChanged(Array(site.pageDates.keys))?.russian)
    context["regions"] = .list(
      site.regions.map { region in
        .object([
          "name": .text(region.name), "url": .text(RegionHomeOutput.path(of: region)),
          "pages": .text(UIStrings.instructions(site.plan.pagesByRegion[region.code]?.count ?? 0)),
        ])
      })
    return site.render("root", context)
  }
}
