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
    context["title"] = holes.hole(UIStrings.regionHomeTitle(region))
    let journeys = site.journeys(in: region)
    // A procedure in several journeys lists its steps the first time only.
    var listed: Set<String> = []
    context["journeys"] = .list(
      journeys.map { journey in
        .object([
          "title": .text(site.journeyTitle(journey)),
          "anchor": .text(SiteRenderer.journeyAnchor(journey)),
          "parts": .list(
            journey.parts.enumerated().map { index, ids in
              let options = ids.enumerated().compactMap { offset, id -> TemplateValue? in
                let first = listed.insert(id).inserted
                guard let page = content.page(forProcedure: id),
                  let procedure = content.graph.procedure(id)
                else { return nil }
                let summary = (page.frontMatter.summary ?? procedure.summary).map {
                  holes.hole(RegionVariables.fill($0, with: variables))
                }
                return .object([
                  "title": RegionVariables.mentionsVariables(page.frontMatter.title)
                    ? holes.hole(site.title(of: page, in: region)) : .text(page.frontMatter.title),
                  "url": .text("\(page.slug)/index.html"),
                  "summary": summary ?? .flag(false),
                  "steps": first
                    ? .shared(site.outline(ofProcedure: id) ?? SharedValue(.list([]))) : .list([]),
                  "listedAbove": .flag(!first),
                  "or": .flag(offset > 0),
                ])
              }
              return .object([
                "number": .number(index + 1),
                "choice": .flag(ids.count > 1),
                "options": .list(options),
              ])
            }),
        ])
      })
    context["hasJourney"] = .flag(!journeys.isEmpty)
    context["lead"] = .text(
      journeys.count > 1 ? UIStrings.regionHomeLeadSeveral : UIStrings.regionHomeLead)
    let slugs = site.plan.pagesByRegion[region.code] ?? []
    context["updated"] = .optional(site.lastChanged(slugs)?.russian)
    context["canonical"] = holes.hole(site.absoluteURL(Self.folder(of: region)))
    return site.render(
      "region", shape: SkeletonShape.regionList(of: region, "region", site),
      constants: site.homeConstants, context, holes)
  }

  /// The region home's address under `base-url` (`slug/`).
  static func folder(of region: Region) -> String { "\(region.slug)/" }
}
