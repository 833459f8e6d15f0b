import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseRender
import Synchronization

/// The result of loading and checking a site: everything `check`, `build` and `serve` share.
public struct CheckedSite: Sendable {
  public var content: Content?
  public var templates: TemplateSet?
  public var plan: SitePlan?
  /// The flow graph's walks, done once and shared by the plan, the rules and the renderer.
  public var analysis: FlowAnalysis?
  public var diagnostics: [Diagnostic]
  /// Source texts by site-relative path, for diagnostic excerpts.
  public var sources: [String: String]
  /// The day the site was checked as of (`--today`): no page is dated later.
  public var today: CalendarDate? = nil
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
  /// What is wrong with a `--base-url` (phrased to follow its name), as site.yaml's `base-url`
  /// is judged; nil when it is fine.
  public static func problem(withBaseURL url: String) -> CommandMessage? {
    if let problem = URLRules.problem(with: url) { return .baseURL(problem, found: url) }
    return url.hasSuffix("/") ? nil : .baseURL(nil, found: url)
  }

  /// Loads and checks a site (`stepwise check`): all findings, sorted.
  public static func check(
    root: URL, today: CalendarDate, region: String? = nil, parseGuard: (any ParseGuard)? = nil,
    baseURL: String? = nil, progress: (PipelineStep) -> Void = { _ in }
  ) throws(SiteError) -> CheckedSite {
    var cache = ContentLoader.LoadCache()
    return try check(
      root: root, today: today, region: region, parseGuard: parseGuard, cache: &cache,
      baseURL: baseURL, progress: progress)
  }

  /// Loads and checks a site, reusing what `cache` holds for unchanged files (the flow
  /// analysis among it), the last templates while they are unchanged, and the findings `checker` remembers
  /// for what an edit cannot affect (the preview); `overlay` holds texts that stand for files on
  /// disk (an editor's unsaved buffers, `stepwise lsp`).
  public static func check(
    root: URL, today: CalendarDate, region: String? = nil, parseGuard: (any ParseGuard)? = nil,
    cache: inout ContentLoader.LoadCache, reusingTemplates: TemplateSet? = nil,
    reusingPlan: SitePlan? = nil,
    checker: IncrementalChecker? = nil,
    changed: Set<String>? = nil, overlay: [String: String] = [:], baseURL: String? = nil,
    progress: (PipelineStep) -> Void = { _ in }
  ) throws(SiteError) -> CheckedSite {
    progress(.loadContent)
    // The templates are read on another thread while the content loads.
    let templateLoad = Background {
      Result { () throws(ContentError) in
        try TemplateSet.load(siteRoot: root, reusing: reusingTemplates)
      }
    }
    let loaded: ContentLoader.Result
    do {
      var loader = ContentLoader(root: root, parseGuard: parseGuard)
      loader.overlay = overlay
      loaded = try loader.load(cache: &cache, changed: changed)
    } catch {
      throw .content(error)
    }
    var diagnostics = loaded.diagnostics
    let (templates, templateFindings): (TemplateSet?, [Diagnostic])
    do {
      (templates, templateFindings) = try templateLoad.value.get()
    } catch {
      throw .content(error)
    }
    diagnostics += templateFindings
    guard var content = loaded.content else {
      return CheckedSite(
        content: nil, templates: templates, plan: nil, analysis: nil,
        diagnostics: diagnostics.sorted(),
        sources: loaded.sources, today: today)
    }
    if let baseURL {
      // `--base-url`: a staging address instead of site.yaml's (validated by the command line).
      content.site.baseURL = Located(
        baseURL, at: SourceLocation(file: "--base-url", line: 1, column: 1))
    }
    if let region, content.registry.region(code: region) == nil {
      throw .unknownRegion(
        region, suggestion: nearestName(to: region, in: content.registry.regions.map(\.code)))
    }
    progress(.checkContent)
    // Made by the loader beside the pages, and kept in its cache while the flow files are
    // unchanged (the preview's and the language server's next check reuse it from there).
    let analysis = loaded.analysis ?? FlowAnalysis(graph: content.graph)
    // The preview passes the last plan: reused while what it is made from is unchanged.
    let plan =
      reusingPlan.flatMap { $0.serves(content, only: region) ? $0 : nil }
      ?? SitePlan(content: content, analysis: analysis, only: region)
    let fullPlan = region == nil ? plan : SitePlan(content: content, analysis: analysis)
    let context = CheckContext(content: content, plan: fullPlan, today: today, analysis: analysis)
    diagnostics +=
      checker?.check(context, loaded: loaded.diagnostics, sources: loaded.sources)
      ?? Checker().check(context, loaded: loaded.diagnostics, sources: loaded.sources)
    return CheckedSite(
      content: content, templates: templates, plan: plan, analysis: analysis,
      diagnostics: diagnostics.sorted(),
      sources: loaded.sources, today: today)
  }

