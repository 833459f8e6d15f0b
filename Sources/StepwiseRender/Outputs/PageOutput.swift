import StepwiseModel

/// `<region>/<page>/index.html`: one instruction page in each region where it is built.
public struct PageOutput: SiteOutput {
  public static let name = OutputName("page")
  public var name: OutputName { Self.name }
  public var title: String { "Instruction pages" }

  public init() {}

  /// Output path of a page in a region.
  public static func path(of slug: String, in region: Region) -> String {
    "\(region.slug)/\(slug)/index.html"
  }

  /// Up to this many other regions are listed on the page itself; more get a page of their own
  /// (`RegionListOutput`).
  public static let inlineRegionLimit = 12

  /// A journey of more parts than `2 × navigationWindow + 1` is shown in a page's navigation
  /// as the current part and this many on each side: its whole list on every page would make
  /// the site grow with the square of the journey's length.
  public static let navigationWindow = 3

  /// The indices of the parts a page's navigation shows, of `count`, around `current`.
  static func shownParts(count: Int, current: Int) -> [Int] {
    let window = navigationWindow
    guard count > 2 * window + 1 else { return Array(0..<count) }
    return Array(max(0, current - window)...min(count - 1, current + window))
  }

  public func jobs(in site: SiteRenderer) -> [OutputJob] {
    site.regions.flatMap { region in
      (site.plan.pagesByRegion[region.code] ?? []).map {
        OutputJob(Self.name, region: region.code, page: $0)
      }
    }
  }

