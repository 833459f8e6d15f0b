import Foundation
import StepwiseTestSupport
import Testing

@testable import StepwiseSearch

/// Texts whose scalars all stay composed skip Foundation's composition; held to it.
@Suite struct SearchTextTests {
  static let staying: [Unicode.Scalar] = (0..<0x3000).compactMap(Unicode.Scalar.init)
    .filter(SearchText.staysComposed)

  @Test func everyPairOfScalarsThatStayComposedIsComposedAlready() {
    #expect(Self.staying.count > 400)
    for first in Self.staying {
      for second in Self.staying {
        var text = ""
        text.unicodeScalars.append(first)
        text.unicodeScalars.append(second)
        let composed = text.precomposedStringWithCanonicalMapping
        if !composed.unicodeScalars.elementsEqual(text.unicodeScalars) {
          Issue.record("U+\(String(first.value, radix: 16)) U+\(String(second.value, radix: 16))")
        }
      }
    }
  }

  @Test func wordsAreThoseOfTheComposedText() {
    var random = SplitMix64(seed: 29)
    let pieces = [
      "Войти", " ", "ё", "Е\u{308}", "И\u{306}", "й", "«", "»", "—", "№", "e\u{301}", "é", "x", ".",
    ]
    for _ in 0..<3000 {
      let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &random)]
      }.joined()
      #expect(
        SearchText.composed(text).unicodeScalars.elementsEqual(
          text.precomposedStringWithCanonicalMapping.unicodeScalars), "\(text.debugDescription)")
    }
  }
}
