import Foundation
import StepwiseCore
import StepwiseModel

/// A page's steps are a valid path through its procedure: `page-procedure` and the `step-…`
/// rules of docs/rules.md.
struct PageStepRules: Rule {
  static let ids: [RuleID] = [
    .pageProcedure, .stepUnknown, .stepExtra, .stepOrder, .stepMissing, .stepNumber,
    .stepMarkerStray, .listFolded, .stepUnmarked,
  ]

  /// One position of an expanded procedure.
  enum Slot {
    case required(Located<String>)
    case optional(Located<String>)
    case oneOf([[Located<String>]])
  }

  func prepare(_ context: CheckContext, pages: [Int]) -> FamilyCheck {
    // The page of each (own) procedure: the first that names it; a later one is a duplicate.
    var owners: [String: Int] = [:]
    for (index, page) in context.content.pages.enumerated() {
      let id = page.frontMatter.procedure.value
      guard let procedure = context.graph.procedure(id), !procedure.shared, owners[id] == nil
      else { continue }
      owners[id] = index
    }
    let first = owners
    return FamilyCheck(page: { findings(at: $0, context, owners: first) })
  }

  private func findings(at index: Int, _ context: CheckContext, owners: [String: Int])
    -> [Diagnostic]
  {
    var out: [Diagnostic] = []
    let page = context.content.pages[index]
    out += numbers(page)
    let stray = strayMarkers(page, context.graph)
    out += stray.diagnostics
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
      return out
    }
    if procedure.shared {
      out.append(
        .error(
          .pageProcedure,
          CheckMessage.procedureIsShared(procedure.id),
          at: reference.location))
      return out
    }
    if let owner = owners[procedure.id], owner != index {
      let other = context.content.pages[owner]
      out.append(
        .error(
          .pageProcedure,
          CheckMessage.procedureHasPage(procedure.id, other: other.file),
          at: reference.location,
          notes: [
            .init(location: other.frontMatter.procedure.location, CheckMessage.theOtherPage)
          ]
        ))
      return out
    }
    out += steps(page, procedure, context, stray: stray.ids)
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

