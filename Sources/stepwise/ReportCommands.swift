import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseSite

extension ReportFormat: ExpressibleByArgument {}

/// Writes a report to standard output.
private func printReport(_ text: String) {
  FileHandle.standardOutput.write(Data(text.utf8))
}

/// Writes `stepwise: error: …` and exits with status 2.
private func failure(_ message: String) -> ExitCode {
  FileHandle.standardError.write(Data("stepwise: error: \(message)\n".utf8))
  return ExitCode(2)
}

struct Impact: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "impact",
    abstract: "Which published pages a change touches, in which regions; or where a label is used.",
    discussion: """
      --since REF builds the site as it is at the git ref and as it is in the working tree, both \
      in memory, and compares every published file: pages are grouped by procedure, with what \
      changed (text, labels, links, markup, built, no longer built). --format markdown is ready \
      to paste into a merge request. If either side does not check clean, it is compared anyway \
      and the report says so.
      --label «…» lists every quote of a UI label on a page (file:line:col), the regions that \
      publish each page, and the systems that declare it.
      Exit status: 0 (the report is information), 2 when the site or the ref cannot be read.
      """)

  @Option(name: .customLong("site"), help: "The site folder (holding content/ and templates/).")
  var site: String = "."

  @Option(help: ArgumentHelp("Compare with this git ref (branch, tag, commit).", valueName: "ref"))
  var since: String?

  @Option(
    parsing: .upToNextOption,
    help: ArgumentHelp(
      "Where this UI label is used (with or without «»; the words need no quotes).",
      valueName: "label"))
  var label: [String] = []

  @Option(help: "Report format: text, json or markdown.")
  var format: ReportFormat = .text

  @Option(help: "Judge dates as of this day (YYYY-MM-DD) instead of today.")
  var today: String?

  @OptionGroup var budget: BudgetOptions

  func validate() throws {
    guard (since == nil) != label.isEmpty else {
      throw ValidationError("give either --since REF or --label «…»")
    }
  }

  func run() throws {
    let root = URL(fileURLWithPath: site).standardizedFileURL
    let day = try ContentOptions.date(today)
    if !label.isEmpty {
      let checked: CheckedSite
      do {
        checked = try SitePipeline.check(root: root, today: day, parseGuard: budget.pool())
      } catch {
        throw failure("\(error)")
      }
      printReport(
        LabelUsage(label: label.joined(separator: " "), in: checked).rendered(format))
      return
    }
    guard let since else { return }
    let report: ImpactReport
    do {
      let snapshot = try GitSnapshot(site: root, ref: since)
      defer { snapshot.remove() }
      let pool = budget.pool()
      let before: SiteInMemory
      let after: SiteInMemory
      do {
        before = try SiteInMemory.build(root: snapshot.root, today: day, parseGuard: pool)
        after = try SiteInMemory.build(root: root, today: day, parseGuard: pool)
      } catch {
        throw ImpactError.site(error)
      }
      report = ImpactReport(since: since, commit: snapshot.commit, before: before, after: after)
    } catch {
      throw failure("\(error)")
    }
    printReport(report.rendered(format))
  }
}

struct Coverage: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "coverage",
    abstract: "What the flow graph declares that no published page explains.",
    discussion: """
      Lists state values nothing produces or nothing needs, steps on no page, declared labels no \
      page quotes, systems and regions with no pages, and procedures built in no region. \
      It reports and never fails: exit status 0 (2 when the site cannot be read).
      """)

  @OptionGroup var content: ContentOptions

  @Option(help: "Report format: text or json.")
  var format: ReportFormat = .text

  @OptionGroup var budget: BudgetOptions

  func validate() throws {
    guard format != .markdown else { throw ValidationError("--format must be text or json") }
    guard content.region == nil else {
      throw ValidationError("coverage looks at every region: --region does not apply")
    }
  }

  func run() throws {
    let today = try content.date()
    do {
      let site = try SitePipeline.check(root: content.root, today: today, parseGuard: budget.pool())
      printReport(CoverageReport(site).rendered(format))
    } catch {
      throw failure("\(error)")
    }
  }
}

