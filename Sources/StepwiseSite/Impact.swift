import Foundation
import StepwiseCore
import StepwiseModel

/// What a change does to the published site: the pages that change in each region, grouped by
/// procedure, found by building both sides in memory and comparing the files (`stepwise impact`).
public struct ImpactReport: Sendable, Equatable, Codable {
  /// The git ref compared with, as given, and the commit it named.
  public var since: String
  public var commit: String
  public var before: SideStatus
  public var after: SideStatus
  /// Procedures with a changed page, in the order of their pages' titles.
  public var procedures: [ProcedureImpact]
  /// Region homes and the site's own files (root page, sitemap, 404, stylesheet, assets).
  public var otherFiles: [FileImpact]

  /// Whether a side could be loaded and how clean it checks.
  public struct SideStatus: Sendable, Equatable, Codable {
    public var loaded: Bool
    public var errors: Int
    public var warnings: Int

    public init(loaded: Bool, errors: Int, warnings: Int) {
      self.loaded = loaded
      self.errors = errors
      self.warnings = warnings
    }
  }

  /// The changed pages of one procedure.
  public struct ProcedureImpact: Sendable, Equatable, Codable {
    public var procedure: String
    /// The page's title (after the change, or before it for a page no longer built).
    public var title: String
    public var page: String
    public var regions: [PageImpact]
  }

  /// One page in one region.
  public struct PageImpact: Sendable, Equatable, Codable {
    public var region: String
    public var regionName: String
    public var path: String
    public var kinds: [ChangeKind]
    public var labelsAdded: [String] = []
    public var labelsRemoved: [String] = []
    public var linksAdded: [String] = []
    public var linksRemoved: [String] = []
  }

  /// A file that is not an instruction page.
  public struct FileImpact: Sendable, Equatable, Codable {
    public var path: String
    /// The region whose home this is, if it is one.
    public var region: String?
    public var regionName: String?
    public var kind: FileChange
    /// For a changed HTML file: what changed, as for a page.
    public var kinds: [ChangeKind] = []
    public var labelsAdded: [String] = []
    public var labelsRemoved: [String] = []
    public var linksAdded: [String] = []
    public var linksRemoved: [String] = []
  }

  public enum FileChange: String, Sendable, Equatable, Codable {
    case added, removed, changed
  }

  /// What changed on a page.
  public enum ChangeKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// Built now, not before (a new page, or a page newly built in this region).
    case built
    /// Built before, not now.
    case notBuilt = "no-longer-built"
    /// The visible text, apart from quoted labels.
    case text
    /// The «quoted» labels.
    case labels
    /// Link and image addresses.
    case links
    /// Only the markup: attributes, structure, nothing a reader reads.
    case markup
  }

  /// The number of (page, region) pairs that change.
  public var pageCount: Int { procedures.reduce(0) { $0 + $1.regions.count } }
  public var isEmpty: Bool { procedures.isEmpty && otherFiles.isEmpty }
}

