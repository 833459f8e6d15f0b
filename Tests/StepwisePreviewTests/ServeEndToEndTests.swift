import Foundation
import StepwiseTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The `stepwise` executable built beside the tests.
///
/// `stepwise serve` as a child process on 127.0.0.1, port 0.
final class ServeProcess {
  let process = Process()
  let port: Int
  private let errors = Pipe()
  private let output = Pipe()
  private let logBuffer = LogBuffer()

  /// `openFiles` starts it under `prlimit --nofile=SOFT:HARD` (util-linux).
  init(site: URL, arguments: [String] = [], openFiles: (soft: Int, hard: Int)? = nil) throws {
    let serve = ["serve", "--site", site.path, "--port", "0", "--today", "2026-11-22"] + arguments
    if let openFiles {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
      process.arguments =
        ["--nofile=\(openFiles.soft):\(openFiles.hard)", "--", stepwiseExecutable.path] + serve
    } else {
      process.executableURL = stepwiseExecutable
      process.arguments = serve
    }
    process.standardOutput = output
    process.standardError = errors
    let logBuffer = self.logBuffer
    errors.fileHandleForReading.readabilityHandler = { handle in
      logBuffer.append(String(decoding: handle.availableData, as: UTF8.self))
    }
    try process.run()
    var printed = ""
    let reader = output.fileHandleForReading
    while !printed.contains("\n") {
      let data = reader.availableData
      if data.isEmpty { break }
      printed += String(decoding: data, as: UTF8.self)
    }
    guard
      let range = printed.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
      let port = Int(printed[range].dropFirst("http://127.0.0.1:".count).dropLast())
    else {
      process.terminate()
      throw CocoaError(
        .fileReadUnknown,
        userInfo: [NSLocalizedDescriptionKey: "serve printed no address: \(printed)"])
    }
    self.port = port
  }

  /// Ctrl+C; the exit status once it has stopped (or nil if it does not stop in 20 s).
  func interrupt() -> Int32? {
    kill(process.processIdentifier, SIGINT)
    let stopped = eventually(20) { !process.isRunning }
    return stopped ? process.terminationStatus : nil
  }

  /// What it has written to standard error so far.
  var log: String { logBuffer.text }

  deinit {
    errors.fileHandleForReading.readabilityHandler = nil
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }
}

/// Text arriving on another thread (a child's standard error).
final class LogBuffer: Sendable {
  private let collected = Mutex("")

  func append(_ text: String) { collected.withLock { $0 += text } }

  var text: String { collected.withLock { $0 } }
}

/// Reads an event stream; `nextGeneration` blocks until the next `reload` event.
final class EventStream {
  let client: RawHTTP

  init(port: Int) throws {
    client = try RawHTTP(port: port, timeout: 15)
    client.request("/__stepwise/events", close: false)
  }

  /// The generation of the next `reload` event, or nil on timeout or end.
  func nextGeneration() -> Int? {
    var isReload = false
    while let line = client.line() {
      if line == "event: reload" { isReload = true }
      if isReload, line.hasPrefix("data: ") { return Int(line.dropFirst(6)) }
    }
    return nil
  }
}

