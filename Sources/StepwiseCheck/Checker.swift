import StepwiseCore
import StepwiseModel

/// What every rule sees: the typed content, the site plan and the date to judge deadlines by.
public struct CheckContext: Sendable {
  public let content: Content
  public let plan: SitePlan
  public let analysis: FlowAnalysis
  public let today: CalendarDate
  /// Pages whose front matter could not be read, by slug, with their text: findings that
  /// depend on them (a link to one, a procedure without a page) are held back.
  public var unreadablePages: [String: String] = [:]
  /// What the families make of the site's facts alone, kept by the incremental check while the
  /// facts hold.
  var factsMemo = FactsMemo()

  public init(content: Content, plan: SitePlan, today: CalendarDate, analysis: FlowAnalysis? = nil)
  {
    self.content = content
    self.plan = plan
    self.analysis = analysis ?? FlowAnalysis(graph: content.graph)
    self.today = today
  }

  var graph: FlowGraph { content.graph }

  /// Whether a procedure (with what it includes) names a step that does not exist: the regions
  /// its page is built in are then unsure, and findings that depend on them are held back
  /// (`graph-unknown-ref` reports the name).
  func namesUnknownSteps(_ procedureID: String) -> Bool {
    guard let procedure = graph.procedure(procedureID) else { return false }
    var unknown = false
    analysis.walker.walk(procedure) { event in
      switch event {
      case .step(let id, _), .optional(let id, _):
        if graph.step(id.value) == nil { unknown = true }
      case .oneOf(let alternatives, _):
        if alternatives.joined().contains(where: { graph.step($0.value) == nil }) { unknown = true }
      case .include, .cycle: break
      }
    }
    return unknown
  }

  /// Whether a page writes a misspelt marker for the step `anchor` names: a link to the step
  /// is right, the marker is wrong, and `step-unknown` says so.
  func misspeltMarker(for anchor: String, on page: Page) -> Bool {
    guard graph.step(anchor) != nil else { return false }
    // The known ids only for a page with an unknown marker (most have none).
    let unknown = page.analysis.steps.filter { graph.step($0.id) == nil }
    guard !unknown.isEmpty else { return false }
    let known = graph.steps.map(\.id)
    return unknown.contains { nearestName(to: $0.id, in: known) == anchor }
  }

  /// Whether `anchor` names a step the page must write (a required step of its procedure, or
  /// one whose marker is stray there): the step rules report the page, a link to it is right.
  func requiredStep(_ anchor: String, of page: Page) -> Bool {
    guard graph.step(anchor) != nil,
      let procedure = graph.procedure(page.frontMatter.procedure.value)
    else { return false }
    if page.analysis.strayMarkers.contains(where: { $0.text.contains(anchor) }) { return true }
    var required = false
    analysis.walker.walk(procedure) { event in
      if case .step(let id, _) = event, id.value == anchor { required = true }
    }
    return required
  }

  /// Whether a page names an unknown procedure whose nearest known one is `id`: that page is
  /// `id`'s page with a typo (`page-procedure` says so), not a missing one.
  func misspeltPageProcedure(means id: String) -> Bool {
    let known = graph.procedures.filter { !$0.shared }.map(\.id)
    return content.pages.contains { page in
      let named = page.frontMatter.procedure.value
      return graph.procedure(named) == nil && nearestName(to: named, in: known) == id
    }
  }

  /// Whether a page's links reach a page that cannot be judged (front matter unreadable, or an
  /// unknown procedure): it may be the one a finding about the links would ask for.
  func linksToUnjudgedPage(_ page: Page) -> Bool {
    page.analysis.references.contains { reference in
      guard case .page(let slug, _) = LinkTarget(reference.destination) else { return false }
      if unreadablePages[slug] != nil { return true }
      guard let target = content.page(slug: slug) else { return false }
      return graph.procedure(target.frontMatter.procedure.value) == nil
    }
  }

  /// Whether an unreadable page may be the one a procedure's page would be.
  func unreadablePageMayHold(procedure id: String) -> Bool {
    unreadablePages.values.contains { $0.contains(id) }
  }

  /// `«title»` of a step, for messages.
  func quoted(step id: String) -> String {
    "«\(graph.step(id)?.title ?? id)»"
  }
}

