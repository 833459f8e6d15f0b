import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// The preview's incremental check (`IncrementalChecker`, reusing the loader's cache and the last
/// flow analysis as `PreviewBuilder` does) gives after every edit exactly what a fresh full check
/// of the same files gives: the same findings in the same order.
///
/// The edits are the ones an editor makes, drawn from a seeded generator and applied to real
/// files: page text, links, labels, variables, headings, front matter, adding and removing pages,
/// flows, systems' labels, regions, site settings, and YAML broken and fixed again.
@Suite struct IncrementalCheckPropertyTests {
  static let today = CalendarDate(year: 2026, month: 11, day: 22)

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func incrementalEqualsFull(seed: UInt64) throws {
    let site = try ScratchSite(copying: Fixture.journey)
    var editor = try SiteEditor(site: site, seed: seed)
    var cache = ContentLoader.LoadCache()
    let checker = IncrementalChecker()
    var reused = 0
    var history: [String] = []
    for step in 0..<150 {
      let changed = try editor.randomEdit()
      history.append(editor.last)
      let incremental = try SitePipeline.check(
        root: site.root, today: Self.today, cache: &cache, checker: checker,
        changed: changed)
      if let content = incremental.content, checker.checkedPages < content.pages.count {
        reused += 1
      }
      let full = try SitePipeline.check(root: site.root, today: Self.today)
      let same = incremental.diagnostics == full.diagnostics
      #expect(
        same,
        """
        seed \(seed), edit \(step): \(editor.last)
        edits so far: \(history.suffix(6).joined(separator: " | "))
        incremental: \(Self.describe(incremental.diagnostics))
        full: \(Self.describe(full.diagnostics))
        """)
      if !same { return }
    }
    // The test must exercise reuse, not only full checks.
    #expect(reused > 20, "only \(reused) checks reused findings")
  }

  /// An edit of one page's text reuses every other part of the last check.
  @Test func onePageEditRechecksOnlyThatPage() throws {
    let site = try ScratchSite(copying: Fixture.journey)
    var cache = ContentLoader.LoadCache()
    let checker = IncrementalChecker()
    let first = try SitePipeline.check(
      root: site.root, today: Self.today, cache: &cache, checker: checker)
    let pages = first.content?.pages.count ?? 0
    #expect(pages == 6)
    #expect(checker.checkedPages == pages)
    #expect(checker.checkedSites == Checker.rules.count)
    let page = "content/pages/register.md"
    try site.edit(page) { $0 + "\nЕщё одна строка текста.\n" }
    let second = try SitePipeline.check(
      root: site.root, today: Self.today, cache: &cache,
      checker: checker, changed: [page])
    #expect(checker.checkedPages == 1)
    #expect(checker.checkedSites == 0)
    let full = try SitePipeline.check(root: site.root, today: Self.today)
    #expect(second.diagnostics == full.diagnostics)
  }

  /// A link's finding depends on the page it links to: an anchor added there clears it, though
  /// the linking page did not change.
  @Test func anchorAddedOnTheLinkedPage() throws {
    let site = try ScratchSite(copying: Fixture.journey)
    var cache = ContentLoader.LoadCache()
    let checker = IncrementalChecker()
    let linking = "content/pages/consent.md"
    try site.edit(linking) { $0 + "\nСм. [раздел](register.md#section).\n" }
    let first = try SitePipeline.check(
      root: site.root, today: Self.today, cache: &cache, checker: checker)
    #expect(first.diagnostics.contains { $0.rule == .anchorBroken })
    let target = "content/pages/register.md"
    try site.edit(target) { $0 + "\n## Раздел {#section}\n" }
    let second = try SitePipeline.check(
      root: site.root, today: Self.today, cache: &cache,
      checker: checker, changed: [target])
    #expect(!second.diagnostics.contains { $0.rule == .anchorBroken })
    let full = try SitePipeline.check(root: site.root, today: Self.today)
    #expect(second.diagnostics == full.diagnostics)
  }

  static func describe(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map { "\($0.location?.description ?? "-") \($0.rule.rawValue): \($0.message)" }
      .joined(separator: "\n  ")
  }
}

/// Makes random realistic edits to a copy of the journey fixture.
struct SiteEditor {
  let site: ScratchSite
  var random: SplitMix64
  /// The fixture's texts, for edits that fix what an earlier edit broke.
  let original: [String: String]
  /// What the last edit did, for messages.
  var last = ""

  static let flow = "content/flows/flow.yaml"
  static let regions = "content/regions.yaml"
  static let settings = "content/site.yaml"

  init(site: ScratchSite, seed: UInt64) throws {
    self.site = site
    random = SplitMix64(seed: seed)
    var texts: [String: String] = [:]
    for file in [Self.flow, Self.regions, Self.settings] { texts[file] = try site.read(file) }
    let pages = try FileManager.default.contentsOfDirectory(
      atPath: site.url("content/pages").path)
    for name in pages { texts["content/pages/" + name] = try site.read("content/pages/" + name) }
    original = texts
  }

