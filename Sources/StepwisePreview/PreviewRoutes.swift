import Foundation
import StepwiseCore
import StepwiseMarkdown
import StepwiseRender
import StepwiseSite

/// A response of the preview, independent of the HTTP library (so it can be tested directly).
public struct PreviewResponse: Sendable, Equatable {
  public var status: Int
  public var headers: [String: String]
  public var body: [UInt8]
  /// A file on disk whose bytes are the body, streamed by the server (an asset; `body` is empty).
  public var file: String? = nil

  public var text: String { String(decoding: body, as: UTF8.self) }
}

/// The preview's answers: files from the in-memory site, with the preview chrome in HTML pages.
///
/// Only assets come from disk, streamed from the source path the build recorded for their
/// site path, so no request path can reach anything else.
public struct PreviewRoutes: Sendable {
  /// Host names requests may carry (`127.0.0.1`, `localhost`…); anything else is refused, so a
  /// web page elsewhere cannot reach the preview through a DNS name of its own (DNS rebinding).
  public var allowedHosts: Set<String>
  /// True when bound to every interface (`--host 0.0.0.0`): any IP address is accepted as Host.
  public var anyAddress: Bool
  /// The language of the overlay, the region bar and the messages in them (Russian unless set).
  public var language: Language = .russian

  public init(bindHost: String) {
    var hosts: Set<String> = ["127.0.0.1", "localhost", "::1"]
    hosts.insert(bindHost.lowercased())
    allowedHosts = hosts
    anyAddress = bindHost == "0.0.0.0" || bindHost == "::"
  }

  /// Path of the event stream (served by the server layer, which can stream).
  public static let eventsPath = "/__stepwise/events"
  public static let statusPath = "/__stepwise/status"

  /// Whether the `Host` header names this preview: a known name, optionally followed by `:`
  /// and a port of digits (0…65535; an empty port is allowed, as RFC 3986 allows it).
  public func isAllowed(host: String?) -> Bool {
    guard let host, !host.isEmpty else { return false }
    var name = host.lowercased()
    var port: Substring?
    if name.hasPrefix("[") {
      guard let close = name.firstIndex(of: "]") else { return false }
      let rest = name[name.index(after: close)...]
      if !rest.isEmpty {
        guard rest.first == ":" else { return false }
        port = rest.dropFirst()
      }
      name = String(name[name.index(after: name.startIndex)..<close])
    } else if let colon = name.lastIndex(of: ":") {
      port = name[name.index(after: colon)...]
      name = String(name[..<colon])
    }
    if let port, !Self.isPort(port) { return false }
    if allowedHosts.contains(name) { return true }
    return anyAddress && Self.isIPAddress(name)
  }

  /// Whether the requests' `Host` headers name this preview: exactly one, and allowed.
  ///
  /// A
  /// request with two `Host` headers is refused whatever they say (RFC 9112 §3.2: a server
  /// must answer it as a bad request); a proxy or a browser never sends two.
  public func isAllowed(hosts: [String]) -> Bool {
    hosts.count == 1 && isAllowed(host: hosts.first)
  }

  /// Empty, or up to five ASCII digits no greater than 65535.
  static func isPort(_ text: Substring) -> Bool {
    guard text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
    return text.isEmpty || (Int(text) ?? 65536) <= 65535
  }

  static func isIPAddress(_ name: String) -> Bool {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    if parts.count == 4,
      parts.allSatisfy({ part in
        !part.isEmpty && part.count <= 3 && part.allSatisfy({ $0.isASCII && $0.isNumber })
          && (Int(part) ?? 256) <= 255
      })
    {
      return true
    }
    return name.contains(":") && name.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
  }

  /// The refusal of a request with a foreign `Host`.
  public func refusal(host: String?) -> PreviewResponse {
    Self.plain(
      403,
      "Stepwise preview: requests for '\(host ?? "")' are refused; open the address the preview printed (http://127.0.0.1:…/)."
    )
  }

  /// Answers a GET or HEAD for a raw (still percent-encoded) path, without its query.
  public func respond(
    method: String, path rawPath: String, host: String?, snapshot: PreviewSnapshot
  ) -> PreviewResponse {
    guard isAllowed(host: host) else { return refusal(host: host) }
    guard method == "GET" || method == "HEAD" else {
      var response = Self.plain(405, "Stepwise preview: only GET and HEAD")
      response.headers["Allow"] = "GET, HEAD"
      return response
    }
    if rawPath == Self.statusPath { return status(snapshot) }
    guard let path = Self.sitePath(rawPath) else { return notFound(snapshot) }
    if snapshot.files.isEmpty { return unbuilt(path: path, snapshot: snapshot) }
    if let bytes = snapshot.files[path] { return file(path, bytes, snapshot: snapshot) }
    if let source = snapshot.linkedFiles[path] { return linked(path, source, snapshot: snapshot) }
    // `/region/page` → `/region/page/` when that folder has an index.
    if !path.isEmpty, !path.hasSuffix("/"), snapshot.files[path + "/index.html"] != nil {
      return PreviewResponse(
        status: 301,
        headers: ["Location": "/" + path + "/", "Content-Type": "text/plain; charset=utf-8"],
        body: [])
    }
    return notFound(snapshot)
  }

