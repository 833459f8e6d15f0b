import StepwiseCore
import StepwiseModel
import Synchronization

/// What every family may read about the site besides one page's body: when these are equal
/// between two checks, a family's site findings are the same, and so are the findings of every
/// page that is itself unchanged.
struct SiteFacts: Equatable, Sendable {
  /// A page as the other pages' findings may see it.
  struct PageHead: Equatable, Sendable {
    var file: String
    var slug: String
    var frontMatter: PageFrontMatter
  }

  var graph: FlowGraph
  var registry: RegionRegistry
  var site: SiteSettings
  var assets: Set<String>
  var today: CalendarDate
  var regionsByPage: [String: [String]]
  var unreadablePages: [String: String]
  var heads: [PageHead]

  init(_ context: CheckContext) {
    graph = context.content.graph
    registry = context.content.registry
    site = context.content.site
    assets = context.content.assets
    today = context.today
    regionsByPage = context.plan.regionsByPage
    unreadablePages = context.unreadablePages
    heads = context.content.pages.map {
      PageHead(file: $0.file, slug: $0.slug, frontMatter: $0.frontMatter)
    }
  }
}

/// What families make of the site's facts alone (`SiteFacts`: the graph, the registry…), kept
/// from one incremental check to the next while the facts hold: the region-variable rules read
/// every value of every region to know the portals' hosts, which an edit of a page leaves as they
/// were.
final class FactsMemo: Sendable {
  private let values = Mutex<[ObjectIdentifier: any Sendable]>([:])

  /// The value `family` made, or `make`'s (each family asks for one value, of one type).
  func value<Value: Sendable>(_ family: any Rule.Type, _ make: () -> Value) -> Value {
    let key = ObjectIdentifier(family)
    if let kept = values.withLock({ $0[key] }) as? Value { return kept }
    let made = make()
    values.withLock { $0[key] = made }
    return made
  }
}

/// What a link to a page reads of it (`Rule.readsLinkTargets`): its anchors, its step markers
/// and its stray markers, page by page.
struct LinkTargetFacts: Equatable, Sendable {
  struct Target: Equatable, Sendable {
    var anchors: Set<String>
    var steps: [String]
    var strayMarkers: [String]
  }

  var targets: [Target]

  /// The targets of the context's pages.
  ///
  /// `kept` are the last check's: the page at an index where `unchanged` is true is the one
  /// they were found for, and its targets are taken.
  init(_ context: CheckContext, keeping kept: LinkTargetFacts? = nil, unchanged: [Bool] = []) {
    targets = context.content.pages.enumerated().map { index, page in
      if let kept, index < unchanged.count, unchanged[index] { return kept.targets[index] }
      return Target(
        anchors: page.analysis.anchors, steps: page.analysis.steps.map(\.id),
        strayMarkers: page.analysis.strayMarkers.map(\.text))
    }
  }
}

/// The findings of one check, kept part by part for the next check to reuse.
struct CheckMemory: Sendable {
  /// A page as checked, with its findings per family (empty for a family without page findings).
  struct PageFindings: Sendable {
    var page: Page
    var source: String?
    var findings: [[Diagnostic]]
  }

  var facts: SiteFacts
  var targets: LinkTargetFacts
  /// What the families made of `facts`.
  var factsMemo: FactsMemo
  /// Each family's site findings.
  var site: [[Diagnostic]]
  /// By page file.
  var pages: [String: PageFindings]
}

/// One run of every family over a site, reusing from `memory` the parts whose inputs are equal.
struct CheckRun {
  let diagnostics: [Diagnostic]
  let memory: CheckMemory
  /// Families whose site findings were found again (the others' were reused).
  let checkedSites: Int
  /// Pages whose findings were found again by at least one family (the others' were reused).
  let checkedPages: Int

  /// Pages checked in one task: enough to outweigh the task's cost, few enough to share the cores.
  static let pagesPerTask = 8

