/// Which pages are built in which regions: the one place that decides it (build, check, serve).
public struct SitePlan: Sendable {
  /// Region codes in registry order, each once.
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
  /// The class of each region in `regionsByPage`, in the same order, by page slug.
  private let classesByPage: [String: [Int]]

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
    // A code listed twice (a check error) is planned once, as its first entry: the one
    // `RegionRegistry.region(code:)` finds, which everything after the plan renders.
    var codes = Set<String>()
    let regions = content.registry.regions.filter {
      (regionCode == nil || $0.code == regionCode) && codes.insert($0.code).inserted
    }
    // Gathered by position (a page's regions, a region's pages and which of the pages it
    // builds, as bits), then keyed once: keyed as they were found, every page of every region
    // hashed two codes (17,000 pairs at 200×85).
    var pagesOf: [[String]] = Array(repeating: [], count: regions.count)
    var builtBits: [[UInt64]] = Array(
      repeating: Array(repeating: 0, count: (content.pages.count + 63) / 64), count: regions.count)
    // A page's regions by position in `regions` (a slug given twice, a check error, keeps its
    // regions in one list).
    var regionsOf: [String: [Int]] = [:]
    for (pageIndex, page) in content.pages.enumerated() {
      guard let procedure = content.graph.procedure(page.frontMatter.procedure.value) else {
        continue
      }
      let narrowed = page.frontMatter.regions.map { Set($0.map(\.value)) }
      // Asked of every page in every region: the systems are looked up once per page.
      let regional = analysis.regionalSystems(of: procedure)
      var indices: [Int] = []
      for (index, region) in regions.enumerated()
      where FlowAnalysis.applies(regional, in: region) {
        if let narrowed, !narrowed.contains(region.code) { continue }
        pagesOf[index].append(page.slug)
        builtBits[index][pageIndex / 64] |= 1 << UInt64(pageIndex % 64)
        indices.append(index)
      }
      if !indices.isEmpty { regionsOf[page.slug, default: []].append(contentsOf: indices) }
    }
    self.regionCodes = regions.map(\.code)
    var pagesByRegion: [String: [String]] = [:]
    pagesByRegion.reserveCapacity(regions.count)
    for (index, region) in regions.enumerated() where !pagesOf[index].isEmpty {
      pagesByRegion[region.code] = pagesOf[index]
    }
    self.pagesByRegion = pagesByRegion
    self.regionsByPage = regionsOf.mapValues { $0.map { regions[$0].code } }
    // Regions that build the same pages: the same bits.
    var classes: [String: Int] = [:]
    var classOf: [Int] = []
    var seen: [[UInt64]: Int] = [:]
    var builtByClass: [Set<String>] = []
    for (index, region) in regions.enumerated() {
      let regionClass = seen[builtBits[index]] ?? seen.count
      if regionClass == builtByClass.count { builtByClass.append(Set(pagesOf[index])) }
      seen[builtBits[index]] = regionClass
      classes[region.code] = regionClass
      classOf.append(regionClass)
    }
    self.regionClasses = classes
    self.builtByClass = builtByClass
    self.classesByPage = regionsOf.mapValues { $0.map { classOf[$0] } }
  }

  public func isBuilt(page slug: String, in region: String) -> Bool {
    guard let regionClass = regionClasses[region] else { return false }
    return builtByClass[regionClass].contains(slug)
  }

  /// Of the regions that build `page` (`regionsByPage`, in that order), those that do not build
  /// `slug`: asked once per region class, not once per region.
  public func regions(of page: String, lacking slug: String) -> [String] {
    guard let regions = regionsByPage[page], let classes = classesByPage[page] else { return [] }
    // By class: 0 not asked yet, 1 built, 2 not built.
    var verdicts = [UInt8](repeating: 0, count: builtByClass.count)
    var lacking: [String] = []
    for (code, regionClass) in zip(regions, classes) {
      if verdicts[regionClass] == 0 {
        verdicts[regionClass] = builtByClass[regionClass].contains(slug) ? 1 : 2
      }
      if verdicts[regionClass] == 2 { lacking.append(code) }
    }
    return lacking
  }

  public var pageCount: Int { pagesByRegion.values.reduce(0) { $0 + $1.count } }
}
