import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseRender

/// The one home of incremental rebuilds: what the preview keeps from one rebuild to the next
/// (the loader's parsed files, the last good site, its skeletons and flow fingerprints, the
/// assets' modification times) and which outputs a change affects.
///
/// Not thread-safe: owned by the `PreviewBuilder`, which one thread drives.
final class RebuildPlanner {
  /// The last site without errors, and what the next rebuild compares with it.
  struct Good {
    let site: CheckedSite
    let renderer: SiteRenderer
    /// Its pages by slug.
    let pages: [String: Page]
    /// `flowFingerprint(of:in:)` of each page, by slug.
    let flows: [String: Int]
  }

  /// What a rebuild renders, and why (for the log).
  struct Plan {
    let jobs: [OutputJob]
    let scope: RebuildScope
    /// The new site's pages and fingerprints, kept by `commit` once the rebuild succeeds.
    let pages: [String: Page]
    let flows: [String: Int]
  }

  /// Skeleton caches larger than this are dropped, so that long sessions do not pile them up.
  static let skeletonLimit = 20_000

  /// Diagram caches holding more than this are dropped (each edit of a procedure adds one).
  static let diagramLimit = 2_000

  /// Parsed files of the last load, reused for unchanged texts.
  var loadCache = ContentLoader.LoadCache()
  /// The findings of the last check, reused for what an edit cannot affect.
  let checker = IncrementalChecker()
  /// The pages' dates, found again when HEAD moves or a page file changes.
  let pageDates = PageDatesMemory()
  /// The last site without errors, whose outputs the preview serves.
  private(set) var good: Good?
  /// Asset modification times seen by the last rebuild.
  private var assetStamps: [String: Date] = [:]

  /// The site plan to reuse while what it is made from is unchanged.
  var lastPlan: SitePlan? { good?.site.plan }
  /// The templates to reuse while their texts are unchanged.
  var lastTemplates: TemplateSet? { good?.site.templates }

  /// A renderer for a checked site, with the last build's skeletons when they can serve again:
  /// an edit of one page's text renders its copies without Mustache.
  ///
  /// `changed` names the files
  /// written since the last rebuild (nil: any), for the pages' dates.
  func renderer(
    content: Content, templates: TemplateSet, plan: SitePlan, analysis: FlowAnalysis?,
    today: CalendarDate? = nil, changed: Set<String>? = nil
  ) -> SiteRenderer {
    let skeletons = good.flatMap {
      $0.renderer.skeletons.count < Self.skeletonLimit ? $0.renderer.skeletons : nil
    }
    let diagrams = good.flatMap {
      $0.renderer.diagrams.count < Self.diagramLimit ? $0.renderer.diagrams : nil
    }
    return SiteRenderer(
      content: content, templates: templates, plan: plan, analysis: analysis, skeletons: skeletons,
      diagrams: diagrams,
      pageDates: pageDates.pageDates(
        root: URL(fileURLWithPath: content.root), pages: content.pages, notAfter: today,
        changed: changed),
      memo: good?.renderer.flowMemo)
  }

  /// What a page's rendering takes from the flow graph: its procedure, the states it starts
  /// from, the procedures that provide them and those it leads to, and its diagram.
  ///
  /// When this is unchanged after
  /// an edit of the flows, the page (in every region) renders as before.
  static func flowFingerprint(of page: Page, in renderer: SiteRenderer) -> Int {
    let graph = renderer.content.graph
    var hasher = Hasher()
    guard let procedure = graph.procedure(page.frontMatter.procedure.value) else { return 0 }
    hasher.combine(procedure)
    for condition in renderer.analysis.preconditions(of: procedure) {
      hasher.combine(condition)
      hasher.combine(graph.state(condition.state.value))
    }
    hasher.combine(renderer.providerIDs(of: procedure.id))
    hasher.combine(renderer.dependentIDs(of: procedure.id))
    // The diagram shows the titles of steps and of included procedures.
    hasher.combine(renderer.diagram(of: page))
    return hasher.finalize()
  }

  /// The jobs a change needs, by comparing the new site with the last good one: everything when
  /// a part every page shows changed, else what each output says the change affects.
  func plan(for renderer: SiteRenderer) -> Plan {
    let pages = Dictionary(
      renderer.content.pages.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
    // While the flow graph and the pages' places are unchanged (the renderer kept the last
    // one's `FlowMemo`), a page whose text is unchanged has its last fingerprint.
    let kept = good.flatMap { $0.renderer.flowMemo === renderer.flowMemo ? $0 : nil }
    let flows = pages.mapValues { page in
      if let kept, let old = kept.flows[page.slug],
        let before = kept.renderer.content.sources[page.file],
        let now = renderer.content.sources[page.file], sameUTF8(before, now)
      {
        return old
      }
      return Self.flowFingerprint(of: page, in: renderer)
    }
    func plan(_ jobs: [OutputJob], _ scope: RebuildScope) -> Plan {
      Plan(jobs: jobs, scope: scope, pages: pages, flows: flows)
    }
    guard let good, let change = change(from: good, to: renderer, pages: pages, flows: flows) else {
      return plan(renderer.allJobs, .everything)
    }
    let jobs = renderer.outputs.flatMap { $0.affected(by: change, in: renderer) }
    return plan(jobs, jobs.isEmpty ? .nothingChanged : .changed)
  }

  /// What changed since the last good site; nil when a part every page shows changed (the
  /// templates, the settings, the regions' names, the plan, a page's title or summary).
  private func change(
    from good: Good, to new: SiteRenderer, pages: [String: Page], flows: [String: Int]
  ) -> SiteChange? {
    let old = good.renderer
    guard old.templates.sources == new.templates.sources else { return nil }
    guard old.content.site == new.content.site else { return nil }
    let names = { (r: SiteRenderer) in r.regions.map { [$0.code, $0.name, $0.slug] } }
    guard names(old) == names(new), old.plan.regionsByPage == new.plan.regionsByPage else {
      return nil
    }
    // A page's title or summary appears on other pages (journeys, «Прежде чем начать»).
    let facts = { (page: Page) in [page.frontMatter.title, page.frontMatter.summary ?? ""] }
    for (slug, page) in pages where good.pages[slug].map(facts) != facts(page) { return nil }
    if good.pages.count != pages.count { return nil }

    var change = SiteChange(pages: [], flows: [], regions: [], graph: false)
    for (slug, page) in pages {
      let textChanged = good.pages[slug] != page
      let flowChanged = good.flows[slug] != flows[slug]
      if textChanged || flowChanged { change.pages.insert(slug) }
      if flowChanged { change.flows.insert(slug) }
    }
    for region in new.regions where old.content.registry.region(code: region.code) != region {
      change.regions.insert(region.code)
    }
    change.graph = old.content.graph != new.content.graph
    return change
  }

  /// Whether an asset's file changed since the last rebuild (by modification time).
  func assetChanged(_ asset: String, root: URL) -> Bool {
    let url = root.appendingPathComponent(asset)
    let stamp =
      (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate)
      ?? .distantPast
    defer { assetStamps[asset] = stamp }
    return assetStamps[asset] != stamp
  }

  /// Keeps a rebuilt site as the last good one.
  ///
  /// The site it replaces is freed on another thread: after a full build its caches hold
  /// thousands of skeletons and values, and freeing them here added tens of milliseconds to
  /// the first edit's rebuild.
  func commit(_ site: CheckedSite, renderer: SiteRenderer, plan: Plan) {
    let old = FreedElsewhere(good)
    good = Good(site: site, renderer: renderer, pages: plan.pages, flows: plan.flows)
    old.free()
  }
}