  init(_ given: CheckContext, memory old: CheckMemory?) {
    let rules = Checker.rules
    let pages = given.content.pages
    let facts = SiteFacts(given)
    let factsHold = old.map { $0.facts == facts } ?? false
    let pageHolds: [Bool] = pages.map { page in
      guard factsHold, let kept = old?.pages[page.file] else { return false }
      return kept.page == page && kept.source == given.content.sources[page.file]
    }
    // The facts holding, the pages are the same files in the same order: an unchanged page's
    // targets are the last check's.
    let targets = LinkTargetFacts(given, keeping: old?.targets, unchanged: pageHolds)
    let targetsHold = factsHold && old.map { $0.targets == targets } ?? false
    var memoized = given
    if factsHold, let old { memoized.factsMemo = old.factsMemo }
    let context = memoized
    /// Whether a family's findings of the last check stand for everything unchanged.
    let familyHolds = rules.map { rule in
      factsHold && (!type(of: rule).readsLinkTargets || targetsHold)
    }

    // What must be found again: each family's site findings, and its pages in small groups.
    enum Part: Sendable {
      case site(family: Int)
      case pages(family: Int, indices: [Int])
    }
    var parts: [Part] = []
    var prepared: [Int: FamilyCheck] = [:]
    var toPrepare: [(family: Int, stale: [Int])] = []
    for family in rules.indices {
      let stale = pages.indices.filter { !familyHolds[family] || !pageHolds[$0] }
      if familyHolds[family], stale.isEmpty { continue }
      toPrepare.append((family, stale))
    }
    // Each family prepares what its findings share (providers, hosts, link targets) on its own,
    // side by side.
    let preparing = toPrepare
    let families = parallelMap(preparing.count) { index in
      rules[preparing[index].family].prepare(context, pages: preparing[index].stale)
    }
    for ((family, staleForFamily), check) in zip(toPrepare, families) {
      var stale = staleForFamily
      prepared[family] = check
      if !familyHolds[family] { parts.append(.site(family: family)) }
      if check.page == nil { stale = [] }
      for start in stride(from: 0, to: stale.count, by: Self.pagesPerTask) {
        let end = min(start + Self.pagesPerTask, stale.count)
        parts.append(.pages(family: family, indices: Array(stale[start..<end])))
      }
    }
    let work = parts
    let checks = prepared
    let found = parallelMap(work.count) { index -> [[Diagnostic]] in
      switch work[index] {
      case .site(let family): return [checks[family]?.site() ?? []]
      case .pages(let family, let indices):
        guard let page = checks[family]?.page else { return indices.map { _ in [] } }
        return indices.map(page)
      }
    }

    // Assembled in the order a full check finds them: family by family, the site's findings
    // first, then the pages in order.
    var site: [[Diagnostic]?] = Array(repeating: nil, count: rules.count)
    var byPage: [[[Diagnostic]?]] = pages.map { _ in Array(repeating: nil, count: rules.count) }
    var checkedPages: Set<Int> = []
    for (part, findings) in zip(work, found) {
      switch part {
      case .site(let family):
        site[family] = findings[0]
      case .pages(let family, let indices):
        for (index, pageFindings) in zip(indices, findings) { byPage[index][family] = pageFindings }
        checkedPages.formUnion(indices)
      }
    }
    let checkedSites = site.count { $0 != nil }
    var diagnostics: [Diagnostic] = []
    var memoryPages: [String: CheckMemory.PageFindings] = [:]
    for family in rules.indices {
      if site[family] == nil { site[family] = old?.site[family] ?? [] }
      diagnostics += site[family] ?? []
      for (index, page) in pages.enumerated() {
        if byPage[index][family] == nil {
          byPage[index][family] = old?.pages[page.file]?.findings[family] ?? []
        }
        diagnostics += byPage[index][family] ?? []
      }
    }
    for (index, page) in pages.enumerated() {
      memoryPages[page.file] = CheckMemory.PageFindings(
        page: page, source: context.content.sources[page.file],
        findings: byPage[index].map { $0 ?? [] })
    }
    self.diagnostics = diagnostics.sorted()
    self.memory = CheckMemory(
      facts: facts, targets: targets, factsMemo: context.factsMemo, site: site.map { $0 ?? [] },
      pages: memoryPages)
    self.checkedSites = checkedSites
    self.checkedPages = checkedPages.count
  }
}

/// A check that remembers its findings part by part, so that the next check of the same site
/// after an edit finds again only what the edit can affect (the preview checks after every save).
///
/// A family's findings about the site are found again when the site's facts (`SiteFacts`)
/// changed; a page's findings when the page (its text) or the facts changed; and for the families
/// that follow links between pages, also when any page's anchors or markers changed. Everything
/// else is taken from the last check. The result is, finding for finding and in the same order,
/// what `Checker.check` gives (IncrementalCheckPropertyTests and the fuzzer's incremental mode
/// hold it to that).
///
/// Not thread-safe: one owner calls `check`.
public final class IncrementalChecker {
  private var memory: CheckMemory?
  /// Families whose site findings the last check found again (the others' were reused).
  public private(set) var checkedSites = 0
  /// Pages whose findings the last check found again (the others' were reused).
  public private(set) var checkedPages = 0

  public init() {}

  /// Checks loaded content as `Checker.check(_:loaded:sources:)` does, reusing the last check.
  public func check(
    _ context: CheckContext, loaded: [Diagnostic], sources: [String: String]
  ) -> [Diagnostic] {
    guard let context = Checker.judgeable(context, loaded: loaded, sources: sources) else {
      checkedSites = 0
      checkedPages = 0
      return []
    }
    return check(context)
  }

  /// Checks a site as `Checker.check(_:)` does, reusing the last check.
  public func check(_ context: CheckContext) -> [Diagnostic] {
    let run = CheckRun(context, memory: memory)
    memory = run.memory
    checkedSites = run.checkedSites
    checkedPages = run.checkedPages
    return run.diagnostics
  }

  /// Forgets the last check (the next one checks everything).
  public func forget() {
    memory = nil
  }
}
