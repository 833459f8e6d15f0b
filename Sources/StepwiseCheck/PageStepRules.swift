import StepwiseCore
import StepwiseModel

/// A page's steps are a valid path through its procedure: `page-procedure` and the `step-…`
/// rules of docs/rules.md.
struct PageStepRules: Rule {
  static let ids: [RuleID] = [
    .pageProcedure, .stepUnknown, .stepExtra, .stepOrder, .stepMissing, .stepNumber,
    .stepMarkerStray, .listFolded,
  ]

  /// One position of an expanded procedure.
  enum Slot {
    case required(Located<String>)
    case optional(Located<String>)
    case oneOf([[Located<String>]])
  }

  func check(_ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var owners: [String: Page] = [:]
    for page in context.content.pages {
      out += numbers(page)
      out += strayMarkers(page)
      out += page.analysis.foldedNumbers.map { folded in
        .error(
          .listFolded,
          CheckMessage.listFolded(number: folded.number),
          at: folded.location)
      }
      let reference = page.frontMatter.procedure
      guard let procedure = context.graph.procedure(reference.value) else {
        let suggestion = nearestName(
          to: reference.value, in: context.graph.procedures.filter { !$0.shared }.map(\.id))
        out.append(
          .error(
            .pageProcedure,
            CheckMessage.unknownReference(.procedure, id: reference.value, suggestion: suggestion),
            at: reference.location))
        continue
      }
      if procedure.shared {
        out.append(
          .error(
            .pageProcedure,
            CheckMessage.procedureIsShared(procedure.id),
            at: reference.location))
        continue
      }
      if let other = owners[procedure.id] {
        out.append(
          .error(
            .pageProcedure,
            CheckMessage.procedureHasPage(procedure.id, other: other.file),
            at: reference.location,
            notes: [
              .init(location: other.frontMatter.procedure.location, CheckMessage.theOtherPage)
            ]
          ))
        continue
      }
      owners[procedure.id] = page
      out += steps(page, procedure, context)
    }
    return out
  }

  /// The procedure's positions with its shared procedures inlined, as `ProcedureWalker` walks
  /// them (up to its limit; `graph-too-large` reports a procedure over it).
  static func expand(_ procedure: Procedure, _ walker: ProcedureWalker) -> [Slot] {
    var slots: [Slot] = []
    walker.walk(procedure) { event in
      switch event {
      case .step(let id, _): slots.append(.required(id))
      case .optional(let id, _): slots.append(.optional(id))
      case .oneOf(let alternatives, _): slots.append(.oneOf(alternatives))
      case .include, .cycle: break
      }
    }
    return slots
  }

