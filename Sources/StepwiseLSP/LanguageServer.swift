import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseRender
import StepwiseSite
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// `stepwise lsp`: a Language Server for one site over a byte stream (standard input and
/// output).
///
/// Messages are read and answered on the reading thread; checks run on a queue of their own,
/// debounced, over the files on disk with the open documents' texts laid over them.
public final class LanguageServer: Sendable {
  /// What the server is started with.
  public struct Configuration: Sendable {
    public var root: URL
    public var today: CalendarDate
    /// `--region`: checked to exist, as `check` does (findings are those of every region).
    public var region: String?
    public var parseGuard: (any ParseGuard)?
    /// How long to wait after an edit before checking (further edits restart the wait).
    public var debounce: DispatchTimeInterval
    public var version: String
    /// The language of the diagnostics: Russian for editors unless `--lang en`, as the preview.
    public var language: Language

    public init(
      root: URL, today: CalendarDate, region: String? = nil, parseGuard: (any ParseGuard)? = nil,
      debounce: DispatchTimeInterval = .milliseconds(200), version: String = "dev",
      language: Language = .russian
    ) {
      self.language = language
      self.root = root
      self.today = today
      self.region = region
      self.parseGuard = parseGuard
      self.debounce = debounce
      self.version = version
    }
  }

  /// JSON-RPC and LSP error codes.
  enum ErrorCode: Int {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case serverNotInitialized = -32002
  }

  /// An open document.
  struct Document: Sendable {
    var uri: String
    var text: String
    var version: Int?
  }

  /// What the reading thread and the checks share.
  struct State: Sendable {
    var initialized = false
    var shutdown = false
    var encoding = PositionEncoding.utf16
    /// Open documents by site-relative path.
    var documents: [String: Document] = [:]
    /// Counts edits; a scheduled check runs only if no edit came after it was scheduled.
    var generation = 0
    /// The last content that loaded, and the texts of the last check.
    var content: Content?
    var sources: [String: String] = [:]
    /// Files whose last published diagnostics were not empty.
    var published: Set<String> = []
    var lastFailure: String?
    var checks = 0
  }

  /// What one check reuses from the last (touched on the check queue only).
  struct CheckSession: Sendable {
    var cache = ContentLoader.LoadCache()
    var templates: TemplateSet?
  }

  public let configuration: Configuration
  private let rootPath: String
  private let state = Mutex(State())
  private let session = Mutex(CheckSession())
  private let checks = DispatchQueue(label: "stepwise.lsp.check")
  private let output: Int32
  private let writing = Mutex(())
  private let log: @Sendable (String) -> Void

  public init(
    _ configuration: Configuration, output: Int32 = STDOUT_FILENO,
    log: @escaping @Sendable (String) -> Void = { message in
      FileHandle.standardError.write(Data(("stepwise lsp: " + message + "\n").utf8))
    }
  ) {
    self.configuration = configuration
    let path = configuration.root.standardizedFileURL.path
    self.rootPath = Self.realPath(path) ?? path
    self.output = output
    self.log = log
  }

  // MARK: - The stream

