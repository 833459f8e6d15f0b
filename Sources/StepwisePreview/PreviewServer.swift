import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import StepwiseCore
import StepwiseModel
import StepwiseSite

/// The snapshot being served and the browsers listening for rebuilds.
final class PreviewState: @unchecked Sendable {
  private let lock = NSLock()
  private var current = PreviewSnapshot.empty
  private var listeners: [UInt64: AsyncStream<Int>.Continuation] = [:]
  private var nextID: UInt64 = 0
  private var closed = false
  /// Most event streams open at once (each open preview tab holds one).
  let maximumListeners: Int

  init(maximumListeners: Int) {
    self.maximumListeners = maximumListeners
  }

  var snapshot: PreviewSnapshot { lock.withLock { current } }

  /// Publishes a rebuilt site and tells every listener its generation.
  func publish(_ snapshot: PreviewSnapshot) {
    let targets = lock.withLock {
      current = snapshot
      return Array(listeners.values)
    }
    for target in targets { target.yield(snapshot.generation) }
  }

  /// A stream of generations, starting with the current one; nil when too many are open or
  /// the server is stopping.
  func listen() -> (id: UInt64, events: AsyncStream<Int>)? {
    lock.withLock {
      guard !closed, listeners.count < maximumListeners else { return nil }
      nextID += 1
      let id = nextID
      let (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
      continuation.yield(current.generation)
      listeners[id] = continuation
      return (id, stream)
    }
  }

  func stopListening(_ id: UInt64) {
    let continuation = lock.withLock { listeners.removeValue(forKey: id) }
    continuation?.finish()
  }

  /// Ends every event stream (shutdown), so open connections do not hold the server.
  func closeAll() {
    let all = lock.withLock {
      closed = true
      defer { listeners = [:] }
      return Array(listeners.values)
    }
    for continuation in all { continuation.finish() }
  }

  var listenerCount: Int { lock.withLock { listeners.count } }
}

/// How the preview is run (`stepwise serve`).
public struct PreviewConfiguration: Sendable {
  public var root: URL
  public var host: String = "127.0.0.1"
  public var port: Int = 8080
  public var today: CalendarDate
  public var region: String?
  /// Poll instead of inotify.
  public var poll = false
  public var maximumEventStreams = 32
  /// Where new texts are parsed first (the render budget); nil parses in-process only.
  public var parseGuard: (any ParseGuard)?

  public init(root: URL, today: CalendarDate) {
    self.root = root
    self.today = today
  }
}

/// Why the preview could not start.
public enum PreviewError: Error, CustomStringConvertible, Sendable {
  case portInUse(host: String, port: Int)
  case cannotBind(host: String, port: Int, reason: String)
  case cannotStart(String)

  public var description: String {
    switch self {
    case .portInUse(let host, let port):
      "port \(port) on \(host) is already in use; stop the other program, or choose another port with --port (--port 0 picks a free one)"
    case .cannotBind(let host, let port, let reason):
      "cannot listen on \(host):\(port): \(reason)"
    case .cannotStart(let reason): reason
    }
  }
}

/// `stepwise serve`: builds the site in memory, serves it, rebuilds on every save and tells the
/// open pages to reload.
public final class PreviewServer: Sendable {
  public let configuration: PreviewConfiguration
  let state: PreviewState
  let routes: PreviewRoutes
  private let builder: BuilderBox
  private let log: @Sendable (String) -> Void

  public init(configuration: PreviewConfiguration, log: @escaping @Sendable (String) -> Void) {
    self.configuration = configuration
    self.state = PreviewState(maximumListeners: configuration.maximumEventStreams)
    self.routes = PreviewRoutes(bindHost: configuration.host)
    self.builder = BuilderBox(
      PreviewBuilder(
        root: configuration.root, today: configuration.today, region: configuration.region,
        parseGuard: configuration.parseGuard))
    self.log = log
  }

  /// The current site (tests).
  public var snapshot: PreviewSnapshot { state.snapshot }

  /// Rebuilds now and publishes the result; called on the watcher's thread (and once at start).
  func rebuild(_ changed: Set<String>) {
    let (report, snapshot) = builder.rebuild(changed: changed)
    let what = changed.isEmpty ? "" : " after " + changed.sorted().prefix(3).joined(separator: ", ") + (changed.count > 3 ? "…" : "")
    let milliseconds = String(format: "%.1f", report.seconds * 1000)
    var line = "rebuilt \(report.rendered) files in \(milliseconds) ms (\(report.scope.rawValue))\(what)"
    if report.errors > 0 { line += "; \(report.errors) error(s): the preview shows them over the last good build" }
    if let failure = snapshot.failure { line += "; \(failure)" }
    log(line)
    if report.scope == .nothingChanged, state.snapshot.diagnostics == snapshot.diagnostics { return }
    state.publish(snapshot)
  }

