import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseRender

/// The site the preview serves: every output file in memory, the findings of the last check,
/// and what the preview chrome needs to know about regions and pages.
public struct PreviewSnapshot: Sendable {
  /// Output files of the last build without errors, by site-relative path.
  public var files: PreviewFiles
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
  /// Content types of the output files that their outputs named, by site-relative path.
  public var contentTypes = LayeredDictionary<String>()
  /// Set when the site could not be read or written at all (no `content/site.yaml`, an
  /// unreadable file, an unknown `--region`).
  public var failure: SiteError?
  /// The failure is of this computer, not of the site (too many open files, a permission): a
  /// later rebuild may succeed without any edit.
  public var failureIsInputOutput: Bool { failure?.isInputOutput ?? false }

  public static let empty = PreviewSnapshot(
    files: PreviewFiles(), diagnostics: [], sources: [:], regions: [], regionsByPage: [:],
    generation: 0, failure: nil)

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
  /// Where the time went, in seconds: loading, checking, rendering, publishing into memory.
  public var phases = RebuildPhases()
}

/// The seconds each part of a rebuild took.
public struct RebuildPhases: Sendable {
  public var load = 0.0
  public var check = 0.0
  public var render = 0.0
  public var publish = 0.0

  /// `load 3.1 ms, check 2.0 ms, render 20.5 ms, publish 1.2 ms`.
  public var summary: String {
    [("load", load), ("check", check), ("render", render), ("publish", publish)].map {
      "\($0.0) \(String(format: "%.1f", $0.1 * 1000)) ms"
    }.joined(separator: ", ")
  }
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
  /// What is kept between rebuilds, and what a change affects.
  let planner = RebuildPlanner()

  /// `--base-url`: the address to write instead of site.yaml's.
  public let baseURL: String?

  public init(
    root: URL, today: CalendarDate, region: String? = nil, parseGuard: (any ParseGuard)? = nil,
    baseURL: String? = nil
  ) {
    self.baseURL = baseURL
    self.root = root
    self.today = today
    self.region = region
    self.parseGuard = parseGuard
  }

  /// Loads, checks and renders what changed since the last rebuild.
  ///
  /// `changed` names the files that changed since the last rebuild (from the watcher); others are
  /// not read again. nil reads everything.
  @discardableResult
  public func rebuild(changed: Set<String>? = nil) -> RebuildReport {
    let started = DispatchTime.now()
    var next = snapshot
    next.generation += 1
    defer { snapshot = next }
    var phases = RebuildPhases()
    var lap = started
    /// The seconds since the last lap.
    func laptime() -> Double {
      let now = DispatchTime.now()
      defer { lap = now }
      return Double(now.uptimeNanoseconds - lap.uptimeNanoseconds) / 1e9
    }
    func report(rendered: Int, removed: Int, scope: RebuildScope) -> RebuildReport {
      RebuildReport(
        rendered: rendered, removed: removed, errors: next.errors.count,
        warnings: next.diagnostics.count - next.errors.count,
        seconds: Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9,
        scope: scope, phases: phases)
    }

    let site: CheckedSite
    do {
      site = try SitePipeline.check(
        root: root, today: today, region: region, parseGuard: parseGuard, cache: &planner.loadCache,
        reusingTemplates: planner.lastTemplates,
        reusingPlan: planner.lastPlan,
        checker: planner.checker, changed: changed, baseURL: baseURL,
        progress: { step in if step == .checkContent { phases.load = laptime() } })
      phases.check = laptime()
    } catch {
      next.failure = error
      // The findings of the last check still stand when only reading failed this time.
      if !error.isInputOutput { next.diagnostics = [] }
      return report(rendered: 0, removed: 0, scope: .unreadable)
    }
    next.failure = nil
    next.diagnostics = site.diagnostics
    next.sources = site.sources
    guard !site.diagnostics.hasErrors, let content = site.content, let templates = site.templates,
      let plan = site.plan
    else {
      return report(rendered: 0, removed: 0, scope: .errors)
    }

    let renderer = planner.renderer(
      content: content, templates: templates, plan: plan, analysis: site.analysis, today: today,
      changed: changed)
    let rebuild = planner.plan(for: renderer)
    let scope = rebuild.scope
    let sink = MemorySink()
    var rendered = 0
    do {
      rendered = try SitePipeline.render(rebuild.jobs, of: renderer, into: sink)
      for asset in content.assets.sorted() where planner.assetChanged(asset, root: root) {
        try SitePipeline.copy(asset: asset, of: content, into: sink)
        rendered += 1
      }
    } catch {
      next.failure = error
      return report(rendered: 0, removed: 0, scope: .failed)
    }
    phases.render = laptime()

    // A full render starts afresh, so files no longer produced (a page or region removed) go;
    // assets are copied only when changed, so unchanged ones are carried over.
    if scope == .everything {
      next.files = PreviewFiles(sink.files)
      next.contentTypes = LayeredDictionary(sink.contentTypes)
    } else {
      next.files.update(sink.files)
      next.contentTypes.update(sink.contentTypes)
    }
    let linked = next.linkedFiles.filter { content.assets.contains("content/" + $0.key) }
    let removed = next.linkedFiles.count - linked.count
    next.linkedFiles = linked.merging(sink.linkedFiles) { _, new in new }
    next.regions = renderer.regions.map { ($0.code, $0.name, $0.slug) }
    next.regionsByPage = plan.regionsByPage
    planner.commit(site, renderer: renderer, plan: rebuild)
    phases.publish = laptime()
    return report(rendered: rendered, removed: removed, scope: scope)
  }
}
