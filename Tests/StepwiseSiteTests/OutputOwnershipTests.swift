import Foundation
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

#if canImport(Glibc)
  import Glibc
#endif

/// `build` replaces only a folder it made.
///
/// Every case runs in a throwaway folder that holds
/// nothing else, so that even a wrong `build` could only harm that folder: no test points a
/// build at a real home folder, a repository or `/` (those are judged by `OutputFolder.validate`
/// alone, which reads and never writes).
@Suite(.serialized) struct OutputOwnershipTests {
  let fixture = Fixture.basic

  /// A scratch folder: `site/` (a copy of the fixture site), `notes/` (someone's files), and
  /// `home/` (a stand-in home folder with a file).
  struct Scratch {
    let folder: URL
    var site: URL { folder.appendingPathComponent("site") }

    init(fixture: URL) throws {
      folder = try temporaryFolder()
      let manager = FileManager.default
      try manager.copyItem(at: fixture, to: site)
      try manager.createDirectory(
        at: site.appendingPathComponent("templates"), withIntermediateDirectories: true)
      try Data("свои шаблоны\n".utf8).write(to: site.appendingPathComponent("templates/README.txt"))
      try manager.createDirectory(
        at: folder.appendingPathComponent("notes"), withIntermediateDirectories: true)
      try Data("мои заметки\n".utf8).write(to: folder.appendingPathComponent("notes/todo.txt"))
      try manager.createDirectory(
        at: folder.appendingPathComponent("home/docs"), withIntermediateDirectories: true)
      try Data("личное\n".utf8).write(to: folder.appendingPathComponent("home/docs/letter.txt"))
    }

