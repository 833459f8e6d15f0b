import StepwiseCore
import StepwiseMarkdown
import StepwiseModel

/// Renders every output of a site from its content, one file at a time.
///
/// Pages were parsed once when loaded; here each is rendered per region, with that region's
/// variables and links.
public struct SiteRenderer: Sendable {
  public let content: Content
  public let templates: TemplateSet
  public let plan: SitePlan
  public let analysis: FlowAnalysis
  private let providerCache: [String: [String: [String]]]

  /// `skeletons` carries renderings over from an earlier renderer (the preview's last build);
  /// it is used only if it was made for the same templates.
  public init(
    content: Content, templates: TemplateSet, plan: SitePlan, analysis: FlowAnalysis? = nil,
    skeletons: SkeletonCache? = nil
  ) {
    self.content = content
    self.templates = templates
    self.plan = plan
    let analysis = analysis ?? FlowAnalysis(graph: content.graph)
    self.analysis = analysis
    // For each procedure with a page: for each precondition, the procedures (with pages) providing it.
    var cache: [String: [String: [String]]] = [:]
    let withPages = content.pages.compactMap { content.graph.procedure($0.frontMatter.procedure.value) }
    for procedure in withPages {
      for condition in analysis.preconditions(of: procedure) {
        cache[procedure.id, default: [:]][condition.state.value] =
          analysis.providers(of: condition, among: withPages).map(\.id).filter { $0 != procedure.id }
      }
    }
    self.providerCache = cache
    // For each procedure: the pages whose preconditions it provides («Что дальше»).
    var next: [String: [String]] = [:]
    for page in content.pages {
      let id = page.frontMatter.procedure.value
      guard let providers = cache[id] else { continue }
      for provider in Set(providers.values.joined()) where provider != id {
        next[provider, default: []].append(page.slug)
      }
    }
    self.nextCache = next
    var dependents: [String: [String]] = [:]
    for (id, providers) in cache.sorted(by: { $0.key < $1.key }) {
      for provider in Set(providers.values.joined()) { dependents[provider, default: []].append(id) }
    }
    self.dependents = dependents
    self.siteContext = Self.siteContext(content.site)
    self.homeConstants = SharedValue(.object(Self.base(root: "../", site: content.site, siteContext: siteContext)))
    self.skeletons = skeletons.flatMap { $0.serves(templates) ? $0 : nil } ?? SkeletonCache(for: templates)
    var values: [String: [String: String]] = [:]
    let built = Set(plan.regionCodes)
    for region in content.registry.regions where built.contains(region.code) {
      values[region.code] = values[region.code] ?? RegionVariables.values(of: region)
    }
    self.regionValues = values
    var outlines: [String: SharedValue] = [:]
    for procedure in withPages { outlines[procedure.id] = SharedValue(Self.outline(of: procedure, in: content.graph)) }
    self.outlines = outlines
  }

  /// `outline(of:)` of every procedure with a page, made once: the same on every region's home.
  private let outlines: [String: SharedValue]

  /// The steps of a procedure as the region home's template lists them.
  private static func outline(of procedure: Procedure, in graph: FlowGraph) -> TemplateValue {
    .list(stepOutline(procedure, in: graph).map { .object(["text": .text($0)]) })
  }

  /// `variables(of:)` of every region built, made once.
  private let regionValues: [String: [String: String]]

  /// Procedure id → slugs of the pages it leads to, in page order.
  private let nextCache: [String: [String]]
  /// Procedure id → ids of the procedures it provides a precondition of, sorted.
  private let dependents: [String: [String]]
  /// The site settings as every page's template sees them.
  private let siteContext: TemplateValue
  /// Pages and homes rendered once per shape, filled in per region.
  public let skeletons: SkeletonCache
  /// Each page's body and constant values, made once by this renderer.
  private let prototypes = OnceMap<String, PagePrototype>()
  /// What every region's home shows alike.
  private let homeConstants: SharedValue

  // MARK: - Paths

