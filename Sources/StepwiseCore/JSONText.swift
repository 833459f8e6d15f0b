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
    // Most texts need nothing: one pass over the bytes says so (U+2028 and U+2029 start with
    // 0xE2 in UTF-8, so a text with 0xE2 takes the slow way).
    guard
      text.utf8.contains(where: {
        $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x3C || $0 == 0xE2
      })
    else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "<": out += "\\u003c"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
