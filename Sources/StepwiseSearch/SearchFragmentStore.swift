import Synchronization

/// Pages' fragments by content, kept between builds in one process (the preview's rebuilds): a
/// page whose title, summary, steps and text are unchanged is not stemmed again.
public final class SearchFragmentStore: Sendable {
  /// The store the site's outputs use.
  public static let shared = SearchFragmentStore()

  /// At most this many fragments are kept; past it the store starts again, so a preview of a
  /// huge site edited for hours keeps its memory bounded.
  public let limit: Int

  private let guarded = Mutex<(fragments: [SearchPage: SearchFragment], made: Int)>(([:], 0))

  public init(limit: Int = 20_000) { self.limit = limit }

  /// How many fragments this store has stemmed.
  public var made: Int { guarded.withLock { $0.made } }

  /// The fragment of `page`, stemmed only if this store has none for the same content.
  public func fragment(of page: SearchPage) -> SearchFragment {
    if let found = guarded.withLock({ $0.fragments[page] }) { return found }
    let fragment = SearchFragment(page)
    guarded.withLock {
      if $0.fragments.count >= limit { $0.fragments.removeAll(keepingCapacity: true) }
      $0.fragments[page] = fragment
      $0.made += 1
    }
    return fragment
  }
}
