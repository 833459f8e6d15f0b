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
}
