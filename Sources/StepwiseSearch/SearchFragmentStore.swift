import StepwiseCore
import Synchronization

/// Pages' fragments by content, kept between builds in one process (the preview's rebuilds): a
/// page whose title, summary, steps and text are unchanged is not stemmed again.
public final class SearchFragmentStore: Sendable {
  /// The store the site's outputs use.
  public static let shared = SearchFragmentStore()

  /// At most this many fragments are kept; past it the store starts again, so a preview of a
  /// huge site edited for hours keeps its memory bounded.
  public let limit: Int

  private let guarded = Mutex<(fragments: [ContentKey: SearchFragment], made: Int)>(([:], 0))

  /// A page as the store knows it: by the bytes of its texts, hashed once (`String` hashing
  /// normalizes Cyrillic first; a page's text hashed that way cost as much as stemming it).
  struct ContentKey: Hashable, Sendable {
    let page: SearchPage
    let hash: Int

    init(_ page: SearchPage) {
      self.page = page
      var hasher = Hasher()
      combineUTF8(page.url, into: &hasher)
      combineUTF8(page.title, into: &hasher)
      hasher.combine(page.steps.count)
      for step in page.steps { combineUTF8(step, into: &hasher) }
      hasher.combine(page.fields.count)
      for field in page.fields {
        combineUTF8(field.text, into: &hasher)
        hasher.combine(field.weight)
        hasher.combine(field.step)
      }
      hash = hasher.finalize()
    }

    /// Equal when every text is the same bytes (two pages that differ only by how a letter is
    /// encoded are two entries, never one fragment for both).
    static func == (lhs: ContentKey, rhs: ContentKey) -> Bool {
      let a = lhs.page
      let b = rhs.page
      return lhs.hash == rhs.hash && sameUTF8(a.url, b.url) && sameUTF8(a.title, b.title)
        && a.steps.count == b.steps.count && zip(a.steps, b.steps).allSatisfy(sameUTF8)
        && a.fields.count == b.fields.count
        && zip(a.fields, b.fields).allSatisfy {
          sameUTF8($0.text, $1.text) && $0.weight == $1.weight && $0.step == $1.step
        }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
  }

  public init(limit: Int = 20_000) { self.limit = limit }

  /// How many fragments this store has stemmed.
  public var made: Int { guarded.withLock { $0.made } }

  /// The fragment of `page`, stemmed only if this store has none for the same content.
  public func fragment(of page: SearchPage) -> SearchFragment {
    let key = ContentKey(page)
    if let found = guarded.withLock({ $0.fragments[key] }) { return found }
    let fragment = SearchFragment(page)
    guarded.withLock {
      if $0.fragments.count >= limit { $0.fragments.removeAll(keepingCapacity: true) }
      $0.fragments[key] = fragment
      $0.made += 1
    }
    return fragment
  }
}
