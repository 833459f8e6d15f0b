import StepwiseModel

/// `<region>/index.html`: a region's procedures in journey order, GOV.UK "step by step" style.
public struct RegionHomeOutput: SiteOutput {
  public static let name = OutputName("region-home")
  public var name: OutputName { Self.name }
  public var title: String { "Region homes" }

  public init() {}

  /// Output path of a region's home.
  public static func path(of region: Region) -> String { "\(region.slug)/index.html" }

  public func jobs(in site: SiteRenderer) -> [OutputJob] {
    site.regions.map { OutputJob(Self.name, region: $0.code) }
  }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    guard let code = job.region, let region = site.content.registry.region(code: code) else {
      return []
    }
    return [file(Self.path(of: region), home(region, in: site))]
  }

  /// A region whose values changed; every home when procedures' outlines or places changed.
  public func affected(by change: SiteChange, in site: SiteRenderer) -> [OutputJob] {
    if !change.flows.isEmpty || change.graph { return jobs(in: site) }
    return site.regions.filter { change.regions.contains($0.code) }.map {
      OutputJob(Self.name, region: $0.code)
    }
  }

  func home(_ region: Region, in site: SiteRenderer) -> [UInt8] {
    let content = site.content
    var holes = HoleValues()
    let variables = site.variables(of: region)
    var context = site.regionContext(region, &holes)
    context["title"] = holes.hole(UIStrings.regionHomeTitle(region.name))
    let pages = (site.plan.pagesByRegion[region.code] ?? []).compactMap { content.page(slug: $0) }
    let procedures = pages.compactMap { content.graph.procedure($0.frontMatter.procedure.value) }
    // Provider walks were done once by the renderer; the journey order reuses them in every region.
    let needs = site.providerCache.mapValues { Set($0.values.joined()) }
    let ordered = site.analysis.journeyOrder(procedures, needs: needs)
    var journey: [TemplateValue] = []
    for (index, procedure) in ordered.enumerated() {
      guard let page = content.page(forProcedure: procedure.id) else { continue }
      let needed = site.neededPages(for: procedure, in: region).flatMap(\.self)
      let summary = (page.frontMatter.summary ?? procedure.summary).map {
        holes.hole(RegionVariables.fill($0, with: variables))
      }
      let steps =
        site.outlines[procedure.id]
        ?? SharedValue(SiteRenderer.outline(of: procedure, in: content.graph))
      journey.append(
        .object([
          "number": .number(index + 1),
          "title": page.frontMatter.title.contains("{{")
            ? holes.hole(site.title(of: page, in: region)) : .text(page.frontMatter.title),
          "url": .text("\(page.slug)/index.html"),
          "summary": summary ?? .flag(false),
          "steps": .shared(steps),
          "needs": .links(needed),
          "hasNeeds": .flag(!needed.isEmpty),
        ]))
    }
    context["journey"] = .list(journey)
    context["hasJourney"] = .flag(!journey.isEmpty)
    return site.render("region", constants: site.homeConstants, context, holes)
  }
}
