import ArgumentParser
import Foundation
import StepwiseCore
import StepwisePreview
import StepwiseSite
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Every command names itself (`commandName`): a name ArgumentParser derives from the type is
/// `String(describing:)` of it, whose first conformance lookups scan the whole binary's records,
/// on one core, before any command starts (`--version` took 11–16 ms of CPU with derived
/// names, 9 ms without).
@main
struct Stepwise: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stepwise",
    abstract: "Step-by-step instruction sites with a typed flow graph.",
    discussion: """
      Exit status: 0 clean, 1 content errors (or warnings with --strict), 2 usage or I/O failure.
      """,
    version: StepwiseVersion.current,
    subcommands: [
      Build.self, Check.self, Serve.self, Init.self, Schema.self, LanguageServerCommand.self,
      ParseWorker.self,
    ] + reportCommands)

  /// Parses and runs like ArgumentParser's default, but usage errors exit with status 2
  /// (ArgumentParser's own is 64), as `stepwise` promises: 0 clean, 1 findings, 2 usage or I/O.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var command = command as? any AsyncParsableCommand {
        try await command.run()
      } else {
        try command.run()
      }
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}

/// Which site, which region, which day: every command has these.
struct ContentOptions: ParsableArguments {
  @Option(name: .customLong("site"), help: "The site folder (holding content/ and templates/).")
  var site: String = "."

  @Option(help: "Only this region (ISO 3166-2:RU code, e.g. RU-MOS).")
  var region: String?

  @Option(help: "Judge dates as of this day (YYYY-MM-DD) instead of today.")
  var today: String?

  @Option(
    name: .customLong("lang"),
    help: ArgumentHelp(
      "The language of the messages: ru or en.",
      discussion: """
        Without it: Russian when LC_ALL, else LC_MESSAGES, else LANG starts with ru, otherwise \
        English; the preview (serve) speaks Russian unless --lang en. Rule ids, JSON field names \
        and file:line:col are the same in both.
        """,
      valueName: "ru|en"))
  var lang: Language?

  var root: URL { URL(fileURLWithPath: site).standardizedFileURL }

  /// `--lang`, else the locale's language.
  var language: Language { lang ?? .ofLocale }

  func date() throws -> CalendarDate {
    if let today {
      guard let date = CalendarDate(today) else {
        throw ValidationError(CommandMessage.todayFormat(today).text(in: language))
      }
      return date
    }
    // By the C library: loading a `Calendar` and its zone cost every command a millisecond.
    if let today = CalendarDate.day(of: Int(time(nil)), local: true) { return today }
    let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
    return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
  }
}

/// `--base-url` of `build` and `serve`.
struct BaseURLOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The site's published address, instead of base-url in site.yaml (a staging build).",
      valueName: "https://…/"))
  var baseURL: String?

  func validate() throws {
    guard let baseURL else { return }
    if let problem = SitePipeline.problem(withBaseURL: baseURL) {
      throw ValidationError(problem.text(in: .ofLocale))
    }
  }
}

/// Options of `check` and `build`.
struct SiteOptions: ParsableArguments {
  @OptionGroup var content: ContentOptions

  @Option(
    help:
      "Diagnostics format: text, json, github (workflow annotations), sarif (SARIF 2.1.0) or gitlab (Code Quality)."
  )
  var format: DiagnosticFormat = .text

  @Flag(help: "Count warnings as failures (exit status 1).")
  var strict = false

  @OptionGroup var budget: BudgetOptions

  var root: URL { content.root }
  var region: String? { content.region }
  var language: Language { content.language }
  func date() throws -> CalendarDate { try content.date() }

