/// The preview's output files' bytes, by site-relative path.
public typealias PreviewFiles = LayeredDictionary<[UInt8]>

/// A dictionary kept as the entries of the last full render, shared by every preview snapshot
/// since, and the entries rendered again after it.
///
/// A rebuild after an edit renders a few dozen files of a site that may hold 14,000. Kept as one
/// dictionary, each rebuild copied it (the server still reads the last snapshot), merged the new
/// files in and freed the old copy: about a quarter of an edit's rebuild at 200×85. Here a rebuild
/// copies only the files rendered since the last full render, and folds them into the shared ones
/// once they are many.
public struct LayeredDictionary<Value: Sendable & Equatable>: Sendable, Equatable {
  /// The entries of the last full render (or of the last fold).
  private var base: [String: Value]
  /// Entries rendered since, which replace or add to `base`.
  private var changes: [String: Value] = [:]
  /// How many paths of `changes` `base` lacks.
  private var added = 0

  public init(_ entries: [String: Value] = [:]) {
    base = entries
  }

  public subscript(path: String) -> Value? {
    changes[path] ?? base[path]
  }

  public var count: Int { base.count + added }

  public var isEmpty: Bool { count == 0 }

  /// Every path, each once.
  public var paths: [String] {
    Array(changes.keys) + base.keys.filter { changes[$0] == nil }
  }

  /// Every entry, as one dictionary.
  public var all: [String: Value] {
    base.merging(changes) { _, new in new }
  }

  /// Adds `entries`, replacing those of the same paths.
  public mutating func update(_ entries: [String: Value]) {
    for (path, value) in entries {
      if changes.updateValue(value, forKey: path) == nil, base[path] == nil { added += 1 }
    }
    // Folded once the changes are a good part of the site: lookups stay one probe or two, and
    // a fold's copy of the base is paid once per many edits.
    if changes.count > Self.foldAt(base.count) {
      base.merge(changes) { _, new in new }
      changes = [:]
      added = 0
    }
  }

  /// How many entries are kept apart from the base now.
  var changedCount: Int { changes.count }

  /// How many changed entries are kept apart from a base of `count` entries.
  static func foldAt(_ count: Int) -> Int { max(count / 4, 64) }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.count == rhs.count && lhs.paths.allSatisfy { lhs[$0] == rhs[$0] }
  }
}
