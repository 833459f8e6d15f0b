import Foundation
import StepwiseTestSupport
import Testing

@testable import StepwiseMarkdown

/// `HTMLRenderer` with `PlainHTML` against `cmark_render_html` on the same bytes, parser
/// options and extensions (`MarkdownParser.cmarkHTML`): the output must be the same, byte for
/// byte.
@Suite struct DifferentialTests {
  /// One example of cmark-gfm's test suite (only its Markdown).
  struct Example: Decodable {
    let file: String
    let example: Int
    let section: String
    let markdown: String
  }

  /// The Markdown of every example of cmark-gfm's spec.txt, extensions.txt and regression.txt
  /// (see Fixtures/README.md).
  static func examples() throws -> [Example] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/cmark-gfm-examples.json")
    return try JSONDecoder().decode([Example].self, from: Data(contentsOf: url))
  }

  /// Our HTML and cmark's for the same bytes.
  static func both(_ bytes: [UInt8]) throws -> (ours: String, cmark: String) {
    (HTMLRenderer().render(try MarkdownParser.parse(bytes)), try MarkdownParser.cmarkHTML(bytes))
  }

  @Test func specExamplesMatchCmark() throws {
    let examples = try Self.examples()
    #expect(examples.count(where: { $0.file != "regression.txt" }) == 699)
    #expect(examples.count == 718)
    var differences: [String] = []
    for example in examples {
      let (ours, cmark) = try Self.both(Array(example.markdown.utf8))
      if ours != cmark {
        differences.append(
          "\(example.file) example \(example.example) (\(example.section)): "
            + "\(example.markdown.debugDescription)\nours:  \(ours.debugDescription)\ncmark: \(cmark.debugDescription)"
        )
      }
    }
    #expect(
      differences.isEmpty,
      "\(differences.count) differ:\n\(differences.prefix(5).joined(separator: "\n"))")
  }

  static let generatedCount = 4_000

  @Test func generatedDocumentsMatchCmark() throws {
    var generator = DocumentGenerator(seed: 0x5EED_2026)
    var differences: [String] = []
    var cmarkOutputs: [String] = []
    for _ in 0..<Self.generatedCount {
      let bytes = generator.document()
      let (ours, cmark) = try Self.both(bytes)
      cmarkOutputs.append(cmark)
      if ours != cmark {
        differences.append(
          "\(String(decoding: bytes, as: UTF8.self).debugDescription) \(bytes.count) bytes\n"
            + "ours:  \(ours.debugDescription)\ncmark: \(cmark.debugDescription)")
      }
    }
    #expect(
      differences.isEmpty,
      "\(differences.count) differ:\n\(differences.prefix(5).joined(separator: "\n"))")

    // The documents must keep reaching what they are made to test: each feature in cmark's
    // own output of at least 5% of them.
    let features = [
      "<table>", "<del>", "<img ", "alt=\"", "class=\"language-", "<pre><code>", "href=\"\"",
      "src=\"\"", "href=\"http://www.", "href=\"mailto:", "<!-- raw HTML omitted -->", "&lt;",
      "\u{FFFD}", "\u{301}", "\t", "<blockquote>", "<li>", "<h", "<br />", "<em>", "<strong>",
      "<code>", "<hr />", "<ol", "title=\"", "&amp;",
    ]
    let minimum = Self.generatedCount / 20
    for feature in features {
      // Bytes, not Characters (`\u{301}` after a letter is part of its Character), and fast:
      // the HTML holds no NUL, cmark replaces it.
      let count = cmarkOutputs.count { html in html.withCString { strstr($0, feature) != nil } }
      #expect(count >= minimum, "only \(count) documents render \(feature.debugDescription)")
    }
    #expect(Set(cmarkOutputs).count > Self.generatedCount * 9 / 10)
  }

  /// The generator is a pure function of its seed.
  @Test func generatorIsDeterministic() {
    var first = DocumentGenerator(seed: 7)
    var second = DocumentGenerator(seed: 7)
    var other = DocumentGenerator(seed: 8)
    let a = (0..<50).map { _ in first.document() }
    #expect(a == (0..<50).map { _ in second.document() })
    #expect(a != (0..<50).map { _ in other.document() })
  }
}