  public func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile] {
    guard let code = job.region, let slug = job.page,
      let region = site.content.registry.region(code: code),
      let page = site.content.page(slug: slug)
    else { return [] }
    return [file(Self.path(of: slug, in: region), self.page(page, in: region, site))]
  }

  /// A changed page in every region; every page of a region whose values changed; every page
  /// when the flow graph changed.
  public func affected(by change: SiteChange, in site: SiteRenderer) -> [OutputJob] {
    // Every page shows its journey, which the flow graph decides.
    if !change.flows.isEmpty || change.graph { return jobs(in: site) }
    // The changed pages' copies and every page of a changed region, in the order of
    // `jobs(in:)`, without making the site's every job to pick them out (a preview edit wants 85
    // of 13,945 at ministry scale).
    var changedIn: [String: Set<String>] = [:]
    for slug in change.pages {
      for code in site.plan.regionsByPage[slug] ?? [] { changedIn[code, default: []].insert(slug) }
    }
    return site.regions.flatMap { region -> [OutputJob] in
      let built = site.plan.pagesByRegion[region.code] ?? []
      let slugs: [String]
      if change.regions.contains(region.code) {
        slugs = built
      } else if let changed = changedIn[region.code] {
        slugs = changed.count == 1 ? Array(changed) : built.filter(changed.contains)
      } else {
        return []
      }
      return slugs.map { OutputJob(Self.name, region: region.code, page: $0) }
    }
  }

  /// One instruction page in one region.
  ///
  /// What the page shows alike in every region is its prototype; what it shows alike in every
  /// region that builds the same pages (its «Прежде чем начать», journey and pager) is made once
  /// per such class of regions; only the region's own values are made per copy, as holes.
  func page(_ page: Page, in region: Region, _ site: SiteRenderer) -> [UInt8] {
    // The renderer's content and plan are read in place: copied, each would retain every one of
    // their fields, for every copy of every page.
    let prototype = site.prototypes.value(page.slug) { prototypeOf(page, site) }
    // Classes of regions that differ in pages this page does not show share its class part.
    let regionClass = site.regionClasses[region.code] ?? -1
    let partsClass = site.partsClasses.value(
      PageClassKey(slug: page.slug, regionClass: regionClass)
    ) {
      site.partsNumbering.number(PartsSignature(page, in: region, site))
    }
    let shared = site.pageClassParts.value(partsClass) {
      let (fields, varies) = classFields(page, in: region, site)
      return varies ? nil : SharedValue(prototype.constants, adding: fields)
    }
    // Tests run debug builds: a region whose class part differs from the one its signature
    // shares fails them.
    assert(
      shared.map { shared in
        let own = classFields(page, in: region, site)
        return !own.varies
          && shared.whole == SharedValue(prototype.constants, adding: own.fields).whole
      } ?? true, "regions with equal PartsSignatures show a page's class part differently")
    // A class part that names a page title with region variables is made for each region.
    let constants =
      shared
      ?? SharedValue(prototype.constants, adding: classFields(page, in: region, site).fields)
    var holes = HoleValues()
    let variables = site.variables(of: region)
    var context = site.regionContext(region, &holes)
    if RegionVariables.mentionsVariables(page.title) {
      // A title with region variables differs by region: a hole, not the prototype's constant.
      context["title"] = holes.hole(site.title(of: page, in: region))
    }
    let code = region.code
    let isBuilt = { (slug: String) in site.plan.isBuilt(page: slug, in: code) }
    context["body"] = holes.hole(
      site.templates.allowsSkeletons
        ? prototype.body.filling(variables: variables, isBuilt: isBuilt) { destination, make in
          // Instruction pages share their root and their links' form: a destination resolves
          // alike on every page of a region.
          site.links.value(RegionLink(destination: destination, region: code), make)
        }
        : .text(
          PageBody.fullHTML(
            page: page, root: prototype.body.root, pageURL: prototype.body.pageURL,
            variables: variables, isBuilt: isBuilt)))
    // Read alike in every region, they are the prototype's; else made for each copy.
    if !prototype.fixedTexts {
      let procedure = site.content.graph.procedure(page.procedureID)
      let summary = (page.summary ?? procedure?.summary).map {
        RegionVariables.fill($0, with: variables)
      }
      context["summary"] = summary.map { holes.hole($0) } ?? .flag(false)
      context["description"] = holes.hole(
        summary ?? site.content.site.description ?? site.title(of: page, in: region))
    }
    context["canonical"] = holes.hole(site.absoluteURL("\(region.slug)/\(page.slug)/"))
    if Self.otherRegionCount(of: page, in: region, site.plan) <= Self.inlineRegionLimit {
      let built = site.plan.regionsByPage[page.slug] ?? []
      let others = built.filter { $0 != code }.compactMap {
        site.content.registry.region(code: $0)
      }
      // Holes, so that every region's copy has the same shape: the list differs only in which
      // region it leaves out.
      context["otherRegions"] = .list(
        others.map {
          .object([
            "name": holes.hole($0.name),
            "url": holes.hole("../../" + Self.path(of: page.slug, in: $0)),
          ])
        })
      context["hasOtherRegions"] = .flag(!others.isEmpty)
      context["otherRegionsPage"] = .flag(false)
    }
    let shape = PageShapeKey(
      slug: page.slug, partsClass: shared == nil ? nil : partsClass,
      region: shared == nil ? region.code : nil,
      pattern: site.contextPatterns[region.code] ?? -1)
    return site.render("page", shape: .page(shape), constants: constants, context, holes)
  }

  /// How many regions besides `region` build the page.
  static func otherRegionCount(of page: Page, in region: Region, _ plan: SitePlan) -> Int {
    let built = plan.regionsByPage[page.slug]?.count ?? 0
    return built - (plan.isBuilt(page: page.slug, in: region.code) ? 1 : 0)
  }

  /// What a page shows alike in every region that builds the same pages: what to have before
  /// starting, the journey and its pager, the date, the link to the list of other regions; and
  /// whether it names a page title with region variables (then it differs by region).
  ///
  /// It depends on the region only through `PartsSignature`: regions whose signatures are equal
  /// show the same.
  private func classFields(_ page: Page, in region: Region, _ site: SiteRenderer) -> (
    fields: TemplateFields, varies: Bool
  ) {
    let content = site.content
    let plan = site.plan
    var context: TemplateFields = [:]
    var varies = false
    if let procedure = content.graph.procedure(page.procedureID) {
      let before = site.analysis.preconditions(of: procedure).enumerated().map {
        index, condition -> TemplateValue in
        let ids = site.providerCache[procedure.id]?[condition.state.value] ?? []
        // The same requirement with the same providers built reads alike on every page and in
        // every region (unless a provider's title names region variables): made once.
        let built = ids.filter { id in
          content.slug(ofProcedure: id).map { plan.isBuilt(page: $0, in: region.code) } ?? false
        }
        let key = RequirementKey(procedure: procedure.id, index: index, built: built)
        if let shared = site.requirements.value(key, { Self.requirement(key, condition, site) }) {
          return .shared(shared)
        }
        varies = true
        return Self.requirement(index, condition, built, in: region, site)
      }
      context["before"] = .list(before)
      context["hasBefore"] = .flag(!before.isEmpty)
      if navigation(for: procedure.id, in: region, site, into: &context) { varies = true }
    }
    context["updated"] = .optional(site.pageDates[page.slug]?.russian)
    let otherCount = Self.otherRegionCount(of: page, in: region, plan)
    // With many regions, the page links to one list of them instead of carrying it: 84 links on
    // each of 85 copies would make the site grow with the square of the regions.
    if otherCount > Self.inlineRegionLimit {
      context["otherRegions"] = .list([])
      context["hasOtherRegions"] = .flag(false)
      context["otherRegionsPage"] = .text("../../" + RegionListOutput.path(of: page.slug))
      context["otherRegionsCount"] = .number(otherCount)
    }
    return (context, varies)
  }

  /// The step-by-step navigation of the procedure's journey, previous and next, and the other
  /// journeys it is part of.
  ///
  /// Returns whether it names a page title with region variables.
  private func navigation(
    for id: String, in region: Region, _ site: SiteRenderer, into context: inout TemplateFields
  ) -> Bool {
    let journeys = site.journeys(in: region).filter { $0.part(of: id) != nil }
    let own = site.actors[id] ?? ""
    guard let journey = journeys.first(where: { $0.actor == own }) ?? journeys.first,
      let current = journey.part(of: id)
    else {
      context["journey"] = .flag(false)
      context["hasPager"] = .flag(false)
      return false
    }
    var varies = false
    func options(_ ids: [String]) -> TemplateValue {
      // A part without the page is shown alike on every page and in every region whose
      // journey has it (unless a title names region variables): made once.
      if !ids.contains(id),
        let shared = site.partOptions.value(ids, { Self.sharedOptions(ids, site) })
      {
        return .shared(shared)
      }
      let (list, named) = Self.options(ids, current: id, in: region, site)
      if named { varies = true }
      return list
    }
    let also = journeys.filter { $0 != journey }.map { other in
      TemplateValue.object([
        "title": .text(UIStrings.journeyTitle(site.journeyTitle(other))),
        "url": .text("../index.html#" + SiteRenderer.journeyAnchor(other)),
      ])
    }
    // A long journey is shown around the current part; the region's home lists it whole.
    let shown = Self.shownParts(count: journey.parts.count, current: current)
    context["journey"] = .object([
      "title": .text(UIStrings.journeyTitle(site.journeyTitle(journey))),
      "anchor": .text(SiteRenderer.journeyAnchor(journey)),
      "parts": .list(
        shown.map { index in
          .object([
            "number": .number(index + 1), "current": .flag(index == current),
            "options": options(journey.parts[index]),
          ])
        }),
      "partial": shown.count < journey.parts.count
        ? .text(UIStrings.wholeJourney(journey.parts.count)) : .flag(false),
      "also": .list(also),
      "hasAlso": .flag(!also.isEmpty),
    ])
    let previous = current > 0 ? journey.parts[current - 1] : nil
    let following = current + 1 < journey.parts.count ? journey.parts[current + 1] : nil
    context["previous"] = previous.map { .object(["options": options($0)]) } ?? .flag(false)
    context["following"] = following.map { .object(["options": options($0)]) } ?? .flag(false)
    context["hasPager"] = .flag(previous != nil || following != nil)
    return varies
  }

  /// A precondition of a procedure with the providers built where it is shown.
  struct RequirementKey: Hashable, Sendable {
    let procedure: String
    let index: Int
    let built: [String]
  }

  /// The precondition as every region shows it; nil when a provider's title names region
  /// variables (then it differs by region).
  static func requirement(_ key: RequirementKey, _ condition: StateCondition, _ site: SiteRenderer)
    -> SharedValue?
  {
    for id in key.built {
      if let title = site.content.page(forProcedure: id)?.title,
        RegionVariables.mentionsVariables(title)
      {
        return nil
      }
    }
    return SharedValue(requirement(key.index, condition, key.built, in: nil, site))
  }

  /// «Прежде чем начать»: one precondition, and the built procedures that provide it, with
  /// their titles as `region` reads them (as written, without a region).
  static func requirement(
    _ index: Int, _ condition: StateCondition, _ built: [String], in region: Region?,
    _ site: SiteRenderer
  ) -> TemplateValue {
    let content = site.content
    let state = content.graph.state(condition.state.value)
    let values = condition.values.map { state?.title(of: $0.value) ?? $0.value }
    let providers = built.compactMap { id -> (title: String, url: String)? in
      guard let provider = content.page(forProcedure: id) else { return nil }
      let title = region.map { site.title(of: provider, in: $0) } ?? provider.title
      return (title, "../\(provider.slug)/index.html")
    }
    return .object([
      "and": .flag(index > 0),
      "requirement": .text(
        UIStrings.requirement(
          state?.title ?? condition.state.value, values: values, following: index > 0)),
      "startWith": .text(UIStrings.startWith(providers.count)),
      "providers": .list(
        providers.enumerated().map { offset, item in
          .object([
            "title": .text(item.title), "url": .text(item.url), "first": .flag(offset == 0),
          ])
        }),
      "hasProviders": .flag(!providers.isEmpty),
    ])
  }

  /// The options of a journey's part that holds no current page, as every region shows them;
  /// nil when a title names region variables (then they differ by region).
  static func sharedOptions(_ ids: [String], _ site: SiteRenderer) -> SharedValue? {
    let (list, named) = options(ids, current: nil, in: nil, site)
    return named ? nil : SharedValue(list)
  }

  /// The options of a journey's part, `current` marked, with titles as `region` reads them (as
  /// written, without a region); and whether a title names region variables.
  static func options(_ ids: [String], current: String?, in region: Region?, _ site: SiteRenderer)
    -> (TemplateValue, namesVariables: Bool)
  {
    var named = false
    let list = ids.enumerated().compactMap { offset, other -> TemplateValue? in
      guard let page = site.content.page(forProcedure: other) else { return nil }
      if RegionVariables.mentionsVariables(page.title) { named = true }
      return .object([
        "title": .text(region.map { site.title(of: page, in: $0) } ?? page.title),
        "url": .text("../\(page.slug)/index.html"),
        "or": .flag(offset > 0), "current": .flag(other == current),
      ])
    }
    return (.list(list), named)
  }

  /// What a page shows alike in every region, made once per page.
  private func prototypeOf(_ page: Page, _ site: SiteRenderer) -> PagePrototype {
    let root = "../../"
    var constants = site.base(root: root)
    constants["title"] = .text(page.title)
    constants["reviewBy"] = .optional(page.frontMatter.reviewBy.map(\.value.russian))
    constants["validUntil"] = .optional(page.frontMatter.validUntil.map(\.value.russian))
    constants["diagram"] =
      site.diagram(of: page).map { diagram in
        let figure = site.diagrams.figure(diagram)
        return .object([
          "svg": .text(figure.svg), "caption": .text(figure.caption), "wide": .flag(figure.wide),
        ])
      } ?? .flag(false)
    let procedure = site.content.graph.procedure(page.procedureID)
    let fixed = Self.fixedTexts(page, procedure, site)
    if let fixed {
      constants["summary"] = fixed.summary.map { .text($0) } ?? .flag(false)
      constants["description"] = .text(fixed.description)
    }
    let body = PageBody(page: page, root: root) { "../\($0)/index.html" }
    return PagePrototype(
      body: body, constants: SharedValue(.object(constants)), fixedTexts: fixed != nil)
  }

  /// The page's summary (nil when it has none) and its `<meta>` description, when every region
  /// reads them alike; nil when they are made for each region.
  ///
  /// Alike means without region variables, and not empty: an empty text stays a hole's value,
  /// never a constant, so that the template's sections read it as before.
  static func fixedTexts(_ page: Page, _ procedure: Procedure?, _ site: SiteRenderer) -> (
    summary: String?, description: String
  )? {
    let fixed = { (text: String) in !text.isEmpty && !RegionVariables.mentionsVariables(text) }
    if let summary = page.summary ?? procedure?.summary {
      return fixed(summary) ? (summary, summary) : nil
    }
    let description = site.content.site.description ?? page.title
    return fixed(description) ? (nil, description) : nil
  }
}

