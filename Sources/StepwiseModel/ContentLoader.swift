import Foundation
import StepwiseCore
import StepwiseMarkdown

#if canImport(Glibc)
  import Glibc
#endif

/// A failure to read the site at all (as opposed to content findings): exit status 2.
public enum ContentError: Error, Equatable, Sendable {
  case missingFile(String)
  case unreadable(String, String)
  /// A file or folder that exists could not be opened or read (too many open files, a
  /// permission, a disk error): a failure of this computer, not of the content.
  case cannotOpen(String, FileReadError)
}

extension ContentError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .missingFile(let path): ModelMessage.missingSiteFile(path).english
    case .unreadable(let path, let reason):
      ModelMessage.unreadable(path, notRegularFile: false, reason: reason).english
    case .cannotOpen(let path, let error): "\(path): \(error)"
    }
  }
}

/// Loads `content/` into the typed model, collecting every finding instead of stopping at one.
public struct ContentLoader: Sendable {
  /// Largest data file (YAML) accepted.
  public static let maximumDataFileBytes = 1 << 20
  /// Largest page accepted.
  public static let maximumPageBytes = 512 << 10

  public let root: URL
  /// Where third-party parsers first run each new text; nil parses in-process only (tests).
  public var parseGuard: (any ParseGuard)?
  /// Texts that stand for files on disk, by site-relative path (an editor's unsaved buffers).
  ///
  /// `stepwise lsp` sets them. A file must still exist on disk to be loaded; its overlay text
  /// is decoded as a file's bytes would be (BOM removed, line breaks made `\n`).
  public var overlay: [String: String] = [:]
  /// The root with every link resolved: what a file's real path must start with.
  private let realRoot: String

  public init(root: URL, parseGuard: (any ParseGuard)? = nil) {
    self.root = root
    self.parseGuard = parseGuard
    self.realRoot = Self.realPath(root.path) ?? root.standardizedFileURL.path
  }

  public struct Result: Sendable {
    public var content: Content?
    /// The flow analysis of `content`'s graph, made while the pages were still being parsed.
    public var analysis: FlowAnalysis?
    public var diagnostics: [Diagnostic]
    public var sources: [String: String]
  }

  /// Reads and types everything under `content/`.
  public func load() throws(ContentError) -> Result {
    var cache = LoadCache()
    return try load(cache: &cache, changed: nil)
  }

