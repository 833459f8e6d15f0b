import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import StepwiseCore
import StepwiseModel
import StepwiseSite
import Synchronization

/// The snapshot being served and the browsers listening for rebuilds.
final class PreviewState: Sendable {
  /// One open event stream: what it still has to write, and how to wake its writer.
  private struct Listener {
    var wake: AsyncStream<Void>.Continuation
    /// The generation to announce, when newer than the last one written.
    var generation: Int?
    /// A `: keep-alive` comment is due (a write tells a departed client from a quiet one).
    var heartbeat = false
  }

  /// Everything the lock guards.
  private struct Guarded {
    var current = PreviewSnapshot.empty
    var listeners: [UInt64: Listener] = [:]
    var nextID: UInt64 = 0
    var closed = false
  }

  private let guarded = Mutex(Guarded())
  /// Most event streams open at once (each open preview tab holds one).
  let maximumListeners: Int

  init(maximumListeners: Int) {
    self.maximumListeners = maximumListeners
  }

  var snapshot: PreviewSnapshot { guarded.withLock { $0.current } }

  /// Publishes a rebuilt site and tells every listener its generation.
  ///
  /// A snapshot older than
  /// the one served (a retry and a save finishing in the other order) is dropped.
  func publish(_ snapshot: PreviewSnapshot) {
    let targets = guarded.withLock { state -> [AsyncStream<Void>.Continuation] in
      guard snapshot.generation > state.current.generation else { return [] }
      state.current = snapshot
      for id in state.listeners.keys { state.listeners[id]?.generation = snapshot.generation }
      return state.listeners.values.map(\.wake)
    }
    for target in targets { target.yield() }
  }

  /// Asks every stream to write a heartbeat now: a stream whose client is gone fails to write
  /// and gives its slot back.
  func heartbeat() {
    let targets = guarded.withLock { state in
      for id in state.listeners.keys { state.listeners[id]?.heartbeat = true }
      return state.listeners.values.map(\.wake)
    }
    for target in targets { target.yield() }
  }

  /// A stream of wake-ups, the first one for the current generation; nil when too many are
  /// open or the server is stopping.
  ///
  /// After each wake-up, `pending(_:)` says what to write.
  func listen() -> (id: UInt64, wakes: AsyncStream<Void>)? {
    guarded.withLock { state in
      guard !state.closed, state.listeners.count < maximumListeners else { return nil }
      state.nextID += 1
      let id = state.nextID
      let (stream, continuation) = AsyncStream<Void>.makeStream(
        bufferingPolicy: .bufferingNewest(1))
      state.listeners[id] = Listener(wake: continuation, generation: state.current.generation)
      continuation.yield()
      return (id, stream)
    }
  }

  /// What a stream has to write now (and clears it).
  func pending(_ id: UInt64) -> (generation: Int?, heartbeat: Bool) {
    guarded.withLock { state in
      guard let listener = state.listeners[id] else { return (nil, false) }
      state.listeners[id]?.generation = nil
      state.listeners[id]?.heartbeat = false
      return (listener.generation, listener.heartbeat)
    }
  }

  func stopListening(_ id: UInt64) {
    let listener = guarded.withLock { $0.listeners.removeValue(forKey: id) }
    listener?.wake.finish()
  }

  /// Ends every event stream (shutdown), so open connections do not hold the server.
  func closeAll() {
    let all = guarded.withLock { state in
      state.closed = true
      defer { state.listeners = [:] }
      return Array(state.listeners.values)
    }
    for listener in all { listener.wake.finish() }
  }

  var listenerCount: Int { guarded.withLock { $0.listeners.count } }
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
  /// Seconds after which a connection that sends nothing (or only part of a request) is
  /// closed.
  ///
  /// Event streams are not idle: they are kept while their client is there.
  public var idleTimeout: Double = 15
  /// Seconds between the `: keep-alive` comments written to every event stream; a write that
  /// fails frees the stream's slot.
  public var heartbeatInterval: Double = 5
  /// Where new texts are parsed first (the render budget); nil parses in-process only.
  public var parseGuard: (any ParseGuard)?
  /// The language of the overlay and the region bar: Russian unless `--lang en`.
  public var language: Language = .russian
  /// `--base-url`: the address written instead of site.yaml's.
  public var baseURL: String?

