import Foundation

/// How text becomes search words, the same in the index builder and in `search.js`.
///
/// Text is composed first (NFC: «й» written as «и» + U+0306, as some pastes and Mac file names
/// have it, is one letter); letters are lowercased and «ё» becomes «е» by code point (no
/// locale); a word is a run of
/// `0-9`, `a-z` and `а-я`; anything else separates words. Words of one letter and the stop words
/// are left out. `search.js` reads the stop words from the index, so there is one list.
public enum SearchText {
  /// Common function words, never indexed or searched for.
  public static let stopWords: Set<String> = [
    "без", "более", "бы", "был", "была", "были", "было", "быть", "вам", "вас", "во", "вот",
    "все", "всех", "вы", "где", "да", "даже", "для", "до", "его", "ее", "если", "есть", "еще",
    "же", "за", "здесь", "из", "или", "им", "их", "как", "ко", "когда", "кто", "ли", "между",
    "мы", "на", "над", "нас", "не", "него", "нее", "ней", "нет", "ни", "них", "но", "ну", "об",
    "он", "она", "они", "оно", "от", "по", "под", "при", "про", "так", "также", "там", "то",
    "того", "тоже", "том", "только", "тот", "уже", "чем", "что", "чтобы", "это", "этого",
    "этой", "этом", "эту", "этот", "эти",
  ]

  /// The search words of a text, in order: normalized, without stop words and single letters.
  public static func words(of text: String) -> [String] {
    var words: [String] = []
    // The word being read, as UTF-8 (every word scalar is one or two bytes), and its scalars.
    var current: [UInt8] = []
    var letters = 0
    func flush() {
      if letters > 1, !isStopWord(current) {
        words.append(String(decoding: current, as: UTF8.self))
      }
      current.removeAll(keepingCapacity: true)
      letters = 0
    }
    for scalar in composed(text).unicodeScalars {
      if let letter = normalized(scalar) {
        if letter.value < 0x80 {
          current.append(UInt8(letter.value))
        } else {
          current.append(UInt8(0xC0 | (letter.value >> 6)))
          current.append(UInt8(0x80 | (letter.value & 0x3F)))
        }
        letters += 1
      } else if letters > 0 {
        flush()
      }
    }
    flush()
    return words
  }

  /// The stop words' UTF-8, packed as `isStopWord` packs a word: a set lookup that neither
  /// makes a string nor hashes one (`String` hashing normalizes Cyrillic first).
  private static let packedStopWords: Set<PackedWord> = Set(
    stopWords.compactMap { PackedWord(Array($0.utf8)) })

  /// Whether the UTF-8 of a normalized word is a stop word's.
  static func isStopWord(_ word: [UInt8]) -> Bool {
    guard let packed = PackedWord(word) else { return false }
    return packedStopWords.contains(packed)
  }

  /// Up to 16 bytes in two integers (the longest stop word, «только», is 12).
  struct PackedWord: Hashable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var count: Int

    init?(_ bytes: [UInt8]) {
      guard bytes.count <= 16 else { return nil }
      count = bytes.count
      for (index, byte) in bytes.enumerated() {
        if index < 8 {
          low |= UInt64(byte) << (8 * UInt64(index))
        } else {
          high |= UInt64(byte) << (8 * UInt64(index - 8))
        }
      }
    }
  }

  /// A title's key for sorting A to Z: its words as the search sees them (lowercase, «ё» as
  /// «е», no quotes or punctuation), stop words included.
  public static func sortKey(of title: String) -> String {
    var key = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in composed(title).unicodeScalars {
      if let letter = normalized(scalar) {
        if pendingSpace && !key.isEmpty { key.append(" ") }
        pendingSpace = false
        key.append(letter)
      } else {
        pendingSpace = true
      }
    }
    return String(key)
  }

  /// `text` in Unicode's composed form (NFC), as Foundation's `precomposedStringWithCanonicalMapping`
  /// gives it, without asking Foundation when `text` is surely composed already: when each of
  /// its scalars is one that composition leaves as it is whatever stands beside it (Latin-1,
  /// the Russian alphabet, general punctuation, «№»: neither changed alone nor the second of a
  /// composed pair, checked against Unicode's data in `SearchTextTests`).
  static func composed(_ text: String) -> String {
    for scalar in text.unicodeScalars where !staysComposed(scalar) {
      return text.precomposedStringWithCanonicalMapping
    }
    return text
  }

  static func staysComposed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x100, 0x400..<0x460, 0x2010..<0x2028, 0x2030..<0x205F, 0x2116: true
    default: false
    }
  }

  /// A word character, lowercased with «ё» as «е»; nil for a separator.
  static func normalized(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
    switch scalar.value {
    case 0x30...0x39, 0x61...0x7A, 0x430...0x44F: scalar
    case 0x41...0x5A, 0x410...0x42F: Unicode.Scalar(scalar.value + 0x20)
    case 0x401, 0x451: "е"
    default: nil
    }
  }
}
