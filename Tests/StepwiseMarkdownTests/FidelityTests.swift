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
}