  public init(root: URL, today: CalendarDate) {
    self.root = root
    self.today = today
  }
}

/// Why the preview could not start.
public enum PreviewError: Error, CustomStringConvertible, Sendable {
  case portInUse(host: String, port: Int)
  case cannotBind(host: String, port: Int, reason: String)
  /// The site cannot be previewed as asked (an unknown `--region`).
  case cannotStart(SiteError)

  public var description: String {
    switch self {
    case .portInUse(let host, let port):
      "port \(port) on \(host) is already in use; stop the other program, or choose another port with --port (--port 0 picks a free one)"
    case .cannotBind(let host, let port, let reason):
      "cannot listen on \(host):\(port): \(reason)"
    case .cannotStart(let failure): PreviewRoutes.message(for: failure)
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
  private let retries = RetryQueue()
  private let log: @Sendable (String) -> Void

  public init(configuration: PreviewConfiguration, log: @escaping @Sendable (String) -> Void) {
    self.configuration = configuration
    self.state = PreviewState(maximumListeners: configuration.maximumEventStreams)
    var routes = PreviewRoutes(bindHost: configuration.host)
    routes.language = configuration.language
    self.routes = routes
    self.builder = BuilderBox(
      PreviewBuilder(
        root: configuration.root, today: configuration.today, region: configuration.region,
        parseGuard: configuration.parseGuard, baseURL: configuration.baseURL))
    self.log = log
  }

  /// The current site (tests).
  public var snapshot: PreviewSnapshot { state.snapshot }

  /// Rebuilds now and publishes the result; called on the watcher's thread (and once at start),
  /// and again a moment later after a failure of this computer (too many open files), which
  /// may pass without any save.
  func rebuild(_ changed: Set<String>, retrying: Bool = false) {
    let (report, snapshot) = builder.rebuild(changed: changed)
    let previous = state.snapshot
    let sameFailure = snapshot.failure != nil && snapshot.failure == previous.failure
    let retry = snapshot.failure != nil && snapshot.failureIsInputOutput
    let what =
      changed.isEmpty
      ? ""
      : " after " + changed.sorted().prefix(3).joined(separator: ", ")
        + (changed.count > 3 ? "…" : "")
    let milliseconds = String(format: "%.1f", report.seconds * 1000)
    var line =
      "rebuilt \(report.rendered) files in \(milliseconds) ms (\(report.scope.rawValue))\(what)"
    if ProcessInfo.processInfo.environment["STEPWISE_PREVIEW_PHASES"] == "1" {
      line += " [\(report.phases.summary)]"
    }
    if report.errors > 0 {
      line += "; \(report.errors) error(s): the preview shows them over the last good build"
    }
    if let failure = snapshot.failure { line += "; \(PreviewRoutes.message(for: failure))" }
    if retry {
      line += "; the preview keeps the last good build and tries again every \(Self.retrySeconds) s"
    }
    // A retry that fails as the last attempt did says nothing new.
    if !(retrying && sameFailure) { log(line) }
    if retry {
      retries.schedule(changed, after: Self.retrySeconds) { [self] pending in
        rebuild(pending, retrying: true)
      }
    }
    if report.scope == .nothingChanged, previous.diagnostics == snapshot.diagnostics { return }
    // The open pages show this failure already.
    if sameFailure { return }
    state.publish(snapshot)
  }

  /// Seconds between the attempts of a rebuild that failed for a reason of this computer.
  static let retrySeconds = 2

  /// Builds, starts watching, serves until SIGINT or SIGTERM.
  ///
  /// `ready` gets the address to open.
  public func run(ready: @escaping @Sendable (String) -> Void) async throws {
    // Each open connection holds a descriptor: the common soft limit of 1024 is too few for a
    // browser's connections plus a rebuild's files once some client holds many sockets.
    if let problem = OpenFileLimit.raiseToHardLimit() { log(problem) }
    rebuild([])
    // A wrong --region is a usage error, not something a save can fix.
    if configuration.region != nil, let failure = state.snapshot.failure,
      case .unknownRegion = failure
    {
      throw PreviewError.cannotStart(failure)
    }
    let watcher = makeWatcher()
    watcher.start { [self] changed in rebuild(changed) }
    defer { watcher.stop() }

    let configuration = self.configuration
    let host = configuration.host
    let idleTimeout = TimeAmount.nanoseconds(Int64(max(configuration.idleTimeout, 0.05) * 1e9))
    let app = Application(
      responder: PreviewResponder(state: state, routes: routes),
      server: .http1(
        configuration: .init(
          additionalChannelHandlers: [DepartureHandler()], idleTimeout: idleTimeout)),
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
        services: [
          app,
          ShutdownService(
            state: state, watcher: watcher, heartbeatInterval: configuration.heartbeatInterval),
        ],
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
      if !configuration.poll, let watcher = InotifyWatcher(root: configuration.root) {
        return watcher
      }
      if !configuration.poll { log("inotify is not available; watching by polling every 0.25 s") }
    #endif
    return PollingWatcher(root: configuration.root)
  }
}

/// The changed files of rebuilds that failed for a reason of this computer, rebuilt together
/// once, a moment later.
private final class RetryQueue: Sendable {
  /// The files named since the last run, and whether a run is scheduled.
  private let guarded = Mutex((pending: Set<String>(), scheduled: false))

  /// Runs `rebuild` with every file named since, after `seconds`, unless a run is scheduled.
  func schedule(
    _ changed: Set<String>, after seconds: Int, rebuild: @escaping @Sendable (Set<String>) -> Void
  ) {
    let first = guarded.withLock { state in
      state.pending.formUnion(changed)
      defer { state.scheduled = true }
      return !state.scheduled
    }
    guard first else { return }
    DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds)) { [self] in
      let files = guarded.withLock { state in
        state.scheduled = false
        defer { state.pending = [] }
        return state.pending
      }
      rebuild(files)
    }
  }
}

/// The builder, owned by the watcher thread (and the first build, before the watcher starts).
private final class BuilderBox: Sendable {
  private let builder: Mutex<PreviewBuilder>

