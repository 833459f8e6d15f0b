import Foundation
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// `stepwise impact`: a scratch git repository made from the basic fixture, one commit, then a
/// label rename, a page edit and a region change in the working tree.
@Suite struct ImpactTests {
  /// The fixture committed in a git repository of its own (the scratch folder's `site/`).
  static func repository() throws -> ScratchSite {
    let site = try ScratchSite()
    try git(["init", "--quiet"], in: site.root)
    try git(["add", "--all"], in: site.root)
    try git(["commit", "--quiet", "-m", "Initial content"], in: site.root)
    return site
  }

  static func git(_ arguments: [String], in folder: URL) throws {
    let result = try run(
      "/usr/bin/env",
      ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"] + arguments,
      environment: ["GIT_CONFIG_NOSYSTEM": "1", "HOME": folder.path], in: folder)
    guard result.status == 0 else {
      throw GitFailed(description: "git \(arguments): \(result.errors)")
    }
  }

  struct GitFailed: Error, CustomStringConvertible {
    var description: String
  }

  /// The label rename, the page edit and the region change.
  static func change(_ site: ScratchSite) throws {
    try site.edit("content/flows/main.yaml") {
      $0.replacingOccurrences(of: "[Войти через портал]", with: "[Войти через Госуслуги]")
    }
    try site.edit("content/pages/login.md") {
      $0.replacingOccurrences(of: "«Войти через портал»", with: "«Войти через Госуслуги»")
    }
    try site.edit("content/pages/register.md") {
      $0.replacingOccurrences(
        of: "Сначала создайте учётную запись.", with: "Сначала создайте учётную запись на портале.")
    }
    try site.edit("content/regions.yaml") {
      $0 + "    systems: [school]\n    variables:\n      portal-url: https://school.two.example\n"
    }
  }

  static func report(_ site: ScratchSite, since: String = "HEAD") throws -> ImpactReport {
    let snapshot = try GitSnapshot(site: site.root, ref: since)
    defer { snapshot.remove() }
    let before = try SiteInMemory.build(root: snapshot.root, today: fixedToday)
    let after = try SiteInMemory.build(root: site.root, today: fixedToday)
    return ImpactReport(since: since, commit: snapshot.commit, before: before, after: after)
  }

  @Test func labelRenamePageEditAndRegionChange() throws {
    let site = try Self.repository()
    try Self.change(site)
    let report = try Self.report(site)
    #expect(report.before == .init(loaded: true, errors: 0, warnings: 0))
    #expect(report.after.errors == 0)
    #expect(report.procedures.map(\.procedure) == ["login", "register"])

    let login = try #require(report.procedures.first { $0.procedure == "login" })
    #expect(login.regions.map(\.region) == ["RU-AAA", "RU-BBB"])
    let first = login.regions[0]
    #expect(first.kinds.contains(.labels))
    #expect(first.labelsRemoved == ["Войти через портал"])
    #expect(first.labelsAdded == ["Войти через Госуслуги"])
    // The page now lists the other region where it is built.
    #expect(first.linksAdded == ["../../vtoraya/login/index.html"])
    #expect(login.regions[1].kinds == [.built])
    #expect(login.regions[1].path == "vtoraya/login/index.html")

    let register = try #require(report.procedures.first { $0.procedure == "register" })
    #expect(register.regions.map(\.region) == ["RU-AAA", "RU-BBB"])
    #expect(register.regions.allSatisfy { $0.kinds.contains(.text) && !$0.kinds.contains(.labels) })

    let home = try #require(report.otherFiles.first { $0.region == "RU-BBB" })
    #expect(home.kind == .changed)
    #expect(home.linksAdded == ["login/index.html"], "\(home)")
    #expect(report.otherFiles.contains { $0.path == "sitemap.xml" && $0.kind == .changed })
    #expect(!report.otherFiles.contains { $0.path.hasPrefix("static/") })

    let markdown = report.rendered(.markdown)
    #expect(markdown.contains("#### Вход в школу"))
    #expect(markdown.contains("| Вторая область | **публикуется впервые** |"))
    #expect(markdown.contains("−«Войти через портал», +«Войти через Госуслуги»"))
    #expect(!markdown.contains("Внимание"))
  }

