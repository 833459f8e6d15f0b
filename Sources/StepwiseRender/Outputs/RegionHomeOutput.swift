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
    var holes = HoleValues()
    let variables = site.variables(of: region)
    var context = site.regionContext(region, &holes)
    context["title"] = holes.hole(UIStrings.regionHomeTitle(region))
    let journeys = site.journeys(in: region)
    // Alike in every region of a class but for texts with the region's values: made once per
    // class (and first hole), the texts filled per region.
    let first = holes.filling.count
    let made: ClassJourneys
    if let regionClass = site.regionClasses[region.code] {
      made = site.homeJourneys.value(HomeJourneysKey(regionClass: regionClass, firstHole: first)) {
        Self.journeys(journeys, firstHole: first, site)
      }
    } else {
      made = Self.journeys(journeys, firstHole: first, site)
    }
    for text in made.texts { _ = holes.hole(RegionVariables.fill(text, with: variables)) }
    context["journeys"] = made.value
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

  /// A class of regions' journeys as its homes list them, with holes from `firstHole` on for
  /// texts that may name region values (`texts`, in the holes' order).
  static func journeys(_ journeys: [Journey], firstHole: Int, _ site: SiteRenderer)
    -> ClassJourneys
  {
    let content = site.content
    var texts: [String] = []
    func hole(_ text: String) -> TemplateValue {
      texts.append(text)
      return .hole(firstHole + texts.count - 1)
    }
    // A procedure in several journeys lists its steps the first time only.
    var listed: Set<String> = []
    let value = TemplateValue.list(
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
                let summary = (page.summary ?? procedure.summary).map { hole($0) }
                let title = page.title
                return .object([
                  "title": RegionVariables.mentionsVariables(title) ? hole(title) : .text(title),
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
    return ClassJourneys(value: value, texts: texts)
  }

  /// The region home's address under `base-url` (`slug/`).
  static func folder(of region: Region) -> String { "\(region.slug)/" }
}

/// A class of regions' journeys on their homes (`RegionHomeOutput.journeys`).
struct ClassJourneys: Sendable {
  let value: TemplateValue
  /// The texts of its holes, in order, before the region's values are filled in.
  let texts: [String]
}

/// The journeys of a class of regions, their holes numbered from `firstHole`.
struct HomeJourneysKey: Hashable, Sendable {
  let regionClass: Int
  let firstHole: Int
}
