import StepwiseCore

/// What may be true at a point of a procedure: for each state, the set of possible values.
///
/// Kept as the states whose values differ from what the walk starts with for a state it knows
/// nothing of (every value the state declares): a walk narrows a few states of the hundreds a
/// site declares, and joining two branches looks at those few only (a dense dictionary of every
/// state made each join cost as much as the site has states).
public struct AbstractState: Sendable, Hashable {
  /// Every state with all its values, shared by the states of one analysis.
  final class Declared: Sendable {
    let values: [String: Set<String>]
    init(_ values: [String: Set<String>]) { self.values = values }
  }

  private let declared: Declared
  /// The states whose possible values are not all their declared ones.
  private var narrowed: [String: Set<String>] = [:]

  init(declared: Declared) {
    self.declared = declared
  }

  /// The possible values of a state; nil for a state the graph does not declare.
  ///
  /// Set only for a declared state (a value set for another one is dropped); nil gives it all
  /// its declared values again.
  public subscript(state: String) -> Set<String>? {
    get { narrowed[state] ?? declared.values[state] }
    set {
      guard let all = declared.values[state] else { return }
      narrowed[state] = newValue == nil || newValue == all ? nil : newValue
    }
  }

  /// Every declared state with its possible values.
  public var values: [String: Set<String>] {
    declared.values.merging(narrowed) { _, narrowed in narrowed }
  }

  /// Joins two possibilities (after alternatives or an optional step): each state may hold
  /// what either side may.
  public func union(_ other: AbstractState) -> AbstractState {
    var merged = self
    for (state, set) in other.narrowed {
      // Most states hold the same values on both sides, often the very same set (`==` sees
      // that without hashing).
      if let known = narrowed[state], known == set { continue }
      merged[state] = self[state].map { $0.union(set) } ?? set
    }
    for (state, set) in narrowed where other.narrowed[state] == nil {
      merged[state] = set.union(declared.values[state] ?? [])
    }
    return merged
  }

  public static func == (lhs: AbstractState, rhs: AbstractState) -> Bool {
    lhs.narrowed == rhs.narrowed
      && (lhs.declared === rhs.declared || lhs.declared.values == rhs.declared.values)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(narrowed)
  }
}

/// A step reached while walking a procedure, with what may hold just before it.
public struct VisitedStep: Sendable, Hashable {
  public var step: Located<String>
  public var before: AbstractState
  /// The procedure whose entry named it (the page's own, or an included shared one).
  public var procedure: String
}

/// Walks procedures through the flow graph: the states along every path.
public struct FlowAnalysis: Sendable {
  public let graph: FlowGraph
  /// The walker every walk of this analysis goes through.
  public let walker: ProcedureWalker
  /// Per procedure id: what it provides and the systems it uses, walked once here (the rules,
  /// the plan and the renderer ask for them per page and per region).
  private var provided: [String: Set<StateValue>] = [:]
  private var used: [String: Set<String>] = [:]
  /// Per procedure id: what may hold at its end, and the states its steps set.
  private var ends: [String: Outcome] = [:]
  /// Per procedure id, the first procedure of that id (the one the memo holds): where it is
  /// written, and the states its steps set on some path (by their place in `graph.states`).
  ///
  /// Only the procedures that set a state can provide a condition on it: `providers` asks each
  /// candidate of each condition, and a site has hundreds of both.
  private var indexed: [String: (location: SourceLocation, sets: Set<Int>)] = [:]
  /// Each state's place in `graph.states`, by id.
  private let statePlaces: [String: Int]
  /// Every state with all its values: where each walk starts, before a procedure's `requires`.
  private let anyValue: AbstractState.Declared

  public init(graph: FlowGraph) {
    self.graph = graph
    self.walker = ProcedureWalker(graph: graph)
    var anyValue: [String: Set<String>] = [:]
    var places: [String: Int] = [:]
    for (place, state) in graph.states.enumerated() {
      anyValue[state.id] = Set(state.values)
      if places[state.id] == nil { places[state.id] = place }
    }
    self.anyValue = AbstractState.Declared(anyValue)
    self.statePlaces = places
    for procedure in graph.procedures where provided[procedure.id] == nil {
      let (outcome, systems) = walkOutcomeAndSystems(procedure)
      ends[procedure.id] = outcome
      provided[procedure.id] = outcome.provides
      used[procedure.id] = systems
      indexed[procedure.id] = (
        procedure.location, Set(outcome.assigned.compactMap { places[$0.state] })
      )
    }
  }

  /// The memo holds the first procedure of each id; another with the same id is walked afresh.
  private func isIndexed(_ procedure: Procedure) -> Bool {
    indexed[procedure.id]?.location == procedure.location
  }

