import Testing

@testable import StepwiseMarkdown

/// Differences from `cmark_render_html` and wrong source positions found by random documents;
/// each test checks the exact output, and that cmark itself gives it.
@Suite struct FidelityTests {
  /// Our HTML, after checking that it is cmark's and the expected one.
  private func expectHTML(
    _ source: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let ours = HTMLRenderer().render(try MarkdownParser.parse(source))
    let theirs = try MarkdownParser.cmarkHTML(source)
    #expect(theirs == expected, "cmark itself", sourceLocation: sourceLocation)
    #expect(ours == expected, sourceLocation: sourceLocation)
  }

  // MARK: - Image alt text

  /// cmark writes raw HTML in alt text as escaped text; it used to be dropped.
  @Test func imageAltKeepsRawHTMLEscaped() throws {
    try expectHTML(
      "![a <b>b</b> c](x.png)",
      "<p><img src=\"x.png\" alt=\"a &lt;b&gt;b&lt;/b&gt; c\" /></p>\n")
    try expectHTML(
      "![<span title=\"т\">щ</span> <!-- к -->](x.png \"T\")",
      "<p><img src=\"x.png\" alt=\"&lt;span title=&quot;т&quot;&gt;щ&lt;/span&gt; &lt;!-- к --&gt;\" title=\"T\" /></p>\n"
    )
  }

  // MARK: - Code fence info strings

  /// The language is the info string up to the first space, tab, LF or CR byte.
  @Test(arguments: [
    ("```a\tb\nx\n```", "<pre><code class=\"language-a\">x\n</code></pre>\n"),
    // A space and U+0301 are one Character but two scalars: the space still ends the word.
    ("```a \u{301}b\nx\n```", "<pre><code class=\"language-a\">x\n</code></pre>\n"),
    ("```e\u{301} x\nx\n```", "<pre><code class=\"language-e\u{301}\">x\n</code></pre>\n"),
    // A tab written as an entity is a tab in the info string too.
    ("```a&#9;b\nx\n```", "<pre><code class=\"language-a\">x\n</code></pre>\n"),
    // Neither no-break space nor vertical tab nor form feed ends it (not `cmark_isspace`).
    ("```a\u{A0}b\nx\n```", "<pre><code class=\"language-a\u{A0}b\">x\n</code></pre>\n"),
    ("```a\u{0B}b c\nx\n```", "<pre><code class=\"language-a\u{0B}b\">x\n</code></pre>\n"),
    ("```a\u{0C}b c\nx\n```", "<pre><code class=\"language-a\u{0C}b\">x\n</code></pre>\n"),
  ])
  func codeInfoLanguageEndsAtCmarkSpace(_ source: String, _ expected: String) throws {
    try expectHTML(source, expected)
  }

  // MARK: - Dangerous URLs

  /// A combining mark, a halfwidth voiced sound mark or a joiner after the colon makes one
  /// Character with it; the filter must still see `javascript:`.
  @Test(arguments: [
    "javascript:\u{FF9E}alert(1)", "javascript:\u{301}alert(1)", "javascript:\u{200D}alert(1)",
    "JaVaScRiPt:alert(1)", "vbscript:\u{301}x", "VBSCRIPT:x", "file:\u{301}///etc/passwd",
    "File:///etc/passwd", "data:\u{301}text/html,x", "data:text/html;base64,PHNjcmlwdD4=",
    "DATA:image/svg+xml,x", "data:image/pn", "data:image/\u{301}png",
  ])
  func dangerousURLs(_ url: String) throws {
    #expect(HTMLEscaping.isDangerousURL(url))
    try expectHTML("[a](<\(url)>)", "<p><a href=\"\">a</a></p>\n")
    try expectHTML("![a](<\(url)>)", "<p><img src=\"\" alt=\"a\" /></p>\n")
  }