  /// Builds, starts watching, serves until SIGINT or SIGTERM. `ready` gets the address to open.
  public func run(ready: @escaping @Sendable (String) -> Void) async throws {
    rebuild([])
    // A wrong --region is a usage error, not something a save can fix.
    if configuration.region != nil, let failure = state.snapshot.failure, failure.hasPrefix("unknown region") {
      throw PreviewError.cannotStart(failure)
    }
    let watcher = makeWatcher()
    watcher.start { [self] changed in rebuild(changed) }
    defer { watcher.stop() }

    let configuration = self.configuration
    let host = configuration.host
    let app = Application(
      responder: PreviewResponder(state: state, routes: routes),
      configuration: .init(
        address: .hostname(host, port: configuration.port), serverName: nil, reuseAddress: false),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? configuration.port
        let shown = host.contains(":") ? "[\(host)]" : host
        ready("http://\(shown == "0.0.0.0" ? "127.0.0.1" : shown):\(port)/")
      },
      logger: Logger(label: "stepwise.preview", factory: { _ in SwiftLogNoOpLogHandler() })
    )
    // The event streams are ended first on Ctrl+C, so the server's own graceful shutdown does
    // not wait for them (services stop in reverse order).
    let group = ServiceGroup(
      configuration: .init(
        services: [app, ShutdownService(state: state, watcher: watcher)],
        gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger))
    do {
      try await group.run()
    } catch let error as IOError where error.errnoCode == EADDRINUSE {
      throw PreviewError.portInUse(host: host, port: configuration.port)
    } catch let error as IOError {
      throw PreviewError.cannotBind(host: host, port: configuration.port, reason: "\(error)")
    }
  }

  private func makeWatcher() -> any FileWatcher {
    #if os(Linux)
      if !configuration.poll, let watcher = InotifyWatcher(root: configuration.root) { return watcher }
      if !configuration.poll { log("inotify is not available; watching by polling every 0.25 s") }
    #endif
    return PollingWatcher(root: configuration.root)
  }
}

/// The builder, owned by the watcher thread (and the first build, before the watcher starts).
private final class BuilderBox: @unchecked Sendable {
  private let lock = NSLock()
  private let builder: PreviewBuilder

  init(_ builder: PreviewBuilder) { self.builder = builder }

  func rebuild(changed: Set<String>) -> (RebuildReport, PreviewSnapshot) {
    lock.withLock {
      // The first build reads everything; later ones trust the watcher for what changed.
      let report = builder.rebuild(changed: builder.snapshot.generation == 0 ? nil : changed)
      return (report, builder.snapshot)
    }
  }
}

/// Ends the event streams and the watcher when the server is asked to stop.
private struct ShutdownService: Service {
  let state: PreviewState
  let watcher: any FileWatcher

  func run() async throws {
    try? await gracefulShutdown()
    state.closeAll()
    watcher.stop()
  }
}

/// Hummingbird's side: the event stream, and everything else through `PreviewRoutes`.
struct PreviewResponder: HTTPResponder {
  typealias Context = BasicRequestContext
  let state: PreviewState
  let routes: PreviewRoutes

  func respond(to request: Request, context: Context) async throws -> Response {
    let host = request.head.authority
    let path = request.uri.path
    if path == PreviewRoutes.eventsPath {
      guard routes.isAllowed(host: host) else { return Self.response(routes.refusal(host: host), head: false) }
      return events()
    }
    let answer = routes.respond(
      method: request.method.rawValue, path: path, host: host, snapshot: state.snapshot)
    return Self.response(answer, head: request.method == .head)
  }

  /// Server-sent events: `reload` with the generation, now and after every rebuild. The page
  /// reloads only when the generation is newer than the one it was served at.
  private func events() -> Response {
    guard let (id, generations) = state.listen() else {
      return Self.response(PreviewRoutes.plain(503, "Stepwise preview: too many open event streams; close some preview tabs"), head: false)
    }
    let state = self.state
    var headers = HTTPFields()
    headers[.contentType] = "text/event-stream"
    headers[.cacheControl] = "no-store"
    let body = ResponseBody { writer in
      defer { state.stopListening(id) }
      try await writer.write(ByteBuffer(string: "retry: 500\n\n"))
      for await generation in generations {
        try await writer.write(ByteBuffer(string: "event: reload\ndata: \(generation)\n\n"))
      }
      try await writer.finish(nil)
    }
    return Response(status: .ok, headers: headers, body: body)
  }

  static func response(_ answer: PreviewResponse, head: Bool) -> Response {
    var headers = HTTPFields()
    for (name, value) in answer.headers {
      if let field = HTTPField.Name(name) { headers[field] = value }
    }
    let body =
      head
      ? ResponseBody()
      : answer.file.map { streamed($0, length: answer.headers["Content-Length"].flatMap { Int($0) }) }
        ?? ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
    if head, answer.file == nil { headers[.contentLength] = String(answer.body.count) }
    return Response(status: .init(code: answer.status), headers: headers, body: body)
  }

  /// A file's bytes in chunks of 64 KiB, read as the client takes them: never held whole.
  static func streamed(_ file: String, length: Int?) -> ResponseBody {
    ResponseBody(contentLength: length) { writer in
      let descriptor = open(file, O_RDONLY | O_CLOEXEC)
      // Gone since the request was answered: the connection ends short of the announced length.
      guard descriptor >= 0 else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: file]) }
      defer { close(descriptor) }
      var buffer = [UInt8](repeating: 0, count: 1 << 16)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { break }
        try await writer.write(ByteBuffer(bytes: buffer[..<count]))
      }
      try await writer.finish(nil)
    }
  }
}
