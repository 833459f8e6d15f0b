import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A minimal HTTP/1.1 client over a plain socket: it sends paths exactly as given (no
/// normalisation of `..`, unlike URLSession), and can read an event stream line by line.
public final class RawHTTP {
  /// The connected socket.
  public let fd: Int32
  private var buffer: [UInt8] = []

  /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds.
  public init(port: Int, timeout: Int = 10) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var time = timeval(tv_sec: timeout, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      close(fd)
      throw POSIXError(.ECONNREFUSED)
    }
  }

  deinit { close(fd) }

  /// Sends `text` as it is.
  public func send(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
  }

  /// Sends a request line and headers for `path`.
  public func request(
    _ path: String, host: String = "127.0.0.1", method: String = "GET", close: Bool = true
  ) {
    let connection = close ? "Connection: close\r\n" : ""
    send("\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\n\(connection)\r\n")
  }

  /// One line (without CRLF), or nil at the end of the stream or on timeout.
  public func line() -> String? {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        var line = Array(buffer[..<newline])
        buffer.removeSubrange(...newline)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
      }
      guard fill() else { return nil }
    }
  }

  private func fill() -> Bool {
    var chunk = [UInt8](repeating: 0, count: 65536)
    let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { return false }
    buffer += chunk[..<count]
    return true
  }

  /// Reads a whole `Connection: close` response: status and body.
  public func response() -> (status: Int, headers: [String: String], body: String) {
    while fill() {}
    let text = String(decoding: buffer, as: UTF8.self)
    let parts = text.components(separatedBy: "\r\n\r\n")
    let head = parts.first ?? ""
    let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
    var headers: [String: String] = [:]
    for line in head.split(separator: "\r\n").dropFirst() {
      if let colon = line.firstIndex(of: ":") {
        headers[line[..<colon].lowercased()] =
          line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      }
    }
    return (status, headers, parts.dropFirst().joined(separator: "\r\n\r\n"))
  }

  /// Reads one response on a connection kept alive: status, headers and the body of its
  /// `Content-Length`.
  public func keptAliveResponse() -> (status: Int, headers: [String: String], body: String) {
    guard let statusLine = line() else { return (0, [:], "") }
    let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
    var headers: [String: String] = [:]
    while let header = line(), !header.isEmpty {
      if let colon = header.firstIndex(of: ":") {
        headers[header[..<colon].lowercased()] =
          header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      }
    }
    let length = Int(headers["content-length"] ?? "") ?? 0
    while buffer.count < length, fill() {}
    let body = Array(buffer.prefix(length))
    buffer.removeFirst(body.count)
    return (status, headers, String(decoding: body, as: UTF8.self))
  }

  /// GET over a fresh connection.
  public static func get(
    _ path: String, port: Int, host: String = "127.0.0.1"
  ) throws -> (status: Int, headers: [String: String], body: String) {
    let client = try RawHTTP(port: port)
    client.request(path, host: host)
    return client.response()
  }
}

/// Waits up to `seconds` for `condition` (an upper bound for a failure, not a timing assertion).
public func eventually(_ seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
  let end = Date().addingTimeInterval(seconds)
  while Date() < end {
    if try condition() { return true }
    Thread.sleep(forTimeInterval: 0.02)
  }
  return try condition()
}
