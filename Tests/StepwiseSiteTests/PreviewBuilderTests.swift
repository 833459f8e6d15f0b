import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// The preview's incremental rebuilds: the same files as `build`, and only what a change affects.
@Suite struct PreviewBuilderTests {
  func text(_ builder: PreviewBuilder, _ path: String) -> String {
    builder.snapshot.files[path].map { String(decoding: $0, as: UTF8.self) } ?? "(missing \(path))"
  }

  @Test func firstBuildHasExactlyTheFilesOfBuild() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    let report = builder.rebuild()
    #expect(report.scope == .everything)
    #expect(report.errors == 0)
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    let sink = MemorySink()
    let count = try SitePipeline.render(checked, into: sink)
    #expect(builder.snapshot.files.all == sink.files)
    #expect(report.rendered == count)
    #expect(builder.snapshot.regions.map(\.code) == ["RU-AAA", "RU-BBB"])
  }

  @Test func aPageEditRendersThatPageInEveryRegionOnly() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    let before = builder.snapshot.files.all
    try site.edit("content/pages/register.md") { $0 + "\nНовый абзац для проверки.\n" }
    let report = builder.rebuild()
    #expect(report.scope == .changed)
    // The page in each region it is in, and the site's search pages (its stems); the regions'
    // search indexes and A–Z lists show titles and summaries only, which did not change.
    #expect(report.rendered == 3)
    #expect(text(builder, "pervaya/register/index.html").contains("Новый абзац для проверки."))
    #expect(text(builder, "vtoraya/register/index.html").contains("Новый абзац для проверки."))
    #expect(text(builder, "search-pages.js").contains("абзац"))
    for (path, bytes) in before
    where !path.hasSuffix("register/index.html") && path != "search-pages.js" {
      #expect(builder.snapshot.files[path] == bytes, "\(path) changed")
    }
    #expect(builder.snapshot.generation == 2)
  }

  /// The skeletons carried from one rebuild to the next never show an old text: after each of
  /// a series of edits (body, title, summary, review date, flows, variables, a template) the
  /// preview holds exactly what a fresh build of the same files writes.
  @Test func afterEveryKindOfEditThePreviewEqualsAFreshBuild() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    let edits: [(String, (String) -> String)] = [
      ("content/pages/register.md", { $0 + "\nНовый абзац.\n" }),
      (
        "content/pages/register.md",
        { $0.replacingOccurrences(of: "Новый абзац.", with: "Другой абзац.") }
      ),
      (
        "content/pages/login.md",
        {
          $0.replacingOccurrences(
            of: "title: Вход в школу", with: "title: Вход в электронную школу")
        }
      ),
      (
        "content/pages/login.md",
        {
          $0.replacingOccurrences(
            of: "procedure: login", with: "procedure: login\nsummary: Кратко для {{region.name}}")
        }
      ),
      (
        "content/pages/login.md", { $0.replacingOccurrences(of: "Кратко для", with: "Коротко для") }
      ),
      (
        "content/flows/main.yaml",
        { $0.replacingOccurrences(of: "title: Войдите", with: "title: Войдите в школу") }
      ),
      (
        "content/regions.yaml",
        { $0.replacingOccurrences(of: "name: Вторая область", with: "name: Вторая «область»") }
      ),
      (
        "content/site.yaml",
        { $0.replacingOccurrences(of: "title: Тестовый сайт", with: "title: Тестовый сайт & Ко") }
      ),
    ]
    for (file, change) in edits {
      try site.edit(file, change)
      let report = builder.rebuild()
      #expect(report.errors == 0, "\(file): \(builder.snapshot.diagnostics)")
      let fresh = MemorySink()
      _ = try SitePipeline.render(
        try SitePipeline.check(root: site.root, today: fixedToday), into: fresh)
      for (path, bytes) in fresh.files where builder.snapshot.files[path] != bytes {
        Issue.record("after editing \(file): \(path) differs from a fresh build")
      }
      #expect(Set(builder.snapshot.files.paths) == Set(fresh.files.keys))
    }
    let builtIn = try String(
      contentsOf: repositoryRoot.appendingPathComponent(
        "Sources/StepwiseRender/Templates/page.mustache"), encoding: .utf8)
    try site.write(
      "templates/page.mustache",
      builtIn.replacingOccurrences(of: "<h1>{{title}}</h1>", with: "<h1>{{title}}!</h1>"))
    builder.rebuild()
    let fresh = MemorySink()
    _ = try SitePipeline.render(
      try SitePipeline.check(root: site.root, today: fixedToday), into: fresh)
    #expect(builder.snapshot.files.all == fresh.files)
  }

  @Test func nothingChangedRendersNothing() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    let report = builder.rebuild()
    #expect(report.scope == .nothingChanged)
    #expect(report.rendered == 0)
  }

  @Test func aTitleChangeRendersEverything() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    try site.edit("content/pages/login.md") {
      $0.replacingOccurrences(of: "title: Вход в школу", with: "title: Вход в электронную школу")
    }
    let report = builder.rebuild()
    #expect(report.scope == .everything)
    #expect(text(builder, "pervaya/index.html").contains("Вход в электронную школу"))
  }

  @Test func aRegionVariableRendersThatRegionOnly() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    let before = builder.snapshot.files
    try site.edit("content/regions.yaml") {
      $0.replacingOccurrences(
        of: "https://school.one.example", with: "https://school.first.example")
    }
    let report = builder.rebuild()
    #expect(report.scope == .changed)
    // The region's home, its two pages, its search index and A–Z list.
    #expect(report.rendered == 5)
    #expect(text(builder, "pervaya/login/index.html").contains("https://school.first.example"))
    #expect(
      builder.snapshot.files["vtoraya/register/index.html"] == before["vtoraya/register/index.html"]
    )
  }

  @Test func aTemplateChangeRendersEverythingWithoutReparsing() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    let builtIn = try String(
      contentsOf: repositoryRoot.appendingPathComponent(
        "Sources/StepwiseRender/Templates/foot.mustache"), encoding: .utf8)
    try site.write(
      "templates/foot.mustache",
      builtIn.replacingOccurrences(of: "</footer>", with: "<p>Подвал из шаблона сайта</p></footer>")
    )
    let report = builder.rebuild()
    #expect(report.scope == .everything)
    #expect(text(builder, "vtoraya/register/index.html").contains("Подвал из шаблона сайта"))
  }

  @Test func aFlowEditRendersThePagesOfItsProcedures() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    let before = builder.snapshot.files
    try site.edit("content/flows/main.yaml") {
      $0.replacingOccurrences(
        of: "title: Создайте учётную запись", with: "title: Создайте свою учётную запись")
    }
    let report = builder.rebuild()
    #expect(report.scope == .changed)
    // The procedure using the step is re-rendered in its regions, and the homes show its outline.
    #expect(text(builder, "pervaya/index.html").contains("Создайте свою учётную запись"))
    #expect(text(builder, "vtoraya/index.html").contains("Создайте свою учётную запись"))
    #expect(report.rendered < before.count)
  }

  @Test func errorsKeepTheLastGoodSiteUntilFixed() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    let good = builder.snapshot.files
    try site.edit("content/pages/login.md") {
      $0.replacingOccurrences(of: "procedure: login", with: "procedure: logn")
    }
    let broken = builder.rebuild()
    #expect(broken.errors > 0)
    #expect(broken.rendered == 0)
    #expect(builder.snapshot.files == good)
    #expect(
      builder.snapshot.errors.contains {
        $0.location?.file == "content/pages/login.md" && $0.location?.line == 3
      })
    try site.edit("content/pages/login.md") {
      $0.replacingOccurrences(of: "procedure: logn", with: "procedure: login")
    }
    let fixed = builder.rebuild()
    #expect(fixed.errors == 0)
    #expect(builder.snapshot.errors.isEmpty)
    #expect(builder.snapshot.files == good)
  }

  @Test func aDeletedSiteFileIsAFailureNotACrash() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    let good = builder.snapshot.files
    try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/site.yaml"))
    builder.rebuild()
    #expect(builder.snapshot.failure == .content(.missingFile("content/site.yaml")))
    #expect(builder.snapshot.failure?.description.contains("content/site.yaml") == true)
    #expect(builder.snapshot.files == good)
  }

  @Test func onlyTheFilesTheWatcherNamedAreReadAgain() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    try site.edit("content/pages/register.md") { $0 + "\nПервая правка.\n" }
    try site.edit("content/pages/login.md") { $0 + "\nВторая правка.\n" }
    // The watcher named one file: the other edit waits for its own event.
    builder.rebuild(changed: ["content/pages/register.md"])
    #expect(text(builder, "pervaya/register/index.html").contains("Первая правка."))
    #expect(!text(builder, "pervaya/login/index.html").contains("Вторая правка."))
    // A folder named (a rename of the folder, say) covers every file in it.
    builder.rebuild(changed: ["content/pages"])
    #expect(text(builder, "pervaya/login/index.html").contains("Вторая правка."))
  }
}