    /// Every file and link under the scratch folder with its bytes (links: their target).
    func snapshot() throws -> [String: Data] {
      var files: [String: Data] = [:]
      let base = folder.standardizedFileURL.path
      guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [:] }
      for case let relative as String in enumerator {
        let path = base + "/" + relative
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
          files[relative] = Data(("-> " + target).utf8)
        } else if let data = FileManager.default.contents(atPath: path) {
          files[relative] = data
        } else {
          files[relative] = Data()
        }
      }
      return files
    }

    func remove() {
      // Undo any read-only folder a test made, then remove everything.
      _ = try? run("/bin/chmod", ["-R", "u+w", folder.path])
      try? FileManager.default.removeItem(at: folder)
    }
  }

  /// Runs `stepwise build` from `directory` with `arguments` after `build`; status and stderr.
  func build(
    _ arguments: [String], from directory: URL, site: URL, environment: [String: String] = [:]
  ) throws -> ProcessResult {
    try run(
      stepwiseExecutable.path, ["build", "--site", site.path, "--today", "2026-11-22"] + arguments,
      environment: environment, in: directory)
  }

  static let advice =
    "nothing was changed: choose a new or empty folder for the site, e.g. --output public"

  /// Each refused `--output`: from which folder, the argument, and the exact message.
  struct Refusal: CustomTestStringConvertible, Sendable {
    var from: String
    var argument: String
    var message: @Sendable (String) -> String
    var testDescription: String { "--output '\(argument)' from \(from.isEmpty ? "." : from)" }
  }

  static let refusals: [Refusal] = [
    Refusal(from: "", argument: "notes") {
      "\($0)/notes: refusing to replace a folder that stepwise build did not make (it is not empty and has no "
        + ".stepwise-output file); nothing was changed: move its files away, or choose a new or empty folder for the site, e.g. --output public"
    },
    Refusal(from: "site", argument: "content") {
      "\($0)/site/content: refusing to build into the site's content/ folder; \(advice)"
    },
    Refusal(from: "site", argument: "content/pages") {
      "\($0)/site/content/pages: refusing to build into the site's content/ folder; \(advice)"
    },
    Refusal(from: "site", argument: "content/new-folder") {
      "\($0)/site/content/new-folder: refusing to build into the site's content/ folder; \(advice)"
    },
    Refusal(from: "site", argument: "templates") {
      "\($0)/site/templates: refusing to build into the site's templates/ folder; \(advice)"
    },
    Refusal(from: "site", argument: ".") {
      "\($0)/site: refusing to build into the site folder itself; \(advice)"
    },
    Refusal(from: "site", argument: "") { _ in "--output is empty (an unset variable?); \(advice)"
    },
    Refusal(from: "site", argument: "..") {
      "\($0): refusing to build into a folder that contains the site; \(advice)"
    },
    Refusal(from: "site/content", argument: "../..") {
      "\($0): refusing to build into a folder that contains the site; \(advice)"
    },
    Refusal(from: "", argument: "~") {
      _ in
      "~: refusing a path that starts with '~': stepwise does not expand it (the shell does, unquoted); nothing was changed: write the folder out, or choose a new or empty folder for the site, e.g. --output public"
    },
    Refusal(from: "", argument: "home") {
      "\($0)/home: refusing to build into a home folder; \(advice)"
    },
    Refusal(from: "", argument: "home/docs/letter.txt") {
      "\($0)/home/docs/letter.txt: exists and is not a folder; \(advice)"
    },
  ]

  @Test(arguments: refusals) func refusedOutputsChangeNothing(_ refusal: Refusal) throws {
    let scratch = try Scratch(fixture: fixture)
    defer { scratch.remove() }
    let base = scratch.folder.resolvingSymlinksInPath().path
    let before = try scratch.snapshot()
    let result = try build(
      ["--output", refusal.argument], from: scratch.folder.appendingPathComponent(refusal.from),
      site: scratch.site,
      environment: ["HOME": base + "/home"])
    #expect(result.status == 2)
    #expect(result.errors == "stepwise: error: " + refusal.message(base) + "\n")
    #expect(try scratch.snapshot() == before)
  }

  @Test func aLinkToAFolderThatContainsTheSiteIsRefused() throws {
    let scratch = try Scratch(fixture: fixture)
    defer { scratch.remove() }
    let base = scratch.folder.resolvingSymlinksInPath().path
    try FileManager.default.createSymbolicLink(
      atPath: scratch.site.path + "/public", withDestinationPath: "..")
    let before = try scratch.snapshot()
    let result = try build([], from: scratch.folder, site: scratch.site)
    #expect(result.status == 2)
    #expect(
      result.errors
        == "stepwise: error: \(base): refusing to build into a folder that contains the site; \(Self.advice)\n"
    )
    #expect(try scratch.snapshot() == before)
  }

  /// `public -> www/help`: the build goes into the folder the link names, and the link stays.
  @Test func aLinkedOutputIsBuiltThroughAndKept() throws {
    let scratch = try Scratch(fixture: fixture)
    defer { scratch.remove() }
    let real = scratch.folder.appendingPathComponent("www/help")
    try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
    let link = scratch.folder.path + "/public"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "www/help")
    for _ in 0..<2 {
      let result = try build(["--output", "public"], from: scratch.folder, site: scratch.site)
      #expect(result.status == 0, "\(result.errors)")
      #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "www/help")
      #expect(FileManager.default.fileExists(atPath: real.path + "/index.html"))
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path + "/www") == [
          "help"
        ])
    }
    // The same through the library, with the link itself as the output.
    let report = try SitePipeline.build(
      root: scratch.site, output: URL(fileURLWithPath: link), today: fixedToday)
    #expect(report.published)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "www/help")
  }

  @Test func aForgedMarkerLinkDoesNotMakeAFolderStepwises() throws {
    let scratch = try Scratch(fixture: fixture)
    defer { scratch.remove() }
    let notes = scratch.folder.appendingPathComponent("notes")
    try Data(OutputFolder.markerText.utf8).write(
      to: scratch.folder.appendingPathComponent("marker"))
    try FileManager.default.createSymbolicLink(
      atPath: notes.path + "/.stepwise-output", withDestinationPath: "../marker")
    let before = try scratch.snapshot()
    let result = try build(["--output", "notes"], from: scratch.folder, site: scratch.site)
    #expect(result.status == 2)
    #expect(try scratch.snapshot() == before)
  }

  /// `/` and the real home folder are judged without building: `validate` only reads.
  @Test func theRootAndTheHomeFolderAreAlwaysRefused() throws {
    let site = fixture.path
    #expect(throws: SiteError.refusedOutput(path: "/", reason: .fileSystemRoot)) {
      try OutputFolder.validate(output: "/", site: site)
    }
    #expect(throws: SiteError.refusedOutput(path: "/", reason: .fileSystemRoot)) {
      try OutputFolder.validate(output: "/tmp/..", site: site)
    }
    let home = OutputFolder.canonical(try #require(OutputFolder.homeFolders.first))
    #expect(throws: SiteError.refusedOutput(path: home, reason: .homeFolder)) {
      try OutputFolder.validate(output: home, site: site)
    }
    #expect(throws: SiteError.refusedOutput(path: "", reason: .empty)) {
      try OutputFolder.resolve("", relativeTo: "/tmp")
    }
  }

  @Test func theOutputIsRelativeToTheCurrentFolderAndCarriesTheMarker() throws {
    let scratch = try Scratch(fixture: fixture)
    defer { scratch.remove() }
    let first = try build(["--output", "out/site"], from: scratch.folder, site: scratch.site)
    #expect(first.status == 0, "\(first.errors)")
    let output = scratch.folder.appendingPathComponent("out/site")
    #expect(
      FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
    let marker = try String(
      contentsOf: output.appendingPathComponent(".stepwise-output"), encoding: .utf8)
    #expect(marker == OutputFolder.markerText)
    // A folder Stepwise made is replaced by the next build; nothing is left beside it.
    let second = try build(["--output", "out/site"], from: scratch.folder, site: scratch.site)
    #expect(second.status == 0, "\(second.errors)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path + "/out") == ["site"])
    // Without --output: public/ in the site folder, whatever the current folder; no lock beside it.
    let third = try build(
      [], from: scratch.folder.appendingPathComponent("notes"), site: scratch.site)
    #expect(third.status == 0, "\(third.errors)")
    #expect(FileManager.default.fileExists(atPath: scratch.site.path + "/public/index.html"))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: scratch.site.path).sorted() == [
        "content", "public", "templates",
      ])
    // An empty folder is accepted too.
    try FileManager.default.createDirectory(
      at: scratch.folder.appendingPathComponent("empty"), withIntermediateDirectories: true)
    #expect(try build(["--output", "empty"], from: scratch.folder, site: scratch.site).status == 0)
  }

  /// A read-only old site cannot be replaced: status 2, the old site as it was, nothing beside
  /// it.
  ///
  /// Root may write anywhere, so as root the build runs as `nobody` (setpriv).
  @Test func aReadOnlyOutputFailsWithStatusTwoAndLeavesNothing() throws {
    let scratch = try Scratch(fixture: fixture)
    defer { scratch.remove() }
    var prefix: [String] = []
    if getuid() == 0 {
      let setpriv = try #require(
        ["/usr/bin/setpriv", "/bin/setpriv"].first {
          FileManager.default.isExecutableFile(atPath: $0)
        },
        "setpriv (util-linux) is needed to run the build as another user")
      prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
      _ = try run("/bin/chown", ["-R", "65534:65534", scratch.folder.path])
      _ = try run("/bin/chmod", ["0755", scratch.folder.path])
    }
    let output = scratch.folder.appendingPathComponent("public")
    func buildAsUser() throws -> ProcessResult {
      try run(
        prefix.first ?? stepwiseExecutable.path,
        Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [stepwiseExecutable.path])
          + [
            "build", "--site", scratch.site.path, "--output", output.path, "--today", "2026-11-22",
          ])
    }
    let first = try buildAsUser()
    try #require(first.status == 0, "\(first.errors)")
    _ = try run("/bin/chmod", ["a-w", output.path + "/pervaya"])
    let before = try scratch.snapshot()
    let second = try buildAsUser()
    #expect(second.status == 2)
    let base = scratch.folder.resolvingSymlinksInPath().path
    #expect(
      second.errors
        == "stepwise: error: \(base)/public: cannot write the site: the old site cannot be replaced, \(base)/public/pervaya cannot be changed (Permission denied); make it writable or choose another output folder\n"
    )
    #expect(try scratch.snapshot() == before)
  }
}
