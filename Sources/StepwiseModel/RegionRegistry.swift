import StepwiseCore

/// The type of a region variable; values are checked against it.
public enum VariableType: String, Sendable, Hashable, CaseIterable {
  case url, phone, email, text
}

/// A variable every region may define, declared in `regions.yaml`.
public struct VariableDeclaration: Sendable, Hashable {
  public var id: String
  public var type: VariableType
  public var title: String
  public var location: SourceLocation
}

/// One region of the registry.
public struct Region: Sendable, Hashable {
  public var code: String
  public var name: String
  /// The name after «в» (`name-prepositional`: «в Московской области»), for phrases.
  public var namePrepositional: String?
  public var slug: String
  public var systems: [Located<String>]
  public var variables: [String: Located<String>]
  public var location: SourceLocation

  public func uses(system id: String) -> Bool { systems.contains { $0.value == id } }
}

/// `content/regions.yaml`.
public struct RegionRegistry: Sendable, Hashable {
  public var variables: [VariableDeclaration]
  public var regions: [Region] {
    didSet { index = Self.index(regions) }
  }
  /// Region code → position of its first entry.
  private var index: [String: Int]

  public init(variables: [VariableDeclaration], regions: [Region]) {
    self.variables = variables
    self.regions = regions
    self.index = Self.index(regions)
  }

  private static func index(_ regions: [Region]) -> [String: Int] {
    var index: [String: Int] = [:]
    for (position, region) in regions.enumerated() where index[region.code] == nil {
      index[region.code] = position
    }
    return index
  }

  public func region(code: String) -> Region? { index[code].map { regions[$0] } }
  public func variable(_ id: String) -> VariableDeclaration? { variables.first { $0.id == id } }
}