  /// Output path of a region's home.
  public static func regionPath(_ region: Region) -> String { "\(region.slug)/index.html" }
  /// Output path of a page in a region.
  public static func pagePath(_ slug: String, in region: Region) -> String {
    "\(region.slug)/\(slug)/index.html"
  }

  /// Output path of the list of regions where a page is built.
  public static func regionListPath(_ slug: String) -> String { "regiony/\(slug)/index.html" }

  /// Up to this many other regions are listed on the page itself; more get a page of their own.
  public static let inlineRegionLimit = 12

  // MARK: - Outputs

  /// One unit of rendering: a file (or the static files), independent of every other job, so
  /// jobs can run on several cores and the preview can redo only some of them.
  public enum Job: Hashable, Sendable {
    case root, notFound, sitemap, statics
    case regionHome(String)
    case page(String, region: String)
    /// The regions where a page is built (`regiony/<page>/`), for sites with many regions.
    case regionList(String)
  }

  /// Every job of the site: the shared files, then region by region its home and pages.
  public var allJobs: [Job] {
    var jobs: [Job] = [.root, .notFound, .sitemap, .statics]
    for region in regions {
      jobs.append(.regionHome(region.code))
      for slug in plan.pagesByRegion[region.code] ?? [] {
        jobs.append(.page(slug, region: region.code))
      }
    }
    for page in content.pages where (plan.regionsByPage[page.slug]?.count ?? 0) > Self.inlineRegionLimit + 1 {
      jobs.append(.regionList(page.slug))
    }
    return jobs
  }

  /// Output path of a job (the static files have several; see `render`).
  public func path(of job: Job) -> String? {
    switch job {
    case .root: "index.html"
    case .notFound: "404.html"
    case .sitemap: "sitemap.xml"
    case .statics: nil
    case .regionHome(let code): content.registry.region(code: code).map(Self.regionPath)
    case .page(let slug, let code): content.registry.region(code: code).map { Self.pagePath(slug, in: $0) }
    case .regionList(let slug): Self.regionListPath(slug)
    }
  }

  /// Renders one job: its output paths and contents.
  public func render(_ job: Job) -> [(path: String, bytes: [UInt8])] {
    switch job {
    case .root: return [("index.html", rootPage())]
    case .notFound: return [("404.html", notFoundPage())]
    case .sitemap: return [("sitemap.xml", Array(sitemap().utf8))]
    case .statics:
      return templates.statics.sorted(by: { $0.key < $1.key }).map { ("static/\($0.key)", Array($0.value.utf8)) }
    case .regionHome(let code):
      guard let region = content.registry.region(code: code) else { return [] }
      return [(Self.regionPath(region), regionHome(region))]
    case .page(let slug, let code):
      guard let region = content.registry.region(code: code), let page = content.page(slug: slug) else { return [] }
      return [(Self.pagePath(slug, in: region), self.page(page, in: region))]
    case .regionList(let slug):
      guard let page = content.page(slug: slug) else { return [] }
      return [(Self.regionListPath(slug), regionList(page))]
    }
  }

  /// What a page's rendering takes from the flow graph: its procedure, the states it starts
  /// from, the procedures that provide them and those it leads to. When this is unchanged after
  /// an edit of the flows, the page (in every region) renders as before.
  public func flowFingerprint(of page: Page) -> Int {
    var hasher = Hasher()
    guard let procedure = content.graph.procedure(page.frontMatter.procedure.value) else { return 0 }
    hasher.combine(procedure)
    for condition in analysis.preconditions(of: procedure) {
      hasher.combine(condition)
      hasher.combine(content.graph.state(condition.state.value))
    }
    hasher.combine(providerCache[procedure.id])
    hasher.combine(dependents[procedure.id] ?? [])
    return hasher.finalize()
  }

  /// Calls `emit` with every output path and its contents, region by region.
  public func renderAll(_ emit: (String, [UInt8]) throws -> Void) rethrows {
    for job in allJobs {
      for (path, bytes) in render(job) { try emit(path, bytes) }
    }
  }

