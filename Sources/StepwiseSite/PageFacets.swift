/// What a reader sees of a published HTML page: its text, the «labels» it quotes and the links
/// it holds, read from the HTML itself (so that a change is judged by what is published).
public struct PageFacets: Sendable, Equatable {
  /// The visible text, whitespace collapsed, with every «…» quote's content left out (a label's
  /// change is a change of `labels`, not of `text`).
  public var text: String
  /// The «quoted» texts, in page order.
  public var labels: [String]
  /// `href` and `src` values, in page order.
  public var links: [String]

  /// Reads the facets of an HTML page (`<script>` and `<style>` contents are not text).
  public init(html bytes: [UInt8]) {
    let html = String(decoding: bytes, as: UTF8.self)
    var text = ""
    var links: [String] = []
    var index = html.startIndex
    var skipUntil: String?
    while index < html.endIndex {
      let character = html[index]
      if character == "<" {
        guard let close = html[index...].firstIndex(of: ">") else { break }
        let tag = html[html.index(after: index)..<close]
        let name = tag.prefix { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "!" }.lowercased()
        if let skip = skipUntil {
          if name == "/" + skip { skipUntil = nil }
        } else {
          if name == "script" || name == "style" { skipUntil = name }
          links += Self.attributes(["href", "src"], in: tag)
          // Block boundaries separate words.
          text.append(" ")
        }
        index = html.index(after: close)
        continue
      }
      if skipUntil == nil {
        if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
          let entity = String(html[index...semicolon])
          text += Self.decode(entity)
          index = html.index(after: semicolon)
          continue
        }
        text.append(character)
      }
      index = html.index(after: index)
    }
    let (plain, labels) = Self.splitQuotes(text)
    self.text = plain.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    self.labels = labels
    self.links = links
  }

  /// The text with each top-level «…» replaced by «…», and the quotes' contents (whitespace
  /// collapsed).
  static func splitQuotes(_ text: String) -> (String, [String]) {
    var plain = ""
    var labels: [String] = []
    var depth = 0
    var current = ""
    for character in text {
      if character == "«" {
        if depth > 0 { current.append(character) }
        depth += 1
      } else if character == "»", depth > 0 {
        depth -= 1
        if depth == 0 {
          labels.append(current.split(whereSeparator: \.isWhitespace).joined(separator: " "))
          current = ""
          plain += "«…»"
        } else {
          current.append(character)
        }
      } else if depth > 0 {
        current.append(character)
      } else {
        plain.append(character)
      }
    }
    if depth > 0 { plain += "«" + current }
    return (plain, labels)
  }

  /// The values of the named attributes in a tag's text (double- or single-quoted).
  static func attributes(_ names: Set<String>, in tag: Substring) -> [String] {
    var values: [String] = []
    var rest = tag
    while let equals = rest.firstIndex(of: "=") {
      let name = rest[..<equals].reversed().prefix { !$0.isWhitespace }.reversed()
      var after = rest[rest.index(after: equals)...]
      guard let quote = after.first, quote == "\"" || quote == "'" else {
        rest = after
        continue
      }
      after = after.dropFirst()
      guard let end = after.firstIndex(of: quote) else { break }
      if names.contains(String(name).lowercased()) {
        values.append(decodeAll(String(after[..<end])))
      }
      rest = after[after.index(after: end)...]
    }
    return values
  }

  static func decodeAll(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var out = ""
    var index = text.startIndex
    while index < text.endIndex {
      if text[index] == "&", let semicolon = text[index...].prefix(10).firstIndex(of: ";") {
        out += decode(String(text[index...semicolon]))
        index = text.index(after: semicolon)
      } else {
        out.append(text[index])
        index = text.index(after: index)
      }
    }
    return out
  }

  /// One character reference (`&amp;`, `&#39;`, `&#x2014;`); unknown ones stay as written.
  static func decode(_ entity: String) -> String {
    switch entity {
    case "&amp;": return "&"
    case "&lt;": return "<"
    case "&gt;": return ">"
    case "&quot;": return "\""
    case "&apos;": return "'"
    case "&nbsp;": return "\u{A0}"
    case "&laquo;": return "«"
    case "&raquo;": return "»"
    default: break
    }
    let body = entity.dropFirst().dropLast()
    if body.hasPrefix("#x") || body.hasPrefix("#X"),
      let value = UInt32(body.dropFirst(2), radix: 16),
      let scalar = Unicode.Scalar(value)
    {
      return String(Character(scalar))
    }
    if body.hasPrefix("#"), let value = UInt32(body.dropFirst()), let scalar = Unicode.Scalar(value)
    {
      return String(Character(scalar))
    }
    return entity
  }
}
