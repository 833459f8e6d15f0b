import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseTestSupport
import Synchronization
import Testing

@testable import StepwisePreview
@testable import StepwiseSite

/// In-process answers of the preview: files, 404s, traversal attempts, the Host check, chrome.
@Suite struct PreviewRoutesTests {
  static let site: ScratchSite = {
    do {
      return try ScratchSite()
    } catch {
      fatalError("cannot make the scratch site: \(error)")
    }
  }()
  static let snapshot: PreviewSnapshot = {
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    return builder.snapshot
  }()
  let routes = PreviewRoutes(bindHost: "127.0.0.1")

  func get(
    _ path: String, host: String? = "127.0.0.1:8080", snapshot: PreviewSnapshot = Self.snapshot
  ) -> PreviewResponse {
    routes.respond(method: "GET", path: path, host: host, snapshot: snapshot)
  }

  @Test func servesPagesWithThePreviewChrome() {
    let page = get("/pervaya/login/")
    #expect(page.status == 200)
    #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
    #expect(page.text.contains("<h1"))
    #expect(page.text.contains("new EventSource('/__stepwise/events')"))
    #expect(page.text.contains("var seen=\(Self.snapshot.generation)"))
    // The chrome goes inside the body, once.
    #expect(page.text.components(separatedBy: "<!-- stepwise preview -->").count == 2)
    #expect(page.text.hasSuffix("</body>\n</html>\n"))
    #expect(!page.text.contains("id=\"stepwise-overlay\""))
    // The built file itself carries no preview script.
    #expect(
      !String(decoding: Self.snapshot.files["pervaya/login/index.html"]!, as: UTF8.self).contains(
        "EventSource"))
  }

  @Test func servesTheRootStaticFilesAndAssets() {
    #expect(get("/").status == 200)
    #expect(get("/index.html").status == 200)
    let css = get("/static/style.css")
    #expect(css.status == 200)
    #expect(css.headers["Content-Type"] == "text/css; charset=utf-8")
    #expect(!css.text.contains("stepwise preview"))
    // Assets come from disk (the server streams them), never from memory.
    let asset = get("/assets/button.png")
    let source = Self.site.root.appendingPathComponent("content/assets/button.png").path
    let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? Int) ?? -1
    #expect(asset.headers["Content-Type"] == "image/png")
    #expect(asset.file == source)
    #expect(asset.body.isEmpty)
    #expect(asset.headers["Content-Length"] == String(size))
    #expect(get("/sitemap.xml").headers["Content-Type"] == "application/xml; charset=utf-8")
  }

  @Test func aFolderWithoutItsSlashRedirects() {
    let response = get("/pervaya/login")
    #expect(response.status == 301)
    #expect(response.headers["Location"] == "/pervaya/login/")
  }

  @Test func unknownPathsGetTheSite404() {
    let response = get("/pervaya/nope/")
    #expect(response.status == 404)
    #expect(response.text.contains("Страница не найдена"))
  }

  @Test(arguments: [
    "/../etc/passwd", "/pervaya/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/index.html",
    "/pervaya/%2e%2e/index.html", "/pervaya%2f..%2findex.html", "/pervaya%2Flogin%2Findex.html",
    "/..%5c..%5cetc%5cpasswd", "/a%00b", "/index.html%00.png", "/%ZZ", "/%e0%80%af",
    "/./index.html",
    "//etc/passwd", "/pervaya//login/", "/.", "/..", "/%2e", "etc/passwd", "/\u{1}",
  ])
  func traversalAttemptsGet404(path: String) {
    #expect(get(path).status == 404, "\(path)")
  }

  @Test(arguments: [
    "127.0.0.1", "127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "[::1]",
    "127.0.0.1:",
    "127.0.0.1:65535", "localhost:1",
  ])
  func localHostsAreServed(host: String) {
    #expect(get("/", host: host).status == 200)
  }

  /// A port that is not a number from 0 to 65535 is no port of this preview.
  @Test(arguments: [
    "127.0.0.1:abc", "127.0.0.1:80a", "127.0.0.1:65536", "127.0.0.1:99999", "127.0.0.1:123456",
    "127.0.0.1:-1",
    "127.0.0.1:+80", "127.0.0.1: 80", "127.0.0.1:８０", "localhost:0x50", "[::1]:abc", "[::1]x",
    "[::1]8080",
    "[::1]:70000",
  ])
  func malformedPortsAreRefused(host: String) {
    #expect(get("/", host: host).status == 403, "\(host)")
  }

  @Test func exactlyOneHostHeaderIsAccepted() {
    #expect(routes.isAllowed(hosts: ["127.0.0.1:8080"]))
    #expect(!routes.isAllowed(hosts: ["127.0.0.1:8080", "127.0.0.1:8080"]))
    #expect(!routes.isAllowed(hosts: ["127.0.0.1:8080", "evil.example"]))
    #expect(!routes.isAllowed(hosts: ["evil.example", "127.0.0.1:8080"]))
    #expect(!routes.isAllowed(hosts: []))
  }

  @Test(arguments: [
    "evil.example", "evil.example:8080", "127.0.0.1.evil.example", "10.0.0.5:8080", "", "[::1",
    "localhost:80:80",
  ])
  func foreignHostsAreRefused(host: String) {
    let response = get("/", host: host)
    #expect(response.status == 403, "\(host)")
    #expect(!response.text.contains("<html"))
  }

  @Test func aMissingHostIsRefused() {
    #expect(get("/", host: nil).status == 403)
  }

  @Test func allInterfacesAcceptAddressesButNotNames() {
    let open = PreviewRoutes(bindHost: "0.0.0.0")
    #expect(
      open.respond(method: "GET", path: "/", host: "192.168.1.20:8080", snapshot: Self.snapshot)
        .status == 200)
    #expect(
      open.respond(method: "GET", path: "/", host: "attacker.example:8080", snapshot: Self.snapshot)
        .status == 403)
  }

  @Test func onlyGetAndHead() {
    let response = routes.respond(
      method: "POST", path: "/", host: "127.0.0.1", snapshot: Self.snapshot)
    #expect(response.status == 405)
    #expect(response.headers["Allow"] == "GET, HEAD")
  }

  @Test func theRegionSwitcherOffersTheSamePageWhereItIsBuilt() {
    let page = get("/pervaya/register/").text
    #expect(page.contains("<option value=\"/pervaya/register/\" selected>Первая область</option>"))
    #expect(page.contains("<option value=\"/vtoraya/register/\">Вторая область</option>"))
    // «login» is built only in the first region: the other one offers its home.
    let login = get("/pervaya/login/").text
    #expect(login.contains("<option value=\"/vtoraya/\">Вторая область</option>"))
    let root = get("/").text
    #expect(root.contains("<option value=\"\" selected>— выберите —</option>"))
  }

  @Test func errorsShowAnOverlayOverTheLastGoodSite() {
    var broken = Self.snapshot
    broken.diagnostics = [
      .error(
        .stepUnknown, "step 'x' is not in the flows: «<script>alert(1)</script>»",
        at: SourceLocation(file: "content/pages/login.md", line: 9, column: 4))
    ]
    broken.sources = ["content/pages/login.md": "a\nb\nc\nd\ne\nf\ng\nh\n1. {#x} Шаг\n"]
    let page = get("/pervaya/login/", snapshot: broken).text
    #expect(page.contains("id=\"stepwise-overlay\""))
    #expect(page.contains("1 ошибка в содержании"))
    #expect(page.contains("<code class=\"sw-place\">content/pages/login.md:9:4</code>"))
    #expect(page.contains("[step-unknown]"))
    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!page.contains("<script>alert(1)"))
    #expect(page.contains("9 | 1. {#x} Шаг\n  |    ^"))
    // The page underneath is still the last good one.
    #expect(page.contains("Вход в школу"))
  }

  @Test func beforeAnyGoodBuildEveryPageIsTheOverlay() {
    var empty = PreviewSnapshot.empty
    empty.failure = .content(.missingFile("content/site.yaml"))
    let response = get("/pervaya/login/index.html", snapshot: empty)
    #expect(response.status == 503)
    #expect(response.text.contains("Сайт не удалось прочитать"))
    #expect(response.text.contains("content/site.yaml: нет такого файла"))
  }

  /// With `--lang en` the overlay, the bar and the messages in them are English.
  @Test func theOverlaySpeaksEnglishWhenAsked() {
    var english = PreviewRoutes(bindHost: "127.0.0.1")
    english.language = .english
    var broken = Self.snapshot
    broken.diagnostics = [
      .error(
        .graphUnusedStep, CheckMessage.unusedStep("pay-fee"),
        at: SourceLocation(file: "content/flows/flow.yaml", line: 3, column: 9))
    ]
    let page = english.respond(
      method: "GET", path: "/pervaya/login/", host: "127.0.0.1:8080", snapshot: broken
    ).text
    #expect(page.contains("<h2>1 error in the content</h2>"))
    #expect(page.contains("is not used by any procedure; add it to one or delete it"))
    #expect(page.contains(">Hide</button>"))
    #expect(page.contains("<label>Region: "))
    #expect(!page.contains("ошибка"))
    // The same snapshot in the default language: Russian, message included.
    let russian = get("/pervaya/login/", snapshot: broken).text
    #expect(russian.contains("<h2>1 ошибка в содержании</h2>"))
    #expect(russian.contains("шаг «pay-fee» не входит ни в одну процедуру"))
    #expect(!russian.contains("is not used by any procedure"))
  }

  @Test func aFailureOfThisComputerIsShownAsTheServersOverTheLastGoodSite() {
    var failed = Self.snapshot
    failed.failure = .content(.cannotOpen("content/flows", .failed(errno: EMFILE)))
    #expect(failed.failureIsInputOutput)
    let response = get("/pervaya/login/")
    let page = get("/pervaya/login/", snapshot: failed)
    #expect(page.status == 200)
    #expect(page.text.contains("Предпросмотр не смог прочитать файлы"))
    #expect(
      page.text.contains(
        "content/flows: не удаётся открыть файлы: слишком много открытых файлов"))
    #expect(page.text.contains("а не ошибка в содержании"))
    #expect(!page.text.contains("Сайт не удалось прочитать"))
    #expect(!page.text.contains("в содержании</h2>"))
    #expect(response.text.contains("Вход в школу") && page.text.contains("Вход в школу"))
  }

  @Test func aJSONFileIsServedAsJSON() {
    var snapshot = Self.snapshot
    snapshot.files.update(["search/index.json": Array("{}".utf8)])
    let response = get("/search/index.json", snapshot: snapshot)
    #expect(response.status == 200)
    #expect(response.headers["Content-Type"] == "application/json")
    #expect(response.text == "{}")
  }

  @Test func statusIsJSON() throws {
    let response = get("/__stepwise/status")
    #expect(response.headers["Content-Type"] == "application/json")
    let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
    #expect(object?["generation"] as? Int == Self.snapshot.generation)
    #expect(object?["files"] as? Int == Self.snapshot.files.count)
  }

  @Test func sitePaths() {
    #expect(PreviewRoutes.sitePath("/") == "index.html")
    #expect(PreviewRoutes.sitePath("/pervaya/") == "pervaya/index.html")
    #expect(PreviewRoutes.sitePath("/pervaya/login/index.html") == "pervaya/login/index.html")
    #expect(PreviewRoutes.sitePath("/%D0%B0%20b.png") == "а b.png")
    #expect(PreviewRoutes.sitePath("/a/../b") == nil)
  }

  @Test func jsonEscapingIsSafeInsideScripts() {
    #expect(
      JSONText.escaped("</script>\u{2028}\"\\\n\u{1}")
        == "\\u003c/script>\\u2028\\\"\\\\\\n\\u0001")
  }
}