  /// Prints findings to standard error (text) or standard output (json, github, sarif, gitlab).
  func report(_ site: CheckedSite) {
    let sources = site.sources
    let color =
      format == .text && isatty(STDERR_FILENO) != 0
      && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    var formatter = DiagnosticFormatter(format: format, useColor: color, source: { sources[$0] })
    formatter.toolVersion = StepwiseVersion.current
    formatter.language = language
    let text = formatter.render(site.diagnostics)
    if format == .text {
      FileHandle.standardError.write(Data(text.utf8))
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }

  func failed(_ site: CheckedSite) -> Bool {
    site.diagnostics.hasErrors || (strict && !site.diagnostics.isEmpty)
  }
}

extension DiagnosticFormat: ExpressibleByArgument {}

extension Language: ExpressibleByArgument {
  /// The language of the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).
  static var ofLocale: Language { fromLocale(ProcessInfo.processInfo.environment) }

  /// The language of a usage error found before the options are put together: `--lang` as
  /// written on the command line, else the locale's.
  static var ofCommandLine: Language {
    let arguments = CommandLine.arguments
    for (index, argument) in arguments.enumerated() {
      if argument.hasPrefix("--lang="),
        let language = Language(rawValue: String(argument.dropFirst(7)))
      {
        return language
      }
      if argument == "--lang", index + 1 < arguments.count,
        let language = Language(rawValue: arguments[index + 1])
      {
        return language
      }
    }
    return ofLocale
  }
}

/// The render budget: every page and data file is first parsed in a worker process under it.
struct BudgetOptions: ParsableArguments {
  @Option(
    help: "Processor seconds one file may take to parse before it is an error (render-budget).")
  var renderTimeout: Double = ParseBudget.standard.seconds

  @Option(
    help: "Memory (MiB) the parser may use for one file before it is an error (render-budget).")
  var renderMemory: Int = ParseBudget.standard.megabytes

  func validate() throws {
    guard renderTimeout > 0, renderTimeout <= 3600 else {
      throw ValidationError(CommandMessage.renderTimeout.text(in: .ofCommandLine))
    }
    guard renderMemory >= 128 else {
      throw ValidationError(CommandMessage.renderMemory.text(in: .ofCommandLine))
    }
  }

  /// The worker pool that guards the parsers, its workers starting while the files are read
  /// (and, `forEdits`, kept ready for the texts of the saves to come).
  func pool(forEdits: Bool = false) -> ParseWorkerPool {
    let pool = ParseWorkerPool(
      executable: ParseWorkerPool.currentExecutable,
      budget: ParseBudget(seconds: renderTimeout, megabytes: renderMemory), remembers: true)
    pool.prestart(forEdits: forEdits)
    return pool
  }
}

/// `stepwise parse-worker`: the worker process of the render budget (not for people).
struct ParseWorker: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parse-worker", abstract: "Internal: parses files sent on standard input.",
    shouldDisplay: false)

  @Option var megabytes: Int = ParseBudget.standard.megabytes

  func run() throws {
    let status = ParseWorkerMain.run(megabytes: megabytes)
    if status != 0 { throw ExitCode(status) }
  }
}

/// Runs a command body, mapping I/O failures to exit status 2 with a one-line message.
func runCommand(language: Language, _ body: () throws(SiteError) -> Int32) throws {
  let status: Int32
  do {
    status = try body()
  } catch {
    let line = CommandMessage.failure(error.text(in: language)).text(in: language)
    FileHandle.standardError.write(Data((line + "\n").utf8))
    throw ExitCode(2)
  }
  if status != 0 { throw ExitCode(status) }
}

/// Keeps a value until the process exits, never freed.
///
/// A checked site is hundreds of thousands of objects at ministry scale: freeing them one by one
/// just before exiting was about 3 % of `check`'s time at 200×85 (perf). The kernel takes the memory back
/// at once.
func keepUntilExit(_ value: some Any) {
  _ = Unmanaged.passRetained(HeldUntilExit(value))
}

private final class HeldUntilExit {
  let value: Any
  init(_ value: Any) { self.value = value }
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check the content: the flow graph, every page's steps, labels, links, dates.")

