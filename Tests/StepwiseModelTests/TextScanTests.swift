import Foundation
import StepwiseCore
import StepwiseMarkdown
import StepwiseTestSupport
import Testing

@testable import StepwiseModel

/// The byte scans that let the loader skip character-by-character walks must say exactly what
/// the walks would: checked against the plain character-level answer on random texts made of
/// the characters that make scans go wrong (combining marks, joiners, CR LF, quote marks, flags).
@Suite struct TextScanTests {
  /// Scalars that join the one before them, break lines, quote, or are plain Russian and Latin.
  static let pool: [Unicode.Scalar] = [
    "а", "я", "Ж", "ё", "a", "Z", "0", "9", ".", "-", " ", "{", "}", "#", "@", "\\", "/", ":",
    "«", "»", "“", "”", "„", "\"", "'", "\n", "\r", "\t", "\u{0301}", "\u{0306}", "\u{0483}",
    "\u{200D}", "\u{200C}", "\u{FE0F}", "\u{1F1F7}", "\u{1F1FA}", "\u{1F600}", "\u{2194}",
    "\u{1100}", "\u{1161}", "\u{0600}", "\u{0903}", "№", "—", "…", "€", "\u{00AD}", "\u{2028}",
  ]

  static func texts(count: Int, seed: UInt64) -> [String] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      var text = String.UnicodeScalarView()
      for _ in 0..<Int.random(in: 0...12, using: &random) {
        text.append(pool[Int.random(in: 0..<pool.count, using: &random)])
      }
      return String(text)
    }
  }

  @Test func scalarsAreCharactersOnlyWhereTheScanSaysSo() {
    for text in Self.texts(count: 20_000, seed: 1) where eachScalarIsACharacter(text) {
      #expect(text.count == text.unicodeScalars.count, "\(text.unicodeScalars.map(\.value))")
      #expect(zip(text, text.unicodeScalars).allSatisfy { $0 == Character($1) })
    }
    #expect(eachScalarIsACharacter("Войдите в «Мою школу» — шаг № 1…"))
    #expect(!eachScalarIsACharacter("и\u{0301}"))
    #expect(!eachScalarIsACharacter("a\r\nb"))
  }

  @Test func quoteMarkScanFindsWhatTheScalarsHold() {
    let marks: Set<Unicode.Scalar> = ["«", "»", "“", "”", "„", "\""]
    for text in Self.texts(count: 20_000, seed: 2) {
      #expect(
        PageAnalysis.mayHoldQuoteMark(text) == text.unicodeScalars.contains(where: marks.contains))
    }
  }

  @Test func stepMarkersAndVariablesByBytesAreWhatCharactersFind() {
    // Texts made to hold markers and variables: a random text after `{#`, and one with `{{`,
    // `}}` and spaces put into it.
    var random = SplitMix64(seed: 7)
    for text in Self.texts(count: 20_000, seed: 3) {
      let marked = "{#" + text
      let expected = PageAnalysis.leadingMarkerByCharacters(marked)
      let found = PageAnalysis.leadingMarker(marked)
      #expect(
        found?.id == expected?.id && found?.length == expected?.length, "\(marked.debugDescription)"
      )
      var parts = text.map(String.init)
      for piece in ["{{", "}}", "{{ ", " }}", "{{имя}}"] where Bool.random(using: &random) {
        parts.insert(piece, at: Int.random(in: 0...parts.count, using: &random))
      }
      let withVariables = parts.joined()
      let names = PageAnalysis.variableNames(in: withVariables)
      let byCharacters = PageAnalysis.variableNamesByCharacters(in: withVariables)
      #expect(
        names.map(\.name) == byCharacters.map(\.name)
          && names.map(\.offset) == byCharacters.map(\.offset),
        "\(withVariables.debugDescription)")
    }
    for text in Self.texts(count: 20_000, seed: 4) {
      let heading = text + (Bool.random(using: &random) ? " {#" : "{#") + text + "}"
      for candidate in [heading, text] {
        let expected = PageAnalysis.trailingAnchorByCharacters(candidate)
        let found = PageAnalysis.trailingAnchor(candidate)
        #expect(found?.0 == expected?.0 && found?.1 == expected?.1, "\(candidate.debugDescription)")
        #expect(
          PageAnalysis.lastMarkerOffset(in: candidate)
            == candidate.range(of: "{#", options: .backwards).map {
              candidate.distance(from: candidate.startIndex, to: $0.lowerBound)
            }, "\(candidate.debugDescription)")
      }
    }
    #expect(PageAnalysis.trailingAnchor("Вход в дневник  {#vhod}")! == ("vhod", 9))
    #expect(PageAnalysis.leadingMarker("{#vhod}  Войдите.")! == ("vhod", 9))
    #expect(PageAnalysis.leadingMarker("{#шаг-1} Войдите.")! == ("шаг-1", 9))
    #expect(PageAnalysis.leadingMarker("{# vhod} Войдите.") == nil)
    #expect(PageAnalysis.leadingMarker("{#} Войдите.") == nil)
    #expect(
      PageAnalysis.variableNames(in: "Звоните {{ phone }} или «{{email}}»").map(\.offset) == [
        8, 25,
      ])
  }

  @Test func quotesReadByBytesAreThoseReadScalarByScalar() {
    // Several texts in a row (text and code nodes of one paragraph), read by runs of bytes and
    // scalar by scalar: the same quotes, at the same places.
    var random = SplitMix64(seed: 5)
    let place = { (position: SourcePosition) in
      SourceLocation(file: "p.md", line: position.line, column: position.column)
    }
    // Plain scalars and quote marks (the random texts of `pool` hold few quotes that close).
    let marks: [Unicode.Scalar] = ["«", "»", "“", "”", "„", "\"", "а", "Я", "x", " ", "—", "№"]
    let texts = (0..<30_000).map { _ in
      var text = String.UnicodeScalarView()
      for _ in 0..<Int.random(in: 0...10, using: &random) {
        text.append(marks[Int.random(in: 0..<marks.count, using: &random)])
      }
      return String(text)
    }
    var quotes = 0
    for start in stride(from: 0, to: texts.count - 3, by: 3) {
      var byBytes = PageAnalysis.QuoteScan(step: 1)
      var byScalars = PageAnalysis.QuoteScan(step: 1)
      var bytesAt = SourcePosition(line: 1, column: 1)
      var scalarsAt = bytesAt
      for text in texts[start..<(start + 3)] {
        let literal = Int.random(in: 0..<4, using: &random) == 0
        var copy = text
        copy.withUTF8 { byBytes.read($0, from: &bytesAt, literal: literal, place: place) }
        for scalar in text.unicodeScalars {
          byScalars.read(
            scalar, cluster: nil, at: scalarsAt, literal: literal,
            mark: PageAnalysis.QuoteMark(scalar), place: place)
          scalarsAt.column += 1
        }
      }
      #expect(bytesAt == scalarsAt)
      #expect(byBytes.found == byScalars.found, "\(texts[start..<(start + 3)])")
      quotes += byScalars.found.count
    }
    #expect(quotes > 1_000)
  }

  @Test func eachQuoteMarkIsKnownAndNothingElse() {
    let marks: [Character: PageAnalysis.QuoteMark] = [
      "«": .openGuillemet, "»": .closeGuillemet, "“": .leftDouble, "”": .rightDouble,
      "„": .low, "\"": .straight,
    ]
    for scalar in Self.pool {
      #expect(PageAnalysis.QuoteMark(Character(scalar)) == marks[Character(scalar)] ?? .none)
    }
    // A quote mark with a combining accent is another character, not a quote mark.
    #expect(PageAnalysis.QuoteMark(Character("«\u{0301}")) == .none)
  }

  @Test func quotesAreFoundAlikeWithAndWithoutCombiningMarks() throws {
    // The same paragraph, once in plain text (walked by scalars) and once with a stress mark
    // elsewhere in it (walked by characters): the same quotes, at the same columns.
    let plain = "Нажмите «Войти», затем “Далее” и \"Готово\"."
    let accented = plain + " И\u{0301}ли нет."
    for text in [plain, accented] {
      let document = try MarkdownParser.parse(Array(text.utf8))
      let quotes = PageAnalysis.analyse(document, file: "p.md", lineOffset: 0).quotes
      #expect(quotes.map(\.text) == ["Войти", "Далее", "Готово"])
      #expect(quotes.map(\.location.column) == [9, 24, 34])
    }
  }

  @Test func paragraphsSkippedForTheStepWordAreThoseWhosePlainTextLacksIt() throws {
    // Blocks whose «Шаг N.» is split by emphasis, code, links and breaks, or preceded by empty
    // nodes: the shortcut may skip a block only when its whole plain text does not start so.
    let blocks = [
      "Шаг 1. Войдите.", "**Шаг** 2. Войдите.", "*Ш*аг 3.", "`Шаг` 4.", "[Шаг 5.](https://a.ru)",
      "Ш\\\nаг 6.", "Шаг\n7.", "** **Шаг 8.", "Нажмите. Шаг 9.", "# Шаг 10. Заголовок",
      "## **Шаг 11.**", "Шаги 12.", "![Шаг 13.](a.png) Шаг 14.", "Щаг 15.", "Ш", "",
    ]
    for block in blocks {
      let document = try MarkdownParser.parse(Array(block.utf8))
      for id in document.preorder() {
        switch document[id].kind {
        case .paragraph, .heading:
          let plain = PageAnalysis.leadingStepNumber(document.plainText(of: id))
          if plain != nil { #expect(PageAnalysis.mayStartWithStepWord(id, document), "\(block)") }
        default: continue
        }
      }
      let found = PageAnalysis.analyse(document, file: "p.md", lineOffset: 0).numberSequences
      let expected = document.preorder().compactMap { id -> Int? in
        switch document[id].kind {
        case .paragraph, .heading: PageAnalysis.leadingStepNumber(document.plainText(of: id))
        default: nil
        }
      }
      #expect(found.flatMap { $0.map(\.number) } == expected, "\(block)")
    }
  }

  @Test func byteSearchAgreesWithAPlainSearch() {
    for text in Self.texts(count: 5_000, seed: 3) {
      let bytes = Array(text.utf8)
      func naive(_ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains {
          Array(bytes[$0..<$0 + needle.count]) == needle
        }
      }
      #expect(containsUTF8(text, "{#") == naive(Array("{#".utf8)))
      #expect(containsUTF8(text, "{{") == naive(Array("{{".utf8)))
      #expect(containsUTF8(text, "«") == naive(Array("«".utf8)))
      for byte in [UInt8(ascii: "{"), UInt8(ascii: "."), 0x0A, 0xD0] {
        #expect(containsUTF8(text, byte: byte) == bytes.contains(byte))
      }
    }
    #expect(containsUTF8("abc", "") && !containsUTF8("", "a"))
    #expect(!containsUTF8("", byte: 0x7B) && containsUTF8("{", byte: 0x7B))
    // A bridged or substring-made text may not be contiguous: the answer is the same.
    #expect(containsUTF8(String(Substring("ab{c")), byte: 0x7B))
  }

  /// A link of printable ASCII is read by bytes; the same link behind a space is read by
  /// characters (it is trimmed, then judged): both must point to the same place.
  @Test func linksReadByBytesPointWhereLinksReadByCharactersDo() {
    let pieces = [
      "https", "http", "mailto", "javascript", ":", "//", "#", "?", "/", ".", "..", "./",
      "page", ".md", "assets/", "../assets/", "../pages/", "a", "b", "-", "x:y", "@",
    ]
    var random = SplitMix64(seed: 9)
    var kinds: Set<String> = []
    for _ in 0..<5_000 {
      let link = (0..<Int.random(in: 1...5, using: &random)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &random)]
      }.joined()
      let target = LinkTarget(link)
      #expect(target == LinkTarget(" " + link), "\(link)")
      kinds.insert(String(describing: target).prefix { $0 != "(" }.description)
    }
    // Every kind of target was met.
    #expect(kinds.count == 5, "\(kinds)")
  }

  @Test func hostTokensSkipNothingTheCharacterWalkWouldFind() {
    // The old walk, without the byte test in front of it.
    func walked(_ text: String) -> [String] {
      var tokens: [String] = []
      var current = ""
      func flush() {
        while current.last == "." || current.last == "-" { current.removeLast() }
        if current.contains(".") {
          tokens.append(current.hasPrefix("www.") ? String(current.dropFirst(4)) : current)
        }
        current = ""
      }
      for character in text {
        if character.asciiValue != nil,
          character.isLetter || character.isNumber || character == "." || character == "-"
        {
          current.append(Character(character.lowercased()))
        } else if !current.isEmpty {
          flush()
        }
      }
      if !current.isEmpty { flush() }
      return tokens
    }
    var random = SplitMix64(seed: 4)
    let words = ["gosuslugi", ".", "ru", "www", "-", " ", "Школа", "\u{0301}", "1", "E", "\n"]
    for _ in 0..<20_000 {
      let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in
        words[Int.random(in: 0..<words.count, using: &random)]
      }.joined()
      #expect(PageAnalysis.hostTokens(in: text).map(\.host) == walked(text), "\(text)")
    }
  }

  @Test func addressRulesAgreeWithTheirCharacterLevelForm() {
    // The rule as first written: lowercased, Unicode properties for every scalar.
    func written(_ text: String) -> URLProblem? {
      guard text.lowercased().hasPrefix("https://") else { return .notAbsoluteHTTPS }
      if text.unicodeScalars.contains(where: {
        $0.properties.isWhitespace || $0.properties.generalCategory == .control
      }) {
        return .spaces
      }
      let authority = text.dropFirst(8).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
      if authority.contains("@") || authority.contains("\\") { return .somethingBeforeHost }
      guard !authority.isEmpty, authority.contains(".") else { return .notAbsoluteHTTPS }
      return nil
    }
    var random = SplitMix64(seed: 5)
    let parts = [
      "https://", "HTTPS://", "http://", "hTtPs://", "school", ".", "ru", "/", "?", "#", "@",
      "\\", " ", "\t", "\u{00A0}", "\u{007F}", "\u{0085}", "Школа", "İ", "x",
    ]
    for _ in 0..<20_000 {
      let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in
        parts[Int.random(in: 0..<parts.count, using: &random)]
      }.joined()
      #expect(URLRules.problem(with: text) == written(text), "\(text)")
    }
  }
}

