import StepwiseCore
import StepwiseMarkdown

// MARK: - Site

/// `content/site.yaml`.
public struct SiteSettings: Sendable, Hashable {
  public struct Contact: Sendable, Hashable {
    public var title: String
    public var phone: String?
    public var email: String?
    public var url: String?
  }

  public var title: String
  public var description: String?
  public var baseURL: Located<String>
  public var language: String
  public var contacts: [Contact]
  /// Largest file of `content/assets/` accepted, in bytes (`asset-size-limit`).
  public var assetSizeLimit: Int = defaultAssetSizeLimit

  /// 20 MiB: far above any screenshot or PDF form a page needs.
  public static let defaultAssetSizeLimit = 20 << 20
}

// MARK: - Regions

/// The type of a region variable; values are checked against it.
public enum VariableType: String, Sendable, Hashable, CaseIterable {
  case url, phone, email, text
}

/// A variable every region may define, declared in `regions.yaml`.
public struct VariableDeclaration: Sendable, Hashable {
  public var id: String
  public var type: VariableType
  public var title: String
  public var location: SourceLocation
}

/// One region of the registry.
public struct Region: Sendable, Hashable {
  public var code: String
  public var name: String
  public var slug: String
  public var systems: [Located<String>]
  public var variables: [String: Located<String>]
  public var location: SourceLocation

  public func uses(system id: String) -> Bool { systems.contains { $0.value == id } }
}

/// `content/regions.yaml`.
public struct RegionRegistry: Sendable, Hashable {
  public var variables: [VariableDeclaration]
  public var regions: [Region] {
    didSet { index = Self.index(regions) }
  }
  /// Region code → position of its first entry.
  private var index: [String: Int]

  public init(variables: [VariableDeclaration], regions: [Region]) {
    self.variables = variables
    self.regions = regions
    self.index = Self.index(regions)
  }

  private static func index(_ regions: [Region]) -> [String: Int] {
    var index: [String: Int] = [:]
    for (position, region) in regions.enumerated() where index[region.code] == nil { index[region.code] = position }
    return index
  }

  public func region(code: String) -> Region? { index[code].map { regions[$0] } }
  public func variable(_ id: String) -> VariableDeclaration? { variables.first { $0.id == id } }
}

// MARK: - Flow graph

/// A state variable with a finite domain (e.g. the Gosuslugi account level).
public struct StateVariable: Sendable, Hashable {
  public var id: String
  public var title: String
  public var values: [String]
  public var valueTitles: [String]
  /// Values a reader may already have without following any procedure (default: the first).
  public var initial: [String]
  public var location: SourceLocation

  /// The reader-facing name of a value.
  public func title(of value: String) -> String {
    guard let index = values.firstIndex(of: value), index < valueTitles.count else { return value }
    return valueTitles[index]
  }
}

public struct Actor: Sendable, Hashable {
  public var id: String
  public var title: String
  public var location: SourceLocation
}

/// Where a system is available: everywhere, or only in regions that list it.
public enum SystemScope: String, Sendable, Hashable {
  case allRegions = "all-regions"
  case regional
}

public struct Screen: Sendable, Hashable {
  public var id: String
  public var title: String
  public var labels: [Located<String>]
  public var location: SourceLocation
}

/// A site or program the reader uses, with the exact labels of its screens.
public struct FlowSystem: Sendable, Hashable {
  public var id: String
  public var name: String
  public var otherNames: [String]
  public var scope: SystemScope
  public var screens: [Screen]
  public var location: SourceLocation

  /// Every label of every screen.
  public var labels: [String] { screens.flatMap { $0.labels.map(\.value) } }
}

/// "state is one of these values", as written under `requires`.
public struct StateCondition: Sendable, Hashable {
  public var state: Located<String>
  public var values: [Located<String>]
}

/// "state becomes this value", as written under `effects`.
public struct StateAssignment: Sendable, Hashable {
  public var state: Located<String>
  public var value: Located<String>
}

/// One action of one actor on one system.
public struct FlowStep: Sendable, Hashable {
  public var id: String
  public var title: String
  public var actor: Located<String>
  public var system: Located<String>
  public var requires: [StateCondition]
  public var effects: [StateAssignment]
  public var location: SourceLocation
}

/// An entry of a procedure's `steps`.
public enum ProcedureElement: Sendable, Hashable {
  case step(Located<String>)
  case optional(Located<String>)
  /// Alternatives; each alternative is a sequence of step ids.
  case oneOf([[Located<String>]], SourceLocation)
  case procedure(Located<String>)
}