/// Small random Markdown documents mixing what made our renderer differ from cmark before:
/// Cyrillic, combining marks, tabs, NUL, raw HTML, images, links with odd schemes, fences with
/// info strings, tables, strikethrough, autolinks; some with CR line ends or invalid UTF-8.
struct DocumentGenerator {
  private var random: SplitMix64

  init(seed: UInt64) { random = SplitMix64(seed: seed) }

  static let words = [
    "текст", "Шаг", "ёж", "Войти", "word", "e\u{301}", "а\u{301}", "\u{301}", "x\u{FF9E}",
    "a\u{200D}b", "\u{A0}", "\t", "\u{0}", "1.", "#", "+", "|", ":", "\"", "'", "&", "&amp;",
    "&#0;", "&#x9;", "&copy;", "&nosuch;", "\\*", "\\", "<", ">", "*", "_", "~", "`", "[", "]",
    "!", "(", ")", "😀", "\u{FFFD}", "ﬁ", "İ",
  ]

  static let rawHTML = [
    "<b>", "</b>", "<span class=\"к\">", "</span>", "<!-- к -->", "<?php x ?>",
    "<a href=\"javascript:x\">", "<img src=x onerror=alert(1)>", "<script>", "</script>",
    "<textarea>", "<x-y z='1'/>", "<![CDATA[x]]>", "<!DOCTYPE html>", "<iframe src=\"x\">",
  ]

  static let destinations = [
    "https://example.com/п?a=1&b='2'", "javascript:alert(1)", "JAVASCRIPT:x",
    "javascript:\u{FF9E}x", "javascript:\u{301}x", "javascript:\u{200D}x", "java\u{301}script:x",
    "vbscript:x", "VbScript:\u{301}", "file:///etc/passwd", "data:text/html,x",
    "data:image/png;base64,AA", "data:image/png\u{301}", "data:image/svg+xml,x",
    "DaTa:image/webp,x", "data:", "mailto:a@b.c", "/путь/к", "#якорь", "x.png", "ftp://x",
    "\u{FFFD}:x", "ＪＡＶＡscript:x", "%6Aavascript:x", "<javascript:x>", "<a b>", "",
  ]

  static let infoParts = [
    "a", "py", "swift", "e\u{301}", "к", " ", "\t", " \u{301}", "\u{0B}", "\u{0C}", "\u{A0}",
    "&#32;", "&#9;", "&amp;", "\"<q>\"", "{.x}", "\u{0}", ",", "\\", "\u{FF9E}",
  ]

  static let autolinks = [
    "<https://пример.рф/путь?a=1&b=2>", "<javascript:alert(1)>", "<JAVASCRIPT:\u{301}x>",
    "<mailto:a@b.c>", "<a@b.c>", "<data:text/html,x>", "www.example.com/путь",
    "https://example.com/a_(b)", "user@example.com", "http://x.y/?q=\"z\"", "www.a.b.",
  ]

  /// One document as UTF-8 bytes (sometimes not valid UTF-8).
  mutating func document() -> [UInt8] {
    var blocks: [String] = []
    for _ in 0...random.below(3) {
      blocks.append(block(depth: 0))
    }
    var text = ""
    for block in blocks {
      text += block
      text += random.oneIn(3) ? "\n" : "\n\n"
    }
    if random.oneIn(4) { text += "[ref]: \(random.pick(Self.destinations)) \"т\"\n" }
    if random.oneIn(5) { text.removeLast() }
    var bytes = Array(text.utf8)
    if random.oneIn(10) {
      bytes = bytes.flatMap {
        $0 == UInt8(ascii: "\n") ? (random.oneIn(2) ? [0x0D] : [0x0D, 0x0A]) : [$0]
      }
    }
    if random.oneIn(10), !bytes.isEmpty {
      let invalid: [[UInt8]] = [
        [0xFF], [0xE0, 0x80], [0xC0, 0xAF], [0xD0], [0xF4, 0x90, 0x80, 0x80], [0xED, 0xA0, 0x80],
      ]
      bytes.insert(contentsOf: random.pick(invalid), at: random.below(bytes.count))
    }
    return bytes
  }

