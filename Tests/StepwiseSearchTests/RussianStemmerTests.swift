import Foundation
import Testing

@testable import StepwiseSearch

/// libstemmer as Stepwise calls it against Snowball's own reference stems; `search.js`'s port is
/// held to the same file by scripts/search-test.py.
@Suite struct RussianStemmerTests {
  static func vocabulary() throws -> [(word: String, stem: String)] {
    let folder = try #require(
      Bundle.module.url(forResource: "Fixtures/snowball-russian", withExtension: nil))
    let lines = { (name: String) throws -> [Substring] in
      try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: false)
    }
    let words = try lines("voc.txt")
    let stems = try lines("output.txt")
    try #require(words.count == stems.count)
    return zip(words, stems).filter { !$0.0.isEmpty }.map { (String($0), String($1)) }
  }

  @Test func libstemmerGivesSnowballsReferenceStems() throws {
    let pairs = try Self.vocabulary()
    #expect(pairs.count >= 10_000)
    let stems = RussianStemmer.stems(of: pairs.map(\.word))
    var mismatches: [String] = []
    for (pair, stem) in zip(pairs, stems) where stem != pair.stem {
      mismatches.append("\(pair.word): \(stem), expected \(pair.stem)")
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    #expect(stems.count == pairs.count)
  }

  @Test(arguments: [
    ["регистрация", "регистрации", "регистрацией", "Регистрацию"],
    ["согласие", "согласия", "СОГЛАСИЕМ"],
    ["подтверждённая", "подтверждённую", "подтвержденной"],
    ["ребёнок", "ребенок"],
    ["пароль", "пароля", "паролем"],
  ])
  func inflectedFormsShareAStem(_ forms: [String]) {
    let stems = RussianStemmer.stems(of: forms.flatMap { SearchText.words(of: $0) })
    #expect(stems.count == forms.count)
    #expect(Set(stems).count == 1, "\(zip(forms, stems).map { "\($0) → \($1)" })")
  }

  @Test func wordsThatAreNotRussianStayAsTheyAre() {
    #expect(RussianStemmer.stems(of: ["esia", "2024", "wi"]) == ["esia", "2024", "wi"])
    #expect(RussianStemmer.stems(of: []) == [])
  }
}
