import StepwiseCore
import StepwiseModel

/// The flow graph itself is sound, and its requirements hold along every path: the `graph-…`,
/// `requires-unmet`, `state-unprovided` and `page-missing` rules of docs/rules.md.
struct GraphRules: Rule {
  static let ids: [RuleID] = [
    .graphDuplicateID, .graphUnknownRef, .graphUnknownState, .graphUnusedStep,
    .graphUnfinishable, .graphTooLarge, .requiresUnmet, .stateUnprovided, .pageMissing,
    .alternativeEffectMissing, .stateUnchanged,
  ]

  func prepare(_ context: CheckContext, pages: [Int]) -> FamilyCheck {
    FamilyCheck(site: { siteFindings(context) })
  }

  /// The graph's findings (they read the pages' front matter only).
  private func siteFindings(_ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let graph = context.graph
    out += duplicates(graph.states.map { ($0.id, $0.location) }, .state)
    out += duplicates(graph.actors.map { ($0.id, $0.location) }, .actor)
    out += duplicates(graph.systems.map { ($0.id, $0.location) }, .system)
    out += duplicates(graph.steps.map { ($0.id, $0.location) }, .step)
    out += duplicates(graph.procedures.map { ($0.id, $0.location) }, .procedure)
    for system in graph.systems {
      out += duplicates(system.screens.map { ($0.id, $0.location) }, .screen(system: system.id))
    }

    for step in graph.steps {
      if graph.actor(step.actor.value) == nil {
        out.append(unknown(.actor, step.actor, graph.actors.map(\.id)))
      }
      if graph.system(step.system.value) == nil {
        out.append(unknown(.system, step.system, graph.systems.map(\.id)))
      }
      out += conditions(step.requires, graph)
      for effect in step.effects {
        out += stateValue(effect.state, [effect.value], graph)
      }
    }
    // Reported where the expansion crosses the limit: the procedure over it whose own parts are not.
    let walker = context.analysis.walker
    let oversized = Set(
      graph.procedures.filter { walker.expandedSize(of: $0) > ProcedureWalker.limit }.map(\.id))
    for procedure in graph.procedures where oversized.contains(procedure.id) {
      let includesOversized = procedure.elements.contains {
        if case .procedure(let id) = $0 {
          return oversized.contains(id.value) && id.value != procedure.id
        }
        return false
      }
      if includesOversized { continue }
      out.append(
        .error(
          .graphTooLarge,
          CheckMessage.tooLarge(procedure: procedure.id, limit: ProcedureWalker.limit),
          at: procedure.location))
    }
    for region in context.content.registry.regions {
      for system in region.systems where graph.system(system.value) == nil {
        out.append(unknown(.system, system, graph.systems.map(\.id)))
      }
    }

    var used: Set<String> = []
    for procedure in graph.procedures {
      out += conditions(procedure.requires, graph)
      out += references(procedure, graph, used: &used)
    }
    // A step a misspelt reference was meant to name is used: the typo's error says so.
    for step in graph.steps where !used.contains(step.id) && !meant(step.id, graph) {
      out.append(
        .error(
          .graphUnusedStep,
          CheckMessage.unusedStep(step.id),
          at: step.location))
    }

    var places: Set<SourceLocation> = []
    for procedure in graph.procedures {
      out += cycles(procedure, context.analysis.walker)
      out += requirements(procedure, context, places: &places)
    }
    let gaps = alternativeGaps(graph)
    out += gaps.map(\.diagnostic)
    let ownProcedures = graph.procedures.filter { !$0.shared }
    // What each procedure may set, looked up once for all the conditions (made for each, it was
    // a third of this family's work at 200 procedures).
    let index = context.analysis.providerIndex(among: ownProcedures)
    // Found once per condition: many procedures need the same state.
    var providersOf: [PreconditionRules.ConditionKey: [Procedure]] = [:]
    var partialReported: Set<String> = []
    for procedure in ownProcedures {
      if context.content.page(forProcedure: procedure.id) == nil,
        !context.unreadablePageMayHold(procedure: procedure.id),
        !context.misspeltPageProcedure(means: procedure.id)
      {
        out.append(
          .warning(
            .pageMissing,
            CheckMessage.pageMissing(procedure: procedure.id),
            at: procedure.location))
      }
      if !context.namesUnknownSteps(procedure.id) { out += unchanged(procedure, context) }
      for condition in context.analysis.preconditions(of: procedure) {
        let key = PreconditionRules.ConditionKey(condition)
        let providers =
          providersOf[key] ?? index.providers(of: condition)
        providersOf[key] = providers
        if providers.isEmpty {
          // A procedure that leads there on some paths only: the mistake is on the path that does
          // not, reported once there (an alternative without the effect), not at every consumer.
          let partial = index.partialProviders(of: condition)
          if !partial.isEmpty {
            if gaps.contains(where: { $0.state == condition.state.value }) { continue }
            for provider in partial
            where partialReported.insert("\(provider.id)|\(condition.state.value)").inserted {
              out.append(partialProvision(provider, condition, context))
            }
            continue
          }
          out.append(
            .error(
              .stateUnprovided,
              CheckMessage.stateUnprovided(
                procedure: procedure.id, state: condition.state.value,
                values: condition.values.map(\.value)),
              at: condition.state.location))
        }
      }
    }
    return out
  }