  /// Renders a checked site into a sink; returns the number of files written.
  ///
  /// `rendered` is
  /// told (jobs done, jobs in all) from the rendering threads, for a progress line; `step` is
  /// told each output as its step begins.
  public static func render(
    _ site: CheckedSite, into sink: some OutputSink,
    rendered: (@Sendable (Int, Int) -> Void)? = nil, step: ((any SiteOutput) -> Void)? = nil
  ) throws(SiteError) -> Int {
    try render(site, pageDates: nil, into: sink, rendered: rendered, step: step)
  }

  /// Renders a checked site into a sink with the page dates given (nil: looked up now).
  ///
  /// The renderer's caches are freed on another thread while the build is published; or, with
  /// `keep`, handed to it (a command about to exit keeps them: the kernel takes the memory back
  /// at once, where freeing them object by object costs a core for milliseconds).
  static func render(
    _ site: CheckedSite, pageDates: [String: CalendarDate]?, into sink: some OutputSink,
    rendered: (@Sendable (Int, Int) -> Void)? = nil, step: ((any SiteOutput) -> Void)? = nil,
    keep: ((any AnyObject & Sendable) -> Void)? = nil
  ) throws(SiteError) -> Int {
    guard let content = site.content, let templates = site.templates, let plan = site.plan else {
      return 0
    }
    let held = FreedElsewhere(
      SiteRenderer(
        content: content, templates: templates, plan: plan, analysis: site.analysis,
        pageDates: pageDates ?? Self.pageDates(of: site)))
    defer {
      if let keep { keep(held) } else { held.free() }
    }
    var count = try held.use { renderer throws(SiteError) in
      // Each output's jobs as it makes them: not gathered into one list to be grouped again.
      let groups = renderer.outputs.map { output in
        (output: output, jobs: output.jobs(in: renderer))
      }
      return try render(groups, of: renderer, into: sink, rendered: rendered, step: step)
    }
    for asset in content.assets.sorted() {
      try copy(asset: asset, of: content, into: sink)
      count += 1
    }
    return count
  }

  /// Renders jobs into a sink on every core (or `STEPWISE_JOBS` threads); returns the number of
  /// files written.
  ///
  /// `step` is told each output that has jobs, in the renderer's order, before the rendering
  /// starts. The jobs of all outputs share one pool, so that an output of a single job (the
  /// site's search pages) does not leave the other cores idle: outputs of few jobs are started
  /// first, and each thread takes the next job as it finishes one.
  public static func render(
    _ jobs: [OutputJob], of renderer: SiteRenderer, into sink: some OutputSink,
    rendered: (@Sendable (Int, Int) -> Void)? = nil, step: ((any SiteOutput) -> Void)? = nil
  ) throws(SiteError) -> Int {
    let byOutput = Dictionary(grouping: jobs, by: \.output)
    let groups = renderer.outputs.map { output in
      (output: output, jobs: byOutput[output.name] ?? [])
    }
    return try render(groups, of: renderer, into: sink, rendered: rendered, step: step)
  }

