import Foundation
import StepwiseTestSupport
import Synchronization

/// A minimal LSP client over a spawned `stepwise lsp`: frames requests, reads every message the
/// server writes on a thread of its own, and waits for the ones a test expects.
///
/// Its framing and JSON are Foundation's and its own, not the server's, so that the server is
/// judged by an independent reader.
final class LSPClient {
  let process: Process
  private let input: FileHandle
  private let inbox = Inbox()
  private var nextID = 0

  /// What the reading threads collect: message bodies and standard error.
  private final class Inbox: Sendable {
    let bodies = Mutex<[Data]>([])
    let arrived = DispatchSemaphore(value: 0)
    let errors = Mutex(Data())
    /// The server's output has ended.
    let ended = Mutex(false)
  }

  /// Any test waits at most this long for a message (a failing server, not a slow one).
  static let patience: TimeInterval = 120

  init(site: URL, arguments: [String] = []) throws {
    process = Process()
    process.executableURL = stepwiseExecutable
    process.arguments = ["lsp", "--today", "2026-11-22"] + arguments
    process.currentDirectoryURL = site
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    input = stdin.fileHandleForWriting
    try process.run()
    let output = stdout.fileHandleForReading
    let inbox = inbox
    Thread.detachNewThread {
      var buffer = Data()
      while true {
        let chunk = output.availableData
        if chunk.isEmpty { break }
        buffer.append(chunk)
        while let body = Self.takeBody(from: &buffer) {
          inbox.bodies.withLock { $0.append(body) }
          inbox.arrived.signal()
        }
      }
      inbox.ended.withLock { $0 = true }
      inbox.arrived.signal()
    }
    let errorOutput = stderr.fileHandleForReading
    Thread.detachNewThread {
      while true {
        let chunk = errorOutput.availableData
        if chunk.isEmpty { break }
        inbox.errors.withLock { $0.append(chunk) }
      }
    }
  }

  /// What the server wrote to standard error so far.
  var standardError: String { String(decoding: inbox.errors.withLock { $0 }, as: UTF8.self) }

  /// One framed body from the front of `buffer`, or nil until it is complete; a frame without
  /// a Content-Length gives a body that is not JSON (the test then fails on it).
  private static func takeBody(from buffer: inout Data) -> Data? {
    guard let end = buffer.range(of: Data("\r\n\r\n".utf8)) else { return nil }
    let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
    guard
      let line = header.split(separator: "\r\n").first(where: {
        $0.lowercased().hasPrefix("content-length:")
      }),
      let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
    else {
      buffer = Data(buffer[end.upperBound...])
      return Data("unframed: \(header)".utf8)
    }
    guard buffer.count - (end.upperBound - buffer.startIndex) >= length else { return nil }
    let body = Data(buffer[end.upperBound..<(end.upperBound + length)])
    buffer = Data(buffer[(end.upperBound + length)...])
    return body
  }

  /// A body as a JSON object (an unparsable one as `["unparsed": text]`).
  private static func object(_ body: Data) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
      ?? ["unparsed": String(decoding: body, as: UTF8.self)]
  }

  /// Writes raw bytes to the server.
  func writeRaw(_ bytes: Data) {
    input.write(bytes)
  }

  /// Writes one message, framed.
  func send(_ message: [String: Any]) throws {
    let body = try JSONSerialization.data(withJSONObject: message)
    writeRaw(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
  }

  func notify(_ method: String, _ params: [String: Any]) throws {
    try send(["jsonrpc": "2.0", "method": method, "params": params])
  }

  /// Sends a request and waits for its response.
  @discardableResult
  func request(_ method: String, _ params: Any = [String: Any]()) throws -> [String: Any] {
    nextID += 1
    let id = nextID
    try send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
    return try waitFor { ($0["id"] as? Int) == id && $0["method"] == nil }
  }

  /// Waits for (and removes) the first message, received or to come, that `matches`.
  func waitFor(_ matches: ([String: Any]) -> Bool) throws -> [String: Any] {
    let deadline = Date().addingTimeInterval(Self.patience)
    while true {
      let ended = inbox.ended.withLock { $0 }
      let bodies = inbox.bodies.withLock { $0 }
      if let index = bodies.firstIndex(where: { matches(Self.object($0)) }) {
        _ = inbox.bodies.withLock { $0.remove(at: index) }
        return Self.object(bodies[index])
      }
      if ended {
        throw ClientError("the server ended before the expected message; stderr: \(standardError)")
      }
      if inbox.arrived.wait(timeout: .now() + 1) == .timedOut, Date() > deadline {
        throw ClientError("no expected message within \(Self.patience) s; stderr: \(standardError)")
      }
    }
  }

  /// Waits for the diagnostics of `uri` published for document version `version`.
  func diagnostics(for uri: String, version: Int) throws -> [[String: Any]] {
    let message = try waitFor {
      guard $0["method"] as? String == "textDocument/publishDiagnostics",
        let params = $0["params"] as? [String: Any]
      else { return false }
      return params["uri"] as? String == uri && params["version"] as? Int == version
    }
    let params = message["params"] as? [String: Any]
    return params?["diagnostics"] as? [[String: Any]] ?? []
  }

  /// Closes the server's input and waits for it to end; its exit status.
  func finish() -> Int32 {
    try? input.close()
    process.waitUntilExit()
    return process.terminationStatus
  }

  deinit {
    if process.isRunning { process.terminate() }
  }
}

struct ClientError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
