import StepwiseCore

/// HTML and URL escaping with the same rules as cmark's houdini, so output stays comparable.
public enum HTMLEscaping {
  /// Escapes `&`, `<`, `>` and `"` for HTML text and double-quoted attribute values.
  public static func text(_ string: String) -> String {
    escaped(string, apostrophe: false)
  }

  /// Escapes `&`, `<`, `>`, `"` and `'`: safe in HTML text and in attribute values quoted either
  /// way.
  ///
  /// Works on Unicode scalars, never on grapheme clusters, so a quote followed by a
  /// combining mark (`"\u{301}`) is still escaped.
  public static func attribute(_ string: String) -> String {
    escaped(string, apostrophe: true)
  }

  /// `string` with the entities `append` writes; the string itself when it has none to escape.
  private static func escaped(_ string: String, apostrophe: Bool) -> String {
    guard needsEscaping(string, apostrophe: apostrophe) else { return string }
    var out: [UInt8] = []
    out.reserveCapacity(string.utf8.count + 16)
    append(string, to: &out, apostrophe: apostrophe)
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether `attribute(_:)` (and so `text(_:)`) writes anything else than the string itself.
  public static func changes(_ string: String) -> Bool {
    needsEscaping(string, apostrophe: true)
  }

  private static func needsEscaping(_ string: String, apostrophe: Bool) -> Bool {
    withUTF8Bytes(of: string) { bytes in
      firstEscape(in: bytes, from: 0, apostrophe: apostrophe) != nil
    }
  }

  /// The offset of the first byte at or after `start` that `escapes`; nil when none does.
  ///
  /// Eight bytes at a time while none of them is one (most text: a word of Russian holds none
  /// of `&<>"'`, but its spaces and punctuation fail a byte-by-byte test that looks at the
  /// byte's range first).
  @inline(__always)
  private static func firstEscape(
    in bytes: UnsafeBufferPointer<UInt8>, from start: Int, apostrophe: Bool
  ) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    var index = start
    while index + 8 <= bytes.count {
      let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
      if !mayHoldEscape(word, apostrophe: apostrophe) {
        index += 8
        continue
      }
      for offset in index..<(index + 8) where escapes(base[offset], apostrophe: apostrophe) {
        return offset
      }
      index += 8
    }
    while index < bytes.count {
      if escapes(base[index], apostrophe: apostrophe) { return index }
      index += 1
    }
    return nil
  }

  /// Whether one of the eight bytes of `word` is one of `&<>"` (or `'`): a byte equal to the
  /// pattern's is a zero byte of their exclusive or.
  @inline(__always)
  private static func mayHoldEscape(_ word: UInt64, apostrophe: Bool) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    @inline(__always) func hasZeroByte(_ value: UInt64) -> Bool {
      (value &- ones) & ~value & highs != 0
    }
    return hasZeroByte(word ^ (ones &* 0x26)) || hasZeroByte(word ^ (ones &* 0x3C))
      || hasZeroByte(word ^ (ones &* 0x3E)) || hasZeroByte(word ^ (ones &* 0x22))
      || (apostrophe && hasZeroByte(word ^ (ones &* 0x27)))
  }

  /// Whether a byte is one of those written as an entity.
  @inline(__always)
  private static func escapes(_ byte: UInt8, apostrophe: Bool) -> Bool {
    // All of them are below `?` (0x3F): one comparison passes letters and UTF-8 sequences.
    byte < 0x3F
      && (byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22
        || (apostrophe && byte == 0x27))
  }

  /// Appends `string` to `out` escaped as `text(_:)` escapes it, without making a string.
  public static func appendText(_ string: String, to out: inout [UInt8]) {
    append(string, to: &out, apostrophe: false)
  }

  /// Appends `string` to `out` escaped as `attribute(_:)` escapes it, without making a string.
  public static func appendAttribute(_ string: String, to out: inout [UInt8]) {
    append(string, to: &out, apostrophe: true)
  }

  /// `&`, `<`, `>`, `"` (and `'` when asked) as entities; a string with none of them is copied
  /// whole (most values are).
  private static func append(_ string: String, to out: inout [UInt8], apostrophe: Bool) {
    withUTF8Bytes(of: string) { bytes in
      // Runs of bytes that need nothing are copied whole.
      var start = 0
      var next = 0
      while let index = firstEscape(in: bytes, from: next, apostrophe: apostrophe) {
        next = index + 1
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        switch bytes[index] {
        case 0x26: out.append(contentsOf: "&amp;".utf8)
        case 0x3C: out.append(contentsOf: "&lt;".utf8)
        case 0x3E: out.append(contentsOf: "&gt;".utf8)
        case 0x22: out.append(contentsOf: "&quot;".utf8)
        default: out.append(contentsOf: "&#39;".utf8)
        }
        start = index + 1
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }
  }

  private static let hrefSafe: [Bool] = {
    var table = [Bool](repeating: false, count: 128)
    for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
    for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
    for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
    for character in "-_.+!*(),%#@?=;:/,+$~" { table[Int(character.asciiValue ?? 0)] = true }
    return table
  }()

  /// Escapes a URL for an `href`/`src` attribute: unsafe bytes become `%XX`, `&` and `'`
  /// become entities (cmark's `houdini_escape_href`).
  public static func href(_ url: String) -> String {
    // Most addresses are safe as they are: one pass says so.
    if url.utf8.allSatisfy({ $0 < 128 && hrefSafe[Int($0)] }) { return url }
    var out = ""
    out.reserveCapacity(url.utf8.count)
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in url.utf8 {
      if byte < 128, hrefSafe[Int(byte)] {
        out.unicodeScalars.append(Unicode.Scalar(byte))
      } else if byte == UInt8(ascii: "&") {
        out += "&amp;"
      } else if byte == UInt8(ascii: "'") {
        out += "&#x27;"
      } else {
        out += "%"
        out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
        out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
      }
    }
    return out
  }

  /// cmark's safe-mode test (`_scan_dangerous_url`): `javascript:`, `vbscript:`, `file:` and
  /// `data:` URLs, except `data:image/png`, `gif`, `jpeg` and `webp`.
  ///
  /// Compares UTF-8 bytes, ASCII letters case-insensitively, as cmark's scanner does: never
  /// Characters, for a combining mark or joiner after the colon (`javascript:\u{301}`) would
  /// make the last Character differ from `:` and let the URL through, and never with
  /// `lowercased()`, which also folds letters outside ASCII.
  public static func isDangerousURL(_ url: String) -> Bool {
    let bytes = url.utf8
    for allowed in allowedDataPrefixes where hasASCIIPrefix(bytes, allowed) { return false }
    for scheme in dangerousPrefixes where hasASCIIPrefix(bytes, scheme) { return true }
    return false
  }

  private static let dangerousPrefixes: [[UInt8]] = ["javascript:", "vbscript:", "file:", "data:"]
    .map { Array($0.utf8) }

  private static let allowedDataPrefixes: [[UInt8]] = [
    "data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp",
  ].map { Array($0.utf8) }

  /// Whether `bytes` starts with `prefix` (lowercase ASCII), ignoring the case of ASCII letters.
  private static func hasASCIIPrefix(_ bytes: String.UTF8View, _ prefix: [UInt8]) -> Bool {
    var index = bytes.startIndex
    for expected in prefix {
      guard index != bytes.endIndex else { return false }
      var byte = bytes[index]
      if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
      guard byte == expected else { return false }
      index = bytes.index(after: index)
    }
    return true
  }
}
