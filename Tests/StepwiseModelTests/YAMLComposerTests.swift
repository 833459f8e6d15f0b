import Testing

@testable import StepwiseModel

/// The composer over libyaml's events: values, places and styles as written, and every way a
/// text is refused.
@Suite struct YAMLComposerTests {
  func compose(_ text: String) throws -> YAMLNode {
    try #require(try YAMLComposer.compose(text))
  }

  func failure(_ text: String) -> YAMLFailure? {
    do {
      _ = try YAMLComposer.compose(text)
      return nil
    } catch {
      return error
    }
  }

  @Test func valuesKeepTheirPlacesAndStyles() throws {
    let text = """
      title: Вход в «Госуслуги»
      steps:
        - id: 'войти'
          note: "a\\0b"
        - [один, два]
      text: |
        Первая строка.
        Вторая.
      """
    let root = try #require(try compose(text).mapping)
    #expect(root.mark == YAMLMark(line: 1, column: 1))
    let pairs = Array(root)
    #expect(pairs.count == 3)
    guard case .scalar(let title) = pairs[0].value, case .sequence(let steps) = pairs[1].value,
      case .scalar(let literal) = pairs[2].value
    else {
      Issue.record("unexpected shape: \(pairs)")
      return
    }
    #expect(title.string == "Вход в «Госуслуги»" && title.style == .plain)
    #expect(title.mark == YAMLMark(line: 1, column: 8))
    #expect(steps.mark == YAMLMark(line: 3, column: 3))
    #expect(literal.string == "Первая строка.\nВторая." && literal.style == .literal)
    let first = try #require(steps.nodes.first?.mapping)
    guard case .scalar(let id) = first.pairs[0].value, case .scalar(let note) = first.pairs[1].value
    else {
      Issue.record("unexpected step: \(first)")
      return
    }
    #expect(id.string == "войти" && id.style == .singleQuoted)
    #expect(id.mark == YAMLMark(line: 3, column: 9))
    // A NUL written as an escape is kept (the scalar is read by its length).
    #expect(note.string == "a\u{0}b" && note.style == .doubleQuoted)
    guard case .sequence(let pair) = steps.nodes[1] else {
      Issue.record("unexpected entry: \(steps.nodes[1])")
      return
    }
    #expect(pair.nodes.count == 2 && pair.mark == YAMLMark(line: 5, column: 5))
  }

  @Test func anEmptyTextHasNoValue() throws {
    #expect(try YAMLComposer.compose("") == nil)
    #expect(try YAMLComposer.compose("# только комментарий\n") == nil)
  }

  @Test func syntaxErrorsAreLibyamlsProblemAtItsPlace() {
    #expect(
      failure("a:\n\tb: 1\n")
        == .syntax(
          problem: "found character that cannot start any token", YAMLMark(line: 2, column: 1)))
    #expect(
      failure("title: Шаг 1: войдите\n")
        == .syntax(
          problem: "mapping values are not allowed in this context",
          YAMLMark(line: 1, column: 13)))
  }

  @Test func aSecondDocumentIsRefusedAtItsStart() {
    #expect(
      failure("a: 1\n---\nb: 2\n")
        == .syntax(problem: "but found another document", YAMLMark(line: 2, column: 1)))
  }

  @Test func keysWrittenTwiceAreNamedSortedAtTheFirstPlaceOfTheFirst() {
    let text = "b: 1\na: 2\nb: 3\nc: 4\na: 5\n? [x, y]\n: 6\n? [x, y]\n: 7\n"
    #expect(failure(text) == .duplicateKeys(["[…]", "a", "b"], YAMLMark(line: 6, column: 3)))
    #expect(
      failure("b: 1\na: 2\nb: 3\na: 5\n")
        == .duplicateKeys(["a", "b"], YAMLMark(line: 2, column: 1)))
    #expect(failure("- a: 1\n  a: 2\n") == .duplicateKeys(["a"], YAMLMark(line: 1, column: 3)))
  }

  @Test func anchorsAndAliasesAreRefused() {
    #expect(failure("a: &x 1\n") == .anchorOrAlias("&", YAMLMark(line: 1, column: 4)))
    #expect(failure("a: &x [1]\n") == .anchorOrAlias("&", YAMLMark(line: 1, column: 4)))
    #expect(failure("a: &x {b: 1}\n") == .anchorOrAlias("&", YAMLMark(line: 1, column: 4)))
    #expect(failure("a: *x\n") == .anchorOrAlias("*", YAMLMark(line: 1, column: 4)))
  }

  @Test func hostileNestingIsRefusedAtTheLimit() {
    let depth = 200_000
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    let limit = YAMLComposer.maximumNesting
    #expect(failure(text) == .tooDeep(YAMLMark(line: 1, column: limit + 1)))
    // Through the reader: the usual finding, at the place.
    let reader = YAMLReader(file: "content/site.yaml")
    #expect(reader.parse(text) == nil)
    #expect(
      reader.diagnostics.map(\.location?.column) == [limit + 1]
        && reader.diagnostics.map(\.rule) == [.schema])
    // Just under the limit: composed, and refused by the reader's own, lower limit.
    let deep = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
    let under = YAMLReader(file: "content/site.yaml")
    #expect(under.parse(deep) == nil)
    #expect(under.diagnostics.count == 1)
  }
}
