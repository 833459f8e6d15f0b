import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// Parses JSON text into Foundation values (the schemas are plain JSON).
private func parsedJSON(_ text: String) throws -> [String: Any] {
  let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
  return try #require(value as? [String: Any])
}

@Suite struct SchemaGeneratorTests {
  @Test func writesTheFourSchemasAsDraft07() throws {
    let files = SchemaFiles.generated()
    #expect(
      files.map(\.name) == [
        "site.schema.json", "regions.schema.json", "flow.schema.json", "page.schema.json",
      ])
    for file in files {
      let schema = try parsedJSON(file.text)
      #expect(schema["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
      #expect(schema["type"] as? String == "object")
      #expect(schema["additionalProperties"] as? Bool == false, "\(file.name)")
      #expect((schema["title"] as? String)?.contains(where: \.isCyrillic) == true)
    }
  }

  /// Every object of every schema lists exactly its shape's keys, in order, each with a Russian
  /// title and description, refuses other keys, and requires the required ones.
  @Test(arguments: DataShapes.files.map(\.name))
  func everyObjectMatchesItsShape(_ name: String) throws {
    let file = try #require(DataShapes.files.first { $0.name == name })
    let text = JSONSchemaGenerator.schema(for: file).text()
    var objects = 0
    func visit(_ schema: Any, _ shape: ValueShape) throws {
      let schema = try #require(schema as? [String: Any])
      switch shape {
      case .object(let object):
        objects += 1
        let properties = try #require(schema["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(object.keys))
        #expect(schema["additionalProperties"] as? Bool == false)
        #expect((schema["required"] as? [String] ?? []) == object.requiredKeys)
        for field in object.fields {
          let property = try #require(properties[field.key] as? [String: Any])
          #expect(property["title"] as? String == field.title)
          #expect((property["description"] as? String)?.contains(where: \.isCyrillic) == true)
          try visit(property, field.value)
        }
        if object.exactlyOne { #expect(schema["maxProperties"] as? Int == 1) }
      case .list(let item, let minimum):
        #expect(schema["type"] as? String == "array")
        #expect(schema["minItems"] as? Int == (minimum > 0 ? minimum : nil))
        try visit(try #require(schema["items"]), item)
      case .map(_, let item):
        #expect(schema["type"] as? String == "object")
        try visit(try #require(schema["additionalProperties"]), item)
      case .either(let options):
        let anyOf = try #require(schema["anyOf"] as? [Any])
        #expect(anyOf.count == options.count)
        for (option, shape) in zip(anyOf, options) { try visit(option, shape) }
      case .choice(let words):
        #expect(schema["enum"] as? [String] == words)
      case .boolean:
        #expect(schema["type"] as? String == "boolean")
      case .text(let format):
        if format == .text {
          #expect(schema["type"] as? [String] == ["string", "number", "boolean"])
        } else {
          #expect(schema["type"] as? String == "string")
          #expect(schema["pattern"] is String, "\(format)")
        }
      }
    }
    try visit(try parsedJSON(text), .object(file.shape))
    #expect(objects >= 1)
  }

  /// The patterns say what the loader's rules say, on examples of both kinds.
  @Test func patternsAgreeWithTheLoadersRules() throws {
    func pattern(_ format: TextFormat) throws -> NSRegularExpression {
      guard case .object(let members) = JSONSchemaGenerator.text(format),
        case .string(let pattern)? = members.first(where: { $0.0 == "pattern" })?.1
      else { throw SchemaTestError.noPattern(format) }
      return try NSRegularExpression(pattern: pattern)
    }
    func matches(_ format: TextFormat, _ text: String) throws -> Bool {
      try pattern(format).firstMatch(
        in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
    let examples: [(TextFormat, String, (String) -> Bool)] = [
      (.phone, "8 800 100-70-10", ContactRules.isPhone),
      (.phone, "+7 (498) 602-11-11", ContactRules.isPhone),
      (.phone, "8 800", ContactRules.isPhone),
      (.phone, "звоните 8 800 100-70-10", ContactRules.isPhone),
      (.email, "minobr@mosreg.ru", ContactRules.isEmail),
      (.email, "minobr@mosreg", ContactRules.isEmail),
      (.email, "a b@c.ru", ContactRules.isEmail),
      (.regionCode, "RU-MOS", RegionRules.isRegionCode),
      (.regionCode, "RU-MOSC", RegionRules.isRegionCode),
      (.regionCode, "ru-mos", RegionRules.isRegionCode),
      (
        .slug, "moskovskaya-oblast",
        { RegionRules.isSlug($0) && !RegionRules.reservedSlugs.contains($0) }
      ),
      (.slug, "moskovskaya--oblast", RegionRules.isSlug), (.slug, "-a", RegionRules.isSlug),
      (.identifier, "sign-in-gosuslugi", YAMLReader.isIdentifier),
      (.identifier, "Sign-in", YAMLReader.isIdentifier),
      (.identifier, "sign-in-", YAMLReader.isIdentifier),
      (.identifier, "1-sign", YAMLReader.isIdentifier),
      (.httpsURL, "https://www.gosuslugi.ru/feedback#_msg", URLRules.isAbsoluteHTTPS),
      (.httpsURL, "http://www.gosuslugi.ru/", URLRules.isAbsoluteHTTPS),
      (.httpsURL, "https://trusted.ru@evil.example/", URLRules.isAbsoluteHTTPS),
      (.httpsURL, "https://localhost/", URLRules.isAbsoluteHTTPS),
      (.byteSize, "50 MiB", { ByteSize.parse($0) != nil }),
      (.byteSize, "512kib", { ByteSize.parse($0) != nil }),
      (.byteSize, "50 MB", { ByteSize.parse($0) != nil }),
      (.byteSize, "50", { ByteSize.parse($0) != nil }),
      (.date, "2027-06-01", { CalendarDate($0) != nil }),
      (.date, "01.06.2027", { CalendarDate($0) != nil }),
    ]
    for (format, text, rule) in examples {
      #expect(try matches(format, text) == rule(text), "\(format) '\(text)'")
    }
  }

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

private enum SchemaTestError: Error { case noPattern(TextFormat) }

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
        #expect(comment.contains(where: \.isCyrillic), "\(path): \(comment)")
      }
    }
  }
}
