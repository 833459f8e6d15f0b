import StepwiseCore
import StepwiseModel
import StepwiseSearch
import Synchronization

/// What a renderer works out from the flow graph and the pages' places — which procedures
/// provide each precondition, the journeys, the A to Z order, each page's search stems — kept by
/// the preview for the next renderer while the graph and every page's slug, procedure and title
/// are unchanged (an edit of a page's text changes none of them).
public final class FlowMemo: Sendable {
  /// What the memo was worked out from.
  private let graph: FlowGraph
  private let places: [Place]

  private struct Place: Equatable, Sendable {
    let slug: String
    let procedure: String
    let title: String
  }

  /// For each procedure with a page: for each of its preconditions (by state id), the other
  /// procedures with pages that provide it.
  let providerCache: [String: [String: [String]]]
  /// Procedure id → ids of the procedures it provides a precondition of, sorted.
  let dependents: [String: [String]]
  /// Each procedure's actor (`FlowAnalysis.actor(of:)`), for procedures with pages.
  let actors: [String: String]
  /// Journeys by the procedures a region builds.
  let journeys = OnceMap<[String], [Journey]>()
  /// `SearchIndexOutput.ranksAtoZ` of the pages, under the key 0.
  let ranksAtoZ = OnceMap<Int, [String: Int]>()
  /// Each page's search stems with the text they were made from, by slug.
  private let fragments = Mutex<[String: (text: String, fragment: SearchFragment)]>([:])

  init(content: Content, analysis: FlowAnalysis) {
    graph = content.graph
    places = Self.places(of: content)
    var cache: [String: [String: [String]]] = [:]
    let withPages = content.pages.compactMap {
      content.graph.procedure($0.frontMatter.procedure.value)
    }
    let index = analysis.providerIndex(among: withPages)
    for procedure in withPages {
      for condition in analysis.preconditions(of: procedure) {
        cache[procedure.id, default: [:]][condition.state.value] =
          index.providers(of: condition).map(\.id).filter { $0 != procedure.id }
      }
    }
    providerCache = cache
    var actors: [String: String] = [:]
    for procedure in withPages { actors[procedure.id] = analysis.actor(of: procedure) ?? "" }
    self.actors = actors
    var dependents: [String: [String]] = [:]
    for (id, providers) in cache.sorted(by: { $0.key < $1.key }) {
      for provider in Set(providers.values.joined()) {
        dependents[provider, default: []].append(id)
      }
    }
    self.dependents = dependents
  }

  private static func places(of content: Content) -> [Place] {
    content.pages.map {
      Place(slug: $0.slug, procedure: $0.frontMatter.procedure.value, title: $0.frontMatter.title)
    }
  }

  /// Whether this memo holds for a site: the same graph and the same pages in the same places.
  func serves(_ content: Content) -> Bool {
    graph == content.graph && places == Self.places(of: content)
  }

  /// A page's stems kept from an earlier renderer, if its text is the same.
  func fragment(of slug: String, text: String) -> SearchFragment? {
    fragments.withLock { kept in
      guard let found = kept[slug], sameUTF8(found.text, text) else { return nil }
      return found.fragment
    }
  }

  /// Keeps a page's stems for the next renderer.
  func keep(_ fragment: SearchFragment, of slug: String, text: String) {
    fragments.withLock { $0[slug] = (text, fragment) }
  }
}
