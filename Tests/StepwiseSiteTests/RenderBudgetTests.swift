import Foundation
import StepwiseTestSupport
import Testing

@testable import StepwiseModel
@testable import StepwiseSite

/// Pages that make cmark-gfm hang or abort end within the budget as `render-budget` errors;
/// neither `build` nor the preview freezes or dies.
@Suite(.serialized) struct RenderBudgetTests {
  /// Quadratic in cmark-gfm itself: 18,000 bytes of `![[]()` take about 2.4 s of processor time
  /// here, so 180 KB would take minutes: far over the 1 s budget on a faster machine too. (The
  /// 3000-column table used before took 2 s per row only because of our own position mapping,
  /// which is linear now.)
  static let wideTable: String =
    "---\ntitle: Скобки\nprocedure: login\n---\n\n" + String(repeating: "![[]()", count: 30_000)

  /// 180,000 cells: more memory than a 128 MiB budget allows.
  static let bigTable: String = {
    let row = { (cell: String) in
      "|" + Array(repeating: cell, count: 300).joined(separator: "|") + "|\n"
    }
    return "---\ntitle: Большая таблица\nprocedure: login\n---\n\n" + row("a") + row("-")
      + String(repeating: row("x"), count: 600)
  }()

  static let normal = GuardedFile(
    kind: .page, file: "content/pages/ok.md",
    text: "---\ntitle: Т\nprocedure: login\n---\n\n1. Шаг.\n")