  private func duplicates(_ items: [(String, SourceLocation)], _ kind: IDKind) -> [Diagnostic] {
    var first: [String: SourceLocation] = [:]
    var out: [Diagnostic] = []
    for (id, location) in items {
      if let earlier = first[id] {
        out.append(
          .error(
            .graphDuplicateID, CheckMessage.duplicateID(kind, id: id),
            at: location, notes: [.init(location: earlier, CheckMessage.firstDefinedHere)]))
      } else {
        first[id] = location
      }
    }
    return out
  }

  /// Whether a procedure names a step that does not exist whose nearest existing step is `id`.
  private func meant(_ id: String, _ graph: FlowGraph) -> Bool {
    let known = graph.steps.map(\.id)
    return graph.procedures.contains { procedure in
      procedure.elements.contains { element in
        let ids: [Located<String>]
        switch element {
        case .step(let id), .optional(let id): ids = [id]
        case .oneOf(let alternatives, _): ids = Array(alternatives.joined())
        case .procedure: ids = []
        }
        return ids.contains {
          graph.step($0.value) == nil && nearestName(to: $0.value, in: known) == id
        }
      }
    }
  }

  private func unknown(_ kind: ReferenceKind, _ id: Located<String>, _ known: [String])
    -> Diagnostic
  {
    .error(
      .graphUnknownRef,
      CheckMessage.unknownReference(
        kind, id: id.value, suggestion: nearestName(to: id.value, in: known)),
      at: id.location)
  }

  private func conditions(_ conditions: [StateCondition], _ graph: FlowGraph) -> [Diagnostic] {
    conditions.flatMap { stateValue($0.state, $0.values, graph) }
  }

  private func stateValue(_ state: Located<String>, _ values: [Located<String>], _ graph: FlowGraph)
    -> [Diagnostic]
  {
    guard let variable = graph.state(state.value) else {
      return [
        .error(
          .graphUnknownState,
          CheckMessage.unknownState(
            state.value, suggestion: nearestName(to: state.value, in: graph.states.map(\.id))),
          at: state.location)
      ]
    }
    return values.filter { !variable.values.contains($0.value) }.map { value in
      return .error(
        .graphUnknownState,
        CheckMessage.notAValue(
          value.value, state: variable.id,
          suggestion: nearestName(to: value.value, in: variable.values), values: variable.values),
        at: value.location)
    }
  }