  init(_ builder: sending PreviewBuilder) { self.builder = Mutex(builder) }

  func rebuild(changed: Set<String>) -> (RebuildReport, PreviewSnapshot) {
    builder.withLock { builder in
      // The first build reads everything; later ones trust the watcher for what changed.
      let report = builder.rebuild(changed: builder.snapshot.generation == 0 ? nil : changed)
      return (report, builder.snapshot)
    }
  }
}

/// Beats the event streams' heartbeat while the server runs; ends the event streams and the
/// watcher when the server is asked to stop.
private struct ShutdownService: Service {
  let state: PreviewState
  let watcher: any FileWatcher
  let heartbeatInterval: Double

  func run() async throws {
    let interval = Duration.milliseconds(Int64(max(heartbeatInterval, 0.05) * 1000))
    try? await cancelWhenGracefulShutdown { [state] in
      while true {
        try await Task.sleep(for: interval)
        state.heartbeat()
      }
    }
    state.closeAll()
    watcher.stop()
  }
}

/// The request context of the preview: Hummingbird's basic one, plus the connection, so an
/// event stream can end as soon as its client goes away.
struct PreviewContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  let channel: any Channel

  init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    channel = source.channel
  }
}

/// Sent down a connection's pipeline when it starts serving an event stream.
struct EventStreamStarted: Sendable {}

/// Closes a connection serving an event stream once its client has closed its side.
///
/// The
/// server allows half-closed connections (a client may send a request and shut down its
/// writing side before reading the answer), so a departed browser's event stream would
/// otherwise stay open, holding its slot, until a write to it failed.
final class DepartureHandler: ChannelDuplexHandler, RemovableChannelHandler {
  // Parts pass through untouched: neither type is unwrapped.
  typealias InboundIn = NIOAny
  typealias OutboundIn = NIOAny

  private var inputClosed = false
  private var streaming = false

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let event = event as? ChannelEvent, event == .inputClosed {
      inputClosed = true
      if streaming {
        context.close(promise: nil)
        return
      }
    }
    context.fireUserInboundEventTriggered(event)
  }

  func triggerUserOutboundEvent(
    context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?
  ) {
    guard event is EventStreamStarted else {
      context.triggerUserOutboundEvent(event, promise: promise)
      return
    }
    streaming = true
    promise?.succeed(())
    if inputClosed { context.close(promise: nil) }
  }
}