  /// A page no longer built and the working tree that does not check clean: still compared.
  @Test func pageRemovedAndBrokenSide() throws {
    let site = try Self.repository()
    try site.edit("content/pages/login.md") {
      $0.replacingOccurrences(of: "«Войти через портал»", with: "«Войти через ЕСИА»")
    }
    try site.remove("content/pages/register.md")
    let report = try Self.report(site)
    #expect(report.after.errors > 0)
    let register = try #require(report.procedures.first { $0.procedure == "register" })
    #expect(register.regions.map(\.kinds) == [[.notBuilt], [.notBuilt]])
    #expect(report.rendered(.markdown).contains("рабочей копии не проходит проверку"))
    #expect(report.rendered(.text).contains("warning: the content of the working tree"))
  }

  @Test func unchangedTreeReportsNothing() throws {
    let site = try Self.repository()
    let report = try Self.report(site)
    #expect(report.isEmpty)
    #expect(report.rendered(.markdown).contains("Опубликованные файлы не меняются."))
  }

  @Test func unknownRefAndNoRepository() throws {
    let site = try Self.repository()
    #expect(throws: ImpactError.unknownRef("no-such-branch")) {
      try GitSnapshot(site: site.root, ref: "no-such-branch")
    }
    #expect(throws: ImpactError.unknownRef("--output=x")) {
      try GitSnapshot(site: site.root, ref: "--output=x")
    }
    let plain = try ScratchSite()
    #expect(throws: ImpactError.notARepository(plain.root.standardizedFileURL.path)) {
      try GitSnapshot(site: plain.root, ref: "HEAD")
    }
  }

  /// A site in a subfolder of the repository: only that folder is extracted, and the temporary
  /// folder is gone afterwards.
  @Test func siteInSubfolder() throws {
    let site = try ScratchSite()
    try Self.git(["init", "--quiet"], in: site.folder)
    try Self.git(["add", "site"], in: site.folder)
    try Self.git(["commit", "--quiet", "-m", "Site in a subfolder"], in: site.folder)
    let snapshot = try GitSnapshot(site: site.root, ref: "HEAD")
    #expect(FileManager.default.fileExists(atPath: snapshot.root.path + "/content/site.yaml"))
    snapshot.remove()
    #expect(!FileManager.default.fileExists(atPath: snapshot.folder.path))
  }

  @Test func commandLine() throws {
    let site = try Self.repository()
    try Self.change(site)
    let markdown = try runStepwise([
      "impact", "--since", "HEAD", "--site", site.root.path, "--format", "markdown",
      "--today", "2026-11-22",
    ])
    #expect(markdown.status == 0, "\(markdown.errors)")
    #expect(markdown.output.contains("| Первая область |"))
    let json = try runStepwise([
      "impact", "--since", "HEAD", "--site", site.root.path, "--format", "json",
      "--today", "2026-11-22",
    ])
    let decoded = try JSONDecoder().decode(ImpactReport.self, from: Data(json.output.utf8))
    #expect(decoded.pageCount == 4)
    let unknown = try runStepwise(["impact", "--since", "nope", "--site", site.root.path])
    #expect(unknown.status == 2)
    #expect(unknown.errors.contains("unknown git ref 'nope'"))
    let plain = try ScratchSite()
    let outside = try runStepwise(["impact", "--since", "HEAD", "--site", plain.root.path])
    #expect(outside.status == 2)
    #expect(outside.errors.contains("not inside a git repository"))
  }
}

