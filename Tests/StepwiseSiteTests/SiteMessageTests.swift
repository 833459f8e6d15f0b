import StepwiseCore
import StepwiseSite
import StepwiseTestSupport
import Testing

@Suite struct SiteMessageTests {
  @Test func everyMessageInBothLanguages() throws {
    let file = "Sources/StepwiseSite/SiteMessages.swift"
    var problems = try catalogueProblems(
      BudgetMessage.samples, enumName: "BudgetMessage", file: file)
    problems += try catalogueProblems(
      CommandMessage.samples, enumName: "CommandMessage", file: file)
    problems += try catalogueProblems(
      SiteError.samples, enumName: "SiteError", file: "Sources/StepwiseSite/SiteError.swift")
    problems += try catalogueProblems(
      SiteStarter.StarterError.samples, enumName: "StarterError",
      file: "Sources/StepwiseSite/SiteStarter.swift")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func builtLineInRussian() {
    #expect(
      CommandMessage.built(pages: 21, regions: 2, files: 130, output: "public", seconds: "0.45")
        .russian == "Собрано: 21 страница для 2 регионов (130 файлов) в public за 0,45 с")
    #expect(
      CommandMessage.built(pages: 1, regions: 1, files: 1, output: "public", seconds: "1.00")
        .english == "Built 1 page for 1 region (1 files) into public in 1.00 s")
    #expect(
      CommandMessage.built(
        pages: 21, regions: 2, files: 130, output: "public", seconds: "0.45", unchanged: 121
      ).russian
        == "Собрано: 21 страница для 2 регионов (130 файлов, из них не изменились с прошлой сборки: 121) в public за 0,45 с"
    )
    #expect(
      CommandMessage.upToDate(output: "public", files: 131, seconds: "0.12").russian
        == "С прошлой сборки ничего не изменилось: public оставлен как есть (131 файл; проверка заняла 0,12 с)"
    )
    #expect(
      CommandMessage.upToDate(output: "public", files: 1, seconds: "0.12").english
        == "Nothing changed since the last build: public is up to date (1 file left as it was; checked in 0.12 s)"
    )
  }
}
