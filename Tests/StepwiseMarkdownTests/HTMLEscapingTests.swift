import StepwiseTestSupport
import Testing

@testable import StepwiseMarkdown

/// The escaper copies runs of bytes whole; held to escaping scalar by scalar on random texts.
@Suite struct HTMLEscapingTests {
  /// The rule written plainly: each of `&<>"` (and `'` for attributes) as its entity.
  func reference(_ text: String, apostrophe: Bool) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'" where apostrophe: out += "&#39;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  @Test func entitiesAreWrittenForEachSpecialCharacterAndNothingElse() {
    var random = SplitMix64(seed: 23)
    let pieces = ["&", "<", ">", "\"", "'", "a", "й", "«", "\u{301}", "?", "=", " ", "😀", "\u{0}"]
    for _ in 0..<5000 {
      // Long enough to be read eight bytes at a time, with the special characters anywhere.
      let text = (0..<Int.random(in: 0...40, using: &random)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &random)]
      }.joined()
      #expect(HTMLEscaping.text(text) == reference(text, apostrophe: false))
      #expect(HTMLEscaping.attribute(text) == reference(text, apostrophe: true))
      var out: [UInt8] = Array("x".utf8)
      HTMLEscaping.appendAttribute(text, to: &out)
      #expect(out == Array(("x" + reference(text, apostrophe: true)).utf8))
      out = []
      HTMLEscaping.appendText(text, to: &out)
      #expect(out == Array(reference(text, apostrophe: false).utf8))
    }
  }
}