  /// Reads everything under `content/`, reusing what `cache` holds for files whose text is
  /// unchanged (the preview rebuilds after every save): every file is read again, but only the
  /// changed ones are parsed again.
  ///
  /// `changed`, when given, names the paths written since the last load (the preview's watcher
  /// reports them): any other file whose text the cache holds is not read again.
  public func load(cache: inout LoadCache, changed: Set<String>? = nil) throws(ContentError)
    -> Result
  {
    var diagnostics: [Diagnostic] = []
    var sources: [String: String] = [:]
    let previousTexts = cache.texts
    defer { cache.texts = sources }
    // Listings kept only of the folders listed by this load: a load that fails before a folder
    // leaves it to be listed anew.
    var listings = Listings(kept: cache.listings, changed: changed)
    defer { cache.listings = listings.made }

    /// Neither the file nor a folder above it was reported changed.
    func unchanged(_ relative: String) -> Bool {
      guard let changed else { return false }
      var path = Substring(relative)
      while true {
        if changed.contains(String(path)) { return false }
        guard let slash = path.lastIndex(of: "/") else { return true }
        path = path[..<slash]
      }
    }

    // 1. Read every file.
    func read(_ relative: String, limit: Int) throws(ContentError) -> String? {
      if overlay[relative] == nil, let text = previousTexts[relative], unchanged(relative) {
        sources[relative] = text
        return text
      }
      switch overlay[relative].map({ Self.overlaid($0, relative, limit: limit) })
        ?? readText(relative, limit: limit)
      {
      case .success(let text):
        sources[relative] = text
        return text
      case .failure(.finding(let diagnostic)):
        diagnostics.append(diagnostic)
        return nil
      case .failure(.io(let error)):
        throw error
      }
    }
    guard let siteText = try read("content/site.yaml", limit: Self.maximumDataFileBytes) else {
      return Result(content: nil, analysis: nil, diagnostics: diagnostics, sources: sources)
    }
    guard let regionsText = try read("content/regions.yaml", limit: Self.maximumDataFileBytes)
    else {
      return Result(content: nil, analysis: nil, diagnostics: diagnostics, sources: sources)
    }
    var flowTexts: [String: String] = [:]
    for file in try listFiles(
      "content/flows", extensions: ["yaml", "yml"], listings: &listings,
      diagnostics: &diagnostics
    ).map(\.path) {
      guard let text = try read(file, limit: Self.maximumDataFileBytes) else { continue }
      flowTexts[file] = text
    }
    var pageTexts: [(file: String, text: String)] = []
    for file in try listFiles(
      "content/pages", extensions: ["md"], listings: &listings,
      diagnostics: &diagnostics
    ).map(\.path) {
      guard let text = try read(file, limit: Self.maximumPageBytes) else { continue }
      pageTexts.append((file, text))
    }

    // 2. Texts not parsed before go through the guard first; those over budget are not parsed.
    var unsafe: [String: LocalizedText] = [:]
    if let parseGuard {
      var fresh: [GuardedFile] = []
      func consider(_ kind: GuardedFile.Kind, _ file: String, _ text: String, cached: Bool) {
        if let failure = cache.failures[file], failure.text == text {
          unsafe[file] = failure.reason
        } else if !cached {
          fresh.append(GuardedFile(kind: kind, file: file, text: text))
        }
      }
      consider(.data, "content/site.yaml", siteText, cached: cache.site.key == siteText)
      consider(
        .data, "content/regions.yaml", regionsText, cached: cache.registry.key == regionsText)
      for (file, text) in flowTexts {
        consider(.data, file, text, cached: cache.flows.key?[file] == text)
      }
      for (file, text) in pageTexts {
        consider(.page, file, text, cached: cache.pages[file]?.key == text)
      }
      let verdicts = try parseGuard.vet(fresh)
      cache.failures = [:]
      for file in fresh {
        if let reason = verdicts[file.file] { cache.failures[file.file] = (file.text, reason) }
      }
      for (file, reason) in unsafe { cache.failures[file] = (sources[file] ?? "", reason) }
      unsafe.merge(verdicts) { old, _ in old }
      for (file, reason) in unsafe.sorted(by: { $0.key < $1.key }) {
        diagnostics.append(
          .error(.renderBudget, reason, at: SourceLocation(file: file, line: 1, column: 1)))
      }
    }

    // 3. Parse and type, reusing the cache for unchanged texts. What the cache does not hold is
    // parsed first, side by side on every core (each file on its own; cmark itself runs one
    // parser at a time), and put in the cache.
    @Sendable func parseSite() -> (SiteSettings?, [Diagnostic]) {
      let reader = YAMLReader(file: "content/site.yaml")
      return (reader.parse(siteText).flatMap(reader.readSite), reader.diagnostics)
    }
    @Sendable func parseRegions() -> (RegionRegistry?, [Diagnostic]) {
      let reader = YAMLReader(file: "content/regions.yaml")
      return (reader.parse(regionsText).flatMap(reader.readRegions), reader.diagnostics)
    }
    let safeFlows = flowTexts.filter { unsafe[$0.key] == nil }
    @Sendable func parseFlows() -> (ParsedFlows?, [Diagnostic]) {
      var graph = FlowGraph()
      var findings: [Diagnostic] = []
      for (file, text) in safeFlows.sorted(by: { $0.key < $1.key }) {
        let reader = YAMLReader(file: file)
        if let node = reader.parse(text) { reader.readFlows(node, into: &graph) }
        findings += reader.diagnostics
      }
      graph.reindex()
      // Walked here, beside the pages' parsing (which takes longer), not after it.
      return (ParsedFlows(graph: graph, analysis: FlowAnalysis(graph: graph)), findings)
    }
    prefill(
      &cache,
      site: unsafe["content/site.yaml"] == nil && cache.site.key != siteText
        ? (siteText, parseSite) : nil,
      regions: unsafe["content/regions.yaml"] == nil && cache.registry.key != regionsText
        ? (regionsText, parseRegions) : nil,
      flows: cache.flows.key != safeFlows ? (safeFlows, parseFlows) : nil,
      pages: pageTexts.filter { unsafe[$0.file] == nil && cache.pages[$0.file]?.key != $0.text })

    let site =
      unsafe["content/site.yaml"] != nil
      ? (value: nil, diagnostics: []) : cache.site.value(for: siteText, parse: parseSite)
    diagnostics += site.diagnostics
    let registry =
      unsafe["content/regions.yaml"] != nil
      ? (value: nil, diagnostics: []) : cache.registry.value(for: regionsText, parse: parseRegions)
    diagnostics += registry.diagnostics
    let flows = cache.flows.value(for: safeFlows, parse: parseFlows)
    diagnostics += flows.diagnostics
    let graph = flows.value?.graph ?? FlowGraph()

    var pages: [Page] = []
    var pageFiles: Set<String> = []
    var bySlug: [String: String] = [:]
    for (file, text) in pageTexts where unsafe[file] == nil {
      let loaded = cache.pages[file, default: Cached()].value(for: text) {
        Self.loadPage(file: file, text: text)
      }
      pageFiles.insert(file)
      diagnostics += loaded.diagnostics
      guard let page = loaded.value else { continue }
      // `login.md` and `login.MD` would both be written to `<region>/login/`.
      if let first = bySlug[page.slug] {
        diagnostics.append(
          .error(
            .schema,
            ModelMessage.samePublishedPath(other: first, slug: page.slug),
            at: SourceLocation(file: file, line: 1, column: 1),
            notes: [
              .init(
                location: SourceLocation(file: first, line: 1, column: 1),
                ModelMessage.theOtherPage)
            ]))
        continue
      }
      bySlug[page.slug] = file
      pages.append(page)
    }
    cache.pages = cache.pages.filter { pageFiles.contains($0.key) }

    // Assets are never read here: only their sizes are judged (they are copied in chunks).
    let assetFiles = try listFiles(
      "content/assets", extensions: nil, listings: &listings,
      diagnostics: &diagnostics)
    let assetLimit = site.value?.assetSizeLimit ?? SiteSettings.defaultAssetSizeLimit
    for asset in assetFiles where asset.size > assetLimit {
      diagnostics.append(
        .error(
          .sizeLimit,
          ModelMessage.assetTooLarge(size: asset.size, limit: assetLimit),
          at: SourceLocation(file: asset.path, line: 1, column: 1)))
    }
    let assets = Set(assetFiles.map(\.path))

    guard let site = site.value, let registry = registry.value else {
      return Result(content: nil, analysis: nil, diagnostics: diagnostics, sources: sources)
    }
    let content = Content(
      root: root.path, site: site, registry: registry, graph: graph, pages: pages, assets: assets,
      sources: sources)
    return Result(
      content: content, analysis: flows.value?.analysis, diagnostics: diagnostics, sources: sources)
  }

