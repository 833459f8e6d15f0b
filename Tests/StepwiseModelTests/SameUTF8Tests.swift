import StepwiseCore
import Testing

/// `sameUTF8` says whether two texts hold the same bytes, as the preview's reuse needs.
@Suite struct SameUTF8Tests {
  @Test func bytesDecideNotCanonicalEquivalence() {
    let text = "Войдите в «Мою школу» — шаг 1."
    #expect(sameUTF8(text, text))
    #expect(sameUTF8(text, String(decoding: Array(text.utf8), as: UTF8.self)))
    #expect(!sameUTF8(text, text + " "))
    #expect(!sameUTF8(text, text.replacingOccurrences(of: "1", with: "2")))
    // «й» composed and decomposed are one character to `==`, two texts to a cache.
    let composed = "й"
    let decomposed = "и\u{0306}"
    #expect(composed == decomposed)
    #expect(!sameUTF8(composed, decomposed))
    #expect(sameUTF8("", ""))
    #expect(!sameUTF8("", "a"))
  }

  /// Short texts (kept inside the string) and long ones (kept in storage) are read alike.
  @Test func orderAndHashReadShortAndLongTextsAlike() {
    let long = String(repeating: "Длинный текст шага. ", count: 8)
    for (first, second) in [("a", "b"), ("ab", "abc"), ("", "a"), (long, long + "!"), ("Д", long)] {
      #expect(precedesUTF8(first, second), "\(first) < \(second)")
      #expect(!precedesUTF8(second, first), "\(second) < \(first)")
      #expect(!precedesUTF8(first, first))
    }
    // Bytes, not characters: «Я» (D0 AF) comes before «а» (D0 B0), «ё» (D1 91) after «я».
    #expect(precedesUTF8("Я", "а"))
    #expect(precedesUTF8("я", "ё"))
    func hash(_ text: String) -> Int {
      var hasher = Hasher()
      combineUTF8(text, into: &hasher)
      return hasher.finalize()
    }
    #expect(hash(long) == hash(String(decoding: Array(long.utf8), as: UTF8.self)))
    #expect(hash("шаг") == hash(String(decoding: Array("шаг".utf8), as: UTF8.self)))
    #expect(hash("й") != hash("и\u{0306}"))
    #expect(containsUTF8(long, "текст шага"))
    #expect(!containsUTF8("шаг", "шаги"))
  }

  /// Texts whose eight-byte prefixes differ are in the prefixes' order; equal prefixes say
  /// nothing (the texts are compared then).
  @Test func prefixesOrderAsTheTextsDo() {
    let texts = [
      "", "a", "ab", "abc", "abcdefgh", "abcdefghi", "abcdefgz", "Я", "а", "я", "ё", "шаг",
      "шагать", "шагающий", "zz", "0", "Длинный текст шага.",
    ]
    for first in texts {
      for second in texts where utf8Prefix(first) != utf8Prefix(second) {
        #expect(
          (utf8Prefix(first) < utf8Prefix(second)) == precedesUTF8(first, second),
          "\(first) < \(second)")
      }
    }
    #expect(utf8Prefix("abcdefgh") == utf8Prefix("abcdefghi"))
  }
}