/// Ordered steps, with alternatives, optional steps and reused shared procedures.
public struct Procedure: Sendable, Hashable {
  public var id: String
  public var title: String
  public var summary: String?
  public var requires: [StateCondition]
  public var shared: Bool
  public var elements: [ProcedureElement]
  public var location: SourceLocation
}

/// Every flow file together.
public struct FlowGraph: Sendable, Hashable {
  public var states: [StateVariable] = []
  public var actors: [Actor] = []
  public var systems: [FlowSystem] = []
  public var steps: [FlowStep] = []
  public var procedures: [Procedure] = []

  public init() {}

  /// Most steps a procedure may expand to, shared procedures included (`ProcedureWalker.limit`).
  public static let maximumExpandedSteps = ProcedureWalker.limit

  /// `ProcedureWalker.expandedSize(of:)`: the steps a procedure expands to, up to the limit + 1.
  public func expandedSize(of procedure: Procedure) -> Int {
    ProcedureWalker(graph: self).expandedSize(of: procedure)
  }

  public func state(_ id: String) -> StateVariable? { states.first { $0.id == id } }
  public func actor(_ id: String) -> Actor? { actors.first { $0.id == id } }
  public func system(_ id: String) -> FlowSystem? { systems.first { $0.id == id } }
  public func step(_ id: String) -> FlowStep? { stepIndex[id].map { steps[$0] } }
  public func procedure(_ id: String) -> Procedure? { procedureIndex[id].map { procedures[$0] } }

  var stepIndex: [String: Int] = [:]
  var procedureIndex: [String: Int] = [:]

  mutating func reindex() {
    stepIndex = [:]
    for (index, step) in steps.enumerated() where stepIndex[step.id] == nil {
      stepIndex[step.id] = index
    }
    procedureIndex = [:]
    for (index, procedure) in procedures.enumerated() where procedureIndex[procedure.id] == nil {
      procedureIndex[procedure.id] = index
    }
  }
}

// MARK: - Pages

/// The front matter of a page.
public struct PageFrontMatter: Sendable, Hashable {
  public var title: String
  public var procedure: Located<String>
  public var summary: String?
  public var reviewBy: Located<CalendarDate>?
  public var validUntil: Located<CalendarDate>?
  public var regions: [Located<String>]?
}

/// One instruction page: front matter, the parsed Markdown (parsed once), and what it refers to.
public struct Page: Sendable, Hashable {
  /// Site-relative path, `content/pages/<slug>.md`.
  public var file: String
  /// The file name without `.md`: the page's folder in every region.
  public var slug: String
  public var frontMatter: PageFrontMatter
  public var document: MarkdownDocument
  /// Lines before the Markdown body (the front matter and its fences).
  public var bodyLineOffset: Int
  public var analysis: PageAnalysis
}

/// All content of a site, typed.
public struct Content: Sendable {
  public var root: String
  public var site: SiteSettings
  public var registry: RegionRegistry
  public var graph: FlowGraph
  public var pages: [Page] {
    didSet { (bySlug, byProcedure) = Self.index(pages) }
  }
  /// Site-relative paths of the files under `content/assets/`.
  public var assets: Set<String>
  /// The text of every loaded file by site-relative path, for diagnostics excerpts.
  public var sources: [String: String]

  /// Page positions by slug and by procedure id (the first page of each).
  private var bySlug: [String: Int] = [:]
  private var byProcedure: [String: Int] = [:]

  public init(
    root: String, site: SiteSettings, registry: RegionRegistry, graph: FlowGraph, pages: [Page],
    assets: Set<String>, sources: [String: String]
  ) {
    self.root = root
    self.site = site
    self.registry = registry
    self.graph = graph
    self.pages = pages
    self.assets = assets
    self.sources = sources
    (bySlug, byProcedure) = Self.index(pages)
  }

  private static func index(_ pages: [Page]) -> ([String: Int], [String: Int]) {
    var bySlug: [String: Int] = [:]
    var byProcedure: [String: Int] = [:]
    for (position, page) in pages.enumerated() {
      if bySlug[page.slug] == nil { bySlug[page.slug] = position }
      if byProcedure[page.frontMatter.procedure.value] == nil { byProcedure[page.frontMatter.procedure.value] = position }
    }
    return (bySlug, byProcedure)
  }

  public func page(slug: String) -> Page? { bySlug[slug].map { pages[$0] } }
  public func page(forProcedure id: String) -> Page? { byProcedure[id].map { pages[$0] } }
}