/// A link destination with region variables in one region (`SiteRenderer.links`).
struct RegionLink: Hashable, Sendable {
  let destination: String
  let region: String
}

/// A page in a class of regions that build the same pages (`SiteRenderer.regionClasses`).
struct PageClassKey: Hashable, Sendable {
  let slug: String
  let regionClass: Int
}

/// Everything of a region that a page's class part (`PageOutput.classFields`) reads.
///
/// That is which providers of each of its preconditions the region builds, and the journeys
/// that hold its procedure. Of 26 classes of regions at 200×85, most show a page alike: their
/// signatures are equal, and the page's class part and skeleton are made once for all of them.
struct PartsSignature: Hashable, Sendable {
  let slug: String
  /// Whether the region builds each provider of each precondition, one bit each, in the order
  /// of the renderer's `providerCache` (one dictionary, so one order for every region).
  let built: [UInt64]
  /// The numbers (`SiteRenderer.journeyNumbers(in:)`) of the region's journeys that hold the
  /// page's procedure, in order.
  let journeys: [Int]

  init(_ page: Page, in region: Region, _ site: SiteRenderer) {
    slug = page.slug
    let id = page.procedureID
    var built: [UInt64] = []
    var bit = 64
    for ids in (site.providerCache[id] ?? [:]).values {
      for provider in ids {
        if bit == 64 {
          built.append(0)
          bit = 0
        }
        if let slug = site.content.slug(ofProcedure: provider),
          site.plan.isBuilt(page: slug, in: region.code)
        {
          built[built.count - 1] |= 1 << bit
        }
        bit += 1
      }
    }
    self.built = built
    journeys = zip(site.journeys(in: region), site.journeyNumbers(in: region)).compactMap {
      journey, number in journey.part(of: id) == nil ? nil : number
    }
  }
}

/// What decides the shape of a page's context in a region: the page, the number of its
/// `PartsSignature` there (or the region itself, when the class part is made per region) and
/// the region's `SiteRenderer.contextPattern(of:)`.
struct PageShapeKey: Hashable, Sendable {
  let slug: String
  let partsClass: Int?
  let region: String?
  let pattern: Int
}

extension OutputJob {
  /// In a `case` pattern: every instruction page (`if case .page = job`).
  public static let page = OutputJob(PageOutput.name)
}