  // MARK: - Cache

  /// Parses the given texts side by side and stores the results in the cache.
  private func prefill(
    _ cache: inout LoadCache,
    site: (String, @Sendable () -> (SiteSettings?, [Diagnostic]))?,
    regions: (String, @Sendable () -> (RegionRegistry?, [Diagnostic]))?,
    flows: ([String: String], @Sendable () -> (ParsedFlows?, [Diagnostic]))?,
    pages: [(file: String, text: String)]
  ) {
    enum Parsed: Sendable {
      case site(SiteSettings?, [Diagnostic])
      case regions(RegionRegistry?, [Diagnostic])
      case flows(ParsedFlows?, [Diagnostic])
      case page(Int, Page?, [Diagnostic])
    }
    var tasks: [@Sendable () -> Parsed] = []
    if let site {
      tasks.append {
        let (value, found) = site.1()
        return .site(value, found)
      }
    }
    if let regions {
      tasks.append {
        let (value, found) = regions.1()
        return .regions(value, found)
      }
    }
    if let flows {
      tasks.append {
        let (value, found) = flows.1()
        return .flows(value, found)
      }
    }
    for (index, page) in pages.enumerated() {
      tasks.append {
        let (value, found) = Self.loadPage(file: page.file, text: page.text)
        return .page(index, value, found)
      }
    }
    guard tasks.count > 1 else { return }
    // Each task parses its own texts with its own readers: nothing is shared between them.
    let work = tasks
    for result in parallelMap(work.count, { work[$0]() }) {
      switch result {
      case .site(let value, let found):
        if let site { cache.site = Cached(key: site.0, value: value, diagnostics: found) }
      case .regions(let value, let found):
        if let regions { cache.registry = Cached(key: regions.0, value: value, diagnostics: found) }
      case .flows(let value, let found):
        if let flows { cache.flows = Cached(key: flows.0, value: value, diagnostics: found) }
      case .page(let index, let value, let found):
        cache.pages[pages[index].file] = Cached(
          key: pages[index].text, value: value, diagnostics: found)
      }
    }
  }

