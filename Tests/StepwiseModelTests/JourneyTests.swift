import Foundation
import StepwiseCore
import StepwiseTestSupport
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

  /// The parts are ordered by counting what each group still waits for; held to the plain
  /// form (the first group in page order whose requirements are all placed) on random needs,
  /// with alternatives, cycles and providers outside the journey.
  @Test func partsAreOrderedAsByCheckingEachGroupsRequirements() {
    func plain(_ ids: [String], _ needs: [String: [[String]]], _ position: [String: Int])
      -> [[String]]
    {
      var group = Dictionary(uniqueKeysWithValues: ids.map { ($0, $0) })
      func root(_ id: String) -> String {
        var id = id
        while let parent = group[id], parent != id { id = parent }
        return id
      }
      for id in ids {
        for list in needs[id] ?? [] where list.count > 1 {
          for other in list.dropFirst() {
            let (a, b) = (root(list[0]), root(other))
            if a != b { group[b] = a }
          }
        }
      }
      var groups: [String: [String]] = [:]
      var roots: [String] = []
      for id in ids {
        let key = root(id)
        if groups[key] == nil { roots.append(key) }
        groups[key, default: []].append(id)
      }
      var requires: [String: Set<String>] = [:]
      for key in roots {
        for id in groups[key] ?? [] {
          for list in needs[id] ?? [] {
            for provider in list where root(provider) != key {
              requires[key, default: []].insert(root(provider))
            }
          }
        }
      }
      let rank = { (key: String) in (groups[key] ?? []).compactMap { position[$0] }.min() ?? 0 }
      var pending = roots.sorted { rank($0) < rank($1) }
      var placed: Set<String> = []
      var ordered: [[String]] = []
      while !pending.isEmpty {
        let index =
          pending.firstIndex { (requires[$0] ?? []).isSubset(of: placed) } ?? pending.startIndex
        let key = pending.remove(at: index)
        placed.insert(key)
        ordered.append(groups[key] ?? [])
      }
      return ordered
    }
    var random = SplitMix64(seed: 43)
    for _ in 0..<2000 {
      let count = Int.random(in: 1...9, using: &random)
      let ids = (0..<count).map { "p\($0)" }.shuffled(using: &random)
      let pool = ids + ["outside"]
      var needs: [String: [[String]]] = [:]
      for id in ids where Int.random(in: 0..<3, using: &random) > 0 {
        needs[id] = (0..<Int.random(in: 1...2, using: &random)).map { _ in
          (0..<Int.random(in: 1...3, using: &random)).map { _ in
            pool[Int.random(in: 0..<pool.count, using: &random)]
          }.filter { $0 != id }
        }.filter { !$0.isEmpty }
      }
      let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
      #expect(
        Self.parts(of: ids, needs: needs, position: position) == plain(ids, needs, position),
        "\(ids) \(needs)")
    }
  }

  /// `Journey.parts(of:needs:position:)` of procedures by id: numbered (the ids first, then the
  /// providers outside them), grouped and ordered, and named again.
  static func parts(
    of ids: [String], needs: [String: [[String]]], position: [String: Int]
  ) -> [[String]] {
    var number: [String: Int] = [:]
    var names: [String] = []
    func index(_ id: String) -> Int {
      if let known = number[id] { return known }
      number[id] = names.count
      names.append(id)
      return names.count - 1
    }
    let numbers = ids.map(index)
    let lists = ids.map { id in (needs[id] ?? []).map { $0.map(index) } }
    var needsByNumber = [[[Int]]](repeating: [], count: names.count)
    for (id, list) in zip(numbers, lists) { needsByNumber[id] = list }
    return Journey.parts(of: numbers, needs: needsByNumber, position: names.map { position[$0] })
      .map { $0.map { names[$0] } }
  }
}
