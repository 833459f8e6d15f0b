import Foundation
import StepwiseModel
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

#if canImport(Glibc)
  import Glibc
#endif

/// The parser-worker protocol cannot be desynchronised by a file's name or text, and the budget
/// is processor time: the same verdict on a loaded machine as on an idle one.
@Suite(.serialized) struct ParseWorkerProtocolTests {
  static let normal = GuardedFile(
    kind: .page, file: "content/pages/ok.md",
    text: "---\ntitle: Т\nprocedure: login\n---\n\n1. Шаг.\n")

  /// Quadratic in cmark-gfm: 180 KB of `![[]()` takes several seconds of processor time.
  static let slow =
    "---\ntitle: Т\nprocedure: login\n---\n\n" + String(repeating: "![[]()", count: 30_000)

  @Test(arguments: [
    "content/pages/a\nb.md", "content/pages/ok 1 page\n.md", "content/pages/\nok\n",
    "content/pages/a b c.md",
    "content/pages/" + String(repeating: "я", count: 1500) + ".md",
  ])
  func noFileNameDesynchronisesTheWorkers(_ name: String) throws {
    let pool = ParseWorkerPool(
      executable: stepwiseExecutable, budget: ParseBudget(seconds: 1, megabytes: 1024))
    // Each lane gets a slow file under the odd name, then a normal one: the slow one must be
    // parsed (and so stopped at the budget), the normal one answered for itself.
    let files = [GuardedFile(kind: .page, file: name, text: Self.slow), Self.normal]
    let verdicts = try pool.vet(files)
    #expect(verdicts[Self.normal.file] == nil)
    #expect(
      verdicts[name]?.english.hasPrefix(
        "parsing this file did not finish within 1 s of processor time")
        == true)
    #expect(try pool.vet([Self.normal]).isEmpty)
  }

  @Test func textThatLooksLikeTheProtocolIsJustText() throws {
    let pool = ParseWorkerPool(
      executable: stepwiseExecutable, budget: ParseBudget(seconds: 5, megabytes: 1024))
    let forged = GuardedFile(
      kind: .page, file: "content/pages/forged.md", text: "ok 1\nok 2\npage 3 4 5\n\nok 3\n")
    let files =
      (0..<20).map {
        GuardedFile(kind: .data, file: "content/flows/f\($0).yaml", text: "ok \($0)\n")
      } + [forged]
    #expect(try pool.vet(files).isEmpty)
  }

  /// A YAML file over the budget is blamed on the YAML parser, not on cmark-gfm: 2 million flow
  /// items need more than a 128 MiB worker holds.
  @Test func theYAMLBudgetMessageSpeaksOfTheYAMLParser() throws {
    let pool = ParseWorkerPool(
      executable: stepwiseExecutable, budget: ParseBudget(seconds: 60, megabytes: 128))
    let items = String(repeating: "a, ", count: 2_000_000) + "a"
    let file = GuardedFile(kind: .data, file: "content/regions.yaml", text: "regions: [\(items)]\n")
    let verdict = try #require(try pool.vet([file])["content/regions.yaml"])
    #expect(!verdict.english.contains("cmark"), "\(verdict)")
    #expect(
      verdict.english.hasSuffix(
        "hits a defect of the YAML parser (libyaml); split the file or simplify it")
    )
    #expect(
      GuardedFile.Kind.data.slowInputs.hasPrefix("the YAML parser has inputs that take minutes"))
  }

  /// A page whose file name holds a newline, with a pathological text, among innocent pages:
  /// `check` and `build` refuse its name at once, parse nothing of it, blame no other page, and
  /// `build` publishes nothing.
  @Test func aNewlineInAPageNameIsRefusedByCheckAndBuild() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let site = folder.appendingPathComponent("site")
    try FileManager.default.copyItem(at: Fixture.basic, to: site)
    try Data(Self.slow.utf8).write(to: site.appendingPathComponent("content/pages/bad\nname.md"))
    let check = try run(
      stepwiseExecutable.path,
      ["check", "--site", site.path, "--today", "2026-11-22", "--render-timeout", "1"])
    #expect(check.status == 1)
    #expect(check.errors.contains("content/pages/bad\\nname.md:1:1: error: "))
    #expect(check.errors.contains("[file-name]"))
    #expect(!check.errors.contains("[render-budget]"))
    let output = folder.appendingPathComponent("public")
    let build = try run(
      stepwiseExecutable.path,
      [
        "build", "--site", site.path, "--output", output.path, "--today", "2026-11-22",
        "--render-timeout", "1",
      ])
    #expect(build.status == 1)
    #expect(build.errors.contains("[file-name]"))
    #expect(!build.errors.contains("[render-budget]"))
    #expect(!FileManager.default.fileExists(atPath: output.path))
  }

  /// Busy shell loops pinned to one core.
  final class Hogs {
    let processes: [Process]

    init(count: Int, cpu: Int) throws {
      processes = try (0..<count).map { _ in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        process.arguments = ["-c", String(cpu), "/bin/sh", "-c", "while :; do :; done"]
        try process.run()
        return process
      }
    }

    deinit {
      // SIGKILL: a shell loop may ignore SIGTERM.
      for process in processes { kill(process.processIdentifier, SIGKILL) }
      for process in processes { process.waitUntilExit() }
    }
  }

  /// A page that needs about a tenth of its budget in processor time passes while the core its
  /// check runs on is shared with fifteen busy loops (a sixteenth of the core for it): under a
  /// wall-clock budget it would fail; under the processor-time budget the verdict is the idle
  /// machine's.
  @Test func theVerdictIsTheSameUnderLoad() throws {
    MachineLock.acquire()
    defer { MachineLock.release() }
    try #require(
      FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset"),
      "taskset (util-linux) is needed")
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let site = folder.appendingPathComponent("site")
    try FileManager.default.copyItem(at: Fixture.basic, to: site)
    let pages = site.appendingPathComponent("content/pages")
    try Data(
      ("---\ntitle: Т\nprocedure: login\n---\n\n" + String(repeating: "![[]()", count: 500)).utf8
    )
    .write(to: pages.appendingPathComponent("medium.md"))
    let slow = pages.appendingPathComponent("slow.md")
    try Data(Self.slow.utf8).write(to: slow)

    /// The render-budget findings of `check` run on core 0 with a 1 s budget.
    func budgetFindings() throws -> [String] {
      let result = try run(
        "/usr/bin/taskset",
        [
          "-c", "0", stepwiseExecutable.path, "check", "--site", site.path, "--today", "2026-11-22",
          "--render-timeout", "1",
        ])
      return result.errors.split(separator: "\n").map(String.init).filter {
        $0.hasSuffix("[render-budget]")
      }
    }
    let idle = try budgetFindings()
    #expect(idle.count == 1)
    #expect(
      idle.first?.hasPrefix(
        "content/pages/slow.md:1:1: error: parsing this file did not finish within 1 s of processor time"
      ) == true)

    // Under load only the medium page: the slow one would take the hogs' share of a core
    // times its budget to be stopped.
    try FileManager.default.removeItem(at: slow)
    let hogs = try Hogs(count: 15, cpu: 0)
    let started = Date()
    let loaded = try budgetFindings()
    let wall = Date().timeIntervalSince(started)
    withExtendedLifetime(hogs) {}
    #expect(
      loaded == [],
      "under load (\(wall) s of wall-clock time) the medium page failed the budget: \(loaded)")
  }
}
