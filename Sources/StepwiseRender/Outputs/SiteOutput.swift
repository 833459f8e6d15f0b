/// One kind of file the site is made of (instruction pages, region homes, the sitemap…): which
/// files it writes, how it renders one of them, and which of them a change affects.
///
/// Every output is listed once, in `SiteOutputs.all`; the build runs them as named steps, the
/// preview asks each what a change affects, and the server takes content types from them.
public protocol SiteOutput: Sendable {
  /// The output's identifier, carried by each of its jobs.
  var name: OutputName { get }
  /// What the step that renders this output is called in progress lines («Region homes»).
  var title: String { get }
  /// Every job of this output in the site, in the order they are rendered.
  func jobs(in site: SiteRenderer) -> [OutputJob]
  /// Renders one job of this output: the files it writes.
  func render(_ job: OutputJob, in site: SiteRenderer) -> [RenderedFile]
  /// The jobs to render again after `change`, given that the shared parts of the site (the
  /// templates, settings, regions' names, plan and page titles) are unchanged: when they
  /// change, the rebuild renders everything.
  func affected(by change: SiteChange, in site: SiteRenderer) -> [OutputJob]
  /// The `Content-Type` of a file this output writes.
  func contentType(of path: String) -> String
}

extension SiteOutput {
  /// Nothing: an output that shows only the site's shared parts is redone with everything.
  public func affected(by change: SiteChange, in site: SiteRenderer) -> [OutputJob] { [] }

  /// By the file's extension (`ContentTypes`).
  public func contentType(of path: String) -> String { ContentTypes.of(path: path) }

  /// A file of this output, with its content type.
  public func file(_ path: String, _ bytes: [UInt8]) -> RenderedFile {
    RenderedFile(path: path, bytes: bytes, contentType: contentType(of: path))
  }
}

/// The identifier of an output (`page`, `region-home`…).
public struct OutputName: Hashable, Sendable, CustomStringConvertible {
  public let rawValue: String

  public init(_ rawValue: String) { self.rawValue = rawValue }

  public var description: String { rawValue }
}

/// One unit of rendering: the file (or files) of one output for one region and/or one page.
///
/// Jobs are independent of each other, so they run on several cores and the preview can redo
/// only some of them.
public struct OutputJob: Hashable, Sendable, CustomStringConvertible {
  public let output: OutputName
  /// The region code, for outputs made per region.
  public let region: String?
  /// The page slug, for outputs made per page.
  public let page: String?

  public init(_ output: OutputName, region: String? = nil, page: String? = nil) {
    self.output = output
    self.region = region
    self.page = page
  }

  /// In a `case` pattern, a job with no region or page matches every job of its output that
  /// agrees with what it names (`if case .page = job` for every page).
  public static func ~= (pattern: OutputJob, job: OutputJob) -> Bool {
    pattern.output == job.output && (pattern.region == nil || pattern.region == job.region)
      && (pattern.page == nil || pattern.page == job.page)
  }

  public var description: String {
    ([output.rawValue] + [region, page].compactMap(\.self)).joined(separator: " ")
  }
}

/// One file an output writes.
public struct RenderedFile: Sendable, Equatable {
  /// Site-relative path (`region/page/index.html`).
  public let path: String
  public let bytes: [UInt8]
  /// The `Content-Type` the preview serves it with.
  public let contentType: String

  public init(path: String, bytes: [UInt8], contentType: String) {
    self.path = path
    self.bytes = bytes
    self.contentType = contentType
  }
}

/// What changed between two builds whose shared parts are the same (see
/// `SiteOutput.affected(by:in:)`).
public struct SiteChange: Sendable, Equatable {
  /// Pages whose text or part of the flow graph changed.
  public var pages: Set<String>
  /// Pages whose part of the flow graph changed (homes show their procedures' outlines).
  public var flows: Set<String>
  /// Regions whose values (variables) changed.
  public var regions: Set<String>
  /// Whether the flow graph changed at all.
  public var graph: Bool

  public init(pages: Set<String>, flows: Set<String>, regions: Set<String>, graph: Bool) {
    self.pages = pages
    self.flows = flows
    self.regions = regions
    self.graph = graph
  }
}