  func pages() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: site.url("content/pages").path)
      .filter { $0.hasSuffix(".md") }.sorted().map { "content/pages/" + $0 }
  }

  static let slugs = [
    "register", "register-regional", "consent", "create-child-account", "link-child-account",
    "teacher-journal", "missing-page", "new-page",
  ]
  static let procedures = [
    "register", "register-regional", "consent", "create-child-account", "link-child-account",
    "teacher-journal", "sign-in", "registr", "no-such-procedure",
  ]
  static let steps = [
    "portal-register", "regional-register", "enter-password", "create-child", "link-child",
    "give-consent", "teacher-open", "enter-pasword", "unknown-step",
  ]
  static let quoted = [
    "«Войти»", "«Привязать»", "«Регистрация»", "«Войт»", "«Что-то новое»", "\"Войти\"",
    "«Дать согласие»",
  ]
  static let lines = [
    "Обычный абзац текста без ничего особенного.",
    "Позвоните по телефону {{ministry-phone}} или напишите на {{ministry-email}}.",
    "Позвоните по телефону 8 (498) 602-11-11.",
    "Напишите на minobr@pervaya.example.",
    "Используйте {{unknown-variable}} и {{region.name}}.",
    "Откройте https://www.gosuslugi.ru/help или http://insecure.example.",
    "Картинка: ![](../assets/missing.png)",
    "Ссылка [туда](javascript:alert(1)).",
    "## Новый раздел {#section}",
    "## Ещё раздел",
    "3. Номер, который Markdown присоединит к абзацу.",
    "{#stray марке",
  ]

  /// Applies one random edit; returns the site-relative paths it wrote or removed, or nil for
  /// «anything may have changed» (as after the watcher lost track).
  mutating func randomEdit() throws -> Set<String>? {
    let pages = try pages()
    switch random.below(26) {
    case 0...9:
      guard let page = pages.isEmpty ? nil : random.pick(pages) else { return try addPage() }
      return try editBody(page)
    case 10, 11:
      guard let page = pages.isEmpty ? nil : random.pick(pages) else { return try addPage() }
      return try editFrontMatter(page)
    case 12: return try addPage()
    case 13:
      guard pages.count > 4 else { return try addPage() }
      let page = random.pick(pages)
      try site.remove(page)
      last = "removed \(page)"
      return [page]
    case 14, 15: return try editFlow()
    case 16, 17: return try editRegions()
    case 18: return try editSettings()
    case 19...23:
      // Fix a file: back to the fixture's text (a data file that differs from it first, then a
      // page that does).
      let differing = original.keys.sorted().filter { (try? site.read($0)) != original[$0] }
      let data = differing.filter { !$0.hasPrefix("content/pages/") }
      let file = random.pick(
        !data.isEmpty ? data : differing.isEmpty ? original.keys.sorted() : differing)
      try site.write(file, original[file] ?? "")
      last = "restored \(file)"
      return random.oneIn(4) ? nil : [file]
    case 24:
      last = "nothing changed"
      return []
    default:
      guard let page = pages.isEmpty ? nil : random.pick(pages) else { return try addPage() }
      return try editBody(page)
    }
  }

  mutating func editBody(_ page: String) throws -> Set<String> {
    var text = try site.read(page)
    var lines = text.components(separatedBy: "\n")
    switch random.below(8) {
    case 0:
      text += "\n" + random.pick(Self.lines) + "\n"
      last = "appended a line to \(page)"
    case 1:
      text += "\nНажмите \(random.pick(Self.quoted)).\n"
      last = "appended a quote to \(page)"
    case 2:
      // Mostly to a page that exists, often to an anchor another edit may add or remove there.
      let anchor =
        random.oneIn(3) ? "" : "#" + random.pick(Self.steps + ["section", "section", "vhod"])
      let pages = try pages()
      let target =
        random.oneIn(4) || pages.isEmpty
        ? random.pick(Self.slugs)
        : String(random.pick(pages).dropFirst("content/pages/".count).dropLast(3))
      text += "\nСм. [страницу](\(target).md\(anchor)).\n"
      last = "appended a link to \(target).md\(anchor) to \(page)"
    case 3:
      text += "\n\(random.below(4) + 1). {#\(random.pick(Self.steps))} Сделайте шаг.\n"
      last = "appended a step marker to \(page)"
    case 4:
      // Remove one line of the body (after the front matter, if any).
      let bodyStart = (lines.lastIndex(of: "---") ?? 0) + 1
      if bodyStart < lines.count {
        let index = bodyStart + random.below(lines.count - bodyStart)
        lines.remove(at: index)
      }
      text = lines.joined(separator: "\n")
      last = "removed a body line of \(page)"
    case 5:
      text += "\nСм. [раздел](#\(random.pick(Self.steps + ["section"]))).\n"
      last = "appended an anchor link to \(page)"
    case 6:
      text += "\n## Раздел {#section}\n"
      last = "appended a heading with an anchor to \(page)"
    default:
      text = text.replacingOccurrences(of: "«", with: "\"", options: [], range: nil)
      last = "changed the quotes of \(page)"
    }
    try site.write(page, text)
    return [page]
  }

  mutating func editFrontMatter(_ page: String) throws -> Set<String> {
    var text = try site.read(page)
    switch random.below(7) {
    case 0:
      text = text.replacingOccurrences(of: "title: ", with: "title: Новое ")
      last = "changed the title of \(page)"
    case 1:
      text = Self.replacingLine(
        startingWith: "procedure:", in: text, with: "procedure: \(random.pick(Self.procedures))")
      last = "changed the procedure of \(page)"
    case 2:
      text = text.replacingOccurrences(
        of: "\n---\n", with: "\nregions: [\(random.pick(["RU-AAA", "RU-BBB", "RU-ZZZ"]))]\n---\n")
      last = "narrowed the regions of \(page)"
    case 3:
      text = text.replacingOccurrences(
        of: "\n---\n",
        with: "\n\(random.pick(["review-by", "valid-until"])): "
          + "\(random.pick(["2025-01-01", "2027-01-01"]))\n---\n")
      last = "dated \(page)"
    case 4:
      // Unreadable front matter: the closing fence goes.
      if let range = text.range(of: "\n---\n") { text.replaceSubrange(range, with: "\n\n") }
      last = "broke the front matter of \(page)"
    case 5:
      text = text.replacingOccurrences(of: "title: ", with: "title: [")
      last = "broke the YAML of \(page)"
    default:
      text = text.replacingOccurrences(
        of: "summary: ", with: "summary: Позвоните 8 (498) 602-11-11. ")
      last = "changed the summary of \(page)"
    }
    try site.write(page, text)
    return [page]
  }

  mutating func addPage() throws -> Set<String> {
    let slug = random.pick(["new-page", "another-page", "register-copy"])
    let page = "content/pages/\(slug).md"
    let procedure = random.pick(Self.procedures)
    let step = random.pick(Self.steps)
    try site.write(
      page,
      """
      ---
      title: Новая страница
      procedure: \(procedure)
      ---

      Нужна [регистрация](register.md).

      1. {#\(step)} Нажмите «Войти».

      """)
    last = "added \(page) (\(procedure))"
    return [page]
  }

  mutating func editFlow() throws -> Set<String> {
    var text = try site.read(Self.flow)
    switch random.below(6) {
    case 0:
      text = text.replacingOccurrences(
        of: "labels: [Зарегистрироваться,", with: "labels: [Зарегистрироваться, Что-то новое,")
      last = "added a label"
    case 1:
      let step = random.pick(Array(Self.steps.prefix(7)))
      text = text.replacingOccurrences(of: "steps: [\(step)]", with: "steps: [\(step)x]")
      text = text.replacingOccurrences(
        of: "steps: [{procedure: sign-in}, \(step)]",
        with: "steps: [{procedure: sign-in}, \(step)x]")
      last = "misspelt \(step) in a procedure"
    case 2:
      text = text.replacingOccurrences(
        of: "    effects: {child: linked}\n  - id: give-consent",
        with: "  - id: give-consent")
      last = "removed link-child's effect"
    case 3:
      text += "  - id: extra-procedure\n    title: Ещё процедура\n    steps: [teacher-open]\n"
      last = "added a procedure"
    case 4:
      text = text.replacingOccurrences(of: "states:\n", with: "states:\n  - id: [\n")
      last = "broke the flow's YAML"
    default:
      text = text.replacingOccurrences(
        of: "title: Дайте согласие", with: "title: Дайте согласие родителя")
      last = "retitled a step"
    }
    try site.write(Self.flow, text)
    return [Self.flow]
  }

  mutating func editRegions() throws -> Set<String> {
    var text = try site.read(Self.regions)
    switch random.below(5) {
    case 0:
      text = text.replacingOccurrences(of: "8 (498) 602-11-11", with: "8 (498) 602-22-22")
      last = "changed a phone"
    case 1:
      text = Self.replacingLine(
        startingWith: "      ministry-email:", in: text, with: "")
      last = "removed a region's e-mail"
    case 2:
      text += "  - code: RU-CCC\n    name: Третья область\n    slug: tretya\n"
      last = "added a region"
    case 3:
      text = text.replacingOccurrences(of: "regions:\n", with: "regions:\n  - code: [\n")
      last = "broke regions.yaml"
    default:
      text = text.replacingOccurrences(
        of: "systems: [regportal]", with: "systems: [regportal, nope]")
      last = "named an unknown system"
    }
    try site.write(Self.regions, text)
    return [Self.regions]
  }

  mutating func editSettings() throws -> Set<String> {
    var text = try site.read(Self.settings)
    if !random.oneIn(4) {
      text = Self.replacingLine(
        startingWith: "base-url:", in: text, with: "base-url: https://stepwise.example/")
      last = "example base-url"
    } else {
      text = text.replacingOccurrences(of: "title: Школа", with: "title: [Школа")
      last = "broke site.yaml"
    }
    try site.write(Self.settings, text)
    return [Self.settings]
  }

  static func replacingLine(startingWith prefix: String, in text: String, with line: String)
    -> String
  {
    text.components(separatedBy: "\n").map { $0.hasPrefix(prefix) ? line : $0 }.joined(
      separator: "\n")
  }
}
