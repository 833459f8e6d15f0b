import StepwiseCore
import StepwiseModel
import Testing

/// A region is a value: its fields share one box between copies, and a change makes its own.
@Suite struct RegionTests {
  static let place = SourceLocation(file: "content/regions.yaml", line: 3, column: 5)

  static func region() -> Region {
    Region(
      code: "RU-AAA", name: "Первая область", namePrepositional: "в Первой области",
      slug: "pervaya", systems: [Located("school", at: place)],
      variables: ["portal-url": Located("https://school.one.example", at: place)],
      location: place)
  }

  @Test func aChangedCopyLeavesTheOriginalAsItWas() {
    let original = Self.region()
    var copy = original
    #expect(copy == original)
    #expect(copy.hashValue == original.hashValue)
    copy.name = "Вторая область"
    copy.variables["ministry-phone"] = Located("8 800 000-00-00", at: Self.place)
    #expect(original.name == "Первая область")
    #expect(original.variables.count == 1)
    #expect(copy.name == "Вторая область")
    #expect(copy.variables.count == 2)
    #expect(copy != original)
    // Equal fields are equal regions, whatever box holds them.
    #expect(Self.region() == original)
    #expect(Self.region().hashValue == original.hashValue)
    copy.name = original.name
    copy.variables = original.variables
    #expect(copy == original)
    #expect(copy.uses(system: "school"))
    #expect(!copy.uses(system: "journal"))
  }
}