/// One family's checks of one site, split into the findings about the site as a whole and those
/// about one page: the incremental check (`IncrementalChecker`) reruns only the parts whose inputs
/// changed.
public struct FamilyCheck: Sendable {
  /// Findings about no page in particular.
  ///
  /// They may read the site's facts (`SiteFacts`: the flow graph, the
  /// registry, the settings, the assets, the date, the plan, the unreadable pages and every page's
  /// file, slug and front matter), never a page's body.
  public var site: @Sendable () -> [Diagnostic]
  /// The findings of the page at an index of `content.pages`.
  ///
  /// They may read that page (its
  /// source included), the site's facts and, when the family `readsLinkTargets`, the anchors,
  /// step markers and stray markers of the other pages; nothing else of another page.
  public var page: (@Sendable (Int) -> [Diagnostic])?

  public init(
    site: @escaping @Sendable () -> [Diagnostic] = { [] },
    page: (@Sendable (Int) -> [Diagnostic])? = nil
  ) {
    self.site = site
    self.page = page
  }
}

/// One family of checks; returns its findings, never stops at the first.
public protocol Rule: Sendable {
  /// The stable ids this rule reports under (declared in CheckRuleIDs.swift).
  static var ids: [RuleID] { get }
  /// Whether a page's findings read the anchors and markers of the pages it links to.
  static var readsLinkTargets: Bool { get }
  /// What the family shares between its findings, and how to find them.
  ///
  /// `pages` are the
  /// indices of the pages whose findings will be asked for (all of them in a full check, the
  /// edited ones in an incremental check), for work that only they need.
  func prepare(_ context: CheckContext, pages: [Int]) -> FamilyCheck
}

extension Rule {
  public static var readsLinkTargets: Bool { false }

  /// Every finding of the family: the site's, then each page's in page order.
  public func check(_ context: CheckContext) -> [Diagnostic] {
    let family = prepare(context, pages: Array(context.content.pages.indices))
    var out = family.site()
    if let page = family.page {
      for index in context.content.pages.indices { out += page(index) }
    }
    return out
  }
}

/// Runs every rule and returns all findings, sorted as a compiler prints them.
public struct Checker: Sendable {
  public static let rules: [any Rule] = [
    GraphRules(), PageStepRules(), PreconditionRules(), RegionVariableRules(), LabelRules(),
    LinkRules(), DateRules(), SiteSettingsRules(),
  ]

  /// Every rule the checker's families report, derived from their declarations.
  public static let ruleIDs: [RuleID] = rules.flatMap { type(of: $0).ids }

  /// Every rule id the loader and the checker can report, sorted.
  ///
  /// The renderer's own rules
  /// (`RuleID.renderRules`) are added by the site pipeline, which sees every module.
  public static let allRuleIDs: [RuleID] = (RuleID.modelRules + ruleIDs).sorted()

  public init() {}

  /// Checks loaded content, holding back what depends on a file the loader could not read.
  ///
  /// A flow file that is not well-formed YAML leaves the graph partial: every finding of the
  /// checker could be a consequence, so none is reported until the syntax error is fixed. A page
  /// whose front matter cannot be read is known by its text (`sources`): links to it and its
  /// procedure's missing page are not reported.
  public func check(
    _ context: CheckContext, loaded: [Diagnostic], sources: [String: String]
  ) -> [Diagnostic] {
    guard let context = Self.judgeable(context, loaded: loaded, sources: sources) else { return [] }
    return check(context)
  }

  /// The context to check with the unreadable pages filled in, or nil when a flow file could not
  /// be read (nothing is reported then).
  static func judgeable(
    _ context: CheckContext, loaded: [Diagnostic], sources: [String: String]
  ) -> CheckContext? {
    let unreadableFlow = loaded.contains {
      $0.rule == .yamlSyntax && ($0.location?.file.hasPrefix("content/flows/") ?? false)
    }
    guard !unreadableFlow else { return nil }
    var context = context
    let loadedPages = Set(context.content.pages.map(\.file))
    for (file, text) in sources
    where file.hasPrefix("content/pages/") && file.hasSuffix(".md") && !loadedPages.contains(file) {
      let name = file.split(separator: "/").last.map(String.init) ?? file
      context.unreadablePages[String(name.dropLast(3))] = text
    }
    return context
  }

  /// Every finding, sorted; the families and the pages are checked side by side on every core.
  public func check(_ context: CheckContext) -> [Diagnostic] {
    CheckRun(context, memory: nil).diagnostics
  }
}
