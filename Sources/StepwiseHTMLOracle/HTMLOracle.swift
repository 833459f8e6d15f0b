// The test of rendered output shared by the tests (XSSCorpusTests) and the fuzzer
// (StepwiseFuzz): every tag must be one the renderer and the templates write, with attributes
// they write, in double quotes; no event handler, no comment, no script-capable URL. Anything
// an editor typed that reached the output unescaped breaks this structure.

/// Finds what a browser could act on in generated HTML or XML.
public enum HTMLOracle {
  /// Which URLs `href` and `src` may hold.
  public enum URLPolicy: Sendable {
    /// A published site: http, https, mailto and tel only, and relative paths that stay on
    /// the site (no `//host`).
    case site
    /// cmark's safe mode: anything but javascript:, vbscript:, file: and non-image data:.
    case cmarkSafe
    /// No URL rule, tags and attributes only: for content `check` refuses to publish.
    case structureOnly
  }

  /// Everything in a generated file (HTML, or the sitemap's XML) that a browser could act on:
  /// a tag the templates and the renderer never write (`<script`, `<iframe`, `<svg`,
  /// `<style`…), an attribute they never write (`on…=` event handlers above all), an attribute
  /// value that is not in double quotes or holds a raw `<`/`>`, a comment (but those in
  /// `allowedComments`), a tag or value left open, and an `href`/`src` that `urls` does not
  /// allow.
  ///
  /// Each finding is a line with an excerpt.
  public static func findings(
    in text: String, urls: URLPolicy = .site, allowedComments: Set<String> = []
  ) -> [String] {
    let allowedTags: Set<String> = [
      "html", "head", "meta", "title", "link", "body", "header", "footer", "main", "nav", "section",
      "aside", "div", "span", "p", "a", "strong", "em", "del", "code", "pre", "blockquote", "hr",
      "br",
      "img", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr",
      "th", "td", "urlset", "url", "loc", "lastmod",
      // The search form (search.mustache).
      "form", "label", "input", "button",
    ]
    let allowedAttributes: Set<String> = [
      "lang", "charset", "name", "content", "rel", "href", "src", "alt", "title", "class", "id",
      "tabindex", "role", "aria-label", "aria-labelledby", "aria-current", "aria-hidden", "start",
      "align", "xmlns", "property",
      // The search form (search.mustache).
      "action", "data-index", "data-pages", "for", "type", "autocomplete", "spellcheck",
      "aria-controls",
      "aria-live", "hidden",
    ]
    let prologues = ["<!DOCTYPE html>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
    let scalars = Array(text.unicodeScalars)
    var findings: [String] = []
    func excerpt(_ at: Int) -> String {
      let around = scalars[max(0, at - 30)..<min(scalars.count, at + 60)]
      let text = String(String.UnicodeScalarView(around))
      return String(text.map { $0 == "\n" ? "⏎" : $0 })
    }
    func isName(_ scalar: Unicode.Scalar) -> Bool {
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
    }
    func starts(_ at: Int, with literal: String) -> Bool {
      let literal = Array(literal.unicodeScalars)
      return at + literal.count <= scalars.count
        && Array(scalars[at..<(at + literal.count)]) == literal
    }
    var index = 0
    scanning: while index < scalars.count {
      guard scalars[index] == "<" else {
        index += 1
        continue
      }
      let tagStart = index
      if let prologue = prologues.first(where: { starts(index, with: $0) }) {
        index += prologue.unicodeScalars.count
        continue
      }
      if let comment = allowedComments.first(where: { starts(index, with: $0) }) {
        index += comment.unicodeScalars.count
        continue
      }
      if let script = searchScript(in: scalars, at: index) {
        index = script
        continue
      }
      if starts(index, with: "<!--") {
        findings.append("comment: \(excerpt(tagStart))")
        index += 4
        continue
      }
      index += 1
      if index < scalars.count, scalars[index] == "/" { index += 1 }
      let nameStart = index
      while index < scalars.count, isName(scalars[index]) { index += 1 }
      let name = String(String.UnicodeScalarView(scalars[nameStart..<index])).lowercased()
      if name.isEmpty {
        // `<` not followed by a letter is text to a browser (`a < b`); the renderers escape it
        // anyway, so it is worth a finding.
        findings.append("raw '<': \(excerpt(tagStart))")
        continue
      }
      if !allowedTags.contains(name), !diagramTags.contains(name) {
        findings.append("tag <\(name)>: \(excerpt(tagStart))")
      }
      while true {
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\n" { index += 1 }
        guard index < scalars.count else {
          findings.append("unterminated tag <\(name)>: \(excerpt(tagStart))")
          break scanning
        }
        if scalars[index] == ">" {
          index += 1
          continue scanning
        }
        if starts(index, with: "/>") {
          index += 2
          continue scanning
        }
        if scalars[index] == "/" {
          // A browser reads `/` between attributes as a separator.
          index += 1
          continue
        }
        let attributeStart = index
        while index < scalars.count, isName(scalars[index]) { index += 1 }
        let attribute = String(String.UnicodeScalarView(scalars[attributeStart..<index]))
          .lowercased()
        if attribute.isEmpty {
          // A character a browser takes as the start of an attribute name (`"`, a combining
          // mark…).
          findings.append("stray '\(scalars[index])' in <\(name)>: \(excerpt(attributeStart))")
          index += 1
          continue
        }
        if attribute.hasPrefix("on") {
          findings.append("event handler '\(attribute)': \(excerpt(attributeStart))")
        } else if !allowedAttributes.contains(attribute), !diagramAttributes.contains(attribute) {
          findings.append("attribute '\(attribute)' in <\(name)>: \(excerpt(attributeStart))")
        }
        var value = ""
        if starts(index, with: "=\"") || starts(index, with: "='") {
          let quote = scalars[index + 1]
          if quote == "'" {
            findings.append("attribute in single quotes in <\(name)>: \(excerpt(attributeStart))")
          }
          index += 2
          let valueStart = index
          while index < scalars.count, scalars[index] != quote { index += 1 }
          guard index < scalars.count else {
            findings.append("unterminated attribute value in <\(name)>: \(excerpt(attributeStart))")
            break scanning
          }
          value = String(String.UnicodeScalarView(scalars[valueStart..<index]))
          index += 1
        } else if starts(index, with: "=") {
          findings.append("attribute without quotes in <\(name)>: \(excerpt(attributeStart))")
          index += 1
          let valueStart = index
          while index < scalars.count, !" \n\t>".unicodeScalars.contains(scalars[index]) {
            index += 1
          }
          value = String(String.UnicodeScalarView(scalars[valueStart..<index]))
        } else {
          findings.append("attribute without a value in <\(name)>: \(excerpt(attributeStart))")
        }
        if value.contains("<") || value.contains(">") {
          findings.append("raw '<' or '>' in attribute '\(attribute)': \(excerpt(attributeStart))")
        }
        if attribute == "href" || attribute == "src" || attribute == "action"
          || attribute == "data-index" || attribute == "data-pages",
          let problem = dangerousURL(value, urls: urls)
        {
          findings.append("\(problem) in \(attribute): \(excerpt(attributeStart))")
        }
      }
    }
    return findings
  }

  /// The one script the templates load: `<script src="(../)*static/search.js" defer></script>`,
  /// exactly; the index after it, or nil for any other text (a `<script` is then a finding).
  static func searchScript(in scalars: [Unicode.Scalar], at start: Int) -> Int? {
    func literal(_ text: String, at index: Int) -> Int? {
      let literal = Array(text.unicodeScalars)
      guard index + literal.count <= scalars.count,
        Array(scalars[index..<(index + literal.count)]) == literal
      else { return nil }
      return index + literal.count
    }
    guard var index = literal("<script src=\"", at: start) else { return nil }
    while let next = literal("../", at: index) { index = next }
    return literal("static/search.js\" defer></script>", at: index)
  }

  /// Why a URL written in an attribute would be dangerous under `urls`, as a browser reads it:
  /// character references decoded, tabs and newlines removed, leading spaces and controls
  /// skipped.
  public static func dangerousURL(_ attributeValue: String, urls: URLPolicy = .site) -> String? {
    if case .structureOnly = urls { return nil }
    let decoded = decodeCharacterReferences(attributeValue)
    var url = Substring(decoded.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" })
    while let first = url.unicodeScalars.first, first.value <= 0x20 { url = url.dropFirst() }
    if case .site = urls, url.hasPrefix("//") || url.hasPrefix("\\\\") || url.hasPrefix("/\\") {
      return "an address leaving the site without a scheme"
    }
    guard let colon = url.firstIndex(of: ":") else { return nil }
    let scheme = url[..<colon].lowercased()
    func isSchemeScalar(_ scalar: Unicode.Scalar) -> Bool {
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
          || "+-.".unicodeScalars.contains(scalar))
    }
    guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
      scheme.unicodeScalars.allSatisfy(isSchemeScalar)
    else { return nil }
    switch urls {
    case .structureOnly: return nil
    case .site:
      return ["http", "https", "mailto", "tel"].contains(scheme) ? nil : "a '\(scheme):' URL"
    case .cmarkSafe:
      if ["javascript", "vbscript", "file"].contains(scheme) { return "a '\(scheme):' URL" }
      guard scheme == "data" else { return nil }
      let value = decoded.lowercased().filter { !$0.isWhitespace }
      // By bytes, as cmark compares: `data:image/png` followed by a combining mark is allowed.
      let images = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]
      return images.contains { value.utf8.starts(with: $0.utf8) } ? nil : "a non-image 'data:' URL"
    }
  }