@Suite struct DebouncerTests {
  @Test func waitsForQuietThenDeliversOneBatch() {
    var debouncer = Debouncer(quiet: 0.02, longest: 0.25)
    #expect(debouncer.wait(at: 0) == nil)
    debouncer.add(["content/pages/a.md"], at: 1.0)
    debouncer.add(["content/pages/.a.md.swp", "content/pages/a.md"], at: 1.01)
    #expect(debouncer.take(at: 1.02) == nil)
    #expect(debouncer.take(at: 1.031) == ["content/pages/a.md", "content/pages/.a.md.swp"])
    #expect(debouncer.take(at: 2) == nil)
  }

  @Test func aStreamOfWritesIsDeliveredAtTheLatestAfterLongest() {
    var debouncer = Debouncer(quiet: 0.02, longest: 0.25)
    var time = 0.0
    var delivered: Set<String>?
    while delivered == nil, time < 1 {
      debouncer.add(["content/pages/a.md"], at: time)
      time += 0.01
      delivered = debouncer.take(at: time)
    }
    #expect(delivered == ["content/pages/a.md"])
    #expect(time >= 0.25 && time < 0.27)
  }

  /// A save that truncates a page and then writes it is read once it is closed, not in between.
  @Test func aFileStillOpenForWritingIsWaitedFor() {
    var debouncer = Debouncer(quiet: 0.02, longest: 0.25, longestWriting: 1)
    debouncer.add("content/pages/a.md", writing: true, at: 1.0)
    #expect(debouncer.take(at: 1.1) == nil)
    #expect(debouncer.take(at: 1.5) == nil)
    // Closed past `longest`: delivered at once.
    debouncer.add("content/pages/a.md", writing: false, at: 1.6)
    #expect(debouncer.take(at: 1.6) == ["content/pages/a.md"])
    // Closed soon: after `quiet`, as any write.
    debouncer.add("content/pages/a.md", writing: true, at: 2.0)
    debouncer.add("content/pages/a.md", writing: false, at: 2.01)
    #expect(debouncer.take(at: 2.02) == nil)
    #expect(debouncer.take(at: 2.031) == ["content/pages/a.md"])
    // Left open: delivered at the latest `longestWriting` after the first event.
    debouncer.add("content/pages/b.md", writing: true, at: 3.0)
    #expect(debouncer.take(at: 3.9) == nil)
    #expect(debouncer.take(at: 4.01) == ["content/pages/b.md"])
    // A rename over the page is a whole file at once.
    debouncer.add("content/pages/c.md", writing: false, at: 5.0)
    #expect(debouncer.take(at: 5.03) == ["content/pages/c.md"])
  }

