/// One actor's way through a region's procedures, GOV.UK "step by step" style: numbered parts,
/// each a procedure or a choice between procedures that lead to the same state.
///
/// A journey holds the actor's own procedures and, before them, every procedure that provides
/// one of their preconditions (a registration appears in the parents' journey and in the
/// teachers'). Procedures that provide the same precondition are one part, offered with «или»:
/// they are never numbered as consecutive parts.
public struct Journey: Sendable, Hashable {
  /// The id of the actor whose journey this is.
  public var actor: String
  /// The parts in the order a reader follows them; each holds the ids of the procedures that
  /// are alternatives to one another (one id when there is no choice).
  public var parts: [[String]] {
    didSet { partIndex = Self.index(parts) }
  }
  /// Each procedure's part: asked for by every page of every region.
  private var partIndex: [String: Int]

  public init(actor: String, parts: [[String]]) {
    self.actor = actor
    self.parts = parts
    self.partIndex = Self.index(parts)
  }

  private static func index(_ parts: [[String]]) -> [String: Int] {
    var index: [String: Int] = [:]
    for (position, part) in parts.enumerated() {
      for id in part where index[id] == nil { index[id] = position }
    }
    return index
  }

  /// The position of a procedure's part (0-based), if the journey holds it.
  public func part(of procedure: String) -> Int? { partIndex[procedure] }

  public static func == (lhs: Journey, rhs: Journey) -> Bool {
    lhs.actor == rhs.actor && lhs.parts == rhs.parts
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(actor)
    hasher.combine(parts)
  }

  /// Every procedure of the journey, part by part.
  public var procedures: [String] { parts.flatMap(\.self) }

