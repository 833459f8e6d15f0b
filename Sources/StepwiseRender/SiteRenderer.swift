import StepwiseCore
import StepwiseMarkdown
import StepwiseModel
import StepwiseSearch

/// What every output of a site renders from (see `SiteOutput`): the content, templates and
/// plan, with the walks of the flow graph, the region values and the skeletons made once and
/// shared by all of them; and the jobs of the outputs in `SiteOutputs.all`, one file at a time.
///
/// Pages were parsed once when loaded; here each is rendered per region, with that region's
/// variables and links.
///
/// A class: every output and closure that holds the renderer holds one reference (a struct's
/// copy retained each of its dozens of fields, thousands of times per build).
public final class SiteRenderer: Sendable {
  public let content: Content
  public let templates: TemplateSet
  public let plan: SitePlan
  public let analysis: FlowAnalysis
  let providerCache: [String: [String: [String]]]

  /// Makes the renderer of a checked site.
  ///
  /// `skeletons` carries renderings over from an earlier renderer (the preview's last build);
  /// it is used only if it was made for the same templates. `diagrams` carries its drawn flow
  /// diagrams over (each is keyed by everything it shows).
  public init(
    content: Content, templates: TemplateSet, plan: SitePlan, analysis: FlowAnalysis? = nil,
    skeletons: SkeletonCache? = nil, diagrams: DiagramCache? = nil,
    pageDates: [String: CalendarDate] = [:], memo: FlowMemo? = nil
  ) {
    self.content = content
    self.pageDates = pageDates
    self.templates = templates
    self.plan = plan
    let analysis = analysis ?? FlowAnalysis(graph: content.graph)
    self.analysis = analysis
    // What the flow graph and the pages' places decide: carried over from the preview's last
    // renderer while those are unchanged (`FlowMemo`), else worked out now.
    let memo =
      memo.flatMap { $0.serves(content) ? $0 : nil }
      ?? FlowMemo(content: content, analysis: analysis)
    self.flowMemo = memo
    self.providerCache = memo.providerCache
    self.dependents = memo.dependents
    self.siteContext = Self.siteContext(content.site)
    self.homeConstants = SharedValue(
      .object(Self.base(root: "../", site: content.site, siteContext: siteContext)))
    self.listConstants = SharedValue(
      .object(Self.base(root: "../../", site: content.site, siteContext: siteContext)))
    self.diagrams = diagrams ?? DiagramCache()
    self.skeletons =
      skeletons.flatMap { $0.serves(templates) ? $0 : nil } ?? SkeletonCache(for: templates)
    var values: [String: [String: String]] = [:]
    let built = Set(plan.regionCodes)
    for region in content.registry.regions where built.contains(region.code) {
      values[region.code] = values[region.code] ?? RegionVariables.values(of: region)
    }
    self.regionValues = values
    var telephones: [String: String] = [:]
    for region in content.registry.regions where built.contains(region.code) {
      if let phone = region.variables["ministry-phone"] {
        telephones[region.code] = Self.telephone(phone.value)
      }
    }
    self.ministryTelephones = telephones
    self.contextPatterns = Dictionary(
      content.registry.regions.map { ($0.code, Self.contextPattern(of: $0)) },
      uniquingKeysWith: { first, _ in first })
  }

  /// The day each page (by slug) was last changed, for `<lastmod>` and «Обновлено».
  public let pageDates: [String: CalendarDate]

  /// Each procedure's actor (`FlowAnalysis.actor(of:)`), for procedures with pages.
  var actors: [String: String] { flowMemo.actors }

  /// What this renderer worked out from the flow graph and the pages' places, for the next.
  public let flowMemo: FlowMemo
  /// Journeys by the procedures a region builds: most regions build the same and share them.
  var journeyCache: OnceMap<[String], [Journey]> { flowMemo.journeys }

  /// Journeys by region class (`regionClasses`): asked for by every page of every region.
  let classJourneys = OnceMap<Int, [Journey]>()
  /// The journeys as a class of regions' homes list them (`RegionHomeOutput.journeys`).
  let homeJourneys = OnceMap<HomeJourneysKey, ClassJourneys>()