  /// The regions being built, in registry order.
  public var regions: [Region] {
    plan.regionCodes.compactMap { content.registry.region(code: $0) }
  }

  /// «1 инструкция», «3 инструкции», «12 инструкций».
  static func instructions(_ count: Int) -> String {
    "\(count) " + russianPlural(count, one: "инструкция", few: "инструкции", many: "инструкций")
  }

  public func rootPage() -> [UInt8] {
    var context = base(root: "")
    context["title"] = .text("Выбор региона")
    context["regions"] = .list(regions.map { region in
      .object([
        "name": .text(region.name), "url": .text(Self.regionPath(region)),
        "pages": .text(Self.instructions(plan.pagesByRegion[region.code]?.count ?? 0)),
      ])
    })
    return render("root", context)
  }

  /// The regions where one instruction is built: pick yours.
  public func regionList(_ page: Page) -> [UInt8] {
    var context = base(root: "../../")
    context["title"] = .text(page.frontMatter.title)
    let built = (plan.regionsByPage[page.slug] ?? []).compactMap { content.registry.region(code: $0) }
    context["regions"] = .list(built.map {
      .object(["name": .text($0.name), "url": .text("../../" + Self.pagePath(page.slug, in: $0))])
    })
    return render("regions", context)
  }

  public func notFoundPage() -> [UInt8] {
    var context = base(root: basePath)
    context["title"] = .text("Страница не найдена")
    return render("404", context)
  }

  /// The region home: its procedures in journey order, GOV.UK "step by step" style.
  public func regionHome(_ region: Region) -> [UInt8] {
    var holes = HoleValues()
    let variables = variables(of: region)
    var context = regionContext(region, &holes)
    context["title"] = holes.hole("Инструкции: \(region.name)")
    let pages = (plan.pagesByRegion[region.code] ?? []).compactMap { content.page(slug: $0) }
    let procedures = pages.compactMap { content.graph.procedure($0.frontMatter.procedure.value) }
    // Provider walks were done once in `init`; the journey order reuses them in every region.
    let needs = providerCache.mapValues { Set($0.values.joined()) }
    let ordered = analysis.journeyOrder(procedures, needs: needs)
    var journey: [TemplateValue] = []
    for (index, procedure) in ordered.enumerated() {
      guard let page = content.page(forProcedure: procedure.id) else { continue }
      let needed = neededPages(for: procedure, in: region).flatMap(\.self)
      let summary = (page.frontMatter.summary ?? procedure.summary).map {
        holes.hole(RegionVariables.fill($0, with: variables))
      }
      journey.append(.object([
        "number": .number(index + 1), "title": .text(page.frontMatter.title),
        "url": .text("\(page.slug)/index.html"),
        "summary": summary ?? .flag(false),
        "steps": .shared(outlines[procedure.id] ?? SharedValue(Self.outline(of: procedure, in: content.graph))),
        "needs": .list(needed.enumerated().map { offset, item in
          .object(["title": .text(item.title), "url": .text(item.url), "last": .flag(offset == needed.count - 1)])
        }),
        "hasNeeds": .flag(!needed.isEmpty),
      ]))
    }
    context["journey"] = .list(journey)
    context["hasJourney"] = .flag(!journey.isEmpty)
    return render("region", constants: homeConstants, context, holes)
  }

