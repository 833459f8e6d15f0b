import StepwisePreview
import StepwiseTestSupport
import Testing

@Suite struct PreviewMessageTests {
  @Test func everyMessageInBothLanguages() throws {
    let problems = try catalogueProblems(
      PreviewMessage.samples, enumName: "PreviewMessage",
      file: "Sources/StepwisePreview/PreviewMessages.swift")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }
}
