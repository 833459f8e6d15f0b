import CStemmer

/// Snowball's Russian stemmer (Debian's libstemmer): the only place Stepwise talks to it.
///
/// C memory never leaves `stems(of:)`: the stemmer is made, used for every word and deleted in
/// that one call, and each stem is copied into a Swift string. A stemmer is not safe to share
/// between threads, so each call makes its own (it costs a few microseconds).
public enum RussianStemmer {
  /// The stem of each word, in order; words should already be normalized (`SearchText.words`).
  ///
  /// Words that are not Russian (digits, Latin) come back as they went in. If libstemmer cannot
  /// make a stemmer (an installation without the Russian algorithm), every word is its own stem.
  public static func stems(of words: [String]) -> [String] {
    guard !words.isEmpty else { return [] }
    guard let stemmer = sb_stemmer_new("russian", "UTF_8") else { return words }
    defer { sb_stemmer_delete(stemmer) }
    return words.map { word in
      let bytes = Array(word.utf8)
      let count = Int32(bytes.count)
      let stem = bytes.withUnsafeBufferPointer { buffer -> String? in
        guard let base = buffer.baseAddress,
          let result = sb_stemmer_stem(stemmer, base, count)
        else { return nil }
        let length = Int(sb_stemmer_length(stemmer))
        return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self)
      }
      return stem ?? word
    }
  }
}
