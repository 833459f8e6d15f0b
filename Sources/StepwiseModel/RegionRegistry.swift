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
///
/// A value whose fields live in one shared box (copied when changed): every page of every
/// region takes its region by value, and a copy of seven fields retained each of them, an
/// atomic operation each, a hundred thousand times in a build of 200×85.
public struct Region: Sendable, Hashable {
  /// The fields themselves.
  private struct Values: Sendable, Hashable {
    var code: String
    var name: String
    var namePrepositional: String?
    var slug: String
    var systems: [Located<String>]
    var variables: [String: Located<String>]
    var location: SourceLocation
  }

  /// The shared box; a region changed gets a box of its own.
  private final class Box: Sendable {
    let values: Values
    init(_ values: Values) { self.values = values }
  }

  private var box: Box

  public init(
    code: String, name: String, namePrepositional: String? = nil, slug: String,
    systems: [Located<String>], variables: [String: Located<String>], location: SourceLocation
  ) {
    box = Box(
      Values(
        code: code, name: name, namePrepositional: namePrepositional, slug: slug,
        systems: systems, variables: variables, location: location))
  }

  /// Changes one field, in a box of this region's own.
  private mutating func change(_ change: (inout Values) -> Void) {
    var values = box.values
    change(&values)
    box = Box(values)
  }

  public var code: String {
    get { box.values.code }
    set { change { $0.code = newValue } }
  }
  public var name: String {
    get { box.values.name }
    set { change { $0.name = newValue } }
  }
  /// The name after «в» (`name-prepositional`: «в Московской области»), for phrases.
  public var namePrepositional: String? {
    get { box.values.namePrepositional }
    set { change { $0.namePrepositional = newValue } }
  }
  public var slug: String {
    get { box.values.slug }
    set { change { $0.slug = newValue } }
  }
  public var systems: [Located<String>] {
    get { box.values.systems }
    set { change { $0.systems = newValue } }
  }
  public var variables: [String: Located<String>] {
    get { box.values.variables }
    set { change { $0.variables = newValue } }
  }
  public var location: SourceLocation {
    get { box.values.location }
    set { change { $0.location = newValue } }
  }

  public func uses(system id: String) -> Bool { systems.contains { $0.value == id } }

  public static func == (lhs: Region, rhs: Region) -> Bool {
    lhs.box === rhs.box || lhs.box.values == rhs.box.values
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(box.values) }
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