  @OptionGroup var options: SiteOptions

  func run() throws {
    let today = try options.date()
    try runCommand(language: options.language) { () throws(SiteError) -> Int32 in
      let site = try SitePipeline.check(
        root: options.root, today: today, region: options.region, parseGuard: options.budget.pool())
      options.report(site)
      keepUntilExit(site)
      return options.failed(site) ? 1 : 0
    }
  }
}

struct Build: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Check, then build the site into the output folder (replaced atomically).",
    discussion: """
      --output is relative to the current folder; without it the site goes to public/ in the \
      site folder. The output is replaced only when the new site is complete, and only if \
      stepwise build made it: a folder of other files is refused (exit status 2) and left as it is.
      Files whose bytes did not change are hard links to the last build's, not written again; \
      when nothing the build reads has changed and the output is as the last build left it, the \
      content is still checked but nothing is written, and one line says so.
      """)

  @OptionGroup var options: SiteOptions

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "The output folder, relative to the current folder (default: public in the site folder).",
      discussion: """
        Only a folder that stepwise build made is replaced: one that is absent, empty, or holds \
        the .stepwise-output file of an earlier build. The site folder, a folder containing it, \
        content/, templates/, a home folder and / are always refused.
        """,
      valueName: "folder"))
  var output: String?

  @Flag(
    help: "With --region: only that region's folder, as the whole site has it (stepwise combine).")
  var part = false

  @OptionGroup var base: BaseURLOption

  func run() throws {
    let today = try options.date()
    let interactive = isatty(STDERR_FILENO) != 0
    let language = options.language
    try runCommand(language: language) { () throws(SiteError) -> Int32 in
      let output = try outputFolder()
      if part { return try buildPart(into: output, today: today) }
      let steps = PipelineStep.allCases
      let report = try SitePipeline.build(
        root: options.root, output: output, today: today, region: options.region,
        parseGuard: options.budget.pool(), baseURL: base.baseURL,
        progress: { step in
          guard interactive, let index = steps.firstIndex(of: step) else { return }
          FileHandle.standardError.write(
            Data("[\(index + 1)/\(steps.count)] \(step.rawValue)\n".utf8))
        },
        rendered: interactive ? ProgressLine().update : nil,
        renderStep: { output in
          // Each output is a step of its own: its name, then the progress line below it.
          guard interactive else { return }
          FileHandle.standardError.write(Data("\r\u{1B}[K      \(output.title)\n".utf8))
        },
        keepWork: true)
      options.report(report.site)
      keepUntilExit(report)
      guard report.published else {
        FileHandle.standardError.write(
          Data((CommandMessage.notPublished(output: output.path).text(in: language) + "\n").utf8))
        return 1
      }
      let seconds = String(format: "%.2f", report.seconds)
      if report.upToDate {
        print(
          CommandMessage.upToDate(output: output.path, files: report.files, seconds: seconds)
            .text(in: language))
      } else {
        print(
          CommandMessage.built(
            pages: report.pages, regions: report.regions, files: report.files,
            output: output.path, seconds: seconds, unchanged: report.linked
          ).text(in: language))
      }
      return options.strict && !report.site.diagnostics.isEmpty ? 1 : 0
    }
  }
}

extension Build {
  /// `--output` resolved against the current folder (no `~` expansion: the shell does that);
  /// without it, `public` in the site folder.
  func outputFolder() throws(SiteError) -> URL {
    let path: String
    if let output {
      path = try OutputFolder.resolve(output, relativeTo: FileManager.default.currentDirectoryPath)
    } else {
      path = options.root.appendingPathComponent("public").path
    }
    return URL(fileURLWithPath: path)
  }
}

struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Preview the site: build it in memory, serve it, rebuild and reload on every save.",
    discussion: """
      Open the printed address in a browser and pick a region. Every save of a page, a flow file, \
      regions.yaml, site.yaml or a template shows up in the open page within a moment; while the \
      content has errors, the page shows them (file:line:col) over the last good build. \
      The built site in public/ is not touched. Stop with Ctrl+C.
      """)

  @OptionGroup var content: ContentOptions

  @Option(help: "The address to listen on. Only 127.0.0.1 (this computer) unless you ask.")
  var host: String = "127.0.0.1"

  @Option(help: "The port; 0 picks a free one.")
  var port: Int = 8080

  @Flag(help: "Watch files by polling instead of inotify (network folders, some containers).")
  var poll = false

  @Option(help: "Most live-reload connections open at once (one per open preview tab).")
  var maxEventStreams = 32

  @Option(
    help: ArgumentHelp(
      "Seconds before a connection that sends nothing is closed (live-reload connections stay).",
      valueName: "seconds"))
  var idleTimeout = 15.0

  @Option(
    help: ArgumentHelp(
      "Seconds between the keep-alive comments on live-reload connections.", valueName: "seconds"))
  var heartbeat = 5.0

  @OptionGroup var budget: BudgetOptions

  @OptionGroup var base: BaseURLOption

  func validate() throws {
    guard (0...65535).contains(port) else {
      throw ValidationError(CommandMessage.port(port).text(in: .ofCommandLine))
    }
    guard idleTimeout >= 0.1, idleTimeout <= 86_400 else {
      throw ValidationError(CommandMessage.idleTimeout(idleTimeout).text(in: .ofCommandLine))
    }
    guard heartbeat >= 0.1, heartbeat <= 3_600 else {
      throw ValidationError(CommandMessage.heartbeat(heartbeat).text(in: .ofCommandLine))
    }
  }

  func run() async throws {
    var configuration = PreviewConfiguration(root: content.root, today: try content.date())
    configuration.host = host
    configuration.port = port
    configuration.region = content.region
    configuration.poll = poll
    configuration.maximumEventStreams = maxEventStreams
    configuration.idleTimeout = idleTimeout
    configuration.heartbeatInterval = heartbeat
    configuration.parseGuard = budget.pool(forEdits: true)
    // The terminal follows the locale; the preview speaks Russian unless --lang en.
    let language = content.language
    configuration.language = content.lang ?? .russian
    configuration.baseURL = base.baseURL
    if host != "127.0.0.1" && host != "localhost" && host != "::1" {
      FileHandle.standardError.write(
        Data((CommandMessage.listeningOnNetwork(host: host).text(in: language) + "\n").utf8))
    }
    let server = PreviewServer(configuration: configuration) { line in
      FileHandle.standardError.write(Data(("stepwise: " + line + "\n").utf8))
    }
    do {
      try await server.run { url in
        FileHandle.standardOutput.write(
          Data((CommandMessage.previewAddress("\(url)").text(in: language) + "\n").utf8))
      }
    } catch let error as PreviewError {
      FileHandle.standardError.write(
        Data((CommandMessage.failure("\(error)").text(in: language) + "\n").utf8))
      throw ExitCode(2)
    }
  }
}

/// `Render pages: 1200/3620 (33%), about 2 s left`, rewritten in place on a terminal at most ten
/// times a second.
final class ProgressLine: Sendable {
  private let started = Date()
  /// When the line was last written.
  private let shown = Mutex(Date.distantPast)

  func update(done: Int, total: Int) {
    shown.withLock { shown in
      let now = Date()
      let finished = done >= total
      guard finished || now.timeIntervalSince(shown) >= 0.1 else { return }
      shown = now
      let elapsed = now.timeIntervalSince(started)
      let left = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
      let percent = total > 0 ? done * 100 / total : 100
      var line = "\r\u{1B}[K      \(done)/\(total) files (\(percent)%)"
      if !finished, done > 0 { line += String(format: ", about %.1f s left", left) }
      if finished { line += "\n" }
      FileHandle.standardError.write(Data(line.utf8))
    }
  }
}