  private mutating func block(depth: Int) -> String {
    switch random.below(depth < 2 ? 12 : 8) {
    case 0, 1: return inlines(depth: 0) + (random.oneIn(3) ? "\n" + inlines(depth: 0) : "")
    case 2: return String(repeating: "#", count: 1 + random.below(6)) + " " + inlines(depth: 0)
    case 3: return fencedCode()
    case 4: return table()
    case 5:
      return random.pick(["---", "***", "_ _ _", "    " + words(), "Заголовок\n===", "А\n---"])
    case 6:
      return random.pick(["<div>\n", "<!-- ", "<script>\n", "<table><tr><td>\n"])
        + inlines(depth: 0)
    case 7: return inlines(depth: 0) + random.pick(["  \n", "\\\n", "\n"]) + inlines(depth: 0)
    case 8: return "> " + block(depth: depth + 1)
    case 9:
      let marker = random.pick(["- ", "* ", "1. ", "3) ", "+ "])
      return (0...random.below(3)).map { _ in marker + block(depth: depth + 1) }.joined(
        separator: "\n")
    case 10: return "- [ ] " + inlines(depth: 0)
    default: return "\t" + block(depth: depth + 1)
    }
  }

  private mutating func words() -> String {
    (0...random.below(3)).map { _ in random.pick(Self.words) }.joined(
      separator: random.pick([" ", "", "\t"]))
  }

  private mutating func destination() -> String {
    var url = random.pick(Self.destinations)
    if url.contains(" ") || url.isEmpty || random.oneIn(4) { url = "<" + url + ">" }
    let title = random.pick(["", "", " \"заголовок <b>\"", " 'т&amp;'", " (x\u{301})"])
    return url + title
  }

  private mutating func inline(depth: Int) -> String {
    let nested = depth < 2
    switch random.below(16) {
    case 0, 1, 2: return words()
    case 3: return random.pick(Self.rawHTML)
    case 4: return "[" + (nested ? inlines(depth: depth + 1) : words()) + "](" + destination() + ")"
    case 5, 6:
      let alt = (0...random.below(3)).map { _ in
        random.oneIn(2) ? random.pick(Self.rawHTML) : (nested ? inline(depth: depth + 1) : words())
      }
      return "![" + alt.joined(separator: random.pick([" ", ""])) + "](" + destination() + ")"
    case 7: return random.pick(Self.autolinks)
    case 8: return "*" + (nested ? inlines(depth: depth + 1) : words()) + "*"
    case 9: return "**" + (nested ? inlines(depth: depth + 1) : words()) + "**"
    case 10:
      return random.pick(["~~", "~"]) + (nested ? inlines(depth: depth + 1) : words())
        + random.pick(["~~", "~"])
    case 11: return "`" + words() + "`"
    case 12: return "[" + words() + "]" + random.pick(["[ref]", "[]", ""])
    case 13: return "_" + words() + "_"
    case 14: return "\n"
    default: return random.pick(["Нажмите", "«Войти»", "и", "затем", "👍🏽"])
    }
  }

  private mutating func inlines(depth: Int) -> String {
    (0...random.below(depth == 0 ? 4 : 2)).map { _ in inline(depth: depth) }.joined(
      separator: random.oneIn(3) ? "" : " ")
  }

  private mutating func fencedCode() -> String {
    let fence = random.pick(["```", "~~~", "````"])
    var info = ""
    for _ in 0..<random.below(4) { info += random.pick(Self.infoParts) }
    if random.oneIn(3) { info = " " + info }
    let body = (0..<random.below(3)).map { _ in words() }.joined(separator: "\n")
    return fence + info + "\n" + body + (body.isEmpty ? "" : "\n") + (random.oneIn(6) ? "" : fence)
  }

  private mutating func table() -> String {
    let columns = 1 + random.below(3)
    func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
    var lines = [
      row((0..<columns).map { _ in inlines(depth: 1).replacingOccurrences(of: "\n", with: " ") })
    ]
    lines.append(row((0..<columns).map { _ in random.pick(["---", ":--", "--:", ":-:", "-"]) }))
    for _ in 0..<random.below(3) {
      let count = max(1, columns + random.below(3) - 1)
      lines.append(
        row((0..<count).map { _ in inlines(depth: 1).replacingOccurrences(of: "\n", with: " ") }))
    }
    return lines.joined(separator: "\n")
  }
}
