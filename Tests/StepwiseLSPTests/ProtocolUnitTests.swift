import Testing

@testable import StepwiseLSP

@Suite struct MessageFramerTests {
  static func frames(_ chunks: [String]) -> [MessageFramer.Frame] {
    var framer = MessageFramer()
    var frames: [MessageFramer.Frame] = []
    for chunk in chunks {
      framer.append(Array(chunk.utf8))
      while let frame = framer.next() { frames.append(frame) }
    }
    return frames
  }

  @Test func bodiesAreCutByContentLengthAcrossChunks() {
    #expect(
      Self.frames([
        "Content-Length: 2\r\n", "Content-Type: x\r\n\r\n{", "}Content-Length: 3\r\n\r\n[1]",
      ])
        == [.body(Array("{}".utf8)), .body(Array("[1]".utf8))])
  }

  @Test func lengthCountsBytesNotCharacters() {
    let body = #"{"a":"ёж 👍"}"#
    #expect(
      Self.frames(["Content-Length: \(body.utf8.count)\r\n\r\n" + body])
        == [.body(Array(body.utf8))])
  }

  @Test(arguments: [
    ("Content-Length: x\r\n\r\n", "a Content-Length that is not a number (x)"),
    ("Content-Length: -1\r\n\r\n", "a Content-Length that is not a number (-1)"),
    ("Accept: y\r\n\r\n", "a header block without Content-Length"),
    ("nonsense\r\n\r\n", "a header line without ':' (nonsense)"),
  ])
  func malformedHeadersAreDroppedAndReported(header: String, reason: String) {
    #expect(
      Self.frames([header + "Content-Length: 2\r\n\r\n{}"])
        == [.malformed(reason), .body(Array("{}".utf8))])
  }

  @Test func anOversizedBodyIsSkippedAsItArrives() {
    let size = MessageFramer.maximumBodyBytes + 1
    var framer = MessageFramer()
    framer.append(Array("Content-Length: \(size)\r\n\r\n".utf8))
    #expect(
      framer.next() == .malformed("a body of \(size) bytes; the most accepted is \(size - 1)"))
    framer.append([UInt8](repeating: 0x20, count: size))
    framer.append(Array("Content-Length: 2\r\n\r\n{}".utf8))
    #expect(framer.next() == .body(Array("{}".utf8)))
  }

  @Test func deepNestingIsRefusedBeforeParsing() {
    #expect(JSON.parse(Array(String(repeating: "[", count: 100_000).utf8)) == nil)
    #expect(
      JSON.parse(Array(#"{"a":[1,2.5,"x",true,null]}"#.utf8))
        == ["a": [1, .double(2.5), "x", true, nil]])
  }
}

@Suite struct PositionEncodingTests {
  /// `а` (2 bytes, 1 unit), `👍` (4 bytes, 2 UTF-16 units), `и́` (two scalars).
  static let line: Substring = "а👍и\u{301}x"

  @Test(arguments: [
    (PositionEncoding.utf16, [0, 1, 3, 4, 5, 6]),
    (PositionEncoding.utf8, [0, 2, 6, 8, 10, 11]),
    (PositionEncoding.utf32, [0, 1, 2, 3, 4, 5]),
  ])
  func columnsBecomeOffsetsAndBack(encoding: PositionEncoding, offsets: [Int]) {
    for (index, offset) in offsets.enumerated() {
      #expect(encoding.offset(ofColumn: index + 1, in: Self.line) == offset)
      #expect(encoding.column(ofOffset: offset, in: Self.line) == index + 1)
    }
    // Past the end: the line's end.
    #expect(encoding.offset(ofColumn: 40, in: Self.line) == offsets.last)
  }

  @Test func halfASurrogatePairNamesItsScalar() {
    #expect(PositionEncoding.utf16.column(ofOffset: 2, in: Self.line) == 2)
  }

  @Test(arguments: [
    (nil, PositionEncoding.utf16), (["utf-32", "utf-16"], .utf32), (["utf-8"], .utf8),
    (["ucs-2", "utf-16"], .utf16),
  ])
  func negotiationTakesTheClientsFirstSupportedChoice(
    offered: [String]?, chosen: PositionEncoding
  ) {
    #expect(PositionEncoding.negotiate(offered) == chosen)
  }

  @Test(arguments: [
    ("Нажмите «Войти через портал».", 9, 9, 29),
    ("1. {#open-school} Откройте", 4, 4, 18),
    ("title: Вход в школу", 8, 8, 12),
    ("ab", 5, 3, 3),
  ])
  func tokensRunToTheirClosingMarkOrASpace(line: String, column: Int, start: Int, end: Int) {
    #expect(DiagnosticConversion.token(at: column, in: Substring(line)) == (start, end))
  }
}

@Suite struct CompletionContextTests {
  @Test(arguments: [
    ("1. {#", LanguageFeatures.CompletionContext.stepID, 5),
    ("1. {#open-sc", .stepID, 5),
    ("Нажмите «Вой", .label, 9),
    ("«Войти (вход", .label, 1),
    ("Адрес {{ portal", .variable, 8),
    ("См. [здесь](reg", .pageLink, 12),
  ])
  func contexts(before: String, context: LanguageFeatures.CompletionContext, start: Int) {
    let found = LanguageFeatures.context(before: Array(before.unicodeScalars))
    #expect(found?.0 == context)
    #expect(found?.1 == start)
  }

  @Test(arguments: [
    "«Войти» и ", "{#open} шаг", "{{x}} и", "[a](b.md) и", "просто текст", "{# два слова",
  ])
  func closedOrNoContext(before: String) {
    #expect(LanguageFeatures.context(before: Array(before.unicodeScalars)) == nil)
  }
}