  /// Decodes `&amp;`-style and numeric character references (one pass, as a browser does).
  public static func decodeCharacterReferences(_ text: String) -> String {
    guard text.contains("&") else { return text }
    let named: [Substring: Unicode.Scalar] = [
      "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "Tab": "\t", "NewLine": "\n",
      "colon": ":",
    ]
    var out = ""
    var rest = Substring(text)
    while let ampersand = rest.firstIndex(of: "&") {
      out += rest[..<ampersand]
      let after = rest[rest.index(after: ampersand)...]
      var decoded: Unicode.Scalar?
      var consumed = after.startIndex
      if let semicolon = after.prefix(12).firstIndex(of: ";") {
        let name = after[..<semicolon]
        if let scalar = named[name] {
          decoded = scalar
        } else if name.hasPrefix("#x") || name.hasPrefix("#X") {
          decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if name.hasPrefix("#") {
          decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
        }
        consumed = after.index(after: semicolon)
      }
      if let decoded {
        out.unicodeScalars.append(decoded)
        rest = after[consumed...]
      } else {
        out += "&"
        rest = after
      }
    }
    return out + rest
  }
}

// MARK: - Flow diagrams

extension HTMLOracle {
  /// The tags of a page's flow diagram (`<figure>` around an inline `<svg>`): drawing only, none
  /// that loads, links or animates (`<use>`, `<image>`, `<a>`, `<foreignObject>`, `<animate>`,
  /// `<set>` stay findings).
  static let diagramTags: Set<String> = [
    "figure", "figcaption", "svg", "desc", "g", "rect", "path", "text",
  ]
  /// Their attributes (lowercased, as the oracle reads them).
  static let diagramAttributes: Set<String> = [
    "aria-describedby", "viewbox", "width", "height", "x", "y", "rx", "d", "fill", "stroke",
    "stroke-width", "stroke-dasharray", "font-size", "font-weight", "font-style", "text-anchor",
  ]
}
