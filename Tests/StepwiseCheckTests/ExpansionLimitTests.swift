import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

/// Shared procedures that include the next one twice at every level expand exponentially; the
/// checker bounds every walk and reports the procedure instead of hanging (found by the fuzzer,
/// Tests/FuzzFindings/exponential-shared-procedures.yaml).
@Suite struct ExpansionLimitTests {
  static func flows(levels: Int) -> String {
    var text = """
      procedures:
        - id: deep-top
          title: Верх
          steps: [{procedure: deep-1}]

      """
    for level in 1...levels {
      let next = level == levels ? "create" : "{procedure: deep-\(level + 1)}"
      text +=
        "  - id: deep-\(level)\n    title: Часть \(level)\n    shared: true\n    steps: [\(next), \(next)]\n"
    }
    return text
  }

  @Test func expandedSizeIsLinearAndSaturates() throws {
    let site = try ScratchSite()
    try site.write("content/flows/deep.yaml", Self.flows(levels: 40))
    // 2^40 steps if walked; the check ends and names the procedure at its line.
    let checked = try checkSite(at: site.root, today: fixedToday)
    let found = checked.diagnostics.filter { $0.rule == .graphTooLarge }
    // deep-30 is where the doubling passes 2000 steps (2^11); the levels above only include it.
    #expect(
      found.map(\.location) == [
        SourceLocation(file: "content/flows/deep.yaml", line: 121, column: 9)
      ])
    #expect(
      found.first?.message.hasPrefix("procedure 'deep-30' expands to more than 2000 steps") == true)
    let graph = try #require(try ContentLoader(root: site.root).load().content?.graph)
    #expect(
      graph.expandedSize(of: try #require(graph.procedure("deep-top"))) == FlowGraph
        .maximumExpandedSteps + 1)
    #expect(graph.expandedSize(of: try #require(graph.procedure("deep-40"))) == 2)
  }

  /// Every walk goes through `ProcedureWalker`: it stops at the limit, and an outline walk
  /// (`expandingIncluded: false`) names the included procedures without entering them.
  @Test func theWalkerStopsAtTheLimitAndCanStayAtTheTopLevel() throws {
    let checked = try Self.check(extraFlow: Self.flows(levels: 40))
    let graph = try #require(checked.graph)
    let walker = ProcedureWalker(graph: graph)
    let top = try #require(graph.procedure("deep-top"))

    var steps = 0
    var events = 0
    let completed = walker.walk(top) { event in
      events += 1
      if case .step = event { steps += 1 }
    }
    #expect(!completed)
    #expect(events <= ProcedureWalker.limit)
    #expect(steps > 0)

    var outline: [String] = []
    #expect(
      walker.walk(top, expandingIncluded: false) { event in
        if case .include(let included, _, _) = event { outline.append(included.id) }
      })
    #expect(outline == ["deep-1"])

    var leaves: [String] = []
    #expect(
      walker.walk(try #require(graph.procedure("deep-40"))) { event in
        if case .step(let id, let owner) = event { leaves.append("\(owner.id):\(id.value)") }
      })
    #expect(leaves == ["deep-40:create", "deep-40:create"])
  }

  /// A procedure met again while it is walked is reported once per meeting and not entered.
  @Test func theWalkerSkipsACycle() throws {
    let flows = """
      procedures:
        - id: loop-top
          title: Верх
          steps: [{procedure: loop-a}]
        - id: loop-a
          title: А
          shared: true
          steps: [create, {procedure: loop-b}]
        - id: loop-b
          title: Б
          shared: true
          steps: [{procedure: loop-a}, create]

      """
    let checked = try Self.check(extraFlow: flows)
    let graph = try #require(checked.graph)
    var seen: [String] = []
    #expect(
      ProcedureWalker(graph: graph).walk(try #require(graph.procedure("loop-top"))) { event in
        switch event {
        case .step(let id, let owner): seen.append("\(owner.id):\(id.value)")
        case .include(let included, _, _): seen.append("include \(included.id)")
        case .cycle(let id, let path):
          seen.append("cycle \(id.value) in \(path.joined(separator: "/"))")
        case .optional, .oneOf: seen.append("other")
        }
      })
    #expect(
      seen == [
        "include loop-a", "loop-a:create", "include loop-b",
        "cycle loop-a in loop-top/loop-a/loop-b",
        "loop-b:create",
      ])
    let unfinishable = checked.diagnostics.filter { $0.rule == .graphUnfinishable }.map(\.message)
    let cycle = "procedure 'loop-a' includes itself (loop-a → loop-b → loop-a)"
    #expect(unfinishable.contains { $0.hasPrefix(cycle) })
  }

  /// The basic fixture with one more flow file: its findings and its flow graph.
  static func check(extraFlow: String) throws -> (diagnostics: [Diagnostic], graph: FlowGraph?) {
    let site = try ScratchSite()
    try site.write("content/flows/extra.yaml", extraFlow)
    let graph = try ContentLoader(root: site.root).load().content?.graph
    return (try checkSite(at: site.root, today: fixedToday).diagnostics, graph)
  }
}
