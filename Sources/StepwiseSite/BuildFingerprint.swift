import Foundation
import StepwiseCore
import StepwiseModel

/// The fingerprint of everything a build reads: two builds with the same fingerprint write the
/// same bytes, so a build whose fingerprint is the one recorded with an intact output has
/// nothing to do.
///
/// It covers the program (the executable file's identity: a new version or a rebuilt binary is
/// a new file), the options that change what is written (`--region`, `--part`, `--base-url`,
/// `--today`), every text the build read (site.yaml, regions.yaml, flows, pages; every template
/// and static file, built in or the site's own), each asset's identity on disk (the bytes are
/// copied, not read here: a changed asset has a new size, modification or change time), and the
/// page dates the pages and the sitemap show (from git or the files' times, see `ContentDates`).
/// A part of the inputs that changes without any of these changing would be a bug here; the
/// table of `NoOpBuildTests` changes each one alone and expects a new build.
enum BuildFingerprint {
  /// What a build produces, besides its inputs: the whole site, one region, or one region as a
  /// part of a site.
  enum Mode: Sendable {
    case site(region: String?)
    case part(region: String)

    var text: String {
      switch self {
      case .site(let region): "site \(region ?? "-")"
      case .part(let region): "part \(region)"
      }
    }
  }

  /// The fingerprint in 32 hex digits (`executable`: the program's identity, this one's).
  static func of(
    _ site: CheckedSite, pageDates: [String: CalendarDate], mode: Mode, baseURL: String?,
    executable: FileIdentity? = executableIdentity
  ) -> String {
    var hasher = FingerprintHasher()
    hasher.add("stepwise build fingerprint 1")
    hasher.add("executable")
    add(executable, to: &hasher)
    hasher.add("mode " + mode.text)
    hasher.add("base-url " + (baseURL ?? "-"))
    hasher.add("today " + (site.today.map { "\($0)" } ?? "-"))
    if let content = site.content {
      hasher.add("root " + content.root)
      hasher.add("site base-url " + content.site.baseURL.value)
      for asset in content.assets.sorted() {
        hasher.add("asset " + asset)
        add(FileIdentity.ofSource(content.root + "/" + asset), to: &hasher)
      }
    }
    for (path, text) in site.sources.sorted(by: { $0.key < $1.key }) {
      hasher.add("source " + path)
      hasher.add(text)
    }
    for (name, text) in (site.templates?.sources ?? [:]).sorted(by: { $0.key < $1.key }) {
      hasher.add("template " + name)
      hasher.add(text)
    }
    for (slug, date) in pageDates.sorted(by: { $0.key < $1.key }) {
      hasher.add("date " + slug + " \(date)")
    }
    return hasher.hex
  }

  private static func add(_ identity: FileIdentity?, to hasher: inout FingerprintHasher) {
    guard let identity else {
      hasher.add("missing")
      return
    }
    hasher.add(Int64(bitPattern: identity.device))
    hasher.add(Int64(bitPattern: identity.inode))
    hasher.add(identity.size)
    hasher.add(identity.modified)
    hasher.add(identity.changed)
  }

  /// The running program's file (its path and identity), looked up once.
  static let executableIdentity: FileIdentity? = {
    #if os(Linux)
      FileIdentity.ofSource("/proc/self/exe")
    #else
      FileIdentity.ofSource(CommandLine.arguments[0])
    #endif
  }()
}
