import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

@Suite struct SchemaFileTests {
  /// The schemas committed in `schemas/` are the ones this build generates, and the real
  /// content's YAML files point at them.
  @Test func committedSchemasAreUpToDate() throws {
    for file in SchemaFiles.generated() {
      let committed = try String(
        contentsOf: repositoryRoot.appendingPathComponent("schemas/\(file.name)"), encoding: .utf8)
      #expect(
        committed == file.text,
        "schemas/\(file.name) is stale: run `swift run stepwise schema schemas`")
    }
    let content = repositoryRoot.appendingPathComponent("content")
    let flows = try FileManager.default.contentsOfDirectory(
      atPath: content.appendingPathComponent("flows").path)
    let files =
      [("content/site.yaml", "site"), ("content/regions.yaml", "regions")]
      + flows.filter { $0.hasSuffix(".yaml") }.map { ("content/flows/\($0)", "flow") }
    #expect(files.count > 2)
    for (path, schema) in files {
      let text = try String(
        contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
      let modeline = SchemaFiles.modeline(schema: "\(schema).schema.json", forFileAt: path)
      #expect(text.hasPrefix(modeline + "\n"), "\(path) does not start with \(modeline)")
    }
  }

  @Test func modelinesAreRelativeToTheFile() {
    #expect(
      SchemaFiles.modeline(schema: "flow.schema.json", forFileAt: "content/flows/a.yaml")
        == "# yaml-language-server: $schema=../../schemas/flow.schema.json")
    #expect(
      SchemaFiles.modeline(schema: "site.schema.json", forFileAt: "content/site.yaml")
        == "# yaml-language-server: $schema=../schemas/site.schema.json")
  }

  @Test func schemaCommandWritesOnlyTheSchemas() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let other = folder.appendingPathComponent("schemas/notes.txt")
    try FileManager.default.createDirectory(
      at: other.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data("мои заметки".utf8).write(to: other)
    let result = try runStepwise(["schema", folder.appendingPathComponent("schemas").path])
    #expect(result.status == 0, "\(result.errors)")
    let names = try FileManager.default.contentsOfDirectory(
      atPath: folder.appendingPathComponent("schemas").path
    ).sorted()
    #expect(
      names == [
        "flow.schema.json", "notes.txt", "page.schema.json", "regions.schema.json",
        "site.schema.json",
      ])
    #expect(try String(contentsOf: other, encoding: .utf8) == "мои заметки")
    for file in SchemaFiles.generated() {
      let written = try String(
        contentsOf: folder.appendingPathComponent("schemas/\(file.name)"), encoding: .utf8)
      #expect(written == file.text)
    }
  }
}

extension Character {
  fileprivate var isCyrillic: Bool {
    unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
  }
}

@Suite struct InitTests {
  /// `init` into a new folder, then `check --strict` and `build` through the built binary.
  @Test func aNewSiteChecksCleanAndBuilds() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let site = folder.appendingPathComponent("new/site")
    let created = try runStepwise(["init", site.path])
    #expect(created.status == 0, "\(created.errors)")
    let written = created.output.split(separator: "\n").map(String.init)
    #expect(written == SiteStarter.files().map(\.path))
    for path in [
      "content/site.yaml", "content/regions.yaml", "content/flows/portal.yaml",
      "content/pages/register-portal.md", ".gitignore", ".github/workflows/stepwise.yml",
      ".gitlab-ci.yml", "README.md", "schemas/site.schema.json", "schemas/regions.schema.json",
      "schemas/flow.schema.json", "schemas/page.schema.json",
    ] {
      #expect(
        FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path), "\(path)")
    }
    for (path, schema) in [
      ("content/site.yaml", "site"), ("content/regions.yaml", "regions"),
      ("content/flows/portal.yaml", "flow"),
    ] {
      let text = try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
      #expect(
        text.hasPrefix(SchemaFiles.modeline(schema: "\(schema).schema.json", forFileAt: path)))
    }

    let check = try runStepwise(["check", "--site", site.path, "--strict", "--today", "2026-11-22"])
    #expect(check.status == 0, "\(check.errors)")
    let build = try runStepwise(["build", "--site", site.path, "--today", "2026-11-22"])
    #expect(build.status == 0, "\(build.errors)")
    let page = site.appendingPathComponent("public/tverskaya-oblast/register-portal/index.html")
    let html = try String(contentsOf: page, encoding: .utf8)
    #expect(html.contains("https://portal.obrazovanie.example/"))
    #expect(html.contains("Регистрация на портале образования"))
  }

  @Test func aFolderThatIsNotEmptyIsRefusedAndLeftAsItWas() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in [".hidden", "notes.md"] {
      let target = folder.appendingPathComponent("site")
      try? FileManager.default.removeItem(at: target)
      try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
      try Data("моё".utf8).write(to: target.appendingPathComponent(name))
      let result = try runStepwise(["init", target.path])
      #expect(result.status == 2)
      #expect(result.errors.contains("not empty"), "\(result.errors)")
      #expect(result.errors.contains(name))
      #expect(result.output.isEmpty)
      #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == [name])
      #expect(
        try String(contentsOf: target.appendingPathComponent(name), encoding: .utf8) == "моё")
    }
  }

  @Test func aFileInTheWayIsRefused() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("site")
    try Data("моё".utf8).write(to: file)
    #expect(throws: SiteStarter.StarterError.notAFolder(path: file.path)) {
      try SiteStarter.create(at: file)
    }
    #expect(try String(contentsOf: file, encoding: .utf8) == "моё")
  }

  /// A file that appears while `init` writes (after the folder was found empty) is not
  /// replaced: each file is created only if absent.
  @Test func neverOverwritesAFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let readme = folder.appendingPathComponent("README.md")
    try Data("чужой".utf8).write(to: readme)
    #expect(throws: SiteStarter.StarterError.self) {
      try SiteStarter.write(SiteStarter.files(), into: folder)
    }
    #expect(try String(contentsOf: readme, encoding: .utf8) == "чужой")
  }

  @Test func editorFacingTextIsRussian() {
    for (path, text) in SiteStarter.files()
    where path.hasSuffix(".md") || path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
      let comments = text.split(separator: "\n").filter {
        $0.trimmingCharacters(in: .whitespaces).hasPrefix("#")
          && !$0.contains("yaml-language-server")
      }
      for comment in comments {
        #expect(comment.contains { $0.isCyrillic }, "\(path): \(comment)")
      }
    }
  }
}
