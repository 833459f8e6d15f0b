/// Splits a byte stream into JSON-RPC message bodies framed by `Content-Length` headers (the
/// base protocol of LSP), and frames bodies for writing.
///
/// Malformed input never stops the stream: a header block without a usable `Content-Length` is
/// dropped and reported, and the next message is read after it.
public struct MessageFramer: Sendable {
  /// Largest body accepted; a larger one is skipped and reported.
  public static let maximumBodyBytes = 64 << 20
  /// Largest header block accepted before its blank line.
  public static let maximumHeaderBytes = 8 << 10

  /// What the stream yielded.
  public enum Frame: Sendable, Equatable {
    /// One message body (not yet known to be JSON).
    case body([UInt8])
    /// A header block that cannot be used, and why; its bytes were dropped.
    case malformed(String)
  }

  private var buffer: [UInt8] = []
  /// Bytes of an oversized body still to be dropped as they arrive.
  private var skipping = 0

  public init() {}

  /// Adds bytes read from the stream.
  public mutating func append(_ bytes: some Sequence<UInt8>) {
    buffer.append(contentsOf: bytes)
    if skipping > 0 {
      let dropped = min(skipping, buffer.count)
      buffer.removeFirst(dropped)
      skipping -= dropped
    }
  }

  /// The next complete frame, or nil until more bytes arrive.
  public mutating func next() -> Frame? {
    guard skipping == 0 else { return nil }
    guard let (headerEnd, bodyStart) = headerBlockEnd() else {
      if buffer.count > Self.maximumHeaderBytes {
        buffer.removeAll()
        return .malformed("a header block longer than \(Self.maximumHeaderBytes) bytes")
      }
      return nil
    }
    let header = String(decoding: buffer[..<headerEnd], as: UTF8.self)
    switch Self.contentLength(in: header) {
    case .failure(let reason):
      buffer.removeFirst(bodyStart)
      return .malformed(reason.description)
    case .success(let length):
      if length > Self.maximumBodyBytes {
        buffer.removeFirst(bodyStart)
        let dropped = min(length, buffer.count)
        buffer.removeFirst(dropped)
        skipping = length - dropped
        return .malformed(
          "a body of \(length) bytes; the most accepted is \(Self.maximumBodyBytes)")
      }
      guard buffer.count >= bodyStart + length else { return nil }
      let body = Array(buffer[bodyStart..<(bodyStart + length)])
      buffer.removeFirst(bodyStart + length)
      return .body(body)
    }
  }

  /// Where the header block ends (before its blank line) and the body starts: at the first
  /// `\r\n\r\n` (or, leniently, `\n\n`).
  private func headerBlockEnd() -> (Int, Int)? {
    let newline = UInt8(ascii: "\n")
    var index = 0
    while index < buffer.count, let found = buffer[index...].firstIndex(of: newline) {
      if found + 1 < buffer.count, buffer[found + 1] == newline { return (found, found + 2) }
      if found + 2 < buffer.count, buffer[found + 1] == UInt8(ascii: "\r"),
        buffer[found + 2] == newline
      {
        return (found, found + 3)
      }
      index = found + 1
    }
    return nil
  }

  /// The value of the `Content-Length` header, or why there is none to use.
  static func contentLength(in header: String) -> Result<Int, HeaderError> {
    var length: Int?
    // `\r\n` is one Character: split at any line break.
    for line in header.split(whereSeparator: \.isNewline) {
      guard let colon = line.firstIndex(of: ":") else {
        return .failure(HeaderError("a header line without ':' (\(Self.shown(line)))"))
      }
      let name = line[..<colon].trimmingSpaces.lowercased()
      let value = line[line.index(after: colon)...].trimmingSpaces
      if name == "content-length" {
        guard let number = Int(value), number >= 0, value.allSatisfy(\.isASCII) else {
          return .failure(
            HeaderError("a Content-Length that is not a number (\(Self.shown(value)))"))
        }
        length = number
      }
    }
    guard let length else { return .failure(HeaderError("a header block without Content-Length")) }
    return .success(length)
  }

  /// At most 40 characters of header text, for a message.
  private static func shown(_ text: Substring) -> String {
    text.count > 40 ? String(text.prefix(40)) + "…" : String(text)
  }

  /// Frames a body: `Content-Length: N\r\n\r\n` and the body.
  public static func frame(_ body: [UInt8]) -> [UInt8] {
    Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
  }
}

/// Why a header block cannot be used.
public struct HeaderError: Error, Sendable, Equatable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

extension Substring {
  /// Without spaces and tabs at either end.
  fileprivate var trimmingSpaces: Substring {
    var text = self
    while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
    while let last = text.last, last == " " || last == "\t" { text.removeLast() }
    return text
  }
}
