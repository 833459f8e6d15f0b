import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseRender

/// The result of loading and checking a site: everything `check`, `build` and `serve` share.
public struct CheckedSite: Sendable {
  public var content: Content?
  public var templates: TemplateSet?
  public var plan: SitePlan?
  public var diagnostics: [Diagnostic]
  /// Source texts by site-relative path, for diagnostic excerpts.
  public var sources: [String: String]
}

/// A named step of the pipeline, shown in progress lines (`[2/4] Check content`).
public enum PipelineStep: String, CaseIterable, Sendable {
  case loadContent = "Load content"
  case checkContent = "Check content"
  case renderPages = "Render pages"
  case publishOutput = "Publish output"
}

/// Load → check → render → publish.
public enum SitePipeline {
  /// Loads and checks a site (`stepwise check`): all findings, sorted.
  public static func check(
    root: URL, today: CalendarDate, region: String? = nil,
    progress: (PipelineStep) -> Void = { _ in }
  ) throws(SiteError) -> CheckedSite {
    progress(.loadContent)
    let loaded: ContentLoader.Result
    do {
      loaded = try ContentLoader(root: root).load()
    } catch {
      throw .content(error)
    }
    var diagnostics = loaded.diagnostics
    let (templates, templateFindings) = TemplateSet.load(siteRoot: root)
    diagnostics += templateFindings
    guard let content = loaded.content else {
      return CheckedSite(content: nil, templates: templates, plan: nil, diagnostics: diagnostics.sorted(), sources: loaded.sources)
    }
    if let region, content.registry.region(code: region) == nil {
      throw .unknownRegion(region, suggestion: nearestName(to: region, in: content.registry.regions.map(\.code)))
    }
    progress(.checkContent)
    let plan = SitePlan(content: content, analysis: FlowAnalysis(graph: content.graph), only: region)
    let fullPlan = region == nil ? plan : SitePlan(content: content, analysis: FlowAnalysis(graph: content.graph))
    diagnostics += Checker().check(CheckContext(content: content, plan: fullPlan, today: today))
    return CheckedSite(
      content: content, templates: templates, plan: plan, diagnostics: diagnostics.sorted(),
      sources: loaded.sources)
  }

  /// Renders a checked site into a sink; returns the number of files written.
  public static func render(_ site: CheckedSite, into sink: some OutputSink) throws(SiteError) -> Int {
    guard let content = site.content, let templates = site.templates, let plan = site.plan else { return 0 }
    let renderer = SiteRenderer(content: content, templates: templates, plan: plan)
    var count = 0
    do {
      try renderer.renderAll { path, text in
        try sink.write(path, Array(text.utf8))
        count += 1
      }
      for asset in content.assets.sorted() {
        let data = try Data(contentsOf: URL(fileURLWithPath: content.root).appendingPathComponent(asset))
        try sink.write(String(asset.dropFirst("content/".count)), [UInt8](data))
        count += 1
      }
    } catch let error as SiteError {
      throw error
    } catch {
      throw .output(path: "output", reason: "\(error)")
    }
    return count
  }

  /// `stepwise build`: check, and when clean, render into a fresh folder and swap it in.
  public static func build(
    root: URL, output: URL, today: CalendarDate, region: String? = nil,
    progress: (PipelineStep) -> Void = { _ in }
  ) throws(SiteError) -> BuildReport {
    let started = Date()
    let site = try check(root: root, today: today, region: region, progress: progress)
    guard !site.diagnostics.hasErrors, site.content != nil else {
      return BuildReport(site: site, files: 0, pages: 0, regions: 0, seconds: Date().timeIntervalSince(started), published: false)
    }
    progress(.renderPages)
    let publisher = try AtomicPublisher(output: output)
    defer { publisher.abandon() }
    let files = try render(site, into: publisher.sink)
    progress(.publishOutput)
    try publisher.publish()
    return BuildReport(
      site: site, files: files, pages: site.plan?.pageCount ?? 0, regions: site.plan?.regionCodes.count ?? 0,
      seconds: Date().timeIntervalSince(started), published: true)
  }
}

/// What a build did.
public struct BuildReport: Sendable {
  public var site: CheckedSite
  public var files: Int
  public var pages: Int
  public var regions: Int
  public var seconds: Double
  public var published: Bool
}