/// Hummingbird's side: the event stream, and everything else through `PreviewRoutes`.
struct PreviewResponder: HTTPResponder {
  typealias Context = PreviewContext
  let state: PreviewState
  let routes: PreviewRoutes
  /// How long a request for an event stream waits, when every slot is taken, for the
  /// heartbeat to find departed clients before it is refused.
  var probeWait: Duration = .milliseconds(500)

  static let hostField = HTTPField.Name("Host")

  func respond(to request: Request, context: Context) async throws -> Response {
    // The first `Host` header is the authority; any other stays among the fields.
    let extraHosts = Self.hostField.map { request.headers[values: $0] } ?? []
    let hosts = (request.head.authority.map { [$0] } ?? []) + extraHosts
    let host = request.head.authority
    guard routes.isAllowed(hosts: hosts) else {
      return Self.response(routes.refusal(host: hosts.joined(separator: ", ")), head: false)
    }
    let path = request.uri.path
    if path == PreviewRoutes.eventsPath { return await events(channel: context.channel) }
    let answer = routes.respond(
      method: request.method.rawValue, path: path, host: host, snapshot: state.snapshot)
    return Self.response(answer, head: request.method == .head)
  }

  /// Server-sent events: `reload` with the generation, now and after every rebuild, and a
  /// `: keep-alive` comment every few seconds.
  ///
  /// The page reloads only when the generation is
  /// newer than the one it was served at. The stream ends, and frees its slot, when the
  /// connection closes or a write fails.
  private func events(channel: any Channel) async -> Response {
    guard let (id, wakes) = await listen() else {
      return Self.response(
        PreviewRoutes.plain(
          503, "Stepwise preview: too many open event streams; close some preview tabs"),
        head: false)
    }
    let state = self.state
    channel.closeFuture.whenComplete { _ in state.stopListening(id) }
    channel.triggerUserOutboundEvent(EventStreamStarted(), promise: nil)
    var headers = HTTPFields()
    headers[.contentType] = "text/event-stream"
    headers[.cacheControl] = "no-store"
    let body = ResponseBody { writer in
      defer { state.stopListening(id) }
      try await writer.write(ByteBuffer(string: "retry: 500\n\n"))
      for await _ in wakes {
        let (generation, heartbeat) = state.pending(id)
        var text = ""
        if let generation { text += "event: reload\ndata: \(generation)\n\n" }
        if heartbeat { text += ": keep-alive\n\n" }
        if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
      }
      try await writer.finish(nil)
    }
    return Response(status: .ok, headers: headers, body: body)
  }

  /// A slot for an event stream.
  ///
  /// When all are taken, the open streams are probed first (a
  /// heartbeat now), and the slots of clients that turn out to be gone are given out.
  private func listen() async -> (id: UInt64, wakes: AsyncStream<Void>)? {
    if let slot = state.listen() { return slot }
    state.heartbeat()
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: probeWait)
    while clock.now < deadline {
      try? await Task.sleep(for: .milliseconds(20))
      if let slot = state.listen() { return slot }
    }
    return nil
  }

  static func response(_ answer: PreviewResponse, head: Bool) -> Response {
    var headers = HTTPFields()
    for (name, value) in answer.headers {
      if let field = HTTPField.Name(name) { headers[field] = value }
    }
    let body =
      head
      ? ResponseBody()
      : answer.file.map {
        streamed($0, length: answer.headers["Content-Length"].flatMap { Int($0) })
      }
        ?? ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
    if head, answer.file == nil { headers[.contentLength] = String(answer.body.count) }
    return Response(status: .init(code: answer.status), headers: headers, body: body)
  }

  /// A file's bytes in chunks of 64 KiB, read as the client takes them: never held whole.
  static func streamed(_ file: String, length: Int?) -> ResponseBody {
    ResponseBody(contentLength: length) { writer in
      let descriptor = open(file, O_RDONLY | O_CLOEXEC)
      // Gone since the request was answered: the connection ends short of the announced length.
      guard descriptor >= 0 else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: file])
      }
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
