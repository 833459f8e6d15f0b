import Foundation
import StepwiseCore
import Testing

@testable import StepwiseModel

/// Parses JSON text into Foundation values (the schemas are plain JSON).
private func parsedJSON(_ text: String) throws -> [String: Any] {
  let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
  return try #require(value as? [String: Any])
}

@Suite struct SchemaGeneratorTests {
  @Test func writesTheFourSchemasAsDraft07() throws {
    let files = JSONSchemaGenerator.files()
    #expect(
      files.map(\.name) == [
        "site.schema.json", "regions.schema.json", "flow.schema.json", "page.schema.json",
      ])
    for file in files {
      let schema = try parsedJSON(file.text)
      #expect(schema["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
      #expect(schema["type"] as? String == "object")
      #expect(schema["additionalProperties"] as? Bool == false, "\(file.name)")
      #expect((schema["title"] as? String)?.contains { $0.isCyrillic } == true)
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
          #expect((property["description"] as? String)?.contains { $0.isCyrillic } == true)
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
        } else if format == .phone {
          #expect(schema["type"] as? [String] == ["string", "number"])
          #expect(schema["pattern"] is String)
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
}

private enum SchemaTestError: Error { case noPattern(TextFormat) }

extension Character {
  fileprivate var isCyrillic: Bool {
    unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
  }
}
