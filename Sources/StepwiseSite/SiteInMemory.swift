import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseRender

/// A site built in memory through the same pipeline as `build`: every output file's bytes by
/// site-relative path, and the checked site they came from (`impact` compares two of them).
public struct SiteInMemory: Sendable {
  public var site: CheckedSite
  /// Rendered files and copied assets, by site-relative path.
  public var files: [String: [UInt8]]

  /// Loads, checks and renders the site at `root`; the site is rendered even when the check
  /// found errors (as long as it could be loaded), so that a broken side can still be compared.
  public static func build(
    root: URL, today: CalendarDate, parseGuard: (any ParseGuard)? = nil
  ) throws(SiteError) -> SiteInMemory {
    let site = try SitePipeline.check(root: root, today: today, parseGuard: parseGuard)
    let sink = MemorySink()
    _ = try SitePipeline.render(site, into: sink)
    var files = sink.files
    for (path, source) in sink.linkedFiles {
      guard let data = FileManager.default.contents(atPath: source) else {
        throw .output(path: source, reason: "cannot read the asset")
      }
      files[path] = Array(data)
    }
    return SiteInMemory(site: site, files: files)
  }

  /// What each output path of this site is: a page of a region, a region's home, or a file of
  /// the whole site.
  public var roles: [String: OutputRole] {
    guard let content = site.content, let plan = site.plan else { return [:] }
    var roles: [String: OutputRole] = [:]
    for code in plan.regionCodes {
      guard let region = content.registry.region(code: code) else { continue }
      roles[RegionHomeOutput.path(of: region)] = .home(region: code)
      for slug in plan.pagesByRegion[code] ?? [] {
        roles[PageOutput.path(of: slug, in: region)] = .page(region: code, slug: slug)
      }
    }
    return roles
  }
}

/// What an output file is, for grouping changes.
public enum OutputRole: Hashable, Sendable {
  case page(region: String, slug: String)
  case home(region: String)
}
