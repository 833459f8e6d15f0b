import Foundation
import Synchronization
import Testing

@testable import StepwiseMarkdown

@Suite struct MarkdownParserTests {
  @Test func dumpsCyrillicWithCharacterColumns() throws {
    let source = """
      # Вход

      Нажмите «Войти» и *затем* `код`.

      3. {#step} Шаг
      6. Ещё **шаг**
         - вложенный

      > [!NOTE]
      > Обратите внимание

      | Регион | Адрес |
      | :--- | ---: |
      | Татарстан | ~~нет~~ |
      """
    let document = try MarkdownParser.parse(source)
    let expected = """
      Document @1:1
        Heading(1) @1:1
          Text("Вход") @1:3
        Paragraph @3:1
          Text("Нажмите «Войти» и ") @3:1
          Emphasis @3:19
            Text("затем") @3:20
          Text(" ") @3:26
          Code("код") @3:28
          Text(".") @3:32
        OrderedList(start: 3, tight: true) @5:1
          Item(3) @5:1
            Paragraph @5:4
              Text("{#step} Шаг") @5:4
          Item(6) @6:1
            Paragraph @6:4
              Text("Ещё ") @6:4
              Strong @6:8
                Text("шаг") @6:10
            BulletList(tight: true) @7:4
              Item @7:4
                Paragraph @7:6
                  Text("вложенный") @7:6
        BlockQuote @9:1
          Paragraph @9:3
            Text("[!NOTE]") @9:3
            SoftBreak @9:10
            Text("Обратите внимание") @10:3
        Table(2 columns) @12:1
          TableHeaderRow @12:1
            TableCell @12:2
              Text("Регион") @12:3
            TableCell @12:11
              Text("Адрес") @12:12
          TableRow @14:1
            TableCell @14:2
              Text("Татарстан") @14:3
            TableCell @14:14
              Strikethrough @14:15
                Text("нет") @14:17

      """
    #expect(document.dump() == expected)
  }

  /// cmark-gfm's special-character table is global: parsers on several threads used to lose
  /// `~~strikethrough~~` (seen in CI under `swift test --parallel`).
  @Test func parsersOnManyThreadsKeepTheirExtensions() {
    let failures = Counter()
    DispatchQueue.concurrentPerform(iterations: 400) { index in
      let dump = (try? MarkdownParser.parse("Шаг \(index): ~~старое~~ новое.\n"))?.dump() ?? ""
      if !dump.contains("Strikethrough") { failures.add() }
    }
    #expect(failures.value == 0)
  }

  @Test func survivesDeepNesting() throws {
    let depth = 15_000
    let source = String(repeating: "> ", count: depth) + "глубоко\n"
    let document = try MarkdownParser.parse(source)
    let quotes = document.nodes.count { if case .blockQuote = $0.kind { true } else { false } }
    #expect(quotes > 1_000)
    let html = HTMLRenderer().render(document)
    #expect(html.contains("глубоко"))
  }

  @Test func replacesInvalidUTF8() throws {
    let document = try MarkdownParser.parse([0x41, 0xFF, 0x42, 0x0A])
    #expect(document.plainText(of: 0) == "A\u{FFFD}B")
  }

  @Test(arguments: [
    "Простой абзац с «кавычками» & <угловыми> \"скобками\".",
    "# Заголовок\n\n## Второй\n\nТекст  \nс переносом\nи мягким.",
    "1. один\n2. два\n\n   абзац\n3. три",
    "5. пять\n6. шесть",
    "- a\n- b\n  - c\n    1. d",
    "> цитата\n>\n> > вложенная",
    "```swift\nlet x = 1 < 2\n```\n\n    отступ",
    "[ссылка](https://gosuslugi.ru/help?a=1&b='2' \"Заголовок\") и ![рисунок *важный*](img/a b.png)",
    "<https://www.gosuslugi.ru/feedback#_msg> и www.example.com",
    "[плохо](javascript:alert(1)) [data](data:text/html,x) [ok](data:image/png;base64,AA)",
    "<script>alert(1)</script>\n\nтекст <b>жирный</b> <iframe src=x>",
    "| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |\n| 4 |",
    "| только заголовок |\n| --- |",
    "~~зачёркнуто~~ и ***всё сразу***\n\n---\n\nконец",
    "Шаг 1. Выберите [регион][r].\n\n[r]: https://example.com/регион",
  ])
  func matchesCmarkHTML(_ source: String) throws {
    let ours = HTMLRenderer().render(try MarkdownParser.parse(source))
    let theirs = try MarkdownParser.cmarkHTML(source)
    #expect(ours == theirs)
  }
}

/// A count shared by the threads of `concurrentPerform`.
final class Counter: Sendable {
  private let count = Mutex(0)
  func add() { count.withLock { $0 += 1 } }
  var value: Int { count.withLock { $0 } }
}
