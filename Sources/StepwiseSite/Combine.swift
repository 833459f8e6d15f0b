import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseRender

#if canImport(Glibc)
  import Glibc
#endif

/// Why `combine` (or a part build) could not run (exit status 2).
public enum CombineError: Error, Equatable, Sendable, CustomStringConvertible {
  case site(SiteError)
  /// A folder given as a part is not the output of `build --region CODE --part`.
  case notAPart(path: String, reason: String)
  /// Two parts hold the same region.
  case duplicateRegion(String, paths: [String])
  /// Regions the site builds that no part holds.
  case missingRegions([String])

  public var description: String {
    switch self {
    case .site(let error): error.description
    case .notAPart(let path, let reason):
      "\(path): not a part of a site (\(reason)); make each part with stepwise build --region CODE --part --output FOLDER"
    case .duplicateRegion(let code, let paths):
      "region \(code) is in more than one part: \(paths.joined(separator: ", ")); give each region once"
    case .missingRegions(let codes):
      "no part holds region\(codes.count == 1 ? "" : "s") \(codes.joined(separator: ", ")); build \(codes.count == 1 ? "it" : "each") with stepwise build --region CODE --part, or remove it from regions.yaml"
    }
  }
}

/// Building a site region by region on several machines, and combining the parts.
///
/// A part (`build --region CODE --part`) holds one region's folder exactly as the whole site's
/// build writes it (its pages know the other regions); `combine` renders the files of the whole
/// site (root page, 404, sitemap, stylesheet, region lists, assets) and takes each region's
/// folder from its part. The result is the whole site's build, byte for byte.
extension SitePipeline {
  /// The file in a part that names its region (`region: RU-MOS`).
  public static let partManifestName = ".stepwise-part"

  /// `build --region CODE --part`: checks the whole site, renders one region's folder as the
  /// whole build does, and publishes it (with the marker and the part's manifest) atomically.
  public static func buildPart(
    root: URL, output: URL, today: CalendarDate, region code: String,
    parseGuard: (any ParseGuard)? = nil
  ) throws(SiteError) -> BuildReport {
    let started = Date()
    let output = URL(fileURLWithPath: OutputFolder.canonical(output.path))
    try OutputFolder.validate(output: output.path, site: root.path)
    let site = try check(root: root, today: today, parseGuard: parseGuard)
    guard let content = site.content else {
      return BuildReport(
        site: site, files: 0, pages: 0, regions: 0, seconds: Date().timeIntervalSince(started),
        published: false)
    }
    guard let region = content.registry.region(code: code) else {
      throw .unknownRegion(
        code, suggestion: nearestName(to: code, in: content.registry.regions.map(\.code)))
    }
    guard !site.diagnostics.hasErrors, let templates = site.templates, let plan = site.plan else {
      return BuildReport(
        site: site, files: 0, pages: 0, regions: 0, seconds: Date().timeIntervalSince(started),
        published: false)
    }
    let pageDates = pageDates(of: site)
    let inputs = BuildFingerprint.of(
      site, pageDates: pageDates, mode: .part(region: code), baseURL: nil)
    let publisher = try AtomicPublisher(output: output, fingerprint: inputs)
    defer { publisher.abandon() }
    if publisher.isUpToDate {
      return BuildReport(
        site: site, files: publisher.previous?.fileCount ?? 0,
        pages: plan.pagesByRegion[code]?.count ?? 0, regions: 1,
        seconds: Date().timeIntervalSince(started), published: true, upToDate: true)
    }
    let renderer = SiteRenderer(
      content: content, templates: templates, plan: plan, analysis: site.analysis,
      pageDates: pageDates)
    var files = try render(
      renderer.allJobs.filter { $0.region == code }, of: renderer, into: publisher.sink)
    let fingerprint = partFingerprint(site, renderer)
    try publisher.sink.write(
      partManifestName,
      Array("region: \(region.code)\nfolder: \(region.slug)\ncontent: \(fingerprint)\n".utf8))
    files += 1
    let linked = publisher.sink.linkedCount
    try publisher.publish(fingerprint: inputs)
    return BuildReport(
      site: site, files: files, pages: plan.pagesByRegion[code]?.count ?? 0, regions: 1,
      seconds: Date().timeIntervalSince(started), published: true, linked: linked)
  }

