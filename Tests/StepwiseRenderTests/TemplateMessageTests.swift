import StepwiseRender
import StepwiseTestSupport
import Testing

@Suite struct TemplateMessageTests {
  @Test func everyMessageInBothLanguages() throws {
    let problems = try catalogueProblems(
      TemplateMessage.samples, enumName: "TemplateMessage",
      file: "Sources/StepwiseRender/RenderMessages.swift")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }
}