@Suite(.serialized) struct ServeEndToEndTests {
  @Test func anEditReachesTheOpenPageAndErrorsShowAndGo() throws {
    let site = try ScratchSite()
    let serve = try ServeProcess(site: site.root)
    defer { _ = serve.interrupt() }

    let events = try EventStream(port: serve.port)
    let first = try #require(events.nextGeneration())
    let page = try RawHTTP.get("/pervaya/register/", port: serve.port)
    #expect(page.status == 200)
    #expect(page.headers["content-type"] == "text/html; charset=utf-8")
    #expect(page.body.contains("var seen=\(first)"))

    // An edit: the stream announces a newer generation, and the page has the new text.
    try site.edit("content/pages/register.md") { $0 + "\nПроверочный абзац номер один.\n" }
    let second = try #require(events.nextGeneration())
    #expect(second > first)
    let edited = try RawHTTP.get("/pervaya/register/", port: serve.port)
    #expect(edited.body.contains("Проверочный абзац номер один."))
    #expect(!edited.body.contains("id=\"stepwise-overlay\""))

    // A broken edit: the overlay names the file, line and rule over the last good page.
    try site.edit("content/pages/register.md") {
      $0.replacingOccurrences(of: "procedure: register", with: "procedure: registr")
    }
    let third = try #require(events.nextGeneration())
    #expect(third > second)
    let broken = try RawHTTP.get("/pervaya/register/", port: serve.port)
    #expect(broken.body.contains("id=\"stepwise-overlay\""))
    #expect(broken.body.contains("content/pages/register.md:3:"))
    #expect(broken.body.contains("Проверочный абзац номер один."))
    let elsewhere = try RawHTTP.get("/vtoraya/", port: serve.port)
    #expect(elsewhere.body.contains("id=\"stepwise-overlay\""))

    // The fix: the overlay goes.
    try site.edit("content/pages/register.md") {
      $0.replacingOccurrences(of: "procedure: registr", with: "procedure: register")
    }
    #expect(try #require(events.nextGeneration()) > third)
    let fixed = try RawHTTP.get("/pervaya/register/", port: serve.port)
    #expect(!fixed.body.contains("id=\"stepwise-overlay\""))
    #expect(fixed.body.contains("Проверочный абзац номер один."))

    // Over the wire too: traversal and a foreign Host.
    for path in [
      "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/pervaya/..%2f..%2fcontent/site.yaml",
      "/content/site.yaml",
    ] {
      #expect(try RawHTTP.get(path, port: serve.port).status == 404, "\(path)")
    }
    #expect(
      try RawHTTP.get("/", port: serve.port, host: "rebind.example:\(serve.port)").status == 403)
    let head = try RawHTTP(port: serve.port)
    head.request("/pervaya/register/", method: "HEAD")
    #expect(head.response().status == 200)
  }

  @Test func ctrlCStopsCleanlyWithAStreamOpen() throws {
    let site = try ScratchSite()
    let serve = try ServeProcess(site: site.root)
    let events = try EventStream(port: serve.port)
    #expect(events.nextGeneration() != nil)
    #expect(serve.interrupt() == 0)
  }

  @Test func aPortInUseIsAOneLineError() throws {
    let site = try ScratchSite()
    let first = try ServeProcess(site: site.root)
    defer { _ = first.interrupt() }
    let second = try runStepwise(
      ["serve", "--site", site.root.path, "--port", String(first.port)])
    #expect(second.status == 2)
    let message = "stepwise: error: port \(first.port) on 127.0.0.1 is already in use"
    #expect(second.errors.contains(message))
  }

  @Test func tooManyEventStreamsAreRefused() throws {
    let site = try ScratchSite()
    let serve = try ServeProcess(site: site.root, arguments: ["--max-event-streams", "2"])
    defer { _ = serve.interrupt() }
    let one = try EventStream(port: serve.port)
    let two = try EventStream(port: serve.port)
    #expect(one.nextGeneration() != nil)
    #expect(two.nextGeneration() != nil)
    let three = try RawHTTP(port: serve.port)
    three.request("/__stepwise/events")
    #expect(three.response().status == 503)
  }

  /// The peak resident memory of a process, from `/proc/<pid>/status`, in bytes.
  func peakMemory(of pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return nil }
    return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
  }

  @Test func assetsAreStreamedFromDisk() throws {
    let site = try ScratchSite()
    try site.edit("content/site.yaml") { $0 + "asset-size-limit: 4 GiB\n" }
    let text = "Текст вложения.\n"
    try Data(text.utf8).write(to: site.root.appendingPathComponent("content/assets/note.txt"))
    let big = open(
      site.root.appendingPathComponent("content/assets/big.bin").path, O_WRONLY | O_CREAT, 0o644)
    try #require(big >= 0)
    try #require(ftruncate(big, 3 << 30) == 0)
    close(big)
    let serve = try ServeProcess(site: site.root)
    defer { _ = serve.interrupt() }

    let note = try RawHTTP.get("/assets/note.txt", port: serve.port)
    #expect(note.status == 200)
    #expect(note.body == text)
    #expect(note.headers["content-length"] == String(text.utf8.count))

    // The 3 GiB asset: its length announced, then the reader goes away.
    let client = try RawHTTP(port: serve.port)
    client.request("/assets/big.bin")
    var head: [String] = []
    while let line = client.line(), !line.isEmpty { head.append(line.lowercased()) }
    #expect(head.first == "http/1.1 200 ok")
    #expect(head.contains("content-length: \(3 << 30)"))
    let peak = try #require(peakMemory(of: serve.process.processIdentifier))
    #expect(peak < 300 << 20, "the preview's peak memory is \(peak >> 20) MiB")
  }
}