  /// One parsed file (or group of files), kept with the text it was parsed from.
  public struct Cached<Key: Equatable & Sendable, Value: Sendable>: Sendable {
    var key: Key?
    var value: Value?
    var diagnostics: [Diagnostic] = []

    /// The cached result when `key` is unchanged; otherwise parses again and keeps the result.
    mutating func value(for key: Key, parse: () -> (Value?, [Diagnostic])) -> (
      value: Value?, diagnostics: [Diagnostic]
    ) {
      if self.key != key {
        (value, diagnostics) = parse()
        self.key = key
      }
      return (value, diagnostics)
    }
  }

  /// The flow files read into one graph, with its analysis.
  struct ParsedFlows: Sendable {
    let graph: FlowGraph
    let analysis: FlowAnalysis
  }

  /// What the last load parsed, by file, for the next load to reuse.
  public struct LoadCache: Sendable {
    var site = Cached<String, SiteSettings>()
    var registry = Cached<String, RegionRegistry>()
    var flows = Cached<[String: String], ParsedFlows>()
    var pages: [String: Cached<String, Page>] = [:]
    /// The text of every file read by the last load, by site-relative path.
    var texts: [String: String] = [:]
    /// Texts the guard refused, so an unchanged file is not sent to it again.
    var failures: [String: (text: String, reason: LocalizedText)] = [:]
    /// The last listing of each content folder, with its findings.
    var listings: [String: Listing] = [:]

    public init() {}
  }

  // MARK: - Pages

  /// A page split at its `---` fences: the front matter, the body, and the lines before the body.
  public enum PageParts {
    case parts(frontMatter: String, body: String, bodyLineOffset: Int)
    case noFrontMatter, unclosedFrontMatter
  }

  /// Splits a page at its fences (the loader and the parser workers split alike).
  public static func splitFrontMatter(_ text: String) -> PageParts {
    // On bytes: every page of the site goes through here, and Russian text makes `String`
    // line comparisons slow.
    let bytes = Array(text.utf8)
    let newline = UInt8(ascii: "\n")
    /// Whether the line starting at `start` is exactly `---`.
    func isFence(_ start: Int) -> Bool {
      start + 3 <= bytes.count && bytes[start] == 0x2D && bytes[start + 1] == 0x2D
        && bytes[start + 2] == 0x2D
        && (start + 3 == bytes.count || bytes[start + 3] == newline)
    }
    guard isFence(0) else { return .noFrontMatter }
    var line = 1
    var start = 4
    while start < bytes.count {
      if isFence(start) {
        let frontMatter = start > 4 ? bytes[4..<(start - 1)] : []
        let body = start + 4 <= bytes.count ? bytes[(start + 4)...] : []
        return .parts(
          frontMatter: String(decoding: frontMatter, as: UTF8.self),
          body: String(decoding: body, as: UTF8.self),
          bodyLineOffset: line + 1)
      }
      guard let end = bytes[start...].firstIndex(of: newline) else { break }
      start = end + 1
      line += 1
    }
    return .unclosedFrontMatter
  }