  /// The state a procedure starts from: its `requires`, and any value for the states it does not name.
  public func startState(of procedure: Procedure) -> AbstractState {
    var state = AbstractState(declared: anyValue)
    for condition in procedure.requires {
      state[condition.state.value] = Set(condition.values.map(\.value))
    }
    return state
  }

  /// Walks a procedure, calling `visit` for each step with what may hold before it;
  /// returns what may hold at the end.
  ///
  /// Included procedures are walked in place by
  /// `ProcedureWalker`, whose cycle guard and limit bound the walk.
  @discardableResult
  public func walk(
    _ procedure: Procedure, from start: AbstractState? = nil,
    visit: (VisitedStep) -> Void = { _ in }
  ) -> AbstractState {
    var state = start ?? startState(of: procedure)
    walker.walk(procedure) { event in
      switch event {
      case .step(let id, let owner):
        state = apply(id, owner.id, state, visit)
      case .optional(let id, let owner):
        state = state.union(apply(id, owner.id, state, visit))
      case .oneOf(let alternatives, let owner):
        var result: AbstractState?
        for alternative in alternatives {
          var branch = state
          for id in alternative { branch = apply(id, owner.id, branch, visit) }
          result = result.map { $0.union(branch) } ?? branch
        }
        state = result ?? state
      case .include, .cycle:
        break
      }
    }
    return state
  }

  private func apply(
    _ id: Located<String>, _ procedureID: String, _ state: AbstractState,
    _ visit: (VisitedStep) -> Void
  ) -> AbstractState {
    visit(VisitedStep(step: id, before: state, procedure: procedureID))
    guard let position = graph.stepPosition(id.value) else { return state }
    let effects = graph.steps[position].effects
    guard !effects.isEmpty else { return state }
    var next = state
    for effect in effects { next[effect.state.value] = [effect.value.value] }
    return next
  }

  /// What a walk of a procedure leaves: the possible values at its end and the states its
  /// steps set on some path.
  public struct Outcome: Sendable, Hashable {
    public var end: AbstractState
    public var assigned: Set<StateValue>

    /// The (state, value) pairs set by one of its steps and certain at its end.
    public var provides: Set<StateValue> {
      assigned.filter { end[$0.state] == [$0.value] }
    }

    /// Whether every path ends in a value the condition accepts, set by one of the steps.
    public func establishes(_ condition: StateCondition) -> Bool {
      // Asked of every procedure for every condition: the values a condition accepts are few,
      // and most procedures fail the first test.
      let accepted = condition.values
      guard let possible = end[condition.state.value], !possible.isEmpty,
        possible.allSatisfy({ value in accepted.contains { $0.value == value } })
      else { return false }
      return assigned.contains { pair in
        pair.state == condition.state.value && accepted.contains { $0.value == pair.value }
      }
    }

    /// Whether some paths, not all, end in a value the condition accepts that a step set.
    public func establishesOnSomePaths(_ condition: StateCondition) -> Bool {
      let accepted = Set(condition.values.map(\.value))
      guard let possible = end[condition.state.value], !possible.isSubset(of: accepted)
      else { return false }
      return assigned.contains {
        $0.state == condition.state.value && accepted.contains($0.value)
          && possible.contains($0.value)
      }
    }
  }

  /// What a procedure leaves at its end (walked once per id, afresh for a second one).
  public func outcome(of procedure: Procedure) -> Outcome {
    if let known = ends[procedure.id], isIndexed(procedure) { return known }
    return walkOutcome(procedure)
  }

  /// The (state, value) pairs a procedure establishes: set by one of its steps, and certain at its end.
  public func provides(_ procedure: Procedure) -> Set<StateValue> {
    if let known = provided[procedure.id], isIndexed(procedure) { return known }
    return walkOutcome(procedure).provides
  }

  private func walkOutcome(_ procedure: Procedure) -> Outcome {
    walkOutcomeAndSystems(procedure).outcome
  }

  /// `walkOutcome` and `walkSystems` in one walk.
  private func walkOutcomeAndSystems(_ procedure: Procedure) -> (
    outcome: Outcome, systems: Set<String>
  ) {
    var assigned: Set<StateValue> = []
    var systems: Set<String> = []
    let end = walk(procedure) { visited in
      guard let step = graph.step(visited.step.value) else { return }
      for effect in step.effects {
        assigned.insert(StateValue(state: effect.state.value, value: effect.value.value))
      }
      systems.insert(step.system.value)
    }
    return (Outcome(end: end, assigned: assigned), systems)
  }

