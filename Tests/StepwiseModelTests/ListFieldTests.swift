import StepwiseCore
import Testing

@testable import StepwiseModel

/// A lone text where the model expects a list is a `schema` error at the text, never silently a
/// one-item list (`systems: moya-shkola` for a region with two systems would drop one); where a
/// single value is as natural as several (a required state value, `initial`), it stays accepted.
@Suite struct ListFieldTests {
  static func message(_ what: String, _ value: String) -> String {
    "\(what) must be a list of texts, found the text '\(value)'; write it as a list: [\(value)], "
      + "or one entry per line starting with '- '"
  }

  @Test func regionSystemsMustBeAList() throws {
    let reader = YAMLReader(file: "content/regions.yaml")
    let node = try #require(
      reader.parse(
        "regions:\n  - code: RU-MOS\n    name: Москва\n    slug: moskva\n    systems: moya-shkola\n"
      ))
    _ = reader.readRegions(node)
    #expect(
      reader.diagnostics == [
        .error(
          .schema, Self.message("'systems'", "moya-shkola"),
          at: SourceLocation(file: "content/regions.yaml", line: 5, column: 14))
      ])
  }

  @Test func otherNamesAndLabelsMustBeLists() throws {
    let file = "content/flows/systems.yaml"
    let reader = YAMLReader(file: file)
    let yaml = """
      systems:
        - id: gosuslugi
          name: Госуслуги
          other-names: ЕСИА
          scope: all-regions
          screens:
            - id: login
              title: Вход
              labels: Войти

      """
    let node = try #require(reader.parse(yaml))
    var graph = FlowGraph()
    reader.readFlows(node, into: &graph)
    #expect(
      reader.diagnostics.sorted() == [
        .error(
          .schema, Self.message("'other-names'", "ЕСИА"),
          at: SourceLocation(file: file, line: 4, column: 18)),
        .error(
          .schema, Self.message("'labels'", "Войти"),
          at: SourceLocation(file: file, line: 9, column: 17)),
      ])
  }

  @Test func frontMatterRegionsMustBeAList() throws {
    let file = "content/pages/login.md"
    let reader = YAMLReader(file: file, lineOffset: 1)
    let node = try #require(reader.parse("title: Вход\nprocedure: login\nregions: RU-MOS\n"))
    _ = reader.readFrontMatter(node, file: file)
    #expect(
      reader.diagnostics == [
        .error(
          .schema, Self.message("'regions'", "RU-MOS"),
          at: SourceLocation(file: file, line: 4, column: 10))
      ])
  }

  @Test func oneRequiredValueIsStillOneValue() throws {
    let reader = YAMLReader(file: "content/flows/states.yaml")
    let node = try #require(
      reader.parse(
        "states:\n  - id: esia-account\n    title: Учётная запись\n    values: [none, confirmed]\n    initial: none\n"
      ))
    var graph = FlowGraph()
    reader.readFlows(node, into: &graph)
    #expect(reader.diagnostics == [])
  }
}
