import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseRender

/// The site the preview serves: every output file in memory, the findings of the last check,
/// and what the preview chrome needs to know about regions and pages.
public struct PreviewSnapshot: Sendable {
  /// Output files of the last build without errors, by site-relative path.
  public var files: [String: [UInt8]]
  /// Assets of the last build without errors: the absolute path of each one's source on disk, by
  /// site-relative path (served from disk on request, never held in memory).
  public var linkedFiles: [String: String] = [:]
  /// Findings of the last check (errors included: the overlay shows them over the last good site).
  public var diagnostics: [Diagnostic]
  /// Source texts by site-relative path, for diagnostic excerpts.
  public var sources: [String: String]
  /// Regions of the last good build, in registry order.
  public var regions: [(code: String, name: String, slug: String)]
  /// Region codes per page slug, in the last good build.
  public var regionsByPage: [String: [String]]
  /// Counts up with every rebuild.
  public var generation: Int
  /// Set when the site could not be read at all (no `content/site.yaml`, an unreadable file).
  public var failure: String?
  /// The failure is of this computer, not of the site (too many open files, a permission): a
  /// later rebuild may succeed without any edit.
  public var failureIsInputOutput = false

  public static let empty = PreviewSnapshot(
    files: [:], diagnostics: [], sources: [:], regions: [], regionsByPage: [:], generation: 0, failure: nil)

  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// What one rebuild did.
public struct RebuildReport: Sendable {
  /// Files rendered again (or copied); 0 when the content has errors and nothing was published.
  public var rendered: Int
  /// Assets removed because their files are gone.
  public var removed: Int
  public var errors: Int
  public var warnings: Int
  public var seconds: Double
  /// How much was rendered again, for the log (`everything`, `changed`, `nothing changed`…).
  public var scope: RebuildScope
}

/// How much a rebuild rendered, and why not more.
public enum RebuildScope: String, Sendable {
  /// The first build, or a change every page shows (templates, settings, titles, the plan).
  case everything
  /// Only the outputs the change affects.
  case changed
  case nothingChanged = "nothing changed"
  /// Nothing rendered: the content has errors (the last good files stay).
  case errors
  /// Nothing rendered: the site could not be read or written.
  case unreadable, failed
}

/// Builds the site in memory through the same pipeline as `build`, again and again: each
/// rebuild reparses only the files whose text changed and renders only the outputs they affect.
///
/// Not thread-safe: one owner (the preview's rebuild thread) calls `rebuild`; readers take
/// `snapshot`, an immutable value.
public final class PreviewBuilder {
  public let root: URL
  public let region: String?
  public var today: CalendarDate
  public let parseGuard: (any ParseGuard)?

  public private(set) var snapshot = PreviewSnapshot.empty
  private var cache = ContentLoader.LoadCache()
  /// The last site without errors, whose outputs `snapshot.files` holds.
  private var good: (site: CheckedSite, renderer: SiteRenderer, pages: [String: Page], flows: [String: Int])?

  public init(root: URL, today: CalendarDate, region: String? = nil, parseGuard: (any ParseGuard)? = nil) {
    self.root = root
    self.today = today
    self.region = region
    self.parseGuard = parseGuard
  }

