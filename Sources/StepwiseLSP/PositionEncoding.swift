/// How the `character` of an LSP position counts: in UTF-16 code units (the protocol's
/// default), UTF-8 bytes or Unicode scalars (UTF-32), as negotiated at `initialize`.
///
/// Stepwise's own columns count Unicode scalars from 1; every position that crosses the
/// protocol is converted on the text of its line.
public enum PositionEncoding: String, Sendable, CaseIterable {
  case utf8 = "utf-8"
  case utf16 = "utf-16"
  case utf32 = "utf-32"

  /// The encoding to use: the first one the client offers that the server supports, else UTF-16
  /// (which every client supports).
  public static func negotiate(_ offered: [String]?) -> PositionEncoding {
    for name in offered ?? [] {
      if let encoding = PositionEncoding(rawValue: name) { return encoding }
    }
    return .utf16
  }

  /// How many units of this encoding a scalar takes.
  func width(_ scalar: Unicode.Scalar) -> Int {
    switch self {
    case .utf8: UTF8.width(scalar)
    case .utf16: UTF16.width(scalar)
    case .utf32: 1
    }
  }

  /// The 0-based offset in this encoding of a 1-based scalar column of `line`; a column past
  /// the end of the line gives the line's end.
  public func offset(ofColumn column: Int, in line: Substring) -> Int {
    var offset = 0
    var remaining = column - 1
    for scalar in line.unicodeScalars {
      guard remaining > 0 else { break }
      offset += width(scalar)
      remaining -= 1
    }
    return offset
  }

  /// The 1-based scalar column at a 0-based offset in this encoding; an offset inside a scalar
  /// (half a surrogate pair) gives that scalar, one past the end the column after the last.
  public func column(ofOffset offset: Int, in line: Substring) -> Int {
    var consumed = 0
    var column = 1
    for scalar in line.unicodeScalars {
      let next = consumed + width(scalar)
      guard next <= offset else { break }
      consumed = next
      column += 1
    }
    return column
  }
}

/// A text split into lines at `\n` (texts are kept with `\n` line breaks only).
struct LineTable: Sendable {
  let lines: [Substring]

  init(_ text: String) {
    lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  }

  /// The 0-based line `index`, or an empty line past the end.
  subscript(index: Int) -> Substring {
    index >= 0 && index < lines.count ? lines[index] : ""
  }
}