  /// The journeys of a region (see `Journey.make`), made once per class of regions (which build
  /// the same pages) and kept by set of procedures built.
  public func journeys(in region: Region) -> [Journey] {
    guard let regionClass = regionClasses[region.code] else { return journeys(of: region.code) }
    return classJourneys.value(regionClass) { journeys(of: region.code) }
  }

  /// A number for each of `journeys(in:)`, the same for equal journeys of any region.
  func journeyNumbers(in region: Region) -> [Int] {
    guard let regionClass = regionClasses[region.code] else {
      return journeys(in: region).map(journeyNumbering.number)
    }
    return classJourneyNumbers.value(regionClass) {
      journeys(in: region).map(journeyNumbering.number)
    }
  }

  /// `journeyNumbers(in:)` by class of regions.
  private let classJourneyNumbers = OnceMap<Int, [Int]>()
  /// Each journey met by `journeyNumbers(in:)`, numbered in the order met.
  private let journeyNumbering = Numbering<Journey>()

  private func journeys(of code: String) -> [Journey] {
    let ids = (plan.pagesByRegion[code] ?? []).compactMap { content.procedure(ofPage: $0) }
    return journeyCache.value(ids) {
      var providers: [String: [[String]]] = [:]
      for id in ids {
        providers[id] = (providerCache[id] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
      }
      return Journey.make(
        procedures: ids, actors: actors, actorOrder: content.graph.actors.map(\.id),
        providers: providers)
    }
  }

  /// The title a journey is shown under: its actor's.
  func journeyTitle(_ journey: Journey) -> String {
    content.graph.actor(journey.actor)?.title ?? UIStrings.everyoneJourney
  }

  /// The anchor of a journey on its region's home.
  static func journeyAnchor(_ journey: Journey) -> String {
    "journey" + (journey.actor.isEmpty ? "" : "-" + journey.actor)
  }

  /// The newest date of the given pages.
  func lastChanged(_ slugs: [String]) -> CalendarDate? {
    slugs.compactMap { pageDates[$0] }.max()
  }

  /// `outline(of:)` of the procedures with pages, made once each when first asked for: the same
  /// on every region's home.
  let outlines = OnceMap<String, SharedValue?>()

  /// `outline(of:)` of a procedure's page, made once.
  func outline(ofProcedure id: String) -> SharedValue? {
    outlines.value(id) {
      guard let page = content.page(forProcedure: id), let procedure = content.graph.procedure(id)
      else { return nil }
      return SharedValue(Self.outline(of: page, procedure, in: content.graph))
    }
  }

  /// The steps of a page as the region home's template lists them: the page's own numbered
  /// steps (an included procedure's steps one by one, as the page numbers them), or the
  /// procedure's outline when the page marks none.
  static func outline(of page: Page, _ procedure: Procedure, in graph: FlowGraph)
    -> TemplateValue
  {
    let marked = page.analysis.steps.filter { $0.parent == nil }.map {
      graph.step($0.id)?.title ?? $0.id
    }
    let lines = marked.isEmpty ? stepOutline(procedure, in: graph) : marked
    return .list(lines.map { .object(["text": .text($0)]) })
  }

  /// Each region's class, by code: regions that build the same pages are of one class, and a
  /// page's journey, pager and «Прежде чем начать» are the same in all of them.
  var regionClasses: [String: Int] { plan.regionClasses }
  /// The `tel:` form of each built region's ministry phone, by code.
  let ministryTelephones: [String: String]
  /// `contextPattern(of:)` of every region, by code.
  let contextPatterns: [String: Int]
  /// Preconditions as every region shows them (`PageOutput.requirement(_:_:_:)`).
  let requirements = OnceMap<PageOutput.RequirementKey, SharedValue?>()
  /// The options of journeys' parts, by procedure ids (`PageOutput.sharedOptions(_:_:)`).
  let partOptions = OnceMap<[String], SharedValue?>()
  /// A page's values shared by the regions of one `PartsSignature` (by its number), with its
  /// prototype's (nil when they name a page title with region variables, and so are made per
  /// region).
  let pageClassParts = OnceMap<Int, SharedValue?>()
  /// The number of each page's `PartsSignature` in a class of regions (by `regionClasses`).
  let partsClasses = OnceMap<PageClassKey, Int>()
  /// Each `PartsSignature` met, numbered in the order met (the number names the page too).
  let partsNumbering = Numbering<PartsSignature>()

  /// `variables(of:)` of every region built, made once.
  let regionValues: [String: [String: String]]

  /// Procedure id → ids of the procedures it provides a precondition of, sorted.
  let dependents: [String: [String]]
  /// The site settings as every page's template sees them.
  let siteContext: TemplateValue
  /// Pages and homes rendered once per shape, filled in per region.
  public let skeletons: SkeletonCache
  /// Flow diagrams drawn once per procedure and page, for every region.
  public let diagrams: DiagramCache
  /// Each page's body and constant values, made once by this renderer.
  let prototypes = OnceMap<String, PagePrototype>()
  /// The `href` of each instruction-page link with region variables, by region.
  let links = OnceMap<RegionLink, String>()
  /// `SearchIndexOutput.ranksAtoZ` of the site's pages, made once (under the key 0).
  var ranksAtoZ: OnceMap<Int, [String: Int]> { flowMemo.ranksAtoZ }
  /// Each page's search stems, made once by this renderer (`SearchIndexOutput`).
  let searchFragments = OnceMap<String, SearchFragment>()
  /// What every list of a page's regions shows alike.
  let listConstants: SharedValue
  /// What every region's home shows alike.
  let homeConstants: SharedValue

  // MARK: - Outputs

  /// One unit of rendering (see `OutputJob`).
  public typealias Job = OutputJob

  /// The outputs this renderer makes, in rendering order.
  public var outputs: [any SiteOutput] { SiteOutputs.all }

  /// The output of a job, from `outputs`.
  public func output(of job: OutputJob) -> (any SiteOutput)? {
    outputs.first { $0.name == job.output }
  }

  /// Every job of the site, output by output.
  public var allJobs: [OutputJob] { outputs.flatMap { $0.jobs(in: self) } }

  /// Renders one job: the files it writes.
  public func render(_ job: OutputJob) -> [RenderedFile] {
    output(of: job)?.render(job, in: self) ?? []
  }

  /// Calls `emit` with every output path and its contents, output by output.
  public func renderAll(_ emit: (String, [UInt8]) throws -> Void) rethrows {
    for job in allJobs {
      for file in render(job) { try emit(file.path, file.bytes) }
    }
  }

  /// The regions being built, in registry order.
  public var regions: [Region] {
    plan.regionCodes.compactMap { content.registry.region(code: $0) }
  }

  /// For a procedure with a page: for each of its preconditions (by state id), the procedures
  /// with pages that provide it.
  public func providerIDs(of procedureID: String) -> [String: [String]]? {
    providerCache[procedureID]
  }

  /// What the flow diagram of a page shows (nil for a page whose procedure is unknown).
  public func diagram(of page: Page) -> FlowDiagram? {
    guard let procedure = content.graph.procedure(page.procedureID) else {
      return nil
    }
    return FlowDiagram.make(
      procedure: procedure, page: page, graph: content.graph, analysis: analysis)
  }

  /// The procedures (with pages) a procedure provides a precondition of, sorted.
  public func dependentIDs(of procedureID: String) -> [String] { dependents[procedureID] ?? [] }

  /// Renders a template with a context that is the same in every region.
  func render(_ template: String, _ context: TemplateFields) -> [UInt8] {
    templates.render(template, .object(context)) { _ in "" }
  }

  /// Renders a template with `constants`, which are the same in every region, and a region's
  /// `context`.
  ///
  /// Every region whose context has the same shape shares one rendering, filled in
  /// with its own hole values.
  func render(
    _ template: String, constants: SharedValue, _ context: TemplateFields, _ holes: HoleValues
  ) -> [UInt8] {
    let values = holes.values
    let whole = { TemplateValue.object(constants.fields.merging(context)) }
    guard templates.allowsSkeletons else {
      return templates.render(template, whole()) { values[$0] }
    }
    let key = SkeletonCache.Key(template: template, constants: constants, shape: .object(context))
    let skeleton = skeletons.skeleton(key) { templates.skeleton(template, whole()) }
    return skeleton.fill(values)
  }

  /// Renders as `render(_:constants:_:_:)` does, finding the skeleton by `shape` (what decides
  /// the context's shape: for a page, the page, its class of regions and which ministry contacts
  /// the region has) instead of hashing the whole context for every copy; with no shape known,
  /// by its context.
  func render(
    _ template: String, shape: SkeletonShape?, constants: SharedValue,
    _ context: TemplateFields, _ holes: HoleValues
  ) -> [UInt8] {
    guard templates.allowsSkeletons, let shape else {
      return render(template, constants: constants, context, holes)
    }
    let found = shapedSkeletons.value(shape) {
      // Through the shared cache, which keeps one skeleton for equal contexts of different
      // classes of regions (without it, a 200×85 build's memory grows by a third).
      let key = SkeletonCache.Key(
        template: template, constants: constants, shape: .object(context))
      let skeleton = skeletons.skeleton(key) {
        templates.skeleton(template, .object(constants.fields.merging(context)))
      }
      var shapeHash = 0
      assert(
        {
          shapeHash = TemplateValue.object(context).hashValue
          return true
        }())
      return (skeleton, shapeHash)
    }
    // Tests run debug builds: a context whose shape the key does not decide fails them.
    assert(
      found.shape == TemplateValue.object(context).hashValue,
      "a context differs in shape within one SkeletonShape")
    return found.skeleton.fill(holes: holes.filling)
  }

  /// Skeletons by `SkeletonShape`, with the hash of the context shape each was made for.
  let shapedSkeletons = OnceMap<SkeletonShape, (skeleton: Skeleton, shape: Int)>()

  /// What decides the shape of a region's context (`regionContext`): which ministry contacts
  /// the region has.
  static func contextPattern(of region: Region) -> Int {
    ["ministry-name", "ministry-phone", "ministry-email", "ministry-address"].enumerated().reduce(0)
    { pattern, item in
      region.variables[item.element] == nil ? pattern : pattern | 1 << item.offset
    }
  }

  // MARK: - Contexts

  /// The path of `base-url` (`/` or `/help/`), for pages served from any folder (404).
  var basePath: String {
    let url = content.site.baseURL.value
    guard let scheme = url.range(of: "://") else { return "/" }
    let rest = url[scheme.upperBound...]
    guard let slash = rest.firstIndex(of: "/") else { return "/" }
    return String(rest[slash...])
  }

  /// The site part of every page's context, built once.
  private static func siteContext(_ site: SiteSettings) -> TemplateValue {
    .object([
      "title": .text(site.title), "language": .text(site.language),
      "description": .optional(site.description),
      "contacts": .list(
        site.contacts.map { contact in
          .object([
            "title": .text(contact.title), "phone": .optional(contact.phone),
            "tel": .text(contact.phone.map(telephone) ?? ""),
            "email": .optional(contact.email), "url": .optional(contact.url),
          ])
        }),
    ])
  }

  /// What every page's context holds.
  func base(root: String) -> TemplateFields {
    Self.base(root: root, site: content.site, siteContext: siteContext)
  }

  private static func base(root: String, site: SiteSettings, siteContext: TemplateValue)
    -> TemplateFields
  {
    [
      "root": .text(root),
      "site": siteContext,
      "hasContacts": .flag(!site.contacts.isEmpty),
      "description": .optional(site.description),
      "region": .flag(false),
    ]
  }

  /// The region's name, code, slug, «в …» phrase and ministry contacts, as holes.
  func regionContext(_ region: Region, _ holes: inout HoleValues) -> TemplateFields {
    // A page starts its context with the region's: the same fields and holes on every page of
    // the region, made once.
    guard holes.filling.isEmpty else { return makeRegionContext(region, &holes) }
    let made = regionContexts.value(region.code) {
      var own = HoleValues()
      let fields = makeRegionContext(region, &own)
      // Looked at once here rather than escaped on every page of the region.
      own.markPlainTexts()
      return (fields, own)
    }
    holes = made.holes
    return made.fields
  }

  /// `regionContext` of each region with no holes before it.
  let regionContexts = OnceMap<String, (fields: TemplateFields, holes: HoleValues)>()

  private func makeRegionContext(_ region: Region, _ holes: inout HoleValues) -> TemplateFields {
    var fields: TemplateFields = [
      "name": holes.hole(region.name), "code": holes.hole(region.code),
      "slug": holes.hole(region.slug),
      "where": holes.hole(region.namePrepositional ?? UIStrings.inThisRegion),
    ]
    let values = region.variables
    func contact(_ key: String) -> TemplateValue {
      values[key].map { holes.hole($0.value) } ?? .flag(false)
    }
    let ministry = ["ministry-phone", "ministry-email", "ministry-address"]
    if ministry.contains(where: { values[$0] != nil }) {
      fields["ministry"] = .object([
        "name": values["ministry-name"].map { holes.hole($0.value) }
          ?? holes.hole(UIStrings.regionalMinistry),
        "phone": contact("ministry-phone"),
        "tel": ministryTelephones[region.code].map { holes.hole($0) } ?? .flag(false),
        "email": contact("ministry-email"),
        "address": contact("ministry-address"),
      ])
    } else {
      fields["ministry"] = .flag(false)
    }
    return ["region": .object(fields)]
  }

  /// The absolute address of a site-relative path (`region/page/`) under `base-url`.
  public func absoluteURL(_ path: String) -> String { content.site.baseURL.value + path }

  /// The region's variables plus `region.name` and `region.code`.
  public func variables(of region: Region) -> [String: String] {
    regionValues[region.code] ?? RegionVariables.values(of: region)
  }

  /// Titles of a procedure's steps for the journey outline (its own entries; an included
  /// procedure is one line, its title); alternatives joined with «или».
  static func stepOutline(_ procedure: Procedure, in graph: FlowGraph) -> [String] {
    var lines: [String] = []
    _ = ProcedureWalker(graph: graph).walk(procedure, expandingIncluded: false) { event in
      switch event {
      case .step(let id, _):
        lines.append(graph.step(id.value)?.title ?? id.value)
      case .optional(let id, _):
        lines.append(UIStrings.optionalStep(graph.step(id.value)?.title ?? id.value))
      case .oneOf(let alternatives, _):
        let titles = alternatives.map { sequence in
          sequence.map { graph.step($0.value)?.title ?? $0.value }.joined(separator: ", ")
        }
        lines.append(titles.joined(separator: UIStrings.alternativeSeparator))
      case .include(let included, _, _):
        lines.append(included.title)
      case .cycle:
        break
      }
    }
    return lines
  }

  /// A page's title in a region's copy: its `{{variables}}` filled as in the body.
  public func title(of page: Page, in region: Region) -> String {
    let title = page.title
    guard RegionVariables.mentionsVariables(title) else { return title }
    return RegionVariables.fill(title, with: variables(of: region))
  }

  static func telephone(_ phone: String) -> String {
    var digits = phone.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
    if digits.hasPrefix("8"), digits.count == 11 { digits = "+7" + digits.dropFirst() }
    return digits
  }
}

/// What decides the shape of a rendering's context (`SiteRenderer.render(_:shape:…)`).
enum SkeletonShape: Hashable, Sendable {
  case page(PageShapeKey)
  /// A region's page that lists what the region builds (its home, its A–Z list): the template,
  /// the region's class (`SitePlan.regionClasses`: the same pages, so the same journeys and
  /// lists) and its `SiteRenderer.contextPattern(of:)`.
  case regionList(template: String, regionClass: Int, pattern: Int)

  /// The shape of a region's `template` listing what it builds (nil for a region the plan
  /// does not build).
  static func regionList(of region: Region, _ template: String, _ site: SiteRenderer) -> Self? {
    guard let regionClass = site.regionClasses[region.code],
      let pattern = site.contextPatterns[region.code]
    else { return nil }
    return .regionList(template: template, regionClass: regionClass, pattern: pattern)
  }
}