  /// The journeys of a set of procedures.
  ///
  /// - Parameters:
  ///   - procedures: the ids of the procedures built, in page order (ties keep it).
  ///   - actors: each procedure's actor (see `FlowAnalysis.actor(of:)`); a procedure without
  ///     one belongs to the journey of the actor `""`.
  ///   - actorOrder: the actors in the order their journeys are shown.
  ///   - providers: for each procedure, one list per precondition of the procedures that
  ///     provide it; ids not among `procedures` are ignored.
  /// - Returns: one journey per actor, in `actorOrder` (then the order actors first appear).
  ///
  /// An actor whose own procedures all appear in other journeys (as the prerequisites of
  /// someone else's) has no journey of its own.
  public static func make(
    procedures: [String], actors: [String: String], actorOrder: [String],
    providers: [String: [[String]]]
  ) -> [Journey] {
    // A procedure listed twice (two pages of one procedure: an error `check` reports, which a
    // render of the site as it stands must survive) is one procedure, at its first place.
    var seen: Set<String> = []
    let procedures = procedures.filter { seen.insert($0).inserted }
    // Worked on by number (a procedure's place): made for every class of regions, on every
    // build.
    let position = Dictionary(
      procedures.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    let count = procedures.count
    let needs: [[[Int]]] = procedures.map { id in
      (providers[id] ?? []).map { list in list.compactMap { $0 == id ? nil : position[$0] } }
        .filter { !$0.isEmpty }
    }
    let actorOf = procedures.map { actors[$0] ?? "" }
    var order = actorOrder
    for actor in actorOf where !order.contains(actor) { order.append(actor) }
    var members: [String: [Int]] = [:]
    var closures: [String: [Bool]] = [:]
    for actor in order {
      let own = (0..<count).filter { actorOf[$0] == actor }
      guard !own.isEmpty else { continue }
      members[actor] = own
      var closure = [Bool](repeating: false, count: count)
      for member in own { closure[member] = true }
      var pending = own
      while let next = pending.popLast() {
        for provider in needs[next].joined() where !closure[provider] {
          closure[provider] = true
          pending.append(provider)
        }
      }
      closures[actor] = closure
    }
    var kept = order.filter { members[$0] != nil }
    for actor in kept {
      var others = [Bool](repeating: false, count: count)
      for other in kept where other != actor {
        for (index, inside) in (closures[other] ?? []).enumerated() where inside {
          others[index] = true
        }
      }
      if (members[actor] ?? []).allSatisfy({ others[$0] }) { kept.removeAll { $0 == actor } }
    }
    let places = (0..<count).map { Optional($0) }
    return kept.map { actor in
      let inJourney = closures[actor] ?? []
      let ids = (0..<count).filter { inJourney[$0] }
      return Journey(
        actor: actor,
        parts: parts(of: ids, needs: needs, position: places).map { $0.map { procedures[$0] } })
    }
  }

  /// Groups alternatives (the providers of one precondition) and orders the groups so that
  /// each comes after the groups it needs (Kahn's algorithm; ties by page order).
  ///
  /// By number: `needs` and `position` hold every number the ids and their providers use.
  static func parts(of ids: [Int], needs: [[[Int]]], position: [Int?]) -> [[Int]] {
    var parent = Array(0..<needs.count)
    func root(_ id: Int) -> Int {
      var id = id
      while parent[id] != id { id = parent[id] }
      return id
    }
    for id in ids {
      for list in needs[id] where list.count > 1 {
        for other in list.dropFirst() {
          let (a, b) = (root(list[0]), root(other))
          if a != b { parent[b] = a }
        }
      }
    }
    var groups = [[Int]](repeating: [], count: needs.count)
    var roots: [Int] = []
    for id in ids {
      let key = root(id)
      if groups[key].isEmpty { roots.append(key) }
      groups[key].append(id)
    }
    var requires: [Int: Set<Int>] = [:]
    for key in roots {
      for id in groups[key] {
        for list in needs[id] {
          for provider in list where root(provider) != key {
            requires[key, default: []].insert(root(provider))
          }
        }
      }
    }
    var rank: [Int: Int] = [:]
    for key in roots { rank[key] = groups[key].compactMap { position[$0] }.min() ?? 0 }
    // The groups by number, in page order (a stable sort keeps equals as they came).
    let pending = roots.sorted { rank[$0, default: 0] < rank[$1, default: 0] }
    let number = Dictionary(
      pending.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    // How many groups each still waits for, and who waits for each: the first group in page
    // order that waits for none goes next (the first left when all wait, on a cycle).
    var waiting = [Int](repeating: 0, count: pending.count)
    var waiters = [[Int]](repeating: [], count: pending.count)
    for (index, key) in pending.enumerated() {
      for required in requires[key] ?? [] {
        if let other = number[required] {
          waiting[index] += 1
          waiters[other].append(index)
        } else {
          // Not a group of this journey: never placed, as a set of placed groups never holds it.
          waiting[index] += pending.count + 1
        }
      }
    }
    var placed = [Bool](repeating: false, count: pending.count)
    var ordered: [[Int]] = []
    for _ in pending.indices {
      var next: Int?
      var firstLeft: Int?
      for index in pending.indices where !placed[index] {
        if firstLeft == nil { firstLeft = index }
        if waiting[index] == 0 {
          next = index
          break
        }
      }
      guard let chosen = next ?? firstLeft else { break }
      placed[chosen] = true
      for waiter in waiters[chosen] { waiting[waiter] -= 1 }
      ordered.append(groups[pending[chosen]])
    }
    return ordered
  }
}

extension FlowAnalysis {
  /// Who performs a procedure: the actor named by most of its own steps (those of the shared
  /// procedures it includes do not count), the first of them on a tie; the included
  /// procedures' actor when it has no steps of its own.
  public func actor(of procedure: Procedure) -> String? {
    var seen: Set<String> = []
    return actor(of: procedure, seen: &seen)
  }

  private func actor(of procedure: Procedure, seen: inout Set<String>) -> String? {
    guard seen.insert(procedure.id).inserted else { return nil }
    var counts: [String: Int] = [:]
    var first: [String] = []
    func count(_ id: Located<String>) {
      guard let actor = graph.step(id.value)?.actor.value else { return }
      if counts[actor] == nil { first.append(actor) }
      counts[actor, default: 0] += 1
    }
    var included: [Procedure] = []
    walker.walk(procedure, expandingIncluded: false) { event in
      switch event {
      case .step(let id, _), .optional(let id, _): count(id)
      case .oneOf(let alternatives, _): alternatives.joined().forEach(count)
      case .include(let inner, _, _): included.append(inner)
      case .cycle: break
      }
    }
    if let best = first.max(by: { counts[$0, default: 0] < counts[$1, default: 0] }) {
      // `max(by:)` returns the last of equals; the first named wins a tie.
      let top = counts[best, default: 0]
      return first.first { counts[$0] == top }
    }
    for inner in included {
      if let actor = actor(of: inner, seen: &seen) { return actor }
    }
    return nil
  }

  /// The journeys of the given procedures (in page order), with their providers.
  public func journeys(of procedures: [Procedure]) -> [Journey] {
    var actors: [String: String] = [:]
    var providers: [String: [[String]]] = [:]
    let index = providerIndex(among: procedures)
    for procedure in procedures {
      actors[procedure.id] = actor(of: procedure) ?? ""
      providers[procedure.id] = preconditions(of: procedure).map { condition in
        index.providers(of: condition).map(\.id)
      }
    }
    return Journey.make(
      procedures: procedures.map(\.id), actors: actors, actorOrder: graph.actors.map(\.id),
      providers: providers)
  }
}