  /// Splits front matter from the body, types the front matter, parses the Markdown once.
  public static func loadPage(file: String, text: String) -> (Page?, [Diagnostic]) {
    let slug = String((file as NSString).lastPathComponent.dropLast(3))
    var diagnostics: [Diagnostic] = []
    if !RegionRules.isSlug(slug) {
      diagnostics.append(
        .error(
          .schema,
          ModelMessage.pageFileName(slug),
          at: SourceLocation(file: file, line: 1, column: 1)))
    }
    let yaml: String
    let body: String
    let closing: Int
    switch splitFrontMatter(text) {
    case .noFrontMatter:
      diagnostics.append(
        .error(
          .schema,
          ModelMessage.noFrontMatter,
          at: SourceLocation(file: file, line: 1, column: 1)))
      return (nil, diagnostics)
    case .unclosedFrontMatter:
      diagnostics.append(
        .error(
          .schema, ModelMessage.frontMatterNotClosed,
          at: SourceLocation(file: file, line: 1, column: 1)))
      return (nil, diagnostics)
    case .parts(let frontMatter, let rest, let offset):
      (yaml, body, closing) = (frontMatter, rest, offset - 1)
    }
    let reader = YAMLReader(file: file, lineOffset: 1)
    var frontMatter: PageFrontMatter?
    if let node = reader.parse(yaml.isEmpty ? "{}" : yaml) {
      frontMatter = reader.readFrontMatter(node, file: file)
    }
    diagnostics += reader.diagnostics
    let document: MarkdownDocument
    do {
      document = try MarkdownParser.parse(Array(body.utf8))
    } catch {
      diagnostics.append(
        .error(
          .schema, ModelMessage.markdownParse("\(error)"),
          at: SourceLocation(file: file, line: closing + 2, column: 1)))
      return (nil, diagnostics)
    }
    guard let frontMatter else { return (nil, diagnostics) }
    let analysis = PageAnalysis.analyse(document, file: file, lineOffset: closing + 1)
    for location in analysis.rawHTML {
      diagnostics.append(
        .warning(.rawHTML, ModelMessage.rawHTML, at: location))
    }
    return (
      Page(
        file: file, slug: slug, frontMatter: frontMatter, document: document,
        bodyLineOffset: closing + 1, analysis: analysis),
      diagnostics
    )
  }

  // MARK: - Files

  private enum ReadFailure: Error {
    case finding(Diagnostic)
    case io(ContentError)
  }