  /// One instruction page in one region.
  public func page(_ page: Page, in region: Region) -> [UInt8] {
    let prototype = prototypes.value(page.slug) { pagePrototype(page) }
    var holes = HoleValues()
    let variables = variables(of: region)
    var context = regionContext(region, &holes)
    let procedure = content.graph.procedure(page.frontMatter.procedure.value)
    let isBuilt = { (slug: String) in plan.isBuilt(page: slug, in: region.code) }
    context["body"] = holes.hole(
      templates.allowsSkeletons
        ? prototype.body.html(variables: variables, isBuilt: isBuilt)
        : PageBody.fullHTML(
          page: page, root: prototype.body.root, pageURL: prototype.body.pageURL, variables: variables,
          isBuilt: isBuilt))
    context["summary"] = (page.frontMatter.summary ?? procedure?.summary).map {
      holes.hole(RegionVariables.fill($0, with: variables))
    } ?? .flag(false)
    if let procedure {
      let before = analysis.preconditions(of: procedure).map { condition -> TemplateValue in
        let state = content.graph.state(condition.state.value)
        let values = condition.values.map { state?.title(of: $0.value) ?? $0.value }
        let providers = (providerCache[procedure.id]?[condition.state.value] ?? []).compactMap {
          id -> (title: String, url: String)? in
          guard let provider = content.page(forProcedure: id), plan.isBuilt(page: provider.slug, in: region.code)
          else { return nil }
          return (provider.frontMatter.title, "../\(provider.slug)/index.html")
        }
        return .object([
          "requirement": .text("\(state?.title ?? condition.state.value) — \(values.joined(separator: " или "))"),
          "providers": .list(providers.enumerated().map { offset, item in
            .object(["title": .text(item.title), "url": .text(item.url), "last": .flag(offset == providers.count - 1)])
          }),
          "hasProviders": .flag(!providers.isEmpty),
        ])
      }
      context["before"] = .list(before)
      context["hasBefore"] = .flag(!before.isEmpty)
      let next = nextPages(after: procedure, in: region)
      context["next"] = .list(next.map { .object(["title": .text($0.title), "url": .text($0.url)]) })
      context["hasNext"] = .flag(!next.isEmpty)
    }
    let built = plan.regionsByPage[page.slug] ?? []
    let otherCount = built.count - (built.contains(region.code) ? 1 : 0)
    // With many regions, the page links to one list of them instead of carrying it: 84 links on
    // each of 85 copies would make the site grow with the square of the regions.
    if otherCount > Self.inlineRegionLimit {
      context["otherRegions"] = .list([])
      context["hasOtherRegions"] = .flag(false)
      context["otherRegionsPage"] = .text("../../" + Self.regionListPath(page.slug))
      context["otherRegionsCount"] = .number(otherCount)
    } else {
      let others = built.filter { $0 != region.code }.compactMap { content.registry.region(code: $0) }
      // Holes, so that every region's copy has the same shape: the list differs only in which
      // region it leaves out.
      context["otherRegions"] = .list(others.map {
        .object(["name": holes.hole($0.name), "url": holes.hole("../../" + Self.pagePath(page.slug, in: $0))])
      })
      context["hasOtherRegions"] = .flag(!others.isEmpty)
      context["otherRegionsPage"] = .flag(false)
    }
    return render("page", constants: prototype.constants, context, holes)
  }

  /// What a page shows alike in every region, made once per page.
  private func pagePrototype(_ page: Page) -> PagePrototype {
    let root = "../../"
    var constants = base(root: root)
    constants["title"] = .text(page.frontMatter.title)
    constants["reviewBy"] = .optional(page.frontMatter.reviewBy.map(\.value.russian))
    constants["validUntil"] = .optional(page.frontMatter.validUntil.map(\.value.russian))
    let body = PageBody(page: page, root: root) { "../\($0)/index.html" }
    return PagePrototype(body: body, constants: SharedValue(.object(constants)))
  }

  /// Renders a template with a context that is the same in every region.
  private func render(_ template: String, _ context: TemplateFields) -> [UInt8] {
    Array(templates.render(template, TemplateValue.object(context).mustache { _ in "" }).utf8)
  }

  /// Renders a template with `constants`, which are the same in every region, and a region's
  /// `context`. Every region whose context has the same shape shares one rendering, filled in
  /// with its own hole values.
  private func render(
    _ template: String, constants: SharedValue, _ context: TemplateFields, _ holes: HoleValues
  ) -> [UInt8] {
    let values = holes.values
    let whole = { TemplateValue.object(constants.fields.merging(context)) }
    guard templates.allowsSkeletons else {
      return Array(templates.render(template, whole().mustache { values[$0] }).utf8)
    }
    let key = SkeletonCache.Key(template: template, constants: constants, shape: .object(context))
    let skeleton = skeletons.skeleton(key) {
      Skeleton(parsing: templates.render(template, whole().mustache(Marker.text)))
    }
    return skeleton.fill(values)
  }