  /// Reads messages from `input` until `exit` or the end of the stream; returns the exit status
  /// (0 after `shutdown`, 1 otherwise, as the protocol asks).
  public func run(input: Int32 = STDIN_FILENO) -> Int32 {
    signal(SIGPIPE, SIG_IGN)
    var framer = MessageFramer()
    var bytes = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      while let frame = framer.next() {
        switch frame {
        case .malformed(let reason):
          log("dropped a malformed message: \(reason)")
          respond(id: .null, error: .parseError, "malformed message header: \(reason)")
        case .body(let body):
          if let status = handle(body) { return status }
        }
      }
      let count = bytes.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      framer.append(bytes[..<count])
    }
    return state.withLock { $0.shutdown } ? 0 : 1
  }

  /// Writes one message.
  private func send(_ message: JSON) {
    let framed = MessageFramer.frame(message.serialized())
    writing.withLock { _ in
      var offset = 0
      while offset < framed.count {
        let written = framed.withUnsafeBytes {
          write(output, $0.baseAddress.map { $0 + offset }, $0.count - offset)
        }
        if written < 0, errno == EINTR { continue }
        guard written > 0 else { return }
        offset += written
      }
    }
  }

  private func respond(id: JSON, result: JSON) {
    send(["jsonrpc": "2.0", "id": id, "result": result])
  }

  private func respond(id: JSON, error code: ErrorCode, _ message: String) {
    send([
      "jsonrpc": "2.0", "id": id,
      "error": ["code": .int(code.rawValue), "message": .string(message)],
    ])
  }

  private func notify(_ method: String, _ params: JSON) {
    send(["jsonrpc": "2.0", "method": .string(method), "params": params])
  }

  // MARK: - Messages

  /// Handles one message body; returns an exit status when the server is to stop.
  func handle(_ body: [UInt8]) -> Int32? {
    guard let message = JSON.parse(body) else {
      respond(id: .null, error: .parseError, "the message is not JSON text (UTF-8)")
      return nil
    }
    guard case .object = message, let method = message["method"]?.stringValue else {
      // A response to a request of ours (the server sends none), or nonsense.
      if case .object = message, message["id"] != nil,
        message["result"] != nil || message["error"] != nil
      {
        return nil
      }
      respond(
        id: Self.validID(message["id"]) ?? .null, error: .invalidRequest,
        "a request needs a 'method' string")
      return nil
    }
    let id = message["id"]
    if let id, Self.validID(id) == nil {
      respond(id: .null, error: .invalidRequest, "a request id is a number or a string")
      return nil
    }
    let params = message["params"] ?? .null
    if method == "exit" { return state.withLock { $0.shutdown } ? 0 : 1 }
    let (initialized, shutdown) = state.withLock { ($0.initialized, $0.shutdown) }
    guard let id else {
      if initialized { handleNotification(method, params) }
      return nil
    }
    if method == "initialize" {
      guard !initialized else {
        respond(id: id, error: .invalidRequest, "the server is already initialized")
        return nil
      }
      respond(id: id, result: initialize(params))
      return nil
    }
    guard initialized else {
      respond(id: id, error: .serverNotInitialized, "the first request must be 'initialize'")
      return nil
    }
    guard !shutdown else {
      respond(id: id, error: .invalidRequest, "the server is shutting down")
      return nil
    }
    switch handleRequest(method, params) {
    case .success(let result): respond(id: id, result: result)
    case .failure(let failure): respond(id: id, error: failure.code, failure.message)
    }
    return nil
  }

  /// A request id as JSON-RPC allows it: a number or a string.
  private static func validID(_ id: JSON?) -> JSON? {
    switch id {
    case .int, .string: id
    case .double(let value) where value.rounded() == value: id
    default: nil
    }
  }

  /// A request that cannot be answered.
  struct RequestFailure: Error {
    var code: ErrorCode
    var message: String
  }

  private func initialize(_ params: JSON) -> JSON {
    let offered = params["capabilities"]?["general"]?["positionEncodings"]?.arrayValue?
      .compactMap(\.stringValue)
    let encoding = PositionEncoding.negotiate(offered)
    state.withLock {
      $0.encoding = encoding
      $0.initialized = true
    }
    return [
      "capabilities": [
        "positionEncoding": .string(encoding.rawValue),
        "textDocumentSync": [
          "openClose": true, "change": 1, "save": ["includeText": true],
        ],
        "completionProvider": ["triggerCharacters": ["#", "{", "«", "("]],
        "hoverProvider": true,
        "definitionProvider": true,
      ],
      "serverInfo": ["name": "stepwise", "version": .string(configuration.version)],
    ]
  }

  private func handleNotification(_ method: String, _ params: JSON) {
    switch method {
    case "initialized":
      schedule(after: .milliseconds(0))
    case "textDocument/didOpen":
      guard let document = params["textDocument"], let uri = document["uri"]?.stringValue,
        let text = document["text"]?.stringValue, let file = relativePath(uri)
      else { return }
      state.withLock {
        $0.documents[file] = Document(
          uri: uri, text: Self.normalized(text), version: document["version"]?.intValue)
      }
      schedule(after: configuration.debounce)
    case "textDocument/didChange":
      guard let uri = params["textDocument"]?["uri"]?.stringValue, let file = relativePath(uri),
        let changes = params["contentChanges"]?.arrayValue
      else { return }
      let version = params["textDocument"]?["version"]?.intValue
      let applied = state.withLock { state -> Bool in
        guard var document = state.documents[file] else { return false }
        for change in changes {
          guard let text = change["text"]?.stringValue else { continue }
          if let range = change["range"] {
            document.text = Self.replacing(
              range, in: document.text, with: Self.normalized(text), encoding: state.encoding)
          } else {
            document.text = Self.normalized(text)
          }
        }
        document.version = version
        state.documents[file] = document
        return true
      }
      if applied { schedule(after: configuration.debounce) }
    case "textDocument/didSave":
      guard let uri = params["textDocument"]?["uri"]?.stringValue, let file = relativePath(uri)
      else { return }
      if let text = params["text"]?.stringValue {
        state.withLock { $0.documents[file]?.text = Self.normalized(text) }
      }
      schedule(after: configuration.debounce)
    case "textDocument/didClose":
      guard let uri = params["textDocument"]?["uri"]?.stringValue, let file = relativePath(uri)
      else { return }
      state.withLock { _ = $0.documents.removeValue(forKey: file) }
      schedule(after: configuration.debounce)
    case "workspace/didChangeWatchedFiles":
      schedule(after: configuration.debounce)
    default:
      // `$/cancelRequest` (every request is answered at once), `$/setTrace` and any other
      // notification: nothing to do.
      break
    }
  }

  private func handleRequest(_ method: String, _ params: JSON) -> Result<JSON, RequestFailure> {
    switch method {
    case "shutdown":
      state.withLock { $0.shutdown = true }
      return .success(.null)
    case "textDocument/completion", "textDocument/hover", "textDocument/definition":
      guard let uri = params["textDocument"]?["uri"]?.stringValue,
        let line = params["position"]?["line"]?.intValue,
        let character = params["position"]?["character"]?.intValue, line >= 0, character >= 0
      else {
        return .failure(
          RequestFailure(
            code: .invalidParams, message: "expected textDocument.uri and a position"))
      }
      guard let file = relativePath(uri) else {
        return .success(method == "textDocument/completion" ? .array([]) : .null)
      }
      let (features, text) = state.withLock { state in
        (
          LanguageFeatures(content: state.content, encoding: state.encoding),
          state.documents[file]?.text ?? state.sources[file] ?? ""
        )
      }
      switch method {
      case "textDocument/completion":
        return .success(
          features.completion(text: text, file: file, line: line, character: character))
      case "textDocument/hover":
        return .success(features.hover(text: text, file: file, line: line, character: character))
      default:
        guard
          let target = features.definition(
            text: text, file: file, line: line, character: character)
        else { return .success(.null) }
        return .success(location(target))
      }
    default:
      return .failure(
        RequestFailure(code: .methodNotFound, message: "'\(method)' is not supported"))
    }
  }

  // MARK: - Checks

  /// Checks after `delay`, unless another edit comes first.
  private func schedule(after delay: DispatchTimeInterval) {
    let generation = state.withLock {
      $0.generation += 1
      return $0.generation
    }
    checks.asyncAfter(deadline: .now() + delay) { [self] in
      guard state.withLock({ $0.generation }) == generation else { return }
      check()
    }
  }

  /// Checks the site with the open documents' texts and publishes what changed.
  private func check() {
    let documents = state.withLock { $0.documents }
    let started = DispatchTime.now()
    let result = session.withLock { session -> Result<CheckedSite, SiteError> in
      do throws(SiteError) {
        let site = try SitePipeline.check(
          root: configuration.root, today: configuration.today, region: configuration.region,
          parseGuard: configuration.parseGuard, cache: &session.cache,
          reusingTemplates: session.templates, overlay: documents.mapValues(\.text))
        session.templates = site.templates ?? session.templates
        return .success(site)
      } catch {
        return .failure(error)
      }
    }
    let milliseconds =
      Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e6
    switch result {
    case .failure(let error):
      let message = error.description
      let isNew = state.withLock { state -> Bool in
        defer { state.lastFailure = message }
        return state.lastFailure != message
      }
      log("cannot check the site: \(message)")
      if isNew { notify("window/showMessage", ["type": 1, "message": .string(message)]) }
    case .success(let site):
      publish(site, documents: documents, milliseconds: milliseconds)
    }
  }

  /// Publishes the findings of a check: every file with findings, and an empty list for each
  /// file whose findings went away.
  private func publish(_ site: CheckedSite, documents: [String: Document], milliseconds: Double) {
    var byFile: [String: [Diagnostic]] = [:]
    var placeless: [Diagnostic] = []
    for diagnostic in site.diagnostics {
      if let file = diagnostic.location?.file {
        byFile[file, default: []].append(diagnostic)
      } else {
        placeless.append(diagnostic)
      }
    }
    let (encoding, previous, number) = state.withLock { state in
      state.content = site.content ?? state.content
      state.sources = site.sources
      state.lastFailure = nil
      state.checks += 1
      defer { state.published = Set(byFile.keys) }
      return (state.encoding, state.published, state.checks)
    }
    var conversion = DiagnosticConversion(
      encoding: encoding, text: { documents[$0]?.text ?? site.sources[$0] },
      uri: { documents[$0]?.uri ?? self.uri(for: $0) })
    conversion.language = configuration.language
    for file in byFile.keys.sorted() {
      let list = (byFile[file] ?? []).compactMap { diagnostic in
        diagnostic.location.map { conversion.convert(diagnostic, at: $0) }
      }
      publish(file, list, documents: documents)
    }
    for file in previous.subtracting(byFile.keys).sorted() {
      publish(file, [], documents: documents)
    }
    for diagnostic in placeless {
      notify(
        "window/logMessage",
        ["type": 2, "message": .string("[\(diagnostic.rule.rawValue)] \(diagnostic.message)")])
    }
    let summary = String(
      format: "check #%d took %.1f ms: %d findings in %d files", number, milliseconds,
      site.diagnostics.count, byFile.count)
    log(summary)
    notify("window/logMessage", ["type": 4, "message": .string(summary)])
  }

  private func publish(_ file: String, _ diagnostics: [JSON], documents: [String: Document]) {
    var params: [String: JSON] = [
      "uri": .string(documents[file]?.uri ?? uri(for: file)), "diagnostics": .array(diagnostics),
    ]
    if let version = documents[file]?.version { params["version"] = .int(version) }
    notify("textDocument/publishDiagnostics", .object(params))
  }

  // MARK: - Paths and positions

  /// The site-relative path of a `file:` URI under the site, or nil.
  func relativePath(_ uri: String) -> String? {
    guard let url = URL(string: uri), url.isFileURL else { return nil }
    let path = url.standardizedFileURL.path
    for candidate in [path, Self.realPath(path)].compactMap(\.self)
    where candidate.hasPrefix(rootPath + "/") {
      return String(candidate.dropFirst(rootPath.count + 1))
    }
    return nil
  }

  /// The `file:` URI of a site-relative path.
  func uri(for file: String) -> String {
    URL(fileURLWithPath: rootPath).appendingPathComponent(file).absoluteString
  }

  /// An LSP location for a Stepwise one.
  private func location(_ location: SourceLocation) -> JSON {
    let (encoding, documents, sources) = state.withLock {
      ($0.encoding, $0.documents, $0.sources)
    }
    var conversion = DiagnosticConversion(
      encoding: encoding, text: { documents[$0]?.text ?? sources[$0] },
      uri: { documents[$0]?.uri ?? self.uri(for: $0) })
    return [
      "uri": .string(documents[location.file]?.uri ?? uri(for: location.file)),
      "range": conversion.range(of: location),
    ]
  }

  /// A text with `\n` line breaks only, as the loader reads files.
  static func normalized(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
    return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
      of: "\r", with: "\n")
  }

  /// The text with an LSP range replaced (an incremental change).
  static func replacing(
    _ range: JSON, in text: String, with replacement: String, encoding: PositionEncoding
  ) -> String {
    let lines = LineTable(text)
    let scalars = Array(text.unicodeScalars)
    /// The scalar offset in the text of an LSP position.
    func offset(_ position: JSON?) -> Int {
      let line = min(max(position?["line"]?.intValue ?? 0, 0), lines.lines.count)
      let before = lines.lines.prefix(line).reduce(0) { $0 + $1.unicodeScalars.count + 1 }
      guard line < lines.lines.count else { return scalars.count }
      let column = encoding.column(
        ofOffset: max(position?["character"]?.intValue ?? 0, 0), in: lines[line])
      return min(before + column - 1, scalars.count)
    }
    let start = offset(range["start"])
    let end = max(offset(range["end"]), start)
    var result = String.UnicodeScalarView()
    result.append(contentsOf: scalars[..<start])
    result.append(contentsOf: replacement.unicodeScalars)
    result.append(contentsOf: scalars[end...])
    return String(result)
  }

  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