/// `trimmingSpaces` trims what Foundation's `trimmingCharacters(in: .whitespaces)` trims.
@Suite struct TrimmingSpacesTests {
  @Test func everyScalarOfTheBasicPlaneIsTrimmedAsFoundationTrimsIt() {
    for value in UInt32(0)...0xFFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let text = "\(scalar)а\(scalar)"
      #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "U+\(value)")
    }
  }

  @Test func randomTextsAreTrimmedAlike() {
    var random = SplitMix64(seed: 6)
    let pool: [String] = [
      " ", "\t", "\u{00A0}", "\u{2009}", "\u{200B}", "\u{3000}", "\n", "а",
      "x", "\u{0301}", "«", "»",
    ]
    for _ in 0..<20_000 {
      let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in
        pool[Int.random(in: 0..<pool.count, using: &random)]
      }.joined()
      #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "\(text)")
    }
  }

  /// `trimming(where:)` with Unicode's White_Space trims what `.whitespacesAndNewlines` trims
  /// (the version file is read so).
  @Test func whiteSpaceAndLineBreaksAreTrimmedAsFoundationTrimsThem() {
    for text in ["stepwise 0.1.0\n", "\r\n\t stepwise\u{2028}", "", "\n\n", "a b", "\u{85}a\u{A0}"]
    {
      #expect(
        text.trimming { $0.properties.isWhitespace }
          == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
    }
  }
}
