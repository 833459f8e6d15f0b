/// JSON string literals that are also safe inside a `<script>` file or element.
///
/// One quoting for every JSON and JavaScript text Stepwise writes by hand (the preview's status,
/// the search indexes, the JSON Schemas): `"` and `\` escaped, `\n` and `\t` as such, other
/// control characters as `\u00XX`, and `<`, U+2028 and U+2029 as `\u` escapes (valid JSON, and no
/// `</script>` or line terminator that older JavaScript parsers refuse in a string).
public enum JSONText {
  /// `text` as a double-quoted literal.
  public static func quoted(_ text: String) -> String {
    "\"" + escaped(text) + "\""
  }

  /// `text` escaped for the inside of a double-quoted literal.
  public static func escaped(_ text: String) -> String {
    let escaped = withUTF8Bytes(of: text) { bytes -> [UInt8]? in
      // Most texts need nothing: one pass over the bytes says so, and the text is kept.
      var index = 0
      while index < bytes.count, escape(bytes, at: index) == nil { index += 1 }
      guard index < bytes.count else { return nil }
      var out: [UInt8] = []
      out.reserveCapacity(bytes.count + 16)
      append(bytes, firstEscape: index, to: &out)
      return out
    }
    return escaped.map { String(decoding: $0, as: UTF8.self) } ?? text
  }

  /// Appends `text` as a double-quoted literal, without making a string.
  public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
    withUTF8Bytes(of: text) { appendQuoted($0, to: &out) }
  }

  /// Appends UTF-8 text as a double-quoted literal.
  public static func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    append(bytes, firstEscape: 0, to: &out)
    out.append(UInt8(ascii: "\""))
  }

  /// Appends UTF-8 escaped, runs of bytes that need nothing copied whole.
  ///
  /// No byte before `firstEscape` needs escaping (a caller that looked for it already passes
  /// where it is).
  private static func append(
    _ bytes: UnsafeBufferPointer<UInt8>, firstEscape: Int, to out: inout [UInt8]
  ) {
    var start = 0
    var index = firstEscape
    while index < bytes.count {
      guard let (written, length) = escape(bytes, at: index) else {
        index += 1
        continue
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
      out.append(contentsOf: written.utf8)
      index += length
      start = index
    }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
  }

  /// What the character starting at `index` is written as, and its length in bytes; nil for
  /// one written as it is.
  @inline(__always)
  private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (
    String, Int
  )? {
    let byte = bytes[index]
    // Past the controls, `"`, `<` and the backslash, only U+2028 and U+2029 (E2 80 A8,
    // E2 80 A9) are escaped: every other byte is written as it is.
    guard byte < 0x20 || byte == 0x22 || byte == 0x3C || byte == 0x5C || byte == 0xE2 else {
      return nil
    }
    switch byte {
    case 0x22: return ("\\\"", 1)
    case 0x5C: return ("\\\\", 1)
    case 0x0A: return ("\\n", 1)
    case 0x09: return ("\\t", 1)
    case 0x3C: return ("\\u003c", 1)
    case 0xE2:
      guard index + 2 < bytes.count, bytes[index + 1] == 0x80,
        bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
      else { return nil }
      return (bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029", 3)
    default:
      let hex = String(byte, radix: 16)
      return ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex, 1)
    }
  }
}