  /// `stepwise combine OUT PART...`: the whole site from its parts, published atomically into
  /// `output` (which must be a folder Stepwise may replace, see `OutputFolder`).
  ///
  /// The parts are only read.
  public static func combine(
    root: URL, output: URL, parts: [URL], today: CalendarDate,
    parseGuard: (any ParseGuard)? = nil
  ) throws(CombineError) -> BuildReport {
    let started = Date()
    let output = URL(fileURLWithPath: OutputFolder.canonical(output.path))
    do {
      try OutputFolder.validate(output: output.path, site: root.path)
    } catch {
      throw .site(error)
    }
    // Every part first: a wrong folder is refused before any work.
    var byRegion: [String: (path: String, folder: String, content: String)] = [:]
    for part in parts {
      let path = OutputFolder.canonical(part.standardizedFileURL.path)
      if path == output.path {
        throw .notAPart(path: path, reason: "it is the output folder")
      }
      let (code, folder, fingerprint) = try readPart(path)
      if let other = byRegion[code] {
        throw .duplicateRegion(code, paths: [other.path, path])
      }
      byRegion[code] = (path, folder, fingerprint)
    }
    let site: CheckedSite
    do {
      site = try check(root: root, today: today, parseGuard: parseGuard)
    } catch {
      throw .site(error)
    }
    guard !site.diagnostics.hasErrors, let content = site.content, let templates = site.templates,
      let plan = site.plan
    else {
      return BuildReport(
        site: site, files: 0, pages: 0, regions: 0, seconds: Date().timeIntervalSince(started),
        published: false)
    }
    let missing = plan.regionCodes.filter { byRegion[$0] == nil }
    guard missing.isEmpty else { throw .missingRegions(missing) }
    for (code, part) in byRegion.sorted(by: { $0.key < $1.key }) {
      guard let region = content.registry.region(code: code) else {
        throw .notAPart(path: part.path, reason: "region \(code) is not in regions.yaml")
      }
      guard region.slug == part.folder else {
        throw .notAPart(
          path: part.path,
          reason:
            "it holds region \(code) in \(part.folder)/, regions.yaml now says \(region.slug)/: build it again"
        )
      }
    }
    let renderer = SiteRenderer(
      content: content, templates: templates, plan: plan, analysis: site.analysis,
      pageDates: ContentDates.pageDates(
        root: URL(fileURLWithPath: content.root), pages: content.pages, notAfter: site.today))
    let fingerprint = partFingerprint(site, renderer)
    for (_, part) in byRegion.sorted(by: { $0.key < $1.key }) where part.content != fingerprint {
      throw .notAPart(
        path: part.path,
        reason:
          "it was built from other content than the site's now (another commit, or an edit since): build it again"
      )
    }
    do {
      let publisher = try AtomicPublisher(output: output)
      defer { publisher.abandon() }
      var files = try render(
        renderer.allJobs.filter { $0.region == nil }, of: renderer, into: publisher.sink)
      for asset in content.assets.sorted() {
        try copy(asset: asset, of: content, into: publisher.sink)
        files += 1
      }
      for code in plan.regionCodes {
        guard let part = byRegion[code] else { continue }
        files += try copyTree(from: part.path, folder: part.folder, into: publisher.sink)
      }
      try publisher.publish()
      return BuildReport(
        site: site, files: files, pages: plan.pageCount, regions: plan.regionCodes.count,
        seconds: Date().timeIntervalSince(started), published: true)
    } catch {
      throw .site(error)
    }
  }

  /// The region code and folder of a part; throws unless the folder is a part as
  /// `buildPart` writes it: the marker, the manifest and the region's folder, nothing else.
  static func readPart(_ path: String) throws(CombineError) -> (String, String, String) {
    guard OutputFolder.hasMarker(path) else {
      throw .notAPart(path: path, reason: "no \(OutputFolder.markerName) file")
    }
    guard let data = FileManager.default.contents(atPath: path + "/" + partManifestName) else {
      throw .notAPart(path: path, reason: "no \(partManifestName) file: a whole site, not a part")
    }
    var fields: [String: String] = [:]
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(
        in: .whitespaces)
    }
    guard let code = fields["region"], let folder = fields["folder"], !folder.isEmpty,
      !folder.contains("/"), folder != ".", folder != ".."
    else {
      throw .notAPart(path: path, reason: "\(partManifestName) names no region and folder")
    }
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    let expected: Set<String> = [OutputFolder.markerName, partManifestName, folder]
    if let stray = entries.sorted().first(where: { !expected.contains($0) }) {
      throw .notAPart(path: path, reason: "it holds \(stray), which is not region \(code)'s")
    }
    return (code, folder, fields["content"] ?? "")
  }

  /// What a part was built from, in 16 hex digits.
  ///
  /// Every source text of the site (content and templates, by path) and the files of the whole
  /// site (which show the plan and the static files): two parts with the same fingerprint were
  /// built from the same site.
  static func partFingerprint(_ site: CheckedSite, _ renderer: SiteRenderer) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func add(_ bytes: some Sequence<UInt8>) {
      for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
      }
      // A separator, so that ("ab", "c") and ("a", "bc") differ.
      hash ^= 0xff
      hash = hash &* 0x100_0000_01b3
    }
    for (path, text) in site.sources.sorted(by: { $0.key < $1.key }) {
      add(path.utf8)
      add(text.utf8)
    }
    for (name, text) in renderer.templates.sources.sorted(by: { $0.key < $1.key }) {
      add(("template " + name).utf8)
      add(text.utf8)
    }
    for job in renderer.allJobs where job.region == nil {
      for file in renderer.render(job) {
        add(file.path.utf8)
        add(file.bytes)
      }
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// Copies every regular file under `part/folder` to the same path in the sink; a symbolic link
  /// or any other kind of file is refused (a part holds only what `build` wrote).
  static func copyTree(from part: String, folder: String, into sink: some OutputSink)
    throws(SiteError) -> Int
  {
    var count = 0
    var pending = [folder]
    while let relative = pending.popLast() {
      let absolute = part + "/" + relative
      let entries: [String]
      do {
        entries = try FileManager.default.contentsOfDirectory(atPath: absolute).sorted()
      } catch {
        throw .output(path: absolute, reason: "cannot list the part's folder")
      }
      for entry in entries {
        let path = relative + "/" + entry
        var info = stat()
        guard lstat(part + "/" + path, &info) == 0 else {
          throw .output(path: part + "/" + path, reason: String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: pending.append(path)
        case S_IFREG:
          try sink.copy(path, from: part + "/" + path)
          count += 1
        default:
          throw .output(
            path: part + "/" + path, reason: "not a regular file or folder: a part holds only files"
          )
        }
      }
    }
    return count
  }
}
