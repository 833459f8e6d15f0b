import Foundation
import Testing

@testable import StepwiseSearch

@Suite struct SearchIndexTests {
  @Test(arguments: [
    ("Подтверждённую ЁЛКУ, и в т.д.", ["подтвержденную", "елку"]),
    ("Wi-Fi 2024 «Госуслуги»", ["wi", "fi", "2024", "госуслуги"]),
    ("это для него", []),
    ("И\u{306}ошкар-Ола", ["йошкар", "ола"]),
    ("", []),
  ])
  func wordsAreLowercasedWithoutStopWordsAndSingleLetters(_ text: String, _ expected: [String]) {
    #expect(SearchText.words(of: text) == expected)
  }

  @Test func sortKeysIgnoreQuotesCaseAndYo() {
    #expect(SearchText.sortKey(of: "«Ёлка» и Дневник.ру") == "елка и дневник ру")
    #expect(SearchText.sortKey(of: "Вход") < SearchText.sortKey(of: "«Госуслуги»"))
  }

  static let page = SearchPage(
    url: "parol/index.html", title: "Смена пароля",
    steps: ["Откройте «Безопасность»", "Введите пароль"],
    fields: [
      SearchField("Смена пароля", weight: SearchWeight.title),
      SearchField("Откройте «Безопасность»", weight: SearchWeight.heading, step: 0),
      SearchField("Безопасность", weight: SearchWeight.heading, step: 0),
      SearchField("Введите пароль", weight: SearchWeight.heading, step: 1),
      SearchField("пароль пароли паролем безопасности", weight: SearchWeight.body, step: 1),
    ])

  @Test func aStemWeighsItsOccurrencesAndPointsAtItsHeaviestStep() throws {
    let fragment = SearchFragment(Self.page)
    let terms = Dictionary(uniqueKeysWithValues: fragment.terms.map { ($0.stem, $0) })
    let password = try #require(terms["парол"])
    #expect(password.weight == 10 + 5 + 3)
    #expect(password.step == 1)
    let safety = try #require(terms["безопасн"])
    #expect(safety.weight == 5 + 5 + 1)
    #expect(safety.step == 0)
    #expect(terms["смен"]?.step == nil)
    #expect(fragment.terms.map(\.stem) == fragment.terms.map(\.stem).sorted())
  }

  @Test func weightsAreCapped() {
    let long = SearchPage(
      url: "a/index.html", title: "А",
      steps: [],
      fields: [SearchField(String(repeating: "пароль ", count: 500), weight: 1)])
    #expect(SearchFragment(long).terms.first?.weight == SearchWeight.cap)
  }

  /// The script, without `self.<global>=` and the final `;`, is JSON.
  static func parse(_ script: [UInt8], global: String = SearchIndex.global) throws
    -> [String: Any]
  {
    let text = String(decoding: script, as: UTF8.self)
    let prefix = "self.\(global)="
    #expect(text.hasPrefix(prefix))
    #expect(text.hasSuffix(";\n"))
    let json = text.dropFirst(prefix.count).dropLast(2)
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
    return try #require(object as? [String: Any])
  }

  static let tricky = SearchPage(
    url: "x/index.html", title: "«Кавычки» \"и\" </script> \\ \u{2028}",
    steps: ["Шаг\nдва"], fields: [SearchField("текст", weight: 1, step: 0)])

  @Test func thePagesScriptAssignsOneGlobalHoldingJSON() throws {
    let script = SearchIndex.pagesScript([SearchFragment(Self.page), SearchFragment(Self.tricky)])
    let text = String(decoding: script, as: UTF8.self)
    #expect(!text.contains("</script>"))
    #expect(!text.contains("\u{2028}"))
    let index = try Self.parse(script, global: SearchIndex.pagesGlobal)
    #expect(index["version"] as? Int == SearchIndex.version)
    #expect(index["stop"] as? String == SearchText.stopWords.sorted().joined(separator: " "))
    let pages = try #require(index["pages"] as? [String: [Any]])
    #expect(pages.keys.sorted() == ["parol/index.html", "x/index.html"])
    let password = try #require(pages["parol/index.html"])
    #expect(password[0] as? String == "Смена пароля")
    #expect(password[1] as? [String] == Self.page.steps)
    let terms = try #require(password[2] as? String).split(separator: " ")
    #expect(terms.count % 3 == 0)
    let stem = try #require(terms.firstIndex(of: "парол"))
    #expect(terms[stem + 1] == "18" && terms[stem + 2] == "1")
    let tricky = try #require(pages["x/index.html"])
    #expect(tricky[0] as? String == Self.tricky.title)
    #expect(tricky[1] as? [String] == ["Шаг\nдва"])
    #expect(tricky[2] as? String == "текст 1 0")
  }

  @Test func aRegionsScriptListsItsPagesWithTheirSummaries() throws {
    let script = SearchIndex.script([
      (url: "parol/index.html", summary: "Краткое </script> описание", title: nil),
      (url: "x/index.html", summary: nil, title: "Вход — Первая область"),
    ])
    #expect(!String(decoding: script, as: UTF8.self).contains("</script>"))
    let index = try Self.parse(script)
    #expect(index["version"] as? Int == SearchIndex.version)
    #expect(index["stop"] == nil)
    let pages = try #require(index["pages"] as? [[String]])
    #expect(
      pages == [
        ["parol/index.html", "Краткое </script> описание"],
        ["x/index.html", "", "Вход — Первая область"],
      ])
  }

  @Test func theStoreStemsEachContentOnce() {
    let store = SearchFragmentStore()
    _ = store.fragment(of: Self.page)
    _ = store.fragment(of: Self.page)
    #expect(store.made == 1)
    var edited = Self.page
    edited.fields[4].text += " новое"
    #expect(store.fragment(of: edited).terms.contains { $0.stem == "нов" })
    #expect(store.made == 2)
    let small = SearchFragmentStore(limit: 1)
    _ = small.fragment(of: Self.page)
    _ = small.fragment(of: edited)
    _ = small.fragment(of: Self.page)
    #expect(small.made == 3)
  }
}
