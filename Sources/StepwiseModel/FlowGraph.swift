import StepwiseCore

/// A state variable with a finite domain (for example the Gosuslugi account level).
public struct StateVariable: Sendable, Hashable {
  public var id: String
  public var title: String
  public var values: [String]
  public var valueTitles: [String]
  /// Values a reader may already have without following any procedure (default: the first).
  public var initial: [String]
  public var location: SourceLocation

  /// The reader-facing name of a value.
  public func title(of value: String) -> String {
    guard let index = values.firstIndex(of: value), index < valueTitles.count else { return value }
    return valueTitles[index]
  }
}

public struct Actor: Sendable, Hashable {
  public var id: String
  public var title: String
  public var location: SourceLocation
}

/// Where a system is available: everywhere, or only in regions that list it.
public enum SystemScope: String, Sendable, Hashable {
  case allRegions = "all-regions"
  case regional
}

public struct Screen: Sendable, Hashable {
  public var id: String
  public var title: String
  public var labels: [Located<String>]
  public var location: SourceLocation
}

/// A site or program the reader uses, with the exact labels of its screens.
public struct FlowSystem: Sendable, Hashable {
  public var id: String
  public var name: String
  public var otherNames: [String]
  public var scope: SystemScope
  public var screens: [Screen]
  public var location: SourceLocation

  /// Every label of every screen.
  public var labels: [String] { screens.flatMap { $0.labels.map(\.value) } }
}

/// "state is one of these values", as written under `requires`.
public struct StateCondition: Sendable, Hashable {
  public var state: Located<String>
  public var values: [Located<String>]
}

/// "state becomes this value", as written under `effects`.
public struct StateAssignment: Sendable, Hashable {
  public var state: Located<String>
  public var value: Located<String>
}

/// One action of one actor on one system.
public struct FlowStep: Sendable, Hashable {
  public var id: String
  public var title: String
  public var actor: Located<String>
  public var system: Located<String>
  public var requires: [StateCondition]
  public var effects: [StateAssignment]
  public var location: SourceLocation
}

/// An entry of a procedure's `steps`.
public enum ProcedureElement: Sendable, Hashable {
  case step(Located<String>)
  case optional(Located<String>)
  /// Alternatives; each alternative is a sequence of step ids.
  case oneOf([[Located<String>]], SourceLocation)
  case procedure(Located<String>)
}

/// Ordered steps, with alternatives, optional steps and reused shared procedures.
public struct Procedure: Sendable, Hashable {
  public var id: String
  public var title: String
  public var summary: String?
  public var requires: [StateCondition]
  public var shared: Bool
  public var elements: [ProcedureElement]
  public var location: SourceLocation
}

/// Every flow file together.
public struct FlowGraph: Sendable, Hashable {
  public var states: [StateVariable] = []
  public var actors: [Actor] = []
  public var systems: [FlowSystem] = []
  public var steps: [FlowStep] = []
  public var procedures: [Procedure] = []

  public init() {}

  /// Most steps a procedure may expand to, shared procedures included (`ProcedureWalker.limit`).
  public static let maximumExpandedSteps = ProcedureWalker.limit

  /// `ProcedureWalker.expandedSize(of:)`: the steps a procedure expands to, up to the limit + 1.
  public func expandedSize(of procedure: Procedure) -> Int {
    ProcedureWalker(graph: self).expandedSize(of: procedure)
  }

  public func state(_ id: String) -> StateVariable? { states.first { $0.id == id } }
  public func actor(_ id: String) -> Actor? { actors.first { $0.id == id } }
  public func system(_ id: String) -> FlowSystem? { systems.first { $0.id == id } }
  public func step(_ id: String) -> FlowStep? { stepIndex[id].map { steps[$0] } }
  /// Where the step with this id is in `steps` (the walks read a field of it without copying
  /// the whole step).
  public func stepPosition(_ id: String) -> Int? { stepIndex[id] }
  public func procedure(_ id: String) -> Procedure? { procedureIndex[id].map { procedures[$0] } }

  var stepIndex: [String: Int] = [:]
  var procedureIndex: [String: Int] = [:]

  mutating func reindex() {
    stepIndex = [:]
    for (index, step) in steps.enumerated() where stepIndex[step.id] == nil {
      stepIndex[step.id] = index
    }
    procedureIndex = [:]
    for (index, procedure) in procedures.enumerated() where procedureIndex[procedure.id] == nil {
      procedureIndex[procedure.id] = index
    }
  }
}
