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
}