  private func references(_ procedure: Procedure, _ graph: FlowGraph, used: inout Set<String>)
    -> [Diagnostic]
  {
    var out: [Diagnostic] = []
    func step(_ id: Located<String>) {
      if graph.step(id.value) == nil {
        out.append(unknown(.step, id, graph.steps.map(\.id)))
      }
      used.insert(id.value)
    }
    for element in procedure.elements {
      switch element {
      case .step(let id), .optional(let id): step(id)
      case .oneOf(let alternatives, _): alternatives.joined().forEach(step)
      case .procedure(let id):
        if let included = graph.procedure(id.value) {
          if !included.shared {
            out.append(
              .error(
                .graphUnknownRef,
                CheckMessage.notShared(procedure: id.value),
                at: id.location))
          }
        } else {
          out.append(unknown(.procedure, id, graph.procedures.filter(\.shared).map(\.id)))
        }
      }
    }
    return out
  }

  /// A procedure for readers who start without a state's value (it requires only initial
  /// values) whose steps never set that state: readers end where they started, which is what a
  /// step that lost its `effects:` looks like (`state-unchanged`).
  private func unchanged(_ procedure: Procedure, _ context: CheckContext) -> [Diagnostic] {
    let outcome = context.analysis.outcome(of: procedure)
    var out: [Diagnostic] = []
    for condition in procedure.requires {
      let required = Set(condition.values.map(\.value))
      guard let state = context.graph.state(condition.state.value),
        required.isSubset(of: state.initial),
        !outcome.assigned.contains(where: { $0.state == state.id })
      else { continue }
      // Its steps need the reader still there (as a step that changes it would), and one of
      // them is most likely the one that lost the effect: the last.
      var last: Located<String>?
      context.analysis.walk(procedure) { visited in
        let requirement = context.graph.step(visited.step.value)?.requires.first {
          $0.state.value == state.id
        }
        if let requirement, Set(requirement.values.map(\.value)).isSubset(of: required) {
          last = visited.step
        }
      }
      guard let last else { continue }
      out.append(
        .warning(
          .stateUnchanged,
          CheckMessage.stateUnchanged(
            procedure: procedure.id, state: state.id, values: condition.values.map(\.value),
            step: last.value),
          at: condition.state.location,
          notes: [.init(location: last.location, CheckMessage.lastStepRequiringIt)]))
    }
    return out
  }

  /// One alternative of a `one-of` that does not set a state every other alternative sets.
  struct AlternativeGap {
    var state: String
    var diagnostic: Diagnostic
  }

  /// In every `one-of`, an alternative whose steps leave a state alone while all the others set
  /// it: readers who take that path end somewhere else (`alternative-effect-missing`).
  private func alternativeGaps(_ graph: FlowGraph) -> [AlternativeGap] {
    var gaps: [AlternativeGap] = []
    for procedure in graph.procedures {
      for element in procedure.elements {
        guard case .oneOf(let alternatives, _) = element, alternatives.count > 1 else { continue }
        let sets = alternatives.map { alternative -> [String: Set<String>] in
          var values: [String: Set<String>] = [:]
          for id in alternative {
            for effect in graph.step(id.value)?.effects ?? [] {
              values[effect.state.value, default: []].insert(effect.value.value)
            }
          }
          return values
        }
        for (index, alternative) in alternatives.enumerated() {
          guard let first = alternative.first, graph.step(first.value) != nil else { continue }
          let others = sets.indices.filter { $0 != index }.map { sets[$0] }
          var common: Set<String>?
          for other in others {
            common = common.map { $0.intersection(other.keys) } ?? Set(other.keys)
          }
          for state in (common ?? []).sorted() where sets[index][state] == nil {
            let values = others.reduce(into: Set<String>()) { $0.formUnion($1[state] ?? []) }
              .sorted()
            let last = alternative.last ?? first
            gaps.append(
              AlternativeGap(
                state: state,
                diagnostic: .error(
                  .alternativeEffectMissing,
                  CheckMessage.alternativeEffectMissing(
                    alternative: first.value, procedure: procedure.id, state: state,
                    values: values, step: last.value),
                  at: first.location,
                  notes: graph.step(last.value).map {
                    [.init(location: $0.location, CheckMessage.stepDefinedHere)]
                  } ?? [])))
          }
        }
      }
    }
    return gaps
  }

