import StepwiseCore

/// The one way through a procedure's expansion: its entries in order, with the shared
/// procedures it includes walked in place.
///
/// Every walk has the same two guards. A procedure is not entered again while it is being
/// walked (a cycle is reported as `.cycle` and skipped), and a walk stops after `limit` entries
/// (steps, optional steps, alternatives and inclusions alike), so shared procedures that include
/// the next one twice at every level cannot take exponential time; `graph-too-large` reports
/// such a procedure, measured by `expandedSize(of:)`.
public struct ProcedureWalker: Sendable {
  /// What the walk meets, in the order a reader would.
  public enum Event: Sendable {
    /// A required step of `procedure` (the walked one or an included one).
    case step(Located<String>, in: Procedure)
    /// An optional step of `procedure`.
    case optional(Located<String>, in: Procedure)
    /// Alternatives of `procedure`; each alternative is a sequence of step ids.
    case oneOf([[Located<String>]], in: Procedure)
    /// `procedure` includes the first procedure, named at `at`; when the walk expands
    /// inclusions, the included procedure's entries follow.
    case include(Procedure, at: Located<String>, in: Procedure)
    /// An inclusion of a procedure that is being walked (`path`: the procedures being walked,
    /// outermost first); it is skipped.
    case cycle(Located<String>, path: [String])
  }

  /// Most entries a walk visits, and most steps a procedure may expand to: far beyond any
  /// real instruction, and a bound on the work of every walk.
  public static let limit = 2_000

  public let graph: FlowGraph

  public init(graph: FlowGraph) {
    self.graph = graph
  }

  /// Walks `procedure`, calling `visit` for each entry.
  ///
  /// With `expandingIncluded: false` an
  /// inclusion is only reported (as `.include`), not entered. Inclusions of unknown procedures
  /// are skipped. Returns false when the walk stopped at `limit` before the end.
  @discardableResult
  public func walk(
    _ procedure: Procedure, expandingIncluded: Bool = true, visit: (Event) -> Void
  ) -> Bool {
    var walking = InclusionStack(procedure.id)
    var budget = Self.limit
    walk(procedure, expanding: expandingIncluded, &walking, &budget, visit)
    return budget >= 0
  }

  private func walk(
    _ procedure: Procedure, expanding: Bool, _ walking: inout InclusionStack, _ budget: inout Int,
    _ visit: (Event) -> Void
  ) {
    for element in procedure.elements {
      budget -= 1
      if budget < 0 { return }
      switch element {
      case .step(let id): visit(.step(id, in: procedure))
      case .optional(let id): visit(.optional(id, in: procedure))
      case .oneOf(let alternatives, _): visit(.oneOf(alternatives, in: procedure))
      case .procedure(let id):
        guard let included = graph.procedure(id.value) else { continue }
        guard walking.enter(id.value) else {
          visit(.cycle(id, path: walking.path))
          continue
        }
        visit(.include(included, at: id, in: procedure))
        if expanding { walk(included, expanding: true, &walking, &budget, visit) }
        walking.leave()
        if budget < 0 { return }
      }
    }
  }

  /// How many steps, alternatives and optional steps a procedure expands to with its shared
  /// procedures inlined (each counted once per inclusion), up to `limit + 1`.
  ///
  /// Memoised per
  /// procedure, so it is linear even when every level includes the next twice.
  public func expandedSize(of procedure: Procedure) -> Int {
    var memo: [String: Int] = [:]
    var walking = InclusionStack(procedure.id)
    func size(_ procedure: Procedure) -> Int {
      if let known = memo[procedure.id] { return known }
      var total = 0
      for element in procedure.elements {
        if case .procedure(let id) = element {
          if let included = self.graph.procedure(id.value), walking.enter(id.value) {
            total += size(included)
            walking.leave()
          }
        } else {
          total += 1
        }
        if total > Self.limit { break }
      }
      total = min(total, Self.limit + 1)
      memo[procedure.id] = total
      return total
    }
    return size(procedure)
  }
}

/// The procedures being walked, outermost first: the one cycle guard of every walk.
private struct InclusionStack {
  private(set) var path: [String]
  private var members: Set<String>

  init(_ root: String) {
    path = [root]
    members = [root]
  }

  /// Enters `id` unless it is already being walked.
  mutating func enter(_ id: String) -> Bool {
    guard members.insert(id).inserted else { return false }
    path.append(id)
    return true
  }

  /// Leaves the innermost procedure.
  mutating func leave() {
    if let id = path.popLast() { members.remove(id) }
  }
}