@Suite struct LabelUsageTests {
  @Test func quotesRegionsAndDeclarations() throws {
    let site = try SitePipeline.check(root: Fixture.basic, today: fixedToday)
    let usage = LabelUsage(label: "«Войти через портал»", in: site)
    #expect(
      usage.quotes == [
        .init(
          file: "content/pages/login.md", line: 11, column: 27, page: "login",
          title: "Вход в школу", regions: ["RU-AAA"], regionNames: ["Первая область"])
      ])
    #expect(usage.declarations.map(\.system) == ["school"])
    #expect(usage.declarations.first?.file == "content/flows/main.yaml")
    let text = usage.rendered(.text)
    #expect(text.contains("content/pages/login.md:11:27: page login, published in RU-AAA"))
  }

  @Test func unknownLabelSuggestsTheNearest() throws {
    let site = try SitePipeline.check(root: Fixture.basic, today: fixedToday)
    let usage = LabelUsage(label: "Войти через портол", in: site)
    #expect(usage.isEmpty)
    #expect(usage.suggestion == "Войти через портал")
    // Declared but quoted nowhere: the declaration alone.
    let declared = LabelUsage(label: "Войти", in: site)
    #expect(declared.quotes.isEmpty)
    #expect(declared.declarations.map(\.screen) == ["start"])
  }
}

@Suite struct CoverageTests {
  @Test func knownGaps() throws {
    let site = try ScratchSite()
    try site.edit("content/flows/main.yaml") {
      $0.replacingOccurrences(of: "values: [none, ready]", with: "values: [none, ready, blocked]")
        .replacingOccurrences(
          of: "value-titles: [нет, есть]", with: "value-titles: [нет, есть, заблокирована]"
        )
        .replacingOccurrences(
          of: "systems:\n",
          with:
            "systems:\n  - id: mail\n    name: Почта\n    scope: all-regions\n    screens:\n      - id: inbox\n        title: Входящие\n        labels: [Открыть письмо]\n"
        )
          + """
            - id: orphan
              title: Ничья процедура
              steps: [create]

          """
    }
    try site.edit("content/regions.yaml") {
      $0 + "  - code: RU-CCC\n    name: Третья область\n    slug: tretya\n"
    }
    try site.edit("content/pages/register.md") {
      $0.replacingOccurrences(of: "review-by:", with: "regions: [RU-AAA, RU-BBB]\nreview-by:")
    }
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    let report = CoverageReport(checked)
    #expect(report.unproducedValues.map { "\($0.state)=\($0.value)" } == ["account=blocked"])
    #expect(report.unneededValues.map { "\($0.state)=\($0.value)" } == ["account=blocked"])
    #expect(report.stepsOnNoPage.isEmpty)
    #expect(
      report.unquotedLabels.map(\.label) == ["Открыть письмо", "Войти"],
      "\(report.unquotedLabels)")
    #expect(report.systemsWithoutPages.map(\.id) == ["mail"])
    #expect(report.regionsWithoutPages.map(\.id) == ["RU-CCC"])
    #expect(report.proceduresBuiltNowhere.map(\.id) == ["orphan"])
    #expect(report.proceduresBuiltNowhere.first?.reason == "no page")
    let text = report.rendered(.text)
    #expect(text.contains("Regions with no pages: 1\n  content/regions.yaml:"))
  }

  @Test func stepOnNoPage() throws {
    let site = try ScratchSite()
    try site.edit("content/pages/login.md") {
      $0.replacingOccurrences(of: "2. {#press-login} Нажмите «Войти через портал».\n", with: "")
    }
    let report = CoverageReport(try SitePipeline.check(root: site.root, today: fixedToday))
    #expect(report.stepsOnNoPage.map(\.id) == ["press-login"])
    #expect(report.unquotedLabels.map(\.label) == ["Войти", "Войти через портал"])
  }

  @Test func commandLineExitsZero() throws {
    let result = try runStepwise([
      "coverage", "--site", Fixture.basic.path, "--format", "json", "--today", "2026-11-22",
    ])
    #expect(result.status == 0)
    let report = try JSONDecoder().decode(CoverageReport.self, from: Data(result.output.utf8))
    #expect(report.unquotedLabels.map(\.label) == ["Войти"])
  }
}
