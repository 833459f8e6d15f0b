import Foundation
import StepwiseTestSupport
import Testing

/// `--lang` and the locale choose the language of what `stepwise` prints; rule ids, JSON field
/// names and `file:line:col` stay.
@Suite struct LanguageSelectionTests {
  /// A copy of the basic fixture with one label misspelt.
  static func brokenSite() throws -> ScratchSite {
    let site = try ScratchSite()
    try site.edit("content/pages/login.md") {
      $0.replacingOccurrences(of: "«Войти через портал»", with: "«Войти через партал»")
    }
    return site
  }

  static let english = "is not a label on the screens of"
  static let russian = "такой надписи нет на экранах системы"

  /// The process's own locale variables are replaced, so the result does not depend on the
  /// machine the tests run on.
  static func locale(_ values: [String: String]) -> [String: String] {
    ["LC_ALL": "", "LC_MESSAGES": "", "LANG": ""].merging(values) { $1 }
  }

  @Test(arguments: [
    ([String](), [String: String](), false),
    (["--lang", "ru"], [:], true),
    (["--lang", "en"], ["LANG": "ru_RU.UTF-8"], false),
    (["--lang=ru"], ["LANG": "C.UTF-8"], true),
    ([], ["LANG": "ru_RU.UTF-8"], true),
    ([], ["LANG": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"], true),
    ([], ["LANG": "ru_RU.UTF-8", "LC_ALL": "C.UTF-8"], false),
    ([], ["LANG": "C.UTF-8", "LC_ALL": "ru_RU.UTF-8"], true),
  ])
  func checkSpeaksTheChosenLanguage(
    _ arguments: [String], _ environment: [String: String], _ russian: Bool
  ) throws {
    let site = try Self.brokenSite()
    let result = try runStepwise(
      ["check", "--site", site.root.path, "--today", "2026-11-22"] + arguments,
      environment: Self.locale(environment))
    #expect(result.status == 1)
    #expect(result.errors.contains("content/pages/login.md:11:"), "\(result.errors)")
    #expect(result.errors.contains("[ui-label-unknown]"))
    #expect(result.errors.contains(russian ? Self.russian : Self.english), "\(result.errors)")
    #expect(!result.errors.contains(russian ? Self.english : Self.russian))
    #expect(
      result.errors.contains(russian ? "1 ошибка, 0 предупреждений" : "1 error, 0 warnings"))
    // The note comes from the catalogue too.
    #expect(
      result.errors.contains(
        russian
          ? "note: экраны системы описаны здесь" : "note: the system's screens are declared here"))
  }

  @Test func jsonKeepsItsFieldsAndTranslatesTheMessage() throws {
    let site = try Self.brokenSite()
    let result = try runStepwise(
      [
        "check", "--site", site.root.path, "--today", "2026-11-22", "--format", "json", "--lang",
        "ru",
      ],
      environment: Self.locale([:]))
    #expect(result.status == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "stepwise-diagnostics/1")
    let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
    let first = try #require(diagnostics.first)
    #expect(Set(first.keys) == ["severity", "rule", "message", "file", "line", "column", "notes"])
    #expect(first["rule"] as? String == "ui-label-unknown")
    #expect((first["message"] as? String)?.contains(Self.russian) == true)
    let note = try #require((first["notes"] as? [[String: Any]])?.first)
    #expect(Set(note.keys) == ["location", "message"])
    #expect(note["message"] as? String == "экраны системы описаны здесь")
  }

  @Test func usageErrorsAndFailuresSpeakTheLanguage() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = try runStepwise(
      ["check", "--site", folder.path, "--lang", "ru"], environment: Self.locale([:]))
    #expect(missing.status == 2)
    #expect(missing.errors.contains("stepwise: ошибка: content/site.yaml: нет такого файла"))
    let date = try runStepwise(
      ["check", "--site", folder.path, "--today", "01.03.2026"],
      environment: Self.locale(["LANG": "ru_RU.UTF-8"]))
    #expect(date.status == 2)
    #expect(date.errors.contains("--today: нужна дата вида ГГГГ-ММ-ДД, а здесь «01.03.2026»"))
    let timeout = try runStepwise(
      ["check", "--site", folder.path, "--render-timeout", "0", "--lang", "ru"],
      environment: Self.locale([:]))
    #expect(timeout.status == 2)
    #expect(timeout.errors.contains("--render-timeout: нужно от 0 до 3600 секунд"))
    let english = try runStepwise(
      ["check", "--site", folder.path, "--render-timeout", "0"], environment: Self.locale([:]))
    #expect(english.errors.contains("--render-timeout must be between 0 and 3600 seconds"))
    let wrong = try runStepwise(
      ["check", "--site", folder.path, "--lang", "de"], environment: Self.locale([:]))
    #expect(wrong.status == 2)
  }
}
