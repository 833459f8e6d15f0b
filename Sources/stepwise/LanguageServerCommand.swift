import ArgumentParser
import Foundation
import StepwiseLSP

/// `stepwise lsp`: the language server for editors, over standard input and output.
struct LanguageServerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lsp",
    abstract:
      "A language server over standard input and output, for any editor with an LSP client.",
    discussion: """
      Diagnostics as you type (the checks of `stepwise check` over the unsaved text), completion \
      of step ids, labels, {{variables}} and page links, hover on a step marker, and go to \
      definition of a marker or a procedure. See docs/editors-lsp.md.
      """)

  @OptionGroup var content: ContentOptions

  @OptionGroup var budget: BudgetOptions

  @Option(help: "Milliseconds to wait after an edit before checking again.")
  var debounce = 200

  func validate() throws {
    guard (0...10_000).contains(debounce) else {
      throw ValidationError("--debounce must be between 0 and 10000 milliseconds")
    }
  }

  func run() throws {
    let server = LanguageServer(
      LanguageServer.Configuration(
        root: content.root, today: try content.date(), region: content.region,
        parseGuard: budget.pool(forEdits: true),
        debounce: .milliseconds(debounce), version: StepwiseVersion.current,
        language: content.lang ?? .russian))
    throw ExitCode(server.run())
  }
}
