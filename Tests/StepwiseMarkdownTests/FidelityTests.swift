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
}