  private func steps(
    _ page: Page, _ procedure: Procedure, _ context: CheckContext, stray: Set<String>
  ) -> [Diagnostic] {
    var out: [Diagnostic] = []
    // A misspelt step id in the procedure is reported there (graph-unknown-ref, with the step it
    // was meant to name); the page is compared with the step meant, or without the unknown one.
    func meant(_ id: Located<String>) -> Located<String>? {
      guard context.graph.step(id.value) == nil else { return id }
      // Only for a misspelt id: the graph's every step id, for each page, cost more than the
      // rest of the page's check.
      return nearestName(to: id.value, in: context.graph.steps.map(\.id)).map {
        Located($0, at: id.location)
      }
    }
    let slots = Self.expand(procedure, context.analysis.walker).compactMap { slot -> Slot? in
      switch slot {
      case .required(let id): meant(id).map(Slot.required)
      case .optional(let id): meant(id).map(Slot.optional)
      case .oneOf(let alternatives):
        .oneOf(alternatives.map { $0.compactMap(meant) }.filter { !$0.isEmpty })
      }
    }
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
    // Steps a misspelt marker stands for: reported at the typo, not missing as well.
    var misspelt: Set<String> = []
    for marker in page.analysis.steps {
      if context.graph.step(marker.id) == nil {
        let near = nearestName(to: marker.id, in: order)
        if let near { misspelt.insert(near) }
        let suggestion = near ?? nearestName(to: marker.id, in: context.graph.steps.map(\.id))
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
    // A step whose marker is written but not where a marker works is reported as stray, once.
    let present = Set(accepted.map(\.id)).union(stray).union(misspelt)
    let source = context.content.sources[page.file]
    let endOfSteps = accepted.last.flatMap { endOfList(around: $0.item, page, source) }
    func place(after id: String) -> SourceLocation {
      let index = position[id] ?? 0
      let next = accepted.filter { (position[$0.id] ?? 0) > index }.min {
        (position[$0.id] ?? 0) < (position[$1.id] ?? 0)
      }
      if let next { return next.location }
      // After the last written step: where the step was expected, the line after the list.
      return endOfSteps ?? accepted.last?.location
        ?? SourceLocation(file: page.file, line: page.bodyLineOffset + 1, column: 1)
    }
    // Items of the step list without a marker, with the place a step written there would have.
    var unmarked = unmarkedItems(page).map { item in
      (item, accepted.map(\.location).filter { $0 > item }.min() ?? endOfSteps)
    }
    /// An unmarked item standing where the step belongs: the marker was lost, one error there.
    func unmarkedItem(for id: String) -> Bool {
      let expected = place(after: id)
      guard let index = unmarked.firstIndex(where: { $0.1 == expected }) else { return false }
      out.append(
        .error(
          .stepUnmarked,
          CheckMessage.stepUnmarked(
            title: context.quoted(step: id), id: id, procedure: procedure.id),
          at: unmarked[index].0))
      unmarked.remove(at: index)
      return true
    }
    func missing(_ id: String) {
      if unmarkedItem(for: id) { return }
      out.append(
        .error(
          .stepMissing,
          CheckMessage.stepMissing(
            title: context.quoted(step: id), id: id, procedure: procedure.id),
          at: place(after: id)))
    }
    var optionalUnwritten: [String] = []
    for slot in slots {
      switch slot {
      case .required(let id):
        if !present.contains(id.value) { missing(id.value) }
      case .optional(let id):
        if !present.contains(id.value) { optionalUnwritten.append(id.value) }
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
    for id in optionalUnwritten { _ = unmarkedItem(for: id) }
    // Other items without a marker are left alone: a page may number a remark among its steps.
    return out
  }

  /// Items of a numbered list whose other items are steps, with no marker in them or in their
  /// nested lists: where a step that is not written belongs, its marker was lost
  /// (`step-unmarked`).
  private func unmarkedItems(_ page: Page) -> [SourceLocation] {
    let document = page.document
    let marked = Set(page.analysis.steps.map(\.item))
    guard !marked.isEmpty else { return [] }
    var holding: Set<Int> = []
    var lists: Set<Int> = []
    for item in marked {
      var node = document[item].parent
      if let list = node, case .list(let start, _) = document[list].kind, start != nil {
        lists.insert(list)
      }
      while let id = node {
        holding.insert(id)
        node = document[id].parent
      }
    }
    var found: [SourceLocation] = []
    for list in lists.sorted() {
      for item in document[list].children where !marked.contains(item) && !holding.contains(item) {
        let start = document[item].start
        let lines =
          (start.line + page.bodyLineOffset)...(document[item].end.line + page.bodyLineOffset)
        // An item with a marker that did not work is reported as stray, once.
        if page.analysis.strayMarkers.contains(where: { lines.contains($0.location.line) }) {
          continue
        }
        found.append(
          SourceLocation(
            file: page.file, line: start.line + page.bodyLineOffset, column: start.column))
      }
    }
    return found.sorted()
  }

  /// The line after the outermost list holding a list item (after its last line of text).
  private func endOfList(around item: Int, _ page: Page, _ source: String?) -> SourceLocation? {
    var list: Int?
    var node = page.document[item].parent
    while let id = node {
      if case .list = page.document[id].kind { list = id }
      node = page.document[id].parent
    }
    guard let list else { return nil }
    var last = page.document[list].end.line + page.bodyLineOffset
    if let source {
      // On bytes, and only the lines looked at: the loader has made every line end in `\n`.
      let bytes = Array(source.utf8)
      var starts = [0]
      for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
        starts.append(index + 1)
      }
      /// Whether a line (from 1) holds only spaces, tabs and carriage returns.
      func blank(_ line: Int) -> Bool {
        let end = line < starts.count ? starts[line] - 1 : bytes.count
        return bytes[starts[line - 1]..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
      }
      while last > 1, last <= starts.count, blank(last) { last -= 1 }
    }
    return SourceLocation(file: page.file, line: last + 1, column: 1)
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
  ///
  /// Steps written as paragraphs («Шаг 1. {#id} …»)
  /// are one mistake: one error at the first, naming them all. Returns the findings and the step
  /// ids the stray markers name (their steps are not also reported missing).
  private func strayMarkers(_ page: Page, _ graph: FlowGraph) -> (
    diagnostics: [Diagnostic], ids: Set<String>
  ) {
    func stepID(_ text: String) -> String? {
      guard text.hasPrefix("{#"), text.hasSuffix("}") else { return nil }
      let id = text.dropFirst(2).dropLast().trimmingSpaces()
      return graph.step(id) == nil ? nil : id
    }
    let stray = page.analysis.strayMarkers
    let ids = Set(stray.compactMap { stepID($0.text) })
    let unplaced = stray.filter { marker in
      guard let id = stepID(marker.text) else { return false }
      return !marker.text.dropFirst(2).hasPrefix(" ")
        && !page.analysis.steps.contains { $0.id == id }
    }
    var out: [Diagnostic] = []
    if unplaced.count > 1, let first = unplaced.first {
      out.append(
        .error(
          .stepMarkerStray, CheckMessage.markersNotInList(unplaced.map(\.text)),
          at: first.location))
    }
    let grouped = unplaced.count > 1 ? Set(unplaced.map(\.location)) : []
    for marker in stray where !grouped.contains(marker.location) {
      out.append(
        .error(
          .stepMarkerStray,
          CheckMessage.strayMarker(marker.text),
          at: marker.location))
    }
    return (out, ids)
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