  /// The site-relative file for a request path: percent-decoded, `index.html` for folders; nil
  /// for anything that tries to leave the site (`..`, encoded slashes or dots, NUL, backslash).
  public static func sitePath(_ raw: String) -> String? {
    guard raw.hasPrefix("/") else { return nil }
    let segments = raw.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
    var decoded: [String] = []
    for (index, segment) in segments.enumerated() {
      guard let part = percentDecoded(segment) else { return nil }
      if part.isEmpty {
        // Only a trailing slash may leave an empty segment.
        guard index == segments.count - 1 else { return nil }
        continue
      }
      if part == "." || part == ".." { return nil }
      if part.contains("/") || part.contains("\\")
        || part.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
      {
        return nil
      }
      decoded.append(part)
    }
    var path = decoded.joined(separator: "/")
    if raw.hasSuffix("/") || path.isEmpty {
      path += path.isEmpty ? "index.html" : "/index.html"
    }
    return path
  }

  /// Percent-decoding that fails on malformed escapes and invalid UTF-8.
  static func percentDecoded(_ text: Substring) -> String? {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
      guard byte == UInt8(ascii: "%") else {
        bytes.append(byte)
        continue
      }
      guard let high = iterator.next().flatMap(hexValue),
        let low = iterator.next().flatMap(hexValue)
      else { return nil }
      bytes.append(high << 4 | low)
    }
    return String(validating: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  // MARK: - Responses

  private func file(_ path: String, _ bytes: [UInt8], snapshot: PreviewSnapshot, status: Int = 200)
    -> PreviewResponse
  {
    let type = snapshot.contentTypes[path] ?? Self.contentType(path)
    var body = bytes
    if type.hasPrefix("text/html") {
      body = Self.inject(
        PreviewChrome.html(path: path, snapshot: snapshot, language: language), into: bytes)
    }
    return PreviewResponse(
      status: status, headers: ["Content-Type": type, "Cache-Control": "no-store"], body: body)
  }

  /// An asset, streamed from its source by the server; gone since the build: not found.
  private func linked(_ path: String, _ source: String, snapshot: PreviewSnapshot)
    -> PreviewResponse
  {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: source),
      attributes[.type] as? FileAttributeType == .typeRegular, let size = attributes[.size] as? Int
    else { return notFound(snapshot) }
    return PreviewResponse(
      status: 200,
      headers: [
        "Content-Type": Self.contentType(path), "Cache-Control": "no-store",
        "Content-Length": String(size),
      ],
      body: [], file: source)
  }

  private func notFound(_ snapshot: PreviewSnapshot) -> PreviewResponse {
    if let page = snapshot.files["404.html"] {
      return file("404.html", page, snapshot: snapshot, status: 404)
    }
    return Self.plain(404, "Not found")
  }

  /// Before the first build without errors there is no site: a page with the overlay only.
  private func unbuilt(path: String, snapshot: PreviewSnapshot) -> PreviewResponse {
    func text(_ message: PreviewMessage) -> String { HTMLEscaping.text(message.text(in: language)) }
    let page = """
      <!DOCTYPE html>
      <html lang="\(language.rawValue)"><head><meta charset="utf-8"><title>\(text(.unbuiltTitle))</title></head>
      <body><h1>\(text(.unbuiltHeading))</h1><p>\(text(.unbuiltText))</p></body></html>
      """
    return PreviewResponse(
      status: path.hasSuffix(".html") ? 503 : 404,
      headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
      body: Self.inject(
        PreviewChrome.html(path: path, snapshot: snapshot, language: language),
        into: Array(page.utf8)))
  }

  /// `/__stepwise/status`: the generation and the findings, as JSON (tests, scripts).
  private func status(_ snapshot: PreviewSnapshot) -> PreviewResponse {
    let diagnostics = DiagnosticFormatter(format: .json, useColor: false, source: { _ in nil })
      .render(snapshot.diagnostics)
    let failure =
      snapshot.failure.map { JSONText.quoted(Self.message(for: $0)) } ?? "null"
    let body =
      "{\"generation\":\(snapshot.generation),\"files\":\(snapshot.files.count),\"failure\":\(failure),\"check\":\(diagnostics.trimmingSuffixNewlines())}\n"
    return PreviewResponse(
      status: 200, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
      body: Array(body.utf8))
  }

  static func plain(_ status: Int, _ text: String) -> PreviewResponse {
    PreviewResponse(
      status: status, headers: ["Content-Type": "text/plain; charset=utf-8"],
      body: Array((text + "\n").utf8))
  }

  /// Inserts the chrome before the last `</body>`, or at the end.
  static func inject(_ chrome: String, into page: [UInt8]) -> [UInt8] {
    let marker = Array("</body>".utf8)
    var index = page.count - marker.count
    while index >= 0 {
      if page[index] == marker[0], Array(page[index..<(index + marker.count)]) == marker {
        return Array(page[..<index]) + Array(chrome.utf8) + Array(page[index...])
      }
      index -= 1
    }
    return page + Array(chrome.utf8)
  }

  /// The type of a file without one recorded by its output (an asset): by its extension.
  static func contentType(_ path: String) -> String { ContentTypes.of(path: path) }

  /// The message a failure shows in the status, the overlay and the log.
  static func message(for failure: SiteError) -> String { failure.description }
}

extension String {
  fileprivate func trimmingSuffixNewlines() -> Substring {
    var end = endIndex
    while end > startIndex, self[index(before: end)] == "\n" { end = index(before: end) }
    return self[..<end]
  }
}
