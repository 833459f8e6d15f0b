import StepwiseCore
import Testing

/// `JSONText.escaped` writes what escaping scalar by scalar writes, whichever way it goes: the
/// search files and the preview's messages carry Russian text, whose dashes share their first
/// byte with U+2028.
@Suite struct JSONTextTests {
  /// The escaping as the JSON and `<script>` rules state it, scalar by scalar.
  static func reference(_ text: String) -> String {
    var out = ""
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

  @Test(arguments: [
    "", "Госуслуги", "Вход — через «Госуслуги»", "</script>\u{2028}\"\\\n\u{1}",
    "a\u{2029}b\u{202F}c\u{2027}d\u{2014}", "\u{1F}\u{0}\t\r\u{7F}", "тире в конце —",
    "\u{2028}", "e\u{301}<", "\u{1F600} и \"кавычки\"",
  ])
  func escapingIsEscapingByScalars(_ text: String) {
    #expect(JSONText.escaped(text) == Self.reference(text))
    #expect(JSONText.quoted(text) == "\"" + Self.reference(text) + "\"")
    var appended = Array("[".utf8)
    JSONText.appendQuoted(text, to: &appended)
    #expect(String(decoding: appended, as: UTF8.self) == "[\"" + Self.reference(text) + "\"")
  }
}