  /// `sitemap.xml` with absolute URLs under `base-url`.
  public func sitemap() -> String {
    let base = content.site.baseURL.value
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    func add(_ path: String) {
      out += "<url><loc>\(HTMLEscaping.text(base + path))</loc></url>\n"
    }
    add("")
    for region in regions {
      add("\(region.slug)/")
      for slug in plan.pagesByRegion[region.code] ?? [] { add("\(region.slug)/\(slug)/") }
    }
    return out + "</urlset>\n"
  }

  // MARK: - Contexts

  /// The path of `base-url` (`/` or `/help/`), for pages served from any folder (404).
  private var basePath: String {
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
      "contacts": .list(site.contacts.map { contact in
        .object([
          "title": .text(contact.title), "phone": .optional(contact.phone),
          "tel": .text(contact.phone.map(telephone) ?? ""),
          "email": .optional(contact.email), "url": .optional(contact.url),
        ])
      }),
    ])
  }

  /// What every page's context holds.
  private func base(root: String) -> TemplateFields {
    Self.base(root: root, site: content.site, siteContext: siteContext)
  }

  private static func base(root: String, site: SiteSettings, siteContext: TemplateValue) -> TemplateFields {
    [
      "root": .text(root),
      "site": siteContext,
      "hasContacts": .flag(!site.contacts.isEmpty),
      "description": .optional(site.description),
      "region": .flag(false),
    ]
  }

  /// The region's name, code and slug, as holes.
  private func regionContext(_ region: Region, _ holes: inout HoleValues) -> TemplateFields {
    [
      "region": .object([
        "name": holes.hole(region.name), "code": holes.hole(region.code), "slug": holes.hole(region.slug),
      ])
    ]
  }

  /// The region's variables plus `region.name` and `region.code`.
  public func variables(of region: Region) -> [String: String] {
    regionValues[region.code] ?? RegionVariables.values(of: region)
  }

  /// Titles of a procedure's steps for the journey outline; alternatives joined with «или».
  private static func stepOutline(_ procedure: Procedure, in graph: FlowGraph) -> [String] {
    var lines: [String] = []
    for element in procedure.elements {
      switch element {
      case .step(let id):
        lines.append(graph.step(id.value)?.title ?? id.value)
      case .optional(let id):
        lines.append((graph.step(id.value)?.title ?? id.value) + " (если нужно)")
      case .oneOf(let alternatives, _):
        let titles = alternatives.map { sequence in
          sequence.map { graph.step($0.value)?.title ?? $0.value }.joined(separator: ", ")
        }
        lines.append(titles.joined(separator: " — или — "))
      case .procedure(let id):
        if let included = graph.procedure(id.value) { lines.append(included.title) }
      }
    }
    return lines
  }

  private func neededPages(for procedure: Procedure, in region: Region)
    -> [[(title: String, url: String)]]
  {
    (providerCache[procedure.id] ?? [:]).sorted { $0.key < $1.key }.map { _, ids in
      ids.compactMap { id in
        guard let page = content.page(forProcedure: id), plan.isBuilt(page: page.slug, in: region.code)
        else { return nil }
        return (page.frontMatter.title, "\(page.slug)/index.html")
      }
    }
  }

  /// Pages whose preconditions this procedure provides, built in the region.
  private func nextPages(after procedure: Procedure, in region: Region) -> [(title: String, url: String)] {
    (nextCache[procedure.id] ?? []).compactMap { slug in
      guard plan.isBuilt(page: slug, in: region.code), let page = content.page(slug: slug) else { return nil }
      return (page.frontMatter.title, "../\(slug)/index.html")
    }
  }

  private static func telephone(_ phone: String) -> String {
    var digits = phone.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
    if digits.hasPrefix("8"), digits.count == 11 { digits = "+7" + digits.dropFirst() }
    return digits
  }
}
