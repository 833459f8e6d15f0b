import Foundation
import StepwiseModel
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// Texts a worker found safe are not sent to a worker again by the same program and budget.
@Suite struct VettedTextsTests {
  @Test func aTextFoundSafeIsNotSentAgainAndNothingElseIsTrusted() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // A program of its own (a copy has its own identity), so that no other run shares the memory.
    let program = folder.appendingPathComponent("stepwise")
    try copyExecutable(stepwiseExecutable, to: program)
    let budget = ParseBudget(seconds: 1, megabytes: 1024)
    let memoryPath = try #require(VettedTexts.load(executable: program, budget: budget)).path
    defer { unlink(memoryPath) }

    let first = ParseWorkerPool(executable: program, budget: budget, remembers: true)
    let verdicts = try first.vet([RenderBudgetTests.normal, Self.wide])
    #expect(verdicts["content/pages/ok.md"] == nil)
    #expect(verdicts["content/pages/wide.md"] != nil)
    let memory = try #require(VettedTexts.load(executable: program, budget: budget))
    #expect(memory.contains(RenderBudgetTests.normal))
    #expect(!memory.contains(Self.wide))

    // With texts remembered, workers start only when asked for edits to come (the preview).
    let quiet = ParseWorkerPool(executable: program, budget: budget, remembers: true)
    quiet.prestart()
    let ready = ParseWorkerPool(executable: program, budget: budget, remembers: true)
    ready.prestart(forEdits: true)
    // Started in the background: waited for, however slow the machine.
    for _ in 0..<600 where ready.idleCount == 0 { usleep(50_000) }
    #expect(ready.idleCount > 0)
    #expect(quiet.idleCount == 0)

    // The program can no longer start (its identity stays: mode is not part of it): a text it
    // found safe passes without a worker; any other text still needs one and fails to start.
    chmod(program.path, 0o644)
    let second = ParseWorkerPool(executable: program, budget: budget, remembers: true)
    #expect(try second.vet([RenderBudgetTests.normal]).isEmpty)
    let other = GuardedFile(
      kind: .page, file: "content/pages/other.md",
      text: RenderBudgetTests.normal.text + "2. Ещё шаг.\n")
    #expect(try second.vet([other])["content/pages/other.md"] != nil)
    // The failing text is still refused, and was not remembered.
    #expect(try second.vet([Self.wide])["content/pages/wide.md"] != nil)
    // Another budget, another memory; a pool that does not remember asks the workers.
    let otherBudget = ParseWorkerPool(
      executable: program, budget: ParseBudget(seconds: 2, megabytes: 1024), remembers: true)
    #expect(try otherBudget.vet([RenderBudgetTests.normal])["content/pages/ok.md"] != nil)
    let forgetful = ParseWorkerPool(executable: program, budget: budget)
    #expect(try forgetful.vet([RenderBudgetTests.normal])["content/pages/ok.md"] != nil)
  }

  static let wide = GuardedFile(
    kind: .page, file: "content/pages/wide.md", text: RenderBudgetTests.wideTable)
}
