import Foundation
import StepwiseCore

/// The values `{{name}}` stands for in a region's copy of a page.
public enum RegionVariables {
  /// The names written as `{{name}}` in a text, in order.
  public static func names(in text: String) -> [String] {
    PageAnalysis.variableNames(in: text).map(\.name)
  }

  /// The region's variables plus the built-ins `region.name` and `region.code`.
  public static func values(of region: Region) -> [String: String] {
    var values = region.variables.mapValues(\.value)
    values["region.name"] = region.name
    values["region.code"] = region.code
    return values
  }

  /// Whether a text has a `{{`, and so may name a variable: a scan of its UTF-8 bytes (not
  /// Foundation's `contains`, which compares by grapheme clusters and runs per page per region).
  public static func mentionsVariables(_ text: String) -> Bool { containsUTF8(text, "{{") }

  /// Replaces `{{name}}` with its value; unknown names stay as written.
  ///
  /// Works on UTF-8 bytes:
  /// it runs for every text of every page in every region.
  public static func fill(_ text: String, with variables: [String: String]) -> String {
    fill(text) { name, _ in variables[name] }
  }

  /// Replaces each `{{name}}` with what `resolve(name, written)` gives (`written` is the whole
  /// `{{ name }}` as it stands in the text); where it gives nil, the text stays as written.
  public static func fill(
    _ text: String, resolve: (_ name: String, _ written: Substring) -> String?
  ) -> String {
    let brace = UInt8(ascii: "{")
    let bytes = text.utf8
    guard containsUTF8(text, byte: brace) else { return text }
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count + 32)
    var index = bytes.startIndex
    while index != bytes.endIndex {
      let next = bytes.index(after: index)
      guard bytes[index] == brace, next != bytes.endIndex, bytes[next] == brace else {
        result.append(bytes[index])
        index = next
        continue
      }
      // Find the closing `}}`.
      var close = bytes.index(after: next)
      var found: String.Index?
      while close != bytes.endIndex {
        let after = bytes.index(after: close)
        if bytes[close] == UInt8(ascii: "}"), after != bytes.endIndex,
          bytes[after] == UInt8(ascii: "}")
        {
          found = close
          break
        }
        close = after
      }
      guard let end = found else {
        result.append(contentsOf: bytes[index...])
        break
      }
      let name = trimmedName(bytes[bytes.index(after: next)..<end])
      let afterClose = bytes.index(end, offsetBy: 2)
      if let value = resolve(name, Substring(text.utf8[index..<afterClose])) {
        result.append(contentsOf: value.utf8)
      } else {
        result.append(contentsOf: bytes[index..<afterClose])
      }
      index = afterClose
    }
    return String(decoding: result, as: UTF8.self)
  }

  /// The text between `{{` and `}}` without the spaces around it, as `trimmingCharacters(in:
  /// .whitespaces)` gives, with a fast path for plain ASCII (every real name).
  static func trimmedName(_ bytes: Substring.UTF8View) -> String {
    guard bytes.allSatisfy({ $0 < 0x80 }) else {
      return String(Substring(bytes)).trimmingSpaces()
    }
    let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    guard let first = bytes.firstIndex(where: { !blank($0) }),
      let last = bytes.lastIndex(where: { !blank($0) })
    else {
      return ""
    }
    return String(Substring(bytes[first...last]))
  }
}
