// The fuzzer's test of rendered output. Every tag must be one the renderer and the templates
// write, with attributes they write, in double quotes; no event handler, no script-capable URL.
// Anything an editor typed that reached the output unescaped breaks this structure.
// (Tests/StepwiseSiteTests/XSSCorpusTests.swift has the same rules as a test helper; the fuzzer
// cannot import test code.)

#if DEBUG || STEPWISE_FUZZ
  enum HTMLOracle {
    /// Which URLs `href` and `src` may hold.
    enum URLPolicy {
      /// A published site: http, https, mailto and tel only (and relative paths).
      case site
      /// cmark's safe mode: anything but javascript:, vbscript:, file: and non-image data:.
      case cmarkSafe
      /// No URL rule, tags and attributes only: for content `check` refuses to publish.
      case structureOnly
    }

    static let tags: Set<String> = [
      "html", "head", "meta", "title", "link", "body", "header", "footer", "main", "nav", "section",
      "aside", "div", "span", "p", "a", "strong", "em", "del", "code", "pre", "blockquote", "hr", "br",
      "img", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr",
      "th", "td", "urlset", "url", "loc",
    ]
    static let attributes: Set<String> = [
      "lang", "charset", "name", "content", "rel", "href", "src", "alt", "title", "class", "id",
      "tabindex", "role", "aria-label", "aria-labelledby", "aria-current", "aria-hidden", "start",
      "align", "xmlns",
    ]
    static let fixed = ["<!DOCTYPE html>", "<!-- raw HTML omitted -->", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]

    /// Stops the process with the offending excerpt when `html` breaks a rule.
    static func require(_ html: String, context: String, urls: URLPolicy) {
      if let problem = problem(in: html, urls: urls) {
        fatalError("\(context): \(problem)\n--- output ---\n\(html)")
      }
    }

    /// Makes sure the oracle itself catches what it is for (run once at start-up).
    static func selfTest() {
      let planted = [
        "<p><a href=\"javascript:x\">a</a></p>", "<p><img src=\"x\" onerror=\"alert(1)\" /></p>",
        "<p><a href=\" &#x6A;avascript:x\">a</a></p>", "<p><script>x</script></p>", "<p><a href=\"x\" title=x>",
        "<img src=\"data:text/html;base64,AA\" alt=\"\" />",
      ]
      for html in planted where problem(in: html, urls: .cmarkSafe) == nil || problem(in: html, urls: .site) == nil {
        fatalError("HTMLOracle misses a planted injection: \(html)")
      }
      let clean = "<!DOCTYPE html>\n<p class=\"x\"><a href=\"https://a.example/?a=1&amp;b=2\">&lt;script&gt;</a><br /></p>"
      if let problem = problem(in: clean, urls: .site) {
        fatalError("HTMLOracle refuses clean HTML: \(problem)")
      }
    }

    /// The first broken rule, or nil.
    static func problem(in html: String, urls: URLPolicy) -> String? {
      let bytes = Array(html.utf8)
      var index = 0
      func excerpt(_ at: Int) -> String {
        String(decoding: bytes[max(0, at - 40)..<min(bytes.count, at + 80)], as: UTF8.self)
      }
      func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
          || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
      }
      outer: while index < bytes.count {
        guard bytes[index] == UInt8(ascii: "<") else {
          index += 1
          continue
        }
        let start = index
        for literal in fixed where bytes[index...].starts(with: literal.utf8) {
          index += literal.utf8.count
          continue outer
        }
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "/") { index += 1 }
        let nameStart = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        guard tags.contains(name) else { return "unexpected tag '<\(name)' at: \(excerpt(start))" }
        while true {
          while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\n") { index += 1 }
          guard index < bytes.count else { return "unterminated tag at: \(excerpt(start))" }
          if bytes[index] == UInt8(ascii: ">") {
            index += 1
            continue outer
          }
          if bytes[index...].starts(with: "/>".utf8) {
            index += 2
            continue outer
          }
          let attributeStart = index
          while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
          let attribute = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
          guard !attribute.isEmpty else {
            return "stray byte 0x\(String(bytes[index], radix: 16, uppercase: true)) in <\(name)> at: \(excerpt(attributeStart))"
          }
          guard attributes.contains(attribute) else {
            return "unexpected attribute '\(attribute)' in <\(name)> at: \(excerpt(attributeStart))"
          }
          guard bytes[index...].starts(with: "=\"".utf8) else {
            return "attribute '\(attribute)' without a double-quoted value at: \(excerpt(attributeStart))"
          }
          index += 2
          let valueStart = index
          while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
          guard index < bytes.count else { return "unterminated attribute value at: \(excerpt(attributeStart))" }
          let value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
          index += 1
          if value.contains("<") || value.contains(">") {
            return "raw '<' or '>' in attribute '\(attribute)' at: \(excerpt(attributeStart))"
          }
          if attribute == "href" || attribute == "src", let scheme = scheme(of: value),
            !allowed(scheme: scheme, value: value, urls: urls)
          {
            return "'\(scheme):' URL in \(attribute) at: \(excerpt(attributeStart))"
          }
        }
      }
      return nil
    }

    static func allowed(scheme: String, value: String, urls: URLPolicy) -> Bool {
      switch urls {
      case .structureOnly: return true
      case .site: return ["http", "https", "mailto", "tel"].contains(scheme)
      case .cmarkSafe:
        if ["javascript", "vbscript", "file"].contains(scheme) { return false }
        guard scheme == "data" else { return true }
        let decoded = decodeEntities(value).lowercased().filter { !$0.isWhitespace }
        // By bytes, as cmark compares: `data:image/png` followed by a combining mark is allowed.
        return ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains {
          decoded.utf8.starts(with: $0.utf8)
        }
      }
    }

    /// The scheme a browser would see: entities decoded, ASCII tab/newline removed, leading
    /// spaces and controls trimmed (WHATWG URL parsing), letters lowercased.
    static func scheme(of value: String) -> String? {
      var text = Substring(decodeEntities(value).filter { $0 != "\t" && $0 != "\n" && $0 != "\r" })
      while let first = text.unicodeScalars.first, first.value <= 0x20 { text = text.dropFirst() }
      guard let colon = text.firstIndex(of: ":") else { return nil }
      let candidate = text[..<colon]
      func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
      guard let first = candidate.unicodeScalars.first, isLetter(first),
        candidate.unicodeScalars.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
      else { return nil }
      return candidate.lowercased()
    }

    /// Decodes the character references the renderers write and any numeric ones.
    static func decodeEntities(_ text: String) -> String {
      guard text.contains("&") else { return text }
      var out = ""
      var rest = Substring(text)
      while let amp = rest.firstIndex(of: "&") {
        out += rest[..<amp]
        let after = rest[rest.index(after: amp)...]
        guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
          out += "&"
          rest = after
          continue
        }
        let name = after[..<semicolon]
        var scalar: Unicode.Scalar?
        switch name {
        case "amp": scalar = "&"
        case "lt": scalar = "<"
        case "gt": scalar = ">"
        case "quot": scalar = "\""
        case "apos": scalar = "'"
        case "Tab": scalar = "\t"
        case "NewLine": scalar = "\n"
        case "colon": scalar = ":"
        default:
          if name.hasPrefix("#x") || name.hasPrefix("#X") {
            scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
          } else if name.hasPrefix("#") {
            scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
          }
        }
        if let scalar {
          out.unicodeScalars.append(scalar)
          rest = after[after.index(after: semicolon)...]
        } else {
          out += "&"
          rest = after
        }
      }
      return out + rest
    }
  }
#endif