  /// cmark compares bytes: a mark after an allowed image type is still that type, and letters
  /// outside ASCII never match.
  @Test(arguments: [
    "data:image/png\u{301};base64,AA", "DATA:IMAGE/WEBP;base64,AA", "data:image/gif",
    "data:image/jpeg,x", "javascripts:x", "java\u{301}script:x", "\u{FF4A}avascript:x",
    "javascrİpt:x", "https://example.com/javascript:x", "/javascript:x", "vbscript", "fil:x",
  ])
  func harmlessURLs(_ url: String) throws {
    #expect(!HTMLEscaping.isDangerousURL(url))
    let html = try MarkdownParser.cmarkHTML("[a](<\(url)>)")
    let ours = HTMLRenderer().render(try MarkdownParser.parse("[a](<\(url)>)"))
    #expect(ours == html)
    #expect(!ours.contains("href=\"\""))
  }

  // MARK: - Source positions

  private func node(
    _ document: MarkdownDocument, _ name: String, _ occurrence: Int = 0
  ) -> MarkdownNode? {
    let matching = document.preorder().map { document[$0] }.filter { $0.kind.name == name }
    return occurrence < matching.count ? matching[occurrence] : nil
  }

  private func span(_ node: MarkdownNode?) -> String {
    node.map { "\($0.start)-\($0.end)" } ?? "missing"
  }

  /// End columns name the last character, also when it takes several bytes. (cmark places a
  /// code span on its content, without the backticks.)
  @Test func endColumnsOfCyrillicText() throws {
    let document = try MarkdownParser.parse("# Вход\n\nНажмите *Войти*\nи `код`\n")
    #expect(span(node(document, "Heading(1)")) == "1:1-1:6")
    #expect(span(node(document, "Text(\"Вход\")")) == "1:3-1:6")
    #expect(span(node(document, "Paragraph")) == "3:1-4:7")
    #expect(span(node(document, "Text(\"Нажмите \")")) == "3:1-3:8")
    #expect(span(node(document, "Emphasis")) == "3:9-3:15")
    #expect(span(node(document, "Text(\"Войти\")")) == "3:10-3:14")
    #expect(span(node(document, "Code(\"код\")")) == "4:4-4:6")
  }

  /// cmark stores U+FFFD (three bytes) for a NUL byte: the columns after it count it as one
  /// character.
  @Test func columnsAfterNUL() throws {
    let document = try MarkdownParser.parse("a\u{0}b *щ*\n\u{0}\u{0} `к`\n")
    #expect(span(node(document, "Text(\"a\u{FFFD}b \")")) == "1:1-1:4")
    #expect(span(node(document, "Emphasis")) == "1:5-1:7")
    #expect(span(node(document, "Text(\"щ\")")) == "1:6-1:6")
    #expect(span(node(document, "Code(\"к\")")) == "2:5-2:5")
  }

  /// The same for invalid UTF-8, which cmark replaces with U+FFFD as `utf8proc_valid` cuts it:
  /// `E0 80` is one replacement, `F4 90 80 80` (beyond U+10FFFF) one, `C0 AF` (overlong) one.
  @Test func columnsAfterInvalidUTF8() throws {
    var bytes: [UInt8] = [0x61, 0xE0, 0x80, 0x62, 0x20]
    bytes += Array("*щ*\n".utf8) + [0xF4, 0x90, 0x80, 0x80, 0xC0, 0xAF, 0x20] + Array("`к`\n".utf8)
    let document = try MarkdownParser.parse(bytes)
    #expect(span(node(document, "Emphasis")) == "1:5-1:7")
    #expect(span(node(document, "Code(\"к\")")) == "2:5-2:5")
  }

  /// cmark also ends lines at a lone CR and at CR LF.
  @Test func linesEndAtCarriageReturns() throws {
    let document = try MarkdownParser.parse("а\rбв *г*\r\nд `е`")
    #expect(span(node(document, "Emphasis")) == "2:4-2:6")
    #expect(span(node(document, "Code(\"е\")")) == "3:4-3:4")
  }

  /// A break follows the sibling before it, not that sibling's last descendant. (cmark ends a
  /// line before a hard break with an empty text node over the trailing spaces.)
  @Test func breaksFollowTheirPreviousSibling() throws {
    let document = try MarkdownParser.parse("*ab*\nв **г**  \nд\n")
    #expect(span(node(document, "SoftBreak")) == "1:5-1:5")
    #expect(span(node(document, "Text(\"\")")) == "2:8-2:9")
    #expect(span(node(document, "LineBreak")) == "2:10-2:10")
  }
}
