/// Scans of text that the loader and the checker run over every page, written on bytes and
/// scalars where `String`'s and Foundation's character-level forms cost many times more. Each
/// says how it relates to the form it replaces; `TextScanTests.swift` holds them to it.

/// Whether `text` holds the bytes of `needle`.
///
/// For checks that only ask whether some ASCII or whole-scalar sequence occurs at all: it does
/// not compare by canonical equivalence as `String.contains` does, and is many times faster
/// than it on Russian text. Where the answer must hold for whole characters, use it to skip the
/// texts that cannot match and let the exact check decide for the rest.
public func containsUTF8(_ text: String, _ needle: StaticString) -> Bool {
  let wanted = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
  guard let first = wanted.first else { return true }
  return withUTF8Bytes(of: text) { haystack in
    guard haystack.count >= wanted.count else { return false }
    var index = 0
    let last = haystack.count - wanted.count
    while index <= last {
      if haystack[index] == first {
        var offset = 1
        while offset < wanted.count, haystack[index + offset] == wanted[offset] { offset += 1 }
        if offset == wanted.count { return true }
      }
      index += 1
    }
    return false
  }
}

/// Whether `text` holds the byte `byte`: what `text.utf8.contains(byte)` answers, without its
/// generic loop that steps through the view index by index (a tenth of the work on a page).
public func containsUTF8(_ text: String, byte: UInt8) -> Bool {
  text.utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? text.utf8.contains(byte)
}

/// Whether every Unicode scalar of a text is a character of its own: all are in blocks where
/// no scalar joins the one before it (Latin, Cyrillic letters, general punctuation, currency
/// and letter-like symbols, arrows), and none is a carriage return (CR LF is one character).
public func eachScalarIsACharacter(_ text: String) -> Bool {
  text.unicodeScalars.allSatisfy(isCharacterOfItsOwn)
}

/// Whether a scalar is a character of its own wherever it stands: in a block where no scalar
/// joins the one before it, and not a carriage return (`eachScalarIsACharacter`).
public func isCharacterOfItsOwn(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.value {
  case 0x0D: false
  case 0x00..<0x300: true
  case 0x400...0x482, 0x48A...0x52F: true  // Cyrillic, without its combining marks
  case 0x2010...0x2027, 0x2030...0x205E: true  // dashes, quotes, bullets, ‰, ′
  case 0x20A0...0x20C0, 0x2100...0x214F, 0x2190...0x21FF: true
  default: false
  }
}

extension StringProtocol {
  /// `trimmingCharacters(in: .whitespaces)` without Foundation: the text without the spaces
  /// and tabs at its ends, scalar by scalar as Foundation trims.
  public func trimmingSpaces() -> String {
    // Foundation's set on Linux (CFCharacterSet's whitespace): the space separators, the tab,
    // and the zero-width space.
    trimming { scalar in
      switch scalar.value {
      case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
      default: false
      }
    }
  }

  /// The text without the scalars at its ends for which `trimmed` holds.
  public func trimming(where trimmed: (Unicode.Scalar) -> Bool) -> String {
    let scalars = unicodeScalars
    var start = scalars.startIndex
    var end = scalars.endIndex
    while start < end, trimmed(scalars[start]) { start = scalars.index(after: start) }
    while end > start {
      let before = scalars.index(before: end)
      guard trimmed(scalars[before]) else { break }
      end = before
    }
    return String(self[start..<end])
  }
}