  /// Renders each output's jobs, in the renderer's order of outputs; see `render(_:of:into:…)`.
  private static func render(
    _ outputs: [(output: any SiteOutput, jobs: [OutputJob])], of renderer: SiteRenderer,
    into sink: some OutputSink, rendered: (@Sendable (Int, Int) -> Void)?,
    step: ((any SiteOutput) -> Void)?
  ) throws(SiteError) -> Int {
    let groups = outputs.filter { !$0.jobs.isEmpty }
    for group in groups { step?(group.output) }
    // Fewest jobs first (a stable sort keeps the renderer's order among equals).
    let ordered = groups.enumerated().sorted {
      ($0.element.jobs.count, $0.offset) < ($1.element.jobs.count, $1.offset)
    }
    .map(\.element)
    let total = ordered.reduce(0) { $0 + $1.jobs.count }
    let count = try renderPool(ordered, total: total, of: renderer, into: sink, rendered: rendered)
    rendered?(total, total)
    return count
  }

  /// Renders jobs on every core (or `STEPWISE_JOBS` threads), each thread taking the next job,
  /// group after group (the jobs are not copied into one list: each copy retains their texts).
  private static func renderPool(
    _ groups: [(output: any SiteOutput, jobs: [OutputJob])], total: Int,
    of renderer: SiteRenderer, into sink: some OutputSink,
    rendered: (@Sendable (Int, Int) -> Void)?
  ) throws(SiteError) -> Int {
    guard total > 0 else { return 0 }
    // Where each group starts in the order of all jobs.
    var before = 0
    let starts = groups.map { group in
      defer { before += group.jobs.count }
      return before
    }
    let environment = ProcessInfo.processInfo.environment
    let cores =
      Int(environment["STEPWISE_JOBS"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
    let workers = min(max(cores, 1), total)
    let next = Atomic<Int>(0)
    let failed = Atomic<Bool>(false)
    let results = Slots<Result<Int, SiteError>>(count: workers)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var written = 0
      var group = 0
      do {
        while !failed.load(ordering: .relaxed) {
          let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
          guard index < total else { break }
          // Jobs are taken in order: a thread's next job is in its last one's group or after.
          while group + 1 < starts.count, starts[group + 1] <= index { group += 1 }
          let output = groups[group].output
          for file in output.render(groups[group].jobs[index - starts[group]], in: renderer) {
            try sink.write(file)
            written += 1
          }
          if let rendered, index % 64 == 63 { rendered(index + 1, total) }
        }
        results.set(worker, .success(written))
      } catch let error as SiteError {
        failed.store(true, ordering: .relaxed)
        results.set(worker, .failure(error))
      } catch {
        failed.store(true, ordering: .relaxed)
        results.set(worker, .failure(.output(path: "output", reason: "\(error)")))
      }
    }
    var count = 0
    for result in results.values {
      switch result {
      case .success(let written): count += written
      case .failure(let error): throw error
      case nil: break
      }
    }
    return count
  }

  /// Copies one file of `content/assets/` to the same path under the output (without `content/`),
  /// in chunks: an asset is never read whole.
  static func copy(asset: String, of content: Content, into sink: some OutputSink) throws(SiteError)
  {
    let source = URL(fileURLWithPath: content.root).appendingPathComponent(asset).path
    try sink.copy(String(asset.dropFirst("content/".count)), from: source)
  }

  /// The day each page of a checked site last changed (see `ContentDates`).
  static func pageDates(of site: CheckedSite) -> [String: CalendarDate] {
    guard let content = site.content else { return [:] }
    return ContentDates.pageDates(
      root: URL(fileURLWithPath: content.root), pages: content.pages, notAfter: site.today)
  }

  /// `stepwise build`: check, and when clean, render into a fresh folder and swap it in.
  ///
  /// The
  /// output is refused before anything else unless Stepwise made it (see `OutputFolder`). Files
  /// whose bytes are as in the previous output are linked to it, not written again; when
  /// nothing the build reads has changed since it and it is intact (see `BuildFingerprint`,
  /// `OutputManifest`), nothing is rendered or published and the report says `upToDate`.
  public static func build(
    root: URL, output: URL, today: CalendarDate, region: String? = nil,
    parseGuard: (any ParseGuard)? = nil, baseURL: String? = nil,
    progress: (PipelineStep) -> Void = { _ in }, rendered: (@Sendable (Int, Int) -> Void)? = nil,
    renderStep: ((any SiteOutput) -> Void)? = nil, keepWork: Bool = false
  ) throws(SiteError) -> BuildReport {
    let started = Date()
    // Before any work: only a folder Stepwise made may be replaced. Links are resolved first,
    // so that the folder judged is the folder replaced (never a link replaced by a folder).
    let output = URL(fileURLWithPath: OutputFolder.canonical(output.path))
    try OutputFolder.validate(output: output.path, site: root.path)
    // An old output is locked and its files checked against its manifest while the site is
    // checked: a no-op rebuild then costs little more than the check. (Under the lock, so that
    // no other build replaces what is checked; nothing is made beside an output not there yet.)
    let early: Background<Result<LockedOutput, SiteError>>? =
      FileIdentity.of(output.path)?.kind == .folder
      ? Background { Result { () throws(SiteError) in try LockedOutput(output: output) } } : nil
    let site: CheckedSite
    do {
      site = try check(
        root: root, today: today, region: region, parseGuard: parseGuard, baseURL: baseURL,
        progress: progress)
    } catch {
      try? early?.value.get().release()
      throw error
    }
    guard !site.diagnostics.hasErrors, site.content != nil else {
      // As without the early lock: findings first, whether or not the output was free.
      try? early?.value.get().release()
      return BuildReport(
        site: site, files: 0, pages: 0, regions: 0, seconds: Date().timeIntervalSince(started),
        published: false)
    }
    let locked: LockedOutput
    if let early {
      locked = try early.value.get()
    } else {
      locked = try LockedOutput(output: output)
    }
    let pageDates = pageDates(of: site)
    let fingerprint = BuildFingerprint.of(
      site, pageDates: pageDates, mode: .site(region: region), baseURL: baseURL)
    let publisher = try AtomicPublisher(locked, fingerprint: fingerprint)
    defer { publisher.abandon() }
    if publisher.isUpToDate {
      return BuildReport(
        site: site, files: publisher.previous?.fileCount ?? 0, pages: site.plan?.pageCount ?? 0,
        regions: site.plan?.regionCodes.count ?? 0, seconds: Date().timeIntervalSince(started),
        published: true, upToDate: true)
    }
    progress(.renderPages)
    var kept: [any AnyObject & Sendable] = []
    let files = try render(
      site, pageDates: pageDates, into: publisher.sink, rendered: rendered, step: renderStep,
      keep: keepWork ? { kept.append($0) } : nil)
    let linked = publisher.sink.linkedCount
    progress(.publishOutput)
    try publisher.publish(fingerprint: fingerprint)
    return BuildReport(
      site: site, files: files, pages: site.plan?.pageCount ?? 0,
      regions: site.plan?.regionCodes.count ?? 0,
      seconds: Date().timeIntervalSince(started), published: true, linked: linked,
      kept: keepWork ? kept + [publisher.sink] : [])
  }
}

/// What a build did.
public struct BuildReport: Sendable {
  public var site: CheckedSite
  /// The files of the site (not counting the marker); when up to date, of the site as it is.
  public var files: Int
  public var pages: Int
  public var regions: Int
  public var seconds: Double
  /// The output holds the site as built: published now, or found up to date.
  public var published: Bool
  /// Nothing the build reads had changed since the last build and the output was intact:
  /// nothing was rendered, the output was left untouched.
  public var upToDate = false
  /// How many of the files are hard links to the previous output's, not written again.
  public var linked = 0
  /// The renderer with its caches and the record of every file written, when the build was
  /// asked to keep them (`keepWork`: a command about to exit, which lets the kernel take the
  /// memory back at once rather than free it object by object).
  public var kept: [any AnyObject & Sendable] = []

  public init(
    site: CheckedSite, files: Int, pages: Int, regions: Int, seconds: Double, published: Bool,
    upToDate: Bool = false, linked: Int = 0, kept: [any AnyObject & Sendable] = []
  ) {
    self.site = site
    self.files = files
    self.pages = pages
    self.regions = regions
    self.seconds = seconds
    self.published = published
    self.upToDate = upToDate
    self.linked = linked
    self.kept = kept
  }
}