  /// Loads, checks and renders what changed since the last rebuild.
  /// `changed` names the files that changed since the last rebuild (from the watcher); others are
  /// not read again. nil reads everything.
  @discardableResult
  public func rebuild(changed: Set<String>? = nil) -> RebuildReport {
    let started = DispatchTime.now()
    var next = snapshot
    next.generation += 1
    defer { snapshot = next }
    func report(rendered: Int, removed: Int, scope: RebuildScope) -> RebuildReport {
      RebuildReport(
        rendered: rendered, removed: removed, errors: next.errors.count,
        warnings: next.diagnostics.count - next.errors.count,
        seconds: Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9, scope: scope)
    }

    let site: CheckedSite
    do {
      site = try SitePipeline.check(
        root: root, today: today, region: region, parseGuard: parseGuard, cache: &cache,
        reusing: good?.site.analysis, reusingTemplates: good?.site.templates, changed: changed)
    } catch {
      next.failure = error.description
      next.failureIsInputOutput = error.isInputOutput
      // The findings of the last check still stand when only reading failed this time.
      if !error.isInputOutput { next.diagnostics = [] }
      return report(rendered: 0, removed: 0, scope: .unreadable)
    }
    next.failure = nil
    next.failureIsInputOutput = false
    next.diagnostics = site.diagnostics
    next.sources = site.sources
    guard !site.diagnostics.hasErrors, let content = site.content, let templates = site.templates,
      let plan = site.plan
    else {
      return report(rendered: 0, removed: 0, scope: .errors)
    }

    // The last build's skeletons serve again: an edit of one page's text renders its copies
    // without Mustache. (Dropped now and then, so that long sessions do not pile them up.)
    let skeletons = good.flatMap { $0.renderer.skeletons.count < 20_000 ? $0.renderer.skeletons : nil }
    let renderer = SiteRenderer(
      content: content, templates: templates, plan: plan, analysis: site.analysis, skeletons: skeletons)
    let pages = Dictionary(content.pages.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
    let flows = pages.mapValues(renderer.flowFingerprint)
    let (jobs, scope) = affectedJobs(renderer: renderer, pages: pages, flows: flows)
    let sink = MemorySink()
    var rendered = 0
    do {
      rendered = try SitePipeline.render(jobs, of: renderer, into: sink)
      for asset in content.assets.sorted() where assetChanged(asset) {
        try SitePipeline.copy(asset: asset, of: content, into: sink)
        rendered += 1
      }
    } catch {
      next.failure = error.description
      next.failureIsInputOutput = error.isInputOutput
      return report(rendered: 0, removed: 0, scope: .failed)
    }

    // A full render starts afresh, so files no longer produced (a page or region removed) go;
    // assets are copied only when changed, so unchanged ones are carried over.
    var files = scope == .everything ? [:] : next.files
    files.merge(sink.files) { _, new in new }
    next.files = files
    let linked = next.linkedFiles.filter { content.assets.contains("content/" + $0.key) }
    let removed = next.linkedFiles.count - linked.count
    next.linkedFiles = linked.merging(sink.linkedFiles) { _, new in new }
    next.regions = renderer.regions.map { ($0.code, $0.name, $0.slug) }
    next.regionsByPage = plan.regionsByPage
    good = (site, renderer, pages, flows)
    return report(rendered: rendered, removed: removed, scope: scope)
  }

  // MARK: - What to render

  /// The jobs a change needs, by comparing the new site with the last good one; and a word on
  /// why, for the log.
  private func affectedJobs(
    renderer: SiteRenderer, pages: [String: Page], flows: [String: Int]
  ) -> ([SiteRenderer.Job], RebuildScope) {
    let all = (renderer.allJobs, RebuildScope.everything)
    guard let good else { return all }
    let old = good.renderer
    let new = renderer
    // Shared by every page: templates, site settings, the regions' names and the plan.
    guard old.templates.sources == new.templates.sources else { return all }
    guard old.content.site == new.content.site else { return all }
    let names = { (r: SiteRenderer) in r.regions.map { [$0.code, $0.name, $0.slug] } }
    guard names(old) == names(new), old.plan.regionsByPage == new.plan.regionsByPage else { return all }
    // A page's title or summary appears on other pages (journeys, «Прежде чем начать»).
    let facts = { (page: Page) in [page.frontMatter.title, page.frontMatter.summary ?? ""] }
    for (slug, page) in pages where good.pages[slug].map(facts) != facts(page) { return all }
    if good.pages.count != pages.count { return all }

    var jobs: Set<SiteRenderer.Job> = []
    var homes = false
    for (slug, page) in pages {
      let textChanged = good.pages[slug] != page
      let flowChanged = good.flows[slug] != flows[slug]
      guard textChanged || flowChanged else { continue }
      homes = homes || flowChanged
      for code in new.plan.regionsByPage[slug] ?? [] { jobs.insert(.page(slug, region: code)) }
    }
    // A region whose variables changed: its home and its pages.
    for region in new.regions where old.content.registry.region(code: region.code) != region {
      jobs.insert(.regionHome(region.code))
      for slug in new.plan.pagesByRegion[region.code] ?? [] { jobs.insert(.page(slug, region: region.code)) }
    }
    if homes || old.content.graph != new.content.graph {
      jobs.insert(.root)
      for region in new.regions { jobs.insert(.regionHome(region.code)) }
    }
    // Keep the site's order: region by region.
    let ordered = new.allJobs.filter(jobs.contains)
    return (ordered, ordered.isEmpty ? .nothingChanged : .changed)
  }

  /// Asset modification times seen by the last rebuild.
  private var assetStamps: [String: Date] = [:]

  private func assetChanged(_ asset: String) -> Bool {
    let url = root.appendingPathComponent(asset)
    let stamp = (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    defer { assetStamps[asset] = stamp }
    return assetStamps[asset] != stamp
  }
}
