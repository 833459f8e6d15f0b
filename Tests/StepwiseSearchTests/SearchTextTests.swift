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

  /// Words are read by bytes; held to reading them scalar by scalar into strings.
  @Test func wordsReadByBytesAreThoseReadByScalars() {
    func byScalars(_ text: String) -> [String] {
      var words: [String] = []
      var current = String.UnicodeScalarView()
      func flush() {
        if current.count > 1 {
          let word = String(current)
          if !SearchText.stopWords.contains(word) { words.append(word) }
        }
        current = String.UnicodeScalarView()
      }
      for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
        if let letter = SearchText.normalized(scalar) {
          current.append(letter)
        } else if !current.isEmpty {
          flush()
        }
      }
      flush()
      return words
    }
    #expect(SearchText.stopWords.allSatisfy { SearchText.isStopWord(Array($0.utf8)) })
    var random = SplitMix64(seed: 37)
    let pieces = [
      "Войти", " ", "ЁЖ", "ё", "И\u{306}", "для", "ДЛЯ", "только", "a", "Z9", "—", "«", "x",
      "щи", "é", "ъ", "\u{44F}", "\u{450}",
    ]
    for _ in 0..<3000 {
      let text = (0..<Int.random(in: 0...10, using: &random)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &random)]
      }.joined()
      #expect(SearchText.words(of: text) == byScalars(text), "\(text.debugDescription)")
    }
  }

  /// A page's stems are ordered by their bytes: the order `String` gives them.
  @Test func stemsAreInStringOrder() {
    var random = SplitMix64(seed: 41)
    let words = ["ёлка", "Ель", "яблоко", "zebra", "Apple", "42", "вход", "входа", "ВЫХОД", "щука"]
    for _ in 0..<300 {
      let text = (0..<Int.random(in: 1...12, using: &random)).map { _ in
        words[Int.random(in: 0..<words.count, using: &random)]
      }.joined(separator: " ")
      let fragment = SearchFragment(
        SearchPage(
          url: "a/index.html", title: "т", steps: [], fields: [SearchField(text, weight: 1)]))
      let stems = fragment.terms.map(\.stem)
      #expect(stems == Array(Set(stems)).sorted(), "\(text)")
    }
  }
}