  #if os(Linux)
    @Test func inotifyEventsSayWhetherAFileIsOpenForWriting() {
      #expect(InotifyWatcher.writing(UInt32(IN_MODIFY)) == true)
      #expect(InotifyWatcher.writing(UInt32(IN_CREATE)) == true)
      #expect(InotifyWatcher.writing(UInt32(IN_CLOSE_WRITE)) == false)
      #expect(InotifyWatcher.writing(UInt32(IN_MOVED_TO)) == false)
      #expect(InotifyWatcher.writing(UInt32(IN_DELETE)) == false)
      #expect(InotifyWatcher.writing(UInt32(IN_CREATE | IN_ISDIR)) == nil)
      #expect(InotifyWatcher.writing(UInt32(IN_ATTRIB)) == nil)
    }
  #endif

  @Test func scratchFilesAreNotWatched() {
    #expect(WatchedPaths.isWatched("content/pages/a.md"))
    #expect(WatchedPaths.isWatched("templates/page.mustache"))
    #expect(!WatchedPaths.isWatched("content/pages/.a.md.swp"))
    #expect(!WatchedPaths.isWatched("content/pages/a.md~"))
    #expect(!WatchedPaths.isWatched("content/pages/4913"))
    #expect(!WatchedPaths.isWatched("public/index.html"))
    #expect(!WatchedPaths.isWatched("README.md"))
  }
}

