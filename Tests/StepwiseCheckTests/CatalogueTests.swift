import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

/// Every message of the formatters, the loader and the checker exists in English and in Russian.
@Suite struct CatalogueTests {
  @Test func coreMessages() throws {
    let problems = try catalogueProblems(
      CoreMessage.samples, enumName: "CoreMessage", file: "Sources/StepwiseCore/CoreMessages.swift")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func modelMessages() throws {
    let file = "Sources/StepwiseModel/ModelMessages.swift"
    var problems = try catalogueProblems(ModelMessage.samples, enumName: "ModelMessage", file: file)
    problems += try catalogueProblems(Subject.samples, enumName: "Subject", file: file)
    problems += try catalogueProblems(FoundValue.samples, enumName: "FoundValue", file: file)
    problems += try catalogueProblems(URLProblem.samples, enumName: "URLProblem", file: file)
    problems += try catalogueProblems(LinkRefusal.samples, enumName: "LinkRefusal", file: file)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func checkMessages() throws {
    let problems = try catalogueProblems(
      CheckMessage.samples, enumName: "CheckMessage",
      file: "Sources/StepwiseCheck/CheckMessages.swift")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  /// Subjects compose with the messages that start with them, in both languages.
  @Test(arguments: Subject.samples)
  func subjectsCompose(_ subject: Subject) {
    let messages: [ModelMessage] = [
      .notText(subject, found: .list), .missingKey(subject, key: "title"), .empty(subject),
      .notIdentifier(subject, value: "Шаг_1"),
    ]
    for message in messages {
      let problems = textProblems(english: message.english, russian: message.russian)
      #expect(problems.isEmpty, "\(problems)")
    }
  }

  /// The checker finds sample mistakes wrong: a word with a Latin look-alike, straight quotes,
  /// an untranslated text, a missing sample.
  @Test func theChecksCanFail() throws {
    #expect(!textProblems(english: "unknown step 'x'", russian: "шаг «x» не объявлeн").isEmpty)
    #expect(!textProblems(english: "unknown step 'x'", russian: "шаг 'x' не объявлен").isEmpty)
    #expect(!textProblems(english: "same", russian: "same").isEmpty)
    #expect(!textProblems(english: "step 'x'", russian: "шаг x").isEmpty)
    #expect(textProblems(english: "step 'x'", russian: "шаг «x»").isEmpty)
    let problems = try catalogueProblems(
      Array(CheckMessage.samples.dropFirst(7)), enumName: "CheckMessage",
      file: "Sources/StepwiseCheck/CheckMessages.swift")
    #expect(problems.contains("CheckMessage.duplicateID has no sample in CheckMessage.samples"))
    #expect(
      problems.contains("CheckMessage.firstDefinedHere has no sample in CheckMessage.samples"))
  }

  @Test(arguments: [
    (1, "1 ошибка, 0 предупреждений"), (2, "2 ошибки, 0 предупреждений"),
    (5, "5 ошибок, 0 предупреждений"), (11, "11 ошибок, 0 предупреждений"),
    (21, "21 ошибка, 0 предупреждений"), (22, "22 ошибки, 0 предупреждений"),
    (111, "111 ошибок, 0 предупреждений"),
  ])
  func russianSummary(_ errors: Int, _ expected: String) {
    #expect(CoreMessage.summary(errors: errors, warnings: 0).russian == expected)
  }

  @Test func summaryWarnings() {
    #expect(CoreMessage.summary(errors: 0, warnings: 1).russian == "0 ошибок, 1 предупреждение")
    #expect(CoreMessage.summary(errors: 3, warnings: 4).russian == "3 ошибки, 4 предупреждения")
    #expect(CoreMessage.summary(errors: 1, warnings: 2).english == "1 error, 2 warnings")
  }

  @Test(arguments: [
    ([:], Language.english), (["LANG": "ru_RU.UTF-8"], .russian), (["LANG": "C.UTF-8"], .english),
    (["LANG": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"], .russian),
    (["LANG": "ru_RU.UTF-8", "LC_MESSAGES": "en_US.UTF-8"], .english),
    (["LANG": "ru_RU.UTF-8", "LC_ALL": "C"], .english),
    (["LANG": "en_US.UTF-8", "LC_ALL": "ru_UA.UTF-8"], .russian),
    (["LANG": "ru_RU.UTF-8", "LC_ALL": ""], .russian),
  ])
  func languageOfTheLocale(_ environment: [String: String], _ expected: Language) {
    #expect(Language.fromLocale(environment) == expected)
  }
}