extension ImpactReport {
  /// Compares two in-memory builds of a site: `before` (the ref) and `after` (the working tree).
  public init(since: String, commit: String, before: SiteInMemory, after: SiteInMemory) {
    self.since = since
    self.commit = commit
    self.before = Self.status(before)
    self.after = Self.status(after)
    let oldRoles = before.roles
    let newRoles = after.roles
    // Pages by (region, slug) on each side: a page is the same page when its region code and
    // slug are, even if the region's slug (its folder) changed.
    func pages(_ roles: [String: OutputRole]) -> [OutputRole: String] {
      Dictionary(roles.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
    }
    let oldPaths = pages(oldRoles)
    let newPaths = pages(newRoles)
    var byPage: [String: [PageImpact]] = [:]
    var others: [FileImpact] = []
    func regionName(_ code: String) -> String {
      after.site.content?.registry.region(code: code)?.name
        ?? before.site.content?.registry.region(code: code)?.name ?? code
    }
    for role in Set(oldPaths.keys).union(newPaths.keys) {
      let oldPath = oldPaths[role]
      let newPath = newPaths[role]
      let oldBytes = oldPath.flatMap { before.files[$0] }
      let newBytes = newPath.flatMap { after.files[$0] }
      if oldBytes == newBytes && oldPath == newPath { continue }
      switch role {
      case .page(let region, let slug):
        var impact = PageImpact(
          region: region, regionName: regionName(region), path: newPath ?? oldPath ?? "", kinds: [])
        if oldBytes == nil {
          impact.kinds = [.built]
        } else if newBytes == nil {
          impact.kinds = [.notBuilt]
        } else if let oldBytes, let newBytes {
          Self.describe(&impact, old: PageFacets(html: oldBytes), new: PageFacets(html: newBytes))
        }
        byPage[slug, default: []].append(impact)
      case .home(let region):
        others.append(
          Self.fileImpact(
            path: newPath ?? oldPath ?? "", region: region, regionName: regionName(region),
            old: oldBytes, new: newBytes))
      }
    }
    for path in Set(before.files.keys).union(after.files.keys)
    where oldRoles[path] == nil && newRoles[path] == nil && before.files[path] != after.files[path]
    {
      others.append(
        Self.fileImpact(
          path: path, region: nil, regionName: nil, old: before.files[path],
          new: after.files[path]))
    }
    let regionOrder = Self.regionOrder(before: before, after: after)
    procedures = byPage.map { slug, regions in
      let page = after.site.content?.page(slug: slug) ?? before.site.content?.page(slug: slug)
      return ProcedureImpact(
        procedure: page?.frontMatter.procedure.value ?? slug,
        title: page?.frontMatter.title ?? slug, page: slug,
        regions: regions.sorted {
          (regionOrder[$0.region] ?? .max, $0.region) < (regionOrder[$1.region] ?? .max, $1.region)
        })
    }.sorted { ($0.title, $0.page) < ($1.title, $1.page) }
    otherFiles = others.sorted {
      ($0.region == nil ? 0 : 1, regionOrder[$0.region ?? ""] ?? .max, $0.path)
        < ($1.region == nil ? 0 : 1, regionOrder[$1.region ?? ""] ?? .max, $1.path)
    }
  }

  /// Region codes by their place in the registry (after the change, then before it).
  private static func regionOrder(before: SiteInMemory, after: SiteInMemory) -> [String: Int] {
    var order: [String: Int] = [:]
    let codes =
      (after.site.content?.registry.regions ?? []) + (before.site.content?.registry.regions ?? [])
    for region in codes where order[region.code] == nil { order[region.code] = order.count }
    return order
  }

  private static func status(_ side: SiteInMemory) -> SideStatus {
    let errors = side.site.diagnostics.filter { $0.severity == .error }.count
    return SideStatus(
      loaded: side.site.content != nil, errors: errors,
      warnings: side.site.diagnostics.count - errors)
  }

  /// A file that is not an instruction page; a changed HTML file is described like a page.
  private static func fileImpact(
    path: String, region: String?, regionName: String?, old: [UInt8]?, new: [UInt8]?
  ) -> FileImpact {
    guard let old, let new else {
      return FileImpact(
        path: path, region: region, regionName: regionName, kind: old == nil ? .added : .removed)
    }
    var file = FileImpact(path: path, region: region, regionName: regionName, kind: .changed)
    if path.hasSuffix(".html") {
      var page = PageImpact(
        region: region ?? "", regionName: regionName ?? "", path: path, kinds: [])
      describe(&page, old: PageFacets(html: old), new: PageFacets(html: new))
      file.kinds = page.kinds
      file.labelsAdded = page.labelsAdded
      file.labelsRemoved = page.labelsRemoved
      file.linksAdded = page.linksAdded
      file.linksRemoved = page.linksRemoved
    }
    return file
  }

  /// The kinds of change between two versions of a page, with the labels and links that came
  /// and went.
  static func describe(_ impact: inout PageImpact, old: PageFacets, new: PageFacets) {
    var kinds: [ChangeKind] = []
    if old.text != new.text { kinds.append(.text) }
    if old.labels != new.labels {
      kinds.append(.labels)
      impact.labelsAdded = difference(new.labels, old.labels)
      impact.labelsRemoved = difference(old.labels, new.labels)
    }
    if old.links != new.links {
      kinds.append(.links)
      impact.linksAdded = difference(new.links, old.links)
      impact.linksRemoved = difference(old.links, new.links)
    }
    impact.kinds = kinds.isEmpty ? [.markup] : kinds
  }

  /// The distinct elements of `a` that `b` does not hold, in `a`'s order.
  private static func difference(_ a: [String], _ b: [String]) -> [String] {
    let other = Set(b)
    var seen: Set<String> = []
    return a.filter { !other.contains($0) && seen.insert($0).inserted }
  }
}