  private func steps(_ page: Page, _ procedure: Procedure, _ context: CheckContext) -> [Diagnostic]
  {
    var out: [Diagnostic] = []
    let slots = Self.expand(procedure, context.analysis.walker)
    var position: [String: Int] = [:]
    var order: [String] = []
    for slot in slots {
      let ids: [String]
      switch slot {
      case .required(let id), .optional(let id): ids = [id.value]
      case .oneOf(let alternatives): ids = alternatives.joined().map(\.value)
      }
      for id in ids where position[id] == nil {
        position[id] = order.count
        order.append(id)
      }
    }

    var accepted: [PageAnalysis.StepMarker] = []
    var seen: [String: PageAnalysis.StepMarker] = [:]
    for marker in page.analysis.steps {
      if context.graph.step(marker.id) == nil {
        let suggestion =
          nearestName(to: marker.id, in: order)
          ?? nearestName(to: marker.id, in: context.graph.steps.map(\.id))
        out.append(
          .error(
            .stepUnknown, CheckMessage.unknownStep(marker.id, suggestion: suggestion),
            at: marker.location))
      } else if position[marker.id] == nil {
        out.append(
          .error(
            .stepExtra,
            CheckMessage.stepNotInProcedure(
              title: context.quoted(step: marker.id), id: marker.id, procedure: procedure.id),
            at: marker.location,
            notes: [.init(location: procedure.location, CheckMessage.procedureDefinedHere)]))
      } else if let first = seen[marker.id] {
        out.append(
          .error(
            .stepExtra,
            CheckMessage.stepTwice(title: context.quoted(step: marker.id), id: marker.id),
            at: marker.location,
            notes: [.init(location: first.location, CheckMessage.firstWrittenHere)]))
      } else {
        seen[marker.id] = marker
        accepted.append(marker)
      }
    }

    // Order: each step must come after every step written before it in the procedure's order.
    var latest: PageAnalysis.StepMarker?
    for marker in accepted {
      guard let here = position[marker.id] else { continue }
      if let previous = latest, let before = position[previous.id], here < before {
        var message = CheckMessage.stepOrder(
          step: context.quoted(step: marker.id), after: context.quoted(step: previous.id),
          procedure: procedure.id)
        if let dependency = dependency(of: previous.id, on: marker.id, context.graph) {
          message = .stepOrderDependency(
            step: context.quoted(step: previous.id), before: context.quoted(step: marker.id),
            dependency: dependency)
        }
        out.append(
          .error(
            .stepOrder, message, at: marker.location,
            notes: [.init(location: previous.location, CheckMessage.writtenEarlierHere)]))
      } else {
        latest = marker
      }
    }

    // Missing steps: reported where they belong (before the next present step).
    let present = Set(accepted.map(\.id))
    func place(after id: String) -> SourceLocation {
      let index = position[id] ?? 0
      let next = accepted.filter { (position[$0.id] ?? 0) > index }.min {
        (position[$0.id] ?? 0) < (position[$1.id] ?? 0)
      }
      return next?.location ?? accepted.last?.location
        ?? SourceLocation(file: page.file, line: page.bodyLineOffset + 1, column: 1)
    }
    func missing(_ id: String) {
      out.append(
        .error(
          .stepMissing,
          CheckMessage.stepMissing(
            title: context.quoted(step: id), id: id, procedure: procedure.id),
          at: place(after: id)))
    }
    for slot in slots {
      switch slot {
      case .required(let id):
        if !present.contains(id.value) { missing(id.value) }
      case .optional: break
      case .oneOf(let alternatives):
        let written = alternatives.filter { $0.contains { present.contains($0.value) } }
        if written.isEmpty, let first = alternatives.first?.first {
          let names = alternatives.compactMap(\.first).map { context.quoted(step: $0.value) }
          out.append(
            .error(
              .stepMissing,
              CheckMessage.noAlternative(titles: names, procedure: procedure.id),
              at: place(after: first.value)))
        }
        for alternative in written {
          for id in alternative where !present.contains(id.value) { missing(id.value) }
        }
      }
    }
    return out
  }

  /// "state = values" that `step` requires and `other` sets, if any.
  private func dependency(of step: String, on other: String, _ graph: FlowGraph) -> String? {
    guard let requiring = graph.step(step), let setting = graph.step(other) else { return nil }
    for condition in requiring.requires {
      for effect in setting.effects
      where effect.state.value == condition.state.value
        && condition.values.contains(where: { $0.value == effect.value.value })
      {
        return "\(condition.state.value) = \(effect.value.value)"
      }
    }
    return nil
  }

  /// A `{#…}` that did not become a step marker (a space inside, not at the start of an item,
  /// in a paragraph) would be published as text.
  private func strayMarkers(_ page: Page) -> [Diagnostic] {
    page.analysis.strayMarkers.map { marker in
      .error(
        .stepMarkerStray,
        CheckMessage.strayMarker(marker.text),
        at: marker.location)
    }
  }

  /// Written step numbers run 1, 2, 3… in every list and every run of «Шаг N.».
  ///
  /// A list written `1.` on every item is fine: Markdown numbers it, and so does the page.
  private func numbers(_ page: Page) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for sequence in page.analysis.numberSequences {
      if sequence.count > 1, sequence.allSatisfy({ $0.isListMarker && $0.number == 1 }) { continue }
      for (index, written) in sequence.enumerated() where written.number != index + 1 {
        out.append(
          .error(
            .stepNumber,
            CheckMessage.stepNumber(
              written.number, previous: index == 0 ? nil : sequence[index - 1].number,
              expected: index + 1),
            at: written.location))
        break
      }
    }
    return out
  }
}
