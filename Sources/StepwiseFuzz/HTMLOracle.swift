// The fuzzer's use of the shared oracle (Sources/StepwiseHTMLOracle, also used by
// XSSCorpusTests): a broken rule stops the process with the offending output.

#if DEBUG || STEPWISE_FUZZ
  import StepwiseHTMLOracle

  extension HTMLOracle {
    /// The comment cmark's safe mode writes in place of raw HTML.
    static let cmarkComments: Set<String> = ["<!-- raw HTML omitted -->"]

    /// Stops the process with the offending excerpt when `html` breaks a rule.
    static func require(_ html: String, context: String, urls: URLPolicy) {
      if let problem = problem(in: html, urls: urls) {
        fatalError("\(context): \(problem)\n--- output ---\n\(html)")
      }
    }

    /// The first broken rule, or nil.
    static func problem(in html: String, urls: URLPolicy) -> String? {
      findings(in: html, urls: urls, allowedComments: cmarkComments).first
    }

    /// Makes sure the oracle itself catches what it is for (run once at start-up).
    static func selfTest() {
      let planted = [
        "<p><a href=\"javascript:x\">a</a></p>", "<p><img src=\"x\" onerror=\"alert(1)\" /></p>",
        "<p><a href=\" &#x6A;avascript:x\">a</a></p>", "<p><script>x</script></p>",
        "<p><a href=\"x\" title=x>", "<img src=\"data:text/html;base64,AA\" alt=\"\" />",
      ]
      for html in planted
      where problem(in: html, urls: .cmarkSafe) == nil || problem(in: html, urls: .site) == nil {
        fatalError("HTMLOracle misses a planted injection: \(html)")
      }
      let clean =
        "<!DOCTYPE html>\n<p class=\"x\">"
        + "<a href=\"https://a.example/?a=1&amp;b=2\">&lt;script&gt;</a><br /></p>"
      if let problem = problem(in: clean, urls: .site) {
        fatalError("HTMLOracle refuses clean HTML: \(problem)")
      }
    }
  }
#endif
