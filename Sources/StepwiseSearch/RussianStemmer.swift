import CStemmer
import Synchronization

/// Snowball's Russian stemmer (Debian's libstemmer): the only place Stepwise talks to it.
///
/// C memory never leaves `stems(of:)`: the stemmer is made, used for every word and deleted in
/// that one call, and each stem is copied into a Swift string. A stemmer is not safe to share
/// between threads, so each call makes its own (it costs a few microseconds); the stems are
/// kept, for the next page's words.
public enum RussianStemmer {
  /// The stem of each word, in order; words should already be normalized (`SearchText.words`).
  ///
  /// Words that are not Russian (digits, Latin) come back as they went in. If libstemmer cannot
  /// make a stemmer (an installation without the Russian algorithm), every word is its own stem.
  public static func stems(of words: [String]) -> [String] {
    guard !words.isEmpty else { return [] }
    // Pages share most of their words: a word stemmed once (by any page) is not stemmed again.
    var stems = memory.withLock { known in words.map { known[Stem(text: $0)] } }
    let unknown = stems.indices.filter { stems[$0] == nil }
    guard !unknown.isEmpty else { return stems.map { $0 ?? "" } }
    guard let stemmer = sb_stemmer_new("russian", "UTF_8") else { return words }
    defer { sb_stemmer_delete(stemmer) }
    var made: [Stem: String] = [:]
    for index in unknown {
      let word = words[index]
      if let stem = made[Stem(text: word)] {
        stems[index] = stem
        continue
      }
      let bytes = Array(word.utf8)
      let count = Int32(bytes.count)
      let stem =
        bytes.withUnsafeBufferPointer { buffer -> String? in
          guard let base = buffer.baseAddress,
            let result = sb_stemmer_stem(stemmer, base, count)
          else { return nil }
          let length = Int(sb_stemmer_length(stemmer))
          return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self)
        } ?? word
      made[Stem(text: word)] = stem
      stems[index] = stem
    }
    memory.withLock { known in
      // A vocabulary far larger than a site's (a preview running for days) starts afresh.
      if known.count + made.count > memoryLimit { known.removeAll(keepingCapacity: true) }
      known.merge(made) { kept, _ in kept }
    }
    return stems.map { $0 ?? "" }
  }

  /// Stems already made, by word.
  private static let memory = Mutex<[Stem: String]>([:])
  /// How many words `memory` keeps at most.
  static let memoryLimit = 200_000
}
