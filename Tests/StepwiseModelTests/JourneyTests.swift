import Foundation
import StepwiseCore
import Testing

@testable import StepwiseModel

/// Journeys: procedures grouped by actor, ordered by their preconditions, alternatives offered
/// as one part.
@Suite struct JourneyTests {
  /// Registration two ways (`a1`, `a2`), a child account two ways (`c1`, `c2`), consent needing
  /// it (`d`); a teacher's procedure (`t`) needs the registration too.
  static let actors = [
    "a1": "citizen", "a2": "citizen", "c1": "parent", "c2": "parent", "d": "parent",
    "t": "teacher",
  ]
  static let providers: [String: [[String]]] = [
    "c1": [["a1", "a2"]], "c2": [["a1", "a2"]], "d": [["a1", "a2"], ["c1", "c2"]],
    "t": [["a1", "a2"]],
  ]

  @Test func alternativesAreOnePartAndPartsFollowPreconditions() {
    let journeys = Journey.make(
      procedures: ["d", "t", "c2", "a1", "c1", "a2"], actors: Self.actors,
      actorOrder: ["citizen", "parent", "teacher"], providers: Self.providers)
    // The citizen's procedures are all someone else's prerequisites: no journey of their own.
    #expect(
      journeys == [
        Journey(actor: "parent", parts: [["a1", "a2"], ["c2", "c1"], ["d"]]),
        Journey(actor: "teacher", parts: [["a1", "a2"], ["t"]]),
      ])
  }

  @Test(arguments: [
    ["a1", "a2", "c1", "c2", "d", "t"], ["t", "d", "c1", "a2", "c2", "a1"],
    ["c2", "a2", "d", "t", "a1", "c1"],
  ])
  func alternativesAreNeverConsecutiveSteps(order: [String]) {
    let journeys = Journey.make(
      procedures: order, actors: Self.actors, actorOrder: ["parent", "teacher", "citizen"],
      providers: Self.providers)
    #expect(!journeys.isEmpty)
    for journey in journeys {
      for lists in Self.providers.values {
        for list in lists {
          let parts = Set(list.compactMap { journey.part(of: $0) })
          #expect(parts.count <= 1, "\(list) split over parts \(parts) of \(journey)")
        }
      }
      // Every provider comes before what it provides for.
      for id in journey.procedures {
        for list in Self.providers[id] ?? [] {
          for provider in list {
            guard let before = journey.part(of: provider), let after = journey.part(of: id) else {
              continue
            }
            #expect(before < after)
          }
        }
      }
    }
  }

  /// Found by the fuzzer: a region code listed twice lists the region's pages twice, and the
  /// render of a site with that error (which the fuzzer does) stopped on a duplicate key.
  @Test func aProcedureListedTwiceIsOneProcedure() {
    let once = Journey.make(
      procedures: ["d", "t", "c2", "a1", "c1", "a2"], actors: Self.actors,
      actorOrder: ["citizen", "parent", "teacher"], providers: Self.providers)
    let twice = Journey.make(
      procedures: ["d", "t", "c2", "a1", "c1", "a2", "d", "a1", "t"], actors: Self.actors,
      actorOrder: ["citizen", "parent", "teacher"], providers: Self.providers)
    #expect(twice == once)
  }

  @Test func aProviderNotBuiltIsIgnored() {
    let journeys = Journey.make(
      procedures: ["a1", "t"], actors: Self.actors, actorOrder: [], providers: Self.providers)
    #expect(journeys == [Journey(actor: "teacher", parts: [["a1"], ["t"]])])
  }

  @Test func anActorOfItsOwnKeepsItsJourney() {
    // `e` is the citizen's and nobody's prerequisite: the citizen keeps a journey.
    var actors = Self.actors
    actors["e"] = "citizen"
    var providers = Self.providers
    providers["e"] = [["a1", "a2"]]
    let journeys = Journey.make(
      procedures: ["a1", "a2", "e", "t"], actors: actors, actorOrder: ["citizen", "teacher"],
      providers: providers)
    #expect(journeys.map(\.actor) == ["citizen", "teacher"])
    #expect(journeys.first?.parts == [["a1", "a2"], ["e"]])
  }

  @Test func fixtureFlowGivesTheActorsAndJourneys() throws {
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("StepwiseTestSupport/Fixtures/journey")
    let result = try ContentLoader(root: fixture).load()
    let content = try #require(result.content)
    #expect(result.diagnostics == [])
    let analysis = FlowAnalysis(graph: content.graph)
    let procedures = content.pages.compactMap {
      content.graph.procedure($0.frontMatter.procedure.value)
    }
    let actors = Dictionary(
      uniqueKeysWithValues: procedures.map { ($0.id, analysis.actor(of: $0) ?? "") })
    #expect(actors["create-child-account"] == "parent")
    #expect(actors["register"] == "citizen")
    #expect(actors["teacher-journal"] == "teacher")
    let journeys = analysis.journeys(of: procedures)
    #expect(journeys.map(\.actor) == ["parent", "teacher"])
    #expect(
      journeys.first?.parts == [
        ["register-regional", "register"], ["create-child-account", "link-child-account"],
        ["consent"],
      ])
  }
}