  /// The requirements of a procedure that the reader may not meet without another procedure:
  /// those that accept none of the state's initial values.
  public func preconditions(of procedure: Procedure) -> [StateCondition] {
    procedure.requires.filter { condition in
      guard let state = graph.state(condition.state.value) else { return false }
      return !condition.values.contains { state.initial.contains($0.value) }
    }
  }

  /// Procedures that lead to a value the condition accepts on every path, in graph order.
  ///
  /// A procedure whose alternatives end in different accepted values (some readers reach
  /// `standard`, others `confirmed`) establishes a condition that accepts both.
  public func providers(of condition: StateCondition, among candidates: [Procedure]) -> [Procedure]
  {
    providerIndex(among: candidates).providers(of: condition)
  }

  /// The candidates with what each may set, for `providers(of:)` and `partialProviders(of:)`
  /// of many conditions: what each candidate may set is looked up once, not once per condition.
  public func providerIndex(among candidates: [Procedure]) -> ProviderIndex {
    ProviderIndex(
      analysis: self, candidates: candidates,
      sets: candidates.map { candidate in
        indexed[candidate.id].flatMap { $0.location == candidate.location ? $0.sets : nil }
      })
  }

  /// Candidates with the state places each may set (nil: not in the memo, walked afresh; the
  /// memo holds the first procedure of each id).
  public struct ProviderIndex: Sendable {
    let analysis: FlowAnalysis
    let candidates: [Procedure]
    let sets: [Set<Int>?]

    /// Procedures that lead to a value the condition accepts on every path, in graph order.
    public func providers(of condition: StateCondition) -> [Procedure] {
      mayBeSetting(condition.state.value).filter {
        analysis.outcome(of: $0).establishes(condition)
      }
    }

    /// Procedures that lead to an accepted value on some paths only, in graph order.
    public func partialProviders(of condition: StateCondition) -> [Procedure] {
      mayBeSetting(condition.state.value).filter {
        analysis.outcome(of: $0).establishesOnSomePaths(condition)
      }
    }

    /// The candidates that may set a state on some path: all but those the memo holds as never
    /// setting it.
    private func mayBeSetting(_ state: String) -> [Procedure] {
      let place = analysis.statePlaces[state]
      return candidates.indices.compactMap { index -> Procedure? in
        if let sets = sets[index] {
          guard let place, sets.contains(place) else { return nil }
        }
        return candidates[index]
      }
    }
  }

  /// Procedures that lead to an accepted value on some paths only, in graph order.
  public func partialProviders(of condition: StateCondition, among candidates: [Procedure])
    -> [Procedure]
  {
    providerIndex(among: candidates).partialProviders(of: condition)
  }

  /// The systems a procedure's steps use, included procedures too.
  public func systems(of procedure: Procedure) -> Set<String> {
    if let known = used[procedure.id], isIndexed(procedure) { return known }
    return walkOutcomeAndSystems(procedure).systems
  }

  /// The systems a procedure uses that only some regions have (the ones a region must have for
  /// the procedure to be followed there, `applies(_:in:)`), sorted.
  public func regionalSystems(of procedure: Procedure) -> [String] {
    systems(of: procedure).filter { id in
      guard let system = graph.system(id) else { return false }
      return system.scope != .allRegions
    }.sorted()
  }

  /// Whether a procedure can be followed in a region, given its `regionalSystems(of:)` (worked
  /// out once for every region): every one of them is there.
  public static func applies(_ regionalSystems: [String], in region: Region) -> Bool {
    regionalSystems.allSatisfy { region.uses(system: $0) }
  }

  /// Orders procedures so that providers come before the procedures that need them
  /// (Kahn's algorithm; ties keep the given order).
  ///
  /// `needs` (procedure id → ids of procedures providing its preconditions) may be passed in
  /// when the caller already computed it; otherwise it is derived here.
  public func journeyOrder(_ procedures: [Procedure], needs known: [String: Set<String>]? = nil)
    -> [Procedure]
  {
    var needs: [String: Set<String>] = known ?? [:]
    if known == nil {
      let index = providerIndex(among: procedures)
      for procedure in procedures {
        for condition in preconditions(of: procedure) {
          for provider in index.providers(of: condition) where provider.id != procedure.id {
            needs[procedure.id, default: []].insert(provider.id)
          }
        }
      }
    }
    var ordered: [Procedure] = []
    var placed: Set<String> = []
    while ordered.count < procedures.count {
      let next =
        procedures.first { !placed.contains($0.id) && (needs[$0.id] ?? []).isSubset(of: placed) }
        ?? procedures.first { !placed.contains($0.id) }
      guard let next else { break }
      ordered.append(next)
      placed.insert(next.id)
    }
    return ordered
  }
}

/// One value of one state.
public struct StateValue: Sendable, Hashable {
  public var state: String
  public var value: String
}