/// Both watchers see a save, a rename over a file and a new folder.
@Suite(.serialized) struct WatcherTests {
  /// The paths the watcher reported, from its thread.
  final class Seen: Sendable {
    private let paths = Mutex(Set<String>())
    func add(_ batch: Set<String>) { paths.withLock { $0.formUnion(batch) } }
    func contains(_ path: String) -> Bool { paths.withLock { $0.contains(path) } }
  }

  func exercise(_ make: (URL) -> (any FileWatcher)?) throws {
    let site = try ScratchSite()
    guard let watcher = make(site.root) else {
      Issue.record("the watcher could not start")
      return
    }
    let seen = Seen()
    watcher.start { seen.add($0) }
    defer { watcher.stop() }
    Thread.sleep(forTimeInterval: 0.3)
    try site.edit("content/pages/login.md") { $0 + "\nЕщё.\n" }
    #expect(eventually { seen.contains("content/pages/login.md") })
    // An editor's save: write a temporary file, rename it over the page.
    let temporary = site.root.appendingPathComponent("content/pages/register.md.tmp")
    try Data("---\ntitle: x\nprocedure: register\n---\n".utf8).write(to: temporary)
    try FileManager.default.moveItem(
      at: temporary, to: site.root.appendingPathComponent("content/pages/new.md"))
    #expect(eventually { seen.contains("content/pages/new.md") })
    // A folder created after the start is watched too.
    try FileManager.default.createDirectory(
      at: site.root.appendingPathComponent("templates"), withIntermediateDirectories: true)
    Thread.sleep(forTimeInterval: 0.3)
    try Data("x".utf8).write(to: site.root.appendingPathComponent("templates/foot.mustache"))
    #expect(eventually { seen.contains("templates/foot.mustache") })
  }

  #if os(Linux)
    @Test func inotify() throws {
      try exercise { InotifyWatcher(root: $0) }
    }
  #endif

  @Test func polling() throws {
    try exercise { PollingWatcher(root: $0, interval: 0.05) }
  }
}
