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
      text += "  - id: deep-\(level)\n    title: Часть \(level)\n    shared: true\n    steps: [\(next), \(next)]\n"
    }
    return text
  }

  @Test func expandedSizeIsLinearAndSaturates() throws {
    let site = try ScratchSite()
    try site.write("content/flows/deep.yaml", Self.flows(levels: 40))
    // 2^40 steps if walked; the check ends and names the procedure at its line.
    let checked = try checkSite(at: site.root, today: fixedToday)
    let found = checked.diagnostics.filter { $0.rule == "graph-too-large" }
    // deep-30 is where the doubling passes 2000 steps (2^11); the levels above only include it.
    #expect(found.map(\.location) == [SourceLocation(file: "content/flows/deep.yaml", line: 121, column: 9)])
    #expect(found.first?.message.hasPrefix("procedure 'deep-30' expands to more than 2000 steps") == true)
    let graph = try #require(try ContentLoader(root: site.root).load().content?.graph)
    #expect(graph.expandedSize(of: try #require(graph.procedure("deep-top"))) == FlowGraph.maximumExpandedSteps + 1)
    #expect(graph.expandedSize(of: try #require(graph.procedure("deep-40"))) == 2)
  }
}
