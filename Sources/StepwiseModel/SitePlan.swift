/// Which pages are built in which regions: the one place that decides it (build, check, serve).
public struct SitePlan: Sendable {
  /// Region codes in registry order.
  public let regionCodes: [String]
  /// Page slugs per region code, in page order.
  public let pagesByRegion: [String: [String]]
  /// Region codes per page slug.
  public let regionsByPage: [String: [String]]
  /// Regions that build the same pages share a class, numbered from 0 in registry order, by
  /// region code: most regions of a ministry's site build the same pages, and what depends on
  /// those alone (journeys, a page's options) is made once per class.
  public let regionClasses: [String: Int]
  /// The pages each class of regions builds, by class, for constant-time `isBuilt` (a set of
  /// every region's pages was a third of the plan's time at 200×85).
  private let builtByClass: [Set<String>]

  /// What the plan was made from: the registry, the graph, each page's place and the region
  /// asked for.
  private let inputs: Inputs

  private struct Inputs: Equatable, Sendable {
    let registry: RegionRegistry
    let graph: FlowGraph
    let places: [Place]
    let only: String?

    init(_ content: Content, only: String?) {
      registry = content.registry
      graph = content.graph
      places = content.pages.map {
        Place(
          slug: $0.slug, procedure: $0.frontMatter.procedure.value,
          regions: $0.frontMatter.regions?.map(\.value))
      }
      self.only = only
    }
  }

  private struct Place: Equatable, Sendable {
    let slug: String
    let procedure: String
    let regions: [String]?
  }

  /// Whether this plan is the one `init` would make for `content` (the preview keeps the last
  /// plan while the registry, the graph and every page's slug, procedure and regions stay).
  public func serves(_ content: Content, only regionCode: String? = nil) -> Bool {
    inputs == Inputs(content, only: regionCode)
  }

  public init(content: Content, analysis: FlowAnalysis, only regionCode: String? = nil) {
    inputs = Inputs(content, only: regionCode)
    var pagesByRegion: [String: [String]] = [:]
    var regionsByPage: [String: [String]] = [:]
    let regions = content.registry.regions.filter { regionCode == nil || $0.code == regionCode }
    for page in content.pages {
      guard let procedure = content.graph.procedure(page.frontMatter.procedure.value) else {
        continue
      }
      let narrowed = page.frontMatter.regions.map { Set($0.map(\.value)) }
      // Asked of every page in every region: the systems are looked up once per page.
      let regional = analysis.regionalSystems(of: procedure)
      for region in regions where FlowAnalysis.applies(regional, in: region) {
        if let narrowed, !narrowed.contains(region.code) { continue }
        pagesByRegion[region.code, default: []].append(page.slug)
        regionsByPage[page.slug, default: []].append(region.code)
      }
    }
    self.regionCodes = regions.map(\.code)
    self.pagesByRegion = pagesByRegion
    self.regionsByPage = regionsByPage
    var classes: [String: Int] = [:]
    var seen: [[String]: Int] = [:]
    var builtByClass: [Set<String>] = []
    for code in regionCodes {
      let pages = pagesByRegion[code] ?? []
      let regionClass = seen[pages] ?? seen.count
      if regionClass == builtByClass.count { builtByClass.append(Set(pages)) }
      seen[pages] = regionClass
      classes[code] = regionClass
    }
    self.regionClasses = classes
    self.builtByClass = builtByClass
  }

  public func isBuilt(page slug: String, in region: String) -> Bool {
    guard let regionClass = regionClasses[region] else { return false }
    return builtByClass[regionClass].contains(slug)
  }

  /// Of the regions that build `page` (`regionsByPage`, in that order), those that do not build
  /// `slug`: asked once per region class, not once per region.
  public func regions(of page: String, lacking slug: String) -> [String] {
    guard let regions = regionsByPage[page] else { return [] }
    // By class: 0 not asked yet, 1 built, 2 not built.
    var verdicts = [UInt8](repeating: 0, count: builtByClass.count)
    return regions.filter { code in
      guard let regionClass = regionClasses[code] else { return true }
      if verdicts[regionClass] == 0 {
        verdicts[regionClass] = builtByClass[regionClass].contains(slug) ? 1 : 2
      }
      return verdicts[regionClass] == 2
    }
  }

  public var pageCount: Int { pagesByRegion.values.reduce(0) { $0 + $1.count } }
}