  /// Reads a text file: refuses links out of the site and oversize files (by their size, before
  /// reading a byte), removes a BOM, turns CRLF into LF (line numbers stay those of the editor),
  /// and reports bad UTF-8 or NUL at its line and column.
  private func readText(_ relative: String, limit: Int) -> Swift.Result<String, ReadFailure> {
    let path = root.appendingPathComponent(relative).path
    var info = stat()
    guard lstat(path, &info) == 0 else {
      return .failure(
        .io(
          errno == ENOENT
            ? .missingFile(relative) : .cannotOpen(relative, FileReadError(errno: errno))))
    }
    if let finding = outsideFinding(relative) { return .failure(.finding(finding)) }
    // Non-blocking, so that a named pipe put in place of a file cannot hang the build.
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else {
      return .failure(.io(.cannotOpen(relative, FileReadError(errno: errno))))
    }
    defer { close(descriptor) }
    guard fstat(descriptor, &info) == 0 else {
      return .failure(.io(.cannotOpen(relative, FileReadError(errno: errno))))
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      return .failure(.io(.unreadable(relative, "not a regular file")))
    }
    func tooLarge(_ size: Int, atLeast: Bool = false) -> ReadFailure {
      .finding(
        .error(
          .sizeLimit, ModelMessage.fileTooLarge(size: size, atLeast: atLeast, limit: limit),
          at: SourceLocation(file: relative, line: 1, column: 1)))
    }
    if info.st_size > limit { return .failure(tooLarge(Int(info.st_size))) }
    // At most one byte over the limit is read, in case the file grew since `fstat`.
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
    var count = 0
    while true {
      if count == bytes.count {
        if count > limit { return .failure(tooLarge(count, atLeast: true)) }
        bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - count)))
      }
      let got = bytes.withUnsafeMutableBytes {
        Glibc.read(descriptor, $0.baseAddress.map { $0 + count }, $0.count - count)
      }
      if got < 0, errno == EINTR { continue }
      guard got >= 0 else {
        return .failure(.io(.cannotOpen(relative, FileReadError(errno: errno))))
      }
      if got == 0 { break }
      count += got
    }
    if count > limit { return .failure(tooLarge(count, atLeast: true)) }
    bytes.removeLast(bytes.count - count)
    switch Self.decodedText(bytes) {
    case .invalid(let line, let column):
      return .failure(
        .finding(
          .error(
            .encoding,
            ModelMessage.notUTF8,
            at: SourceLocation(file: relative, line: line, column: column))))
    case .text(let text):
      return .success(text)
    }
  }

  /// An overlay text as a file read from disk would give it, or the finding that stops it.
  private static func overlaid(_ text: String, _ relative: String, limit: Int)
    -> Swift.Result<
      String, ReadFailure
    >
  {
    guard text.utf8.count <= limit else {
      return .failure(
        .finding(
          .error(
            .sizeLimit,
            ModelMessage.fileTooLarge(size: text.utf8.count, atLeast: false, limit: limit),
            at: SourceLocation(file: relative, line: 1, column: 1))))
    }
    switch decodedText(Array(text.utf8)) {
    case .text(let text): return .success(text)
    case .invalid(let line, let column):
      return .failure(
        .finding(
          .error(
            .encoding, ModelMessage.notUTF8,
            at: SourceLocation(file: relative, line: line, column: column))))
    }
  }

  /// A file's bytes as the parsers see them, or where they stop being text.
  public enum DecodedText {
    case text(String)
    /// The line and character column of the first invalid UTF-8 sequence or NUL byte.
    case invalid(line: Int, column: Int)
  }

  /// Without a byte order mark, with `\r\n` and `\r` as `\n`; every file the loader reads (and
  /// the fuzzer's inputs) goes through here.
  public static func decodedText(_ bytes: [UInt8]) -> DecodedText {
    var bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    // One validating copy for a good file (nearly every one); only a bad one is walked byte by
    // byte to place the error.
    let (nul, carriageReturn) = bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return (false, false) }
      return (memchr(base, 0, buffer.count) != nil, memchr(base, 0x0D, buffer.count) != nil)
    }
    guard !nul, var text = String(validating: bytes, as: UTF8.self) else {
      let (line, column) = firstInvalidByte(bytes) ?? (1, 1)
      return .invalid(line: line, column: column)
    }
    if carriageReturn {
      text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
        of: "\r", with: "\n")
    }
    return .text(text)
  }

  /// The line and character column of the first invalid UTF-8 sequence or NUL byte.
  static func firstInvalidByte(_ bytes: [UInt8]) -> (Int, Int)? {
    // Nearly every file is valid: the standard library checks that fast; only a bad file is
    // walked byte by byte to place the error.
    if !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil { return nil }
    var line = 1
    var column = 1
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0 { return (line, column) }
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
        index += 1
        continue
      }
      let length: Int
      switch byte {
      case 0x00..<0x80: length = 1
      case 0xC2..<0xE0: length = 2
      case 0xE0..<0xF0: length = 3
      case 0xF0..<0xF5: length = 4
      default: return (line, column)
      }
      guard index + length <= bytes.count else { return (line, column) }
      for offset in 1..<max(length, 1) where bytes[index + offset] & 0xC0 != 0x80 {
        return (line, column)
      }
      if length > 1, String(validating: bytes[index..<(index + length)], as: UTF8.self) == nil {
        return (line, column)
      }
      index += length
      column += 1
    }
    return nil
  }

  /// `path` with every link resolved, or nil when it leads nowhere.
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// A file or folder whose real path (every link on the way resolved) is outside the site, or
  /// a link that leads nowhere, is refused: a build never publishes something from elsewhere.
  private func outsideFinding(_ relative: String) -> Diagnostic? {
    let path = root.appendingPathComponent(relative).path
    let at = SourceLocation(file: relative, line: 1, column: 1)
    guard let resolved = Self.realPath(path) else {
      var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink(path, &target, target.count - 1)
      let shown =
        length > 0
        ? String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : path
      return .error(
        .pathOutside,
        ModelMessage.linkToNothing(shown),
        at: at)
    }
    if resolved == realRoot || resolved.hasPrefix(realRoot + "/") { return nil }
    return .error(
      .pathOutside, ModelMessage.linkOutside(resolved),
      at: at)
  }

  /// A file found under a content folder: its site-relative path (through any link) and size.
  struct ListedFile: Sendable {
    var path: String
    var size: Int
  }

  /// A content folder's files, with the findings of their names and links.
  struct Listing: Sendable {
    var files: [ListedFile]
    var findings: [Diagnostic]
  }

  /// The listings of one load: those of the last load, and those made (or kept) by this one.
  struct Listings {
    let kept: [String: Listing]
    /// The paths written since the last load; nil: unknown (every folder is listed).
    let changed: Set<String>?
    var made: [String: Listing] = [:]
  }

  /// `listFiles(_:extensions:diagnostics:)`, or the last listing of the folder when no path
  /// written since can change it: a listing walks and `lstat`s every file of the folder, which
  /// was most of the preview's load after a save.
  ///
  /// A written path keeps the last listing when it is a file that listing has and it is still
  /// a plain file (not a link): its size is read again. A path the listing lacks (a file added,
  /// or left out of it), a file gone or become a link or a folder, and the folder or a folder
  /// above it list the folder again.
  private func listFiles(
    _ folder: String, extensions: Set<String>?, listings: inout Listings,
    diagnostics: inout [Diagnostic]
  ) throws(ContentError) -> [ListedFile] {
    if let changed = listings.changed, var kept = listings.kept[folder] {
      var holds = true
      for path in changed where holds {
        if folder == path || folder.hasPrefix(path + "/") {
          holds = false
        } else if path.hasPrefix(folder + "/") {
          var info = stat()
          guard let index = kept.files.firstIndex(where: { $0.path == path }),
            lstat(root.appendingPathComponent(path).path, &info) == 0,
            info.st_mode & S_IFMT == S_IFREG
          else {
            holds = false
            continue
          }
          kept.files[index].size = Int(info.st_size)
        }
      }
      if holds {
        listings.made[folder] = kept
        diagnostics += kept.findings
        return kept.files
      }
    }
    var findings: [Diagnostic] = []
    let files = try listFiles(folder, extensions: extensions, diagnostics: &findings)
    listings.made[folder] = Listing(files: files, findings: findings)
    diagnostics += findings
    return files
  }

  /// The files of a content folder, sorted by site-relative path: the folder's own files with one
  /// of `extensions`, or with `extensions` nil every file in it and its subfolders (assets).
  ///
  /// Links (the folder itself included) to files and folders inside the site are followed, and
  /// their files keep the path through the link; a link out of the site or to nothing is a
  /// `path-outside` finding. A name with a control character (or not UTF-8) is a `file-name`
  /// finding, and that file is never read. Hidden files are skipped.
  private func listFiles(
    _ folder: String, extensions: Set<String>?, diagnostics: inout [Diagnostic]
  ) throws(ContentError) -> [ListedFile] {
    var info = stat()
    guard lstat(root.appendingPathComponent(folder).path, &info) == 0 else { return [] }
    if let finding = outsideFinding(folder) {
      diagnostics.append(finding)
      return []
    }
    var files: [ListedFile] = []
    /// Real paths of the folders being walked, so a link to a folder above cannot loop.
    var walking: Set<String> = []
    func walk(_ relative: String) throws(ContentError) {
      let path = root.appendingPathComponent(relative).path
      guard let real = Self.realPath(path), walking.insert(real).inserted else { return }
      defer { walking.remove(real) }
      for name in try Self.entries(of: path, relative: relative)
      where name.first != UInt8(ascii: ".") {
        let shown = Self.visibleName(name)
        let wanted = { (isFolder: Bool) in
          extensions.map { !isFolder && $0.contains(Self.fileExtension(shown)) } ?? true
        }
        let child = relative + "/" + shown
        guard Self.isPlainName(name) else {
          // The raw name may not even decode: looked up by its bytes.
          let isFolder = Self.isFolder(bytes: Array(path.utf8) + [UInt8(ascii: "/")] + name)
          if wanted(isFolder) {
            diagnostics.append(Self.fileNameFinding(child, name: name, folder: isFolder))
          }
          continue
        }
        guard lstat(path + "/" + shown, &info) == 0 else { continue }
        if info.st_mode & S_IFMT == S_IFLNK {
          if let finding = outsideFinding(child) {
            if wanted(false) { diagnostics.append(finding) }
            continue
          }
          guard stat(path + "/" + shown, &info) == 0 else { continue }
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR where extensions == nil: try walk(child)
        case S_IFREG where wanted(false):
          files.append(ListedFile(path: child, size: Int(info.st_size)))
        default: continue
        }
      }
    }
    try walk(folder)
    return files.sorted { $0.path < $1.path }
  }

  /// The raw names in a folder (`.` and `..` included).
  private static func entries(of path: String, relative: String) throws(ContentError) -> [[UInt8]] {
    guard let directory = opendir(path) else {
      if errno == ENOTDIR { return [] }
      throw .cannotOpen(relative, FileReadError(errno: errno))
    }
    defer { closedir(directory) }
    var names: [[UInt8]] = []
    while let entry = readdir(directory) {
      names.append(withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) })
    }
    return names
  }

  /// Whether the path (given as raw bytes) is a folder, links followed.
  private static func isFolder(bytes: [UInt8]) -> Bool {
    var info = stat()
    return (bytes.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { pointer in
      pointer.baseAddress.map { stat($0, &info) == 0 } ?? false
    } && info.st_mode & S_IFMT == S_IFDIR
  }

  /// A file name is plain when it is UTF-8 without control characters (C0, DEL, C1).
  static func isPlainName(_ name: [UInt8]) -> Bool {
    guard let text = String(validating: name, as: UTF8.self) else { return false }
    return !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
  }

  /// A name for messages: control characters as `\n`, `\t`, `\r` or `\u{1B}`, bytes that are not
  /// UTF-8 as `\xFF`, so a message stays on one line and shows where the character is.
  static func visibleName(_ name: [UInt8]) -> String {
    var shown = ""
    var index = 0
    while index < name.count {
      let length = name[index] < 0x80 ? 1 : name[index] >= 0xF0 ? 4 : name[index] >= 0xE0 ? 3 : 2
      let end = min(index + length, name.count)
      guard let character = String(validating: name[index..<end], as: UTF8.self) else {
        shown += "\\x" + String(name[index], radix: 16, uppercase: true)
        index += 1
        continue
      }
      for scalar in character.unicodeScalars {
        switch scalar {
        case "\n": shown += "\\n"
        case "\t": shown += "\\t"
        case "\r": shown += "\\r"
        case _ where scalar.properties.generalCategory == .control:
          shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default: shown.unicodeScalars.append(scalar)
        }
      }
      index = end
    }
    return shown
  }

  /// The extension of a file name, lowercased (`MD` → `md`), or "".
  private static func fileExtension(_ name: String) -> String {
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return name[name.index(after: dot)...].lowercased()
  }

  /// The finding for a name with a control character or bytes that are not UTF-8.
  private static func fileNameFinding(_ relative: String, name: [UInt8], folder: Bool) -> Diagnostic
  {
    return .error(
      .fileName,
      ModelMessage.badName(
        folder: folder, notUTF8: String(validating: name, as: UTF8.self) == nil),
      at: SourceLocation(file: relative, line: 1, column: 1))
  }
}

// MARK: - Front matter

extension YAMLReader {
  func readFrontMatter(_ root: YAMLNode, file: String) -> PageFrontMatter? {
    guard
      let fields = fields(
        root, .frontMatter, shape: DataShapes.frontMatter),
      let title = string(fields["title"], .key("title")),
      let procedure = string(fields["procedure"], .key("procedure"))
    else { return nil }
    return PageFrontMatter(
      title: title.value, procedure: procedure,
      summary: string(fields["summary"], .key("summary"))?.value,
      reviewBy: date(fields["review-by"], .key("review-by")),
      validUntil: date(fields["valid-until"], .key("valid-until")),
      regions: strings(fields["regions"], .key("regions")),
      titleLocation: textStart(fields["title"]), summaryLocation: textStart(fields["summary"]))
  }

  /// Where a scalar's text starts: after its opening quote when it is quoted.
  private func textStart(_ node: YAMLNode?) -> SourceLocation? {
    guard let node, case .scalar(let scalar) = node else { return nil }
    var start = location(node)
    if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { start.column += 1 }
    return start
  }
}