  /// A procedure that leads to the required value on some paths only, and no procedure on all.
  private func partialProvision(
    _ provider: Procedure, _ condition: StateCondition, _ context: CheckContext
  ) -> Diagnostic {
    let accepted = condition.values.map(\.value)
    let possible = (context.analysis.outcome(of: provider).end[condition.state.value] ?? [])
      .subtracting(accepted).sorted()
    let consumers = context.graph.procedures.filter { procedure in
      !procedure.shared
        && context.analysis.preconditions(of: procedure).contains {
          $0.state.value == condition.state.value
        }
    }.map(\.id)
    return .error(
      .stateUnprovided,
      CheckMessage.partialProvision(
        procedure: provider.id, state: condition.state.value, accepted: accepted,
        possible: possible, consumers: consumers),
      at: provider.location)
  }

  /// A procedure that includes itself, directly or through others, never finishes: the walker
  /// meets the procedure again while walking it.
  private func cycles(_ procedure: Procedure, _ walker: ProcedureWalker) -> [Diagnostic] {
    var found: Diagnostic?
    walker.walk(procedure) { event in
      guard found == nil, case .cycle(let included, let path) = event,
        included.value == procedure.id
      else { return }
      let message = CheckMessage.includesItself(
        procedure: procedure.id, chain: path + [procedure.id])
      found = .error(.graphUnfinishable, message, at: included.location)
    }
    return found.map { [$0] } ?? []
  }

  /// Simulates the states along every path: each step's requirements must hold.
  private func requirements(
    _ procedure: Procedure, _ context: CheckContext, places: inout Set<SourceLocation>
  ) -> [Diagnostic] {
    // Shared procedures are checked where they are used, from the including procedure's state.
    guard !procedure.shared else { return [] }
    var out: [Diagnostic] = []
    var reported: Set<String> = []
    // After a requirement on a state fails, later ones on that state follow from it: one error,
    // at the first, and one per place for a step of a shared procedure included in several.
    var failedStates: Set<String> = []
    let graph = context.graph
    context.analysis.walk(procedure) { visited in
      guard let position = graph.stepPosition(visited.step.value),
        !graph.steps[position].requires.isEmpty
      else { return }
      let step = graph.steps[position]
      for condition in step.requires {
        guard let possible = visited.before[condition.state.value] else { continue }
        // Met at nearly every step: tested on the few accepted values before any set is made.
        if possible.allSatisfy({ value in condition.values.contains { $0.value == value } }) {
          continue
        }
        let accepted = Set(condition.values.map(\.value))
        let key = "\(step.id)|\(condition.state.value)|\(visited.step.location)"
        guard reported.insert(key).inserted, !failedStates.contains(condition.state.value),
          places.insert(visited.step.location).inserted
        else { continue }
        failedStates.insert(condition.state.value)
        let state = context.graph.state(condition.state.value)
        let rule: RuleID = possible.isDisjoint(with: accepted) ? .graphUnfinishable : .requiresUnmet
        out.append(
          .error(
            rule,
            CheckMessage.requirementUnmet(
              step: step.title,
              sharedProcedure: visited.procedure == procedure.id ? nil : visited.procedure,
              state: state?.id ?? condition.state.value, accepted: accepted.sorted(),
              procedure: procedure.id, possible: possible.sorted()),
            at: visited.step.location,
            notes: [.init(location: condition.state.location, CheckMessage.requirementIsHere)]))
      }
    }
    return out
  }
}