extension ContentOptions {
  /// `--today` as a date, or today.
  static func date(_ today: String?) throws -> CalendarDate {
    var options = ContentOptions()
    options.today = today
    return try options.date()
  }
}

/// `impact`, `coverage` and `combine`, registered in `Stepwise`'s subcommands.
var reportCommands: [any ParsableCommand.Type] { [Impact.self, Coverage.self, Combine.self] }

extension Build {
  /// `build --region CODE --part`: one region's folder of the whole site, for `combine`.
  func buildPart(into output: URL, today: CalendarDate) throws(SiteError) -> Int32 {
    guard let region = options.region else {
      FileHandle.standardError.write(
        Data("stepwise: error: --part builds one region: give --region CODE\n".utf8))
      return 2
    }
    let report = try SitePipeline.buildPart(
      root: options.root, output: output, today: today, region: region,
      parseGuard: options.budget.pool())
    options.report(report.site)
    guard report.published else {
      FileHandle.standardError.write(
        Data(
          "stepwise: the part was not published: fix the errors above; \(output.path) is unchanged\n"
            .utf8))
      return 1
    }
    if report.upToDate {
      let seconds = String(format: "%.2f", report.seconds)
      print(
        CommandMessage.upToDate(output: output.path, files: report.files, seconds: seconds)
          .text(in: options.language))
      return options.strict && !report.site.diagnostics.isEmpty ? 1 : 0
    }
    print(
      "Built region \(region) (\(report.pages) page\(report.pages == 1 ? "" : "s"), \(report.files) files) as a part into \(output.path)"
    )
    return options.strict && !report.site.diagnostics.isEmpty ? 1 : 0
  }
}

struct Combine: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "combine",
    abstract: "Combine regions built apart (build --region CODE --part) into the whole site.",
    discussion: """
      Each PART is the output of stepwise build --region CODE --part: one region's folder, \
      exactly as the whole site's build writes it. combine checks the site, renders the files of \
      the whole site (root page, 404.html, sitemap.xml, the stylesheet, region lists, assets) and \
      takes each region's folder from its part: the result is byte for byte the output of \
      stepwise build. Every region the site builds must come from exactly one part. The parts \
      are only read; OUTPUT is replaced atomically, and only if Stepwise made it.
      """)

  @OptionGroup var options: SiteOptions

  @Argument(help: "The output folder (replaced only if Stepwise made it).")
  var output: String

  @Argument(help: "The parts: folders made by build --region CODE --part.")
  var parts: [String]

  func validate() throws {
    guard options.region == nil else {
      throw ValidationError("combine makes the whole site: --region does not apply")
    }
    guard !parts.isEmpty else { throw ValidationError("give at least one part") }
  }

  func run() throws {
    let today = try options.date()
    let current = FileManager.default.currentDirectoryPath
    let report: BuildReport
    let target: String
    do {
      do {
        target = try OutputFolder.resolve(output, relativeTo: current)
      } catch {
        throw CombineError.site(error)
      }
      report = try SitePipeline.combine(
        root: options.root, output: URL(fileURLWithPath: target),
        parts: parts.map { URL(fileURLWithPath: $0.hasPrefix("/") ? $0 : current + "/" + $0) },
        today: today, parseGuard: options.budget.pool())
    } catch {
      throw failure("\(error)")
    }
    options.report(report.site)
    guard report.published else {
      FileHandle.standardError.write(
        Data(
          "stepwise: the site was not combined: fix the errors above; \(target) is unchanged\n".utf8
        ))
      throw ExitCode(1)
    }
    print(
      "Combined \(parts.count) part\(parts.count == 1 ? "" : "s"): \(report.pages) page\(report.pages == 1 ? "" : "s") for \(report.regions) region\(report.regions == 1 ? "" : "s") (\(report.files) files) into \(target)"
    )
    if options.strict && !report.site.diagnostics.isEmpty { throw ExitCode(1) }
  }
}