  @Test func aHangingParseIsStoppedAtTheDeadline() throws {
    let pool = ParseWorkerPool(
      executable: stepwiseExecutable, budget: ParseBudget(seconds: 1, megabytes: 1024))
    let verdicts = try pool.vet([
      GuardedFile(kind: .page, file: "content/pages/wide.md", text: Self.wideTable), Self.normal,
    ])
    #expect(verdicts["content/pages/ok.md"] == nil)
    #expect(
      verdicts["content/pages/wide.md"]?.english
        == "parsing this file did not finish within 1 s of processor time (the render budget); cmark-gfm has inputs that take minutes, such as very wide tables or thousands of nested brackets or reference links: split the file or simplify that part"
    )
    // The pool replaced the killed worker: the next call works.
    #expect(try pool.vet([Self.normal]).isEmpty)
  }

  @Test func runningOutOfMemoryKillsTheWorkerNotUs() throws {
    let pool = ParseWorkerPool(
      executable: stepwiseExecutable, budget: ParseBudget(seconds: 60, megabytes: 128))
    let verdicts = try pool.vet([
      GuardedFile(kind: .page, file: "content/pages/big.md", text: Self.bigTable)
    ])
    let reason = try #require(verdicts["content/pages/big.md"])
    #expect(reason.english.hasPrefix("the parser process was stopped by signal"))
    #expect(
      reason.english.hasSuffix(
        "on this file: it needs more than the 128 MiB render budget or hits a defect of cmark-gfm; split the file or simplify it"
      ))
    #expect(try pool.vet([Self.normal]).isEmpty)
  }

  /// The worker really parses YAML: a flow sequence of four million items is a few megabytes
  /// of text but hundreds of megabytes of nodes once parsed, so only a real parse runs out
  /// of a 256 MiB budget; the same bytes as one quoted scalar parse within it (the budget is
  /// address space, and the debug binary alone maps about 80 MB of it).
  ///
  /// Deep nesting (Yams 5
  /// crashed on it) parses within the budget too.
  @Test func yamlGoesThroughTheGuardToo() throws {
    let pool = ParseWorkerPool(
      executable: stepwiseExecutable, budget: ParseBudget(seconds: 60, megabytes: 256))
    let items = String(repeating: "a, ", count: 4_000_000) + "a"
    let verdicts = try pool.vet([
      GuardedFile(kind: .data, file: "content/regions.yaml", text: "regions: [\(items)]\n"),
      GuardedFile(kind: .data, file: "content/site.yaml", text: "title: '\(items)'\n"),
      GuardedFile(
        kind: .data, file: "content/flows/deep.yaml",
        text: "procedures: " + String(repeating: "[", count: 5000)),
    ])
    #expect(verdicts["content/site.yaml"] == nil)
    #expect(verdicts["content/flows/deep.yaml"] == nil)
    let reason = try #require(verdicts["content/regions.yaml"])
    #expect(reason.english.hasPrefix("the parser process was stopped by signal"), "\(reason)")
    #expect(reason.english.contains("256 MiB render budget"), "\(reason)")
  }

  @Test func checkReportsTheBudgetAtTheFileAndBuildKeepsTheOldSite() throws {
    let site = try ScratchSite()
    let output = site.root.appendingPathComponent("public")
    let first = try runStepwise([
      "build", "--site", site.root.path, "--output", output.path, "--today", "2026-11-22",
    ])
    #expect(first.status == 0)
    let before = try FileManager.default.contentsOfDirectory(
      atPath: output.appendingPathComponent("pervaya").path
    ).sorted()
    let index = try Data(contentsOf: output.appendingPathComponent("pervaya/login/index.html"))

    try Data(Self.wideTable.utf8).write(
      to: site.root.appendingPathComponent("content/pages/wide.md"))
    let check = try runStepwise([
      "check", "--site", site.root.path, "--today", "2026-11-22", "--render-timeout", "1",
    ])
    #expect(check.status == 1)
    #expect(
      check.errors.contains(
        "content/pages/wide.md:1:1: error: parsing this file did not finish within 1 s of processor time (the render budget);"
      ))
    #expect(check.errors.contains("[render-budget]"))

    let build = try runStepwise([
      "build", "--site", site.root.path, "--output", output.path, "--today", "2026-11-22",
      "--render-timeout", "1",
    ])
    #expect(build.status == 1)
    #expect(build.errors.contains("[render-budget]"))
    #expect(
      try FileManager.default.contentsOfDirectory(
        atPath: output.appendingPathComponent("pervaya").path
      ).sorted() == before)
    #expect(
      try Data(contentsOf: output.appendingPathComponent("pervaya/login/index.html")) == index)
  }

  /// The pathological inputs of the issue, each in a page of the fixture site, checked with the
  /// worker pool: every one ends, well within the test's patience, as a finding at its file.
  @Test func pathologicalPagesEndAsFindings() throws {
    let site = try ScratchSite()
    let pages = site.root.appendingPathComponent("content/pages")
    // A billion laughs in front matter: 9 levels of 9 aliases (Yams would expand it for 26 s, 2 GB).
    var laughs = "---\ntitle: Смех\nprocedure: login\nx0: &a0 [\"ха\"]\n"
    for level in 1...9 {
      laughs +=
        "x\(level): &a\(level) ["
        + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
    }
    try Data((laughs + "---\n\nТекст.\n").utf8).write(to: pages.appendingPathComponent("laughs.md"))
    // 5000 levels of nesting in front matter (Yams 5 crashed on it).
    try Data(
      ("---\ntitle: Т\nprocedure: login\nx: " + String(repeating: "[", count: 5000) + "\n---\n")
        .utf8
    )
    .write(to: pages.appendingPathComponent("nested.md"))
    // Quadratic in cmark-gfm: 180 KB of `![[]()` takes 3.6 s, 360 KB 15 s, 720 KB over a minute.
    try Data(
      ("---\ntitle: Т\nprocedure: login\n---\n\n" + String(repeating: "![[]()", count: 60_000)).utf8
    )
    .write(to: pages.appendingPathComponent("brackets.md"))
    let pool = ParseWorkerPool(
      executable: stepwiseExecutable, budget: ParseBudget(seconds: 1, megabytes: 1024))
    let checked = try SitePipeline.check(root: site.root, today: fixedToday, parseGuard: pool)
    let findings = Dictionary(
      grouping: checked.diagnostics.filter { $0.severity == .error },
      by: { $0.location?.file ?? "" })
    #expect(
      findings["content/pages/laughs.md"]?.first?.message
        == "YAML anchors ('&name') are not allowed; write the value out")
    // Front matter lines are the editor's: the first anchor is on line 4.
    #expect(findings["content/pages/laughs.md"]?.first?.location?.line == 4)
    // Refused at the composer's limit, where it is: the front matter's mapping is the first
    // level, the first `[` is on column 4.
    #expect(
      findings["content/pages/nested.md"]?.contains {
        $0.rule.rawValue == "schema" && $0.location?.line == 4
          && $0.location?.column == 3 + YAMLComposer.maximumNesting
      } == true)
    #expect(findings["content/pages/brackets.md"]?.map(\.rule.rawValue) == ["render-budget"])
  }
}
