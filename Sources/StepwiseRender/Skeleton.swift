import Foundation
import StepwiseMarkdown
import Synchronization

/// Output rendered once with placeholders ("holes") where region-dependent text goes, then
/// filled in for each region: a page of 85 regions is rendered by Mustache and the Markdown
/// renderer once, and copied 85 times with the region's values put in.
///
/// The placeholders are markers that no editor can type (a private-use character and a random
/// number drawn per process). A marker also tells, by the way its `'"&` came out, how the
/// template or the renderer escaped it, so each value is escaped the same way when it is put in.
struct Skeleton: Sendable, Equatable {
  /// How a hole's value is escaped when it is put in.
  enum Escaping: Sendable, Equatable {
    /// As is (`{{{body}}}`).
    case none
    /// `HTMLEscaping.text`: the Markdown renderer's text.
    case text
    /// `HTMLEscaping.attribute`: Mustache's `{{value}}`.
    case attribute
  }

  enum Piece: Sendable, Equatable {
    case literal([UInt8])
    case hole(Int, Escaping)
  }

  /// The literal pieces' bytes, one after another: one buffer, so that filling a copy neither
  /// retains nor releases an array per piece.
  private let literals: [UInt8]
  /// The pieces in order, a literal by where its bytes end in `literals`.
  private let parts: [Part]
  /// How many times each hole is put in (a region's name is on a page several times), by hole.
  let uses: [Int]

  private enum Part: Sendable, Equatable {
    case literal(end: Int)
    case hole(Int, Escaping)
  }

  /// The pieces, as they were made.
  var pieces: [Piece] {
    var start = 0
    return parts.map { part in
      switch part {
      case .literal(let end):
        defer { start = end }
        return .literal(Array(literals[start..<end]))
      case .hole(let index, let escaping): return .hole(index, escaping)
      }
    }
  }

  /// The bytes of the literal pieces.
  var literalSize: Int { literals.count }

  /// Pieces made by a renderer that knows where its holes are (`CompiledTemplates`): no two
  /// literals side by side and none empty, as `init(parsing:)` makes them.
  init(pieces: [Piece]) {
    var literals: [UInt8] = []
    literals.reserveCapacity(
      pieces.reduce(0) { size, piece in
        if case .literal(let bytes) = piece { return size + bytes.count }
        return size
      })
    var parts: [Part] = []
    parts.reserveCapacity(pieces.count)
    var uses: [Int] = []
    for piece in pieces {
      switch piece {
      case .literal(let bytes):
        literals += bytes
        parts.append(.literal(end: literals.count))
      case .hole(let index, let escaping):
        if index >= uses.count { uses += repeatElement(0, count: index + 1 - uses.count) }
        uses[index] += 1
        parts.append(.hole(index, escaping))
      }
    }
    self.literals = literals
    self.parts = parts
    self.uses = uses
  }

  /// The room the filled text needs, from each value's size.
  ///
  /// The literals, and every use of a hole with room for its entities (a value's rarely add a
  /// tenth): growing the buffer would copy the page so far.
  private func room(_ sizes: [Int]) -> Int {
    var room = literalSize
    for (index, count) in uses.enumerated() where count > 0 && index < sizes.count {
      room += count * (sizes[index] + sizes[index] / 8 + 16)
    }
    return room
  }

  /// Splits rendered text at its markers.
  init(parsing text: String) {
    let bytes = Array(text.utf8)
    var pieces: [Piece] = []
    var literalStart = 0
    var index = 0
    while index < bytes.count {
      guard bytes[index] == 0xEE, let (hole, escaping, end) = Marker.parse(bytes, at: index) else {
        index += 1
        continue
      }
      if literalStart < index { pieces.append(.literal(Array(bytes[literalStart..<index]))) }
      pieces.append(.hole(hole, escaping))
      index = end
      literalStart = end
    }
    if literalStart < bytes.count { pieces.append(.literal(Array(bytes[literalStart...]))) }
    self.init(pieces: pieces)
  }

  /// The text with every hole filled from `values`, escaped as its marker was (a hole past
  /// their end, which no context makes, stays empty rather than stop the build).
  func fill(_ values: [String]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(room(values.map(\.utf8.count)))
    fill(into: &out, values.count) { index, escaping, out in
      Self.append(values[index], escaping, to: &out)
    }
    return out
  }

  /// The text with every hole filled from `values`, where a value may be a skeleton of its own
  /// (a page's body), spliced in without becoming a string first.
  func fill(holes values: [HoleValue]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(
      room(
        values.map { value in
          switch value {
          case .text(let text), .plain(let text): text.utf8.count
          case .filled(let skeleton, let inner): skeleton.room(inner.map(\.utf8.count))
          }
        }))
    fill(into: &out, values.count) { index, escaping, out in
      switch values[index] {
      case .text(let text): Self.append(text, escaping, to: &out)
      case .plain(let text): out.append(contentsOf: text.utf8)
      case .filled(let skeleton, let inner):
        if escaping == .none {
          skeleton.fill(into: &out, inner.count) { index, escaping, out in
            Self.append(inner[index], escaping, to: &out)
          }
        } else {
          Self.append(String(decoding: skeleton.fill(inner), as: UTF8.self), escaping, to: &out)
        }
      }
    }
    return out
  }

  /// Appends the literals, and for each hole below `count` what `value` appends.
  private func fill(
    into out: inout [UInt8], _ count: Int,
    _ value: (Int, Escaping, inout [UInt8]) -> Void
  ) {
    literals.withUnsafeBufferPointer { literals in
      var start = 0
      for part in parts {
        switch part {
        case .literal(let end):
          out.append(contentsOf: UnsafeBufferPointer(rebasing: literals[start..<end]))
          start = end
        case .hole(let index, let escaping):
          if index < count { value(index, escaping, &out) }
        }
      }
    }
  }

  private static func append(_ value: String, _ escaping: Escaping, to out: inout [UInt8]) {
    switch escaping {
    case .none: out.append(contentsOf: value.utf8)
    case .text: HTMLEscaping.appendText(value, to: &out)
    case .attribute: HTMLEscaping.appendAttribute(value, to: &out)
    }
  }

}

/// What fills one hole of a skeleton: a text, or another skeleton with its values (a page's
/// body, filled straight into the page).
enum HoleValue: Sendable {
  case text(String)
  /// A text that no escaping changes (none of `&<>"'`): copied as it is.
  case plain(String)
  case filled(Skeleton, [String])

  /// The value as one string (for a rendering without skeletons).
  var string: String {
    switch self {
    case .text(let text), .plain(let text): text
    case .filled(let skeleton, let values): String(decoding: skeleton.fill(values), as: UTF8.self)
    }
  }
}

/// The placeholder text for hole N, and its recognition after escaping.
enum Marker {
  /// Drawn once per process, so no text an editor writes can pass for a marker.
  static let nonce: [UInt8] = Array(String(UInt64.random(in: 1_000_000_000...UInt64.max)).utf8)
  static let open: [UInt8] = [0xEE, 0x80, 0x80]  // U+E000
  static let close: [UInt8] = [0xEE, 0x80, 0x81]  // U+E001
  /// `'"&` as written raw, by `HTMLEscaping.text` and by `HTMLEscaping.attribute`.
  static let signatures: [(bytes: [UInt8], escaping: Skeleton.Escaping)] = [
    (Array("'\"&".utf8), .none),
    (Array("'&quot;&amp;".utf8), .text),
    (Array("&#39;&quot;&amp;".utf8), .attribute),
  ]

  /// The marker of hole `index`.
  static func text(_ index: Int) -> String {
    String(decoding: open + nonce + signatures[0].bytes, as: UTF8.self) + String(index) + "\u{E001}"
  }

  /// The hole, its escaping and the index after the marker that starts at `start`, if one does.
  static func parse(_ bytes: [UInt8], at start: Int) -> (Int, Skeleton.Escaping, Int)? {
    var index = start
    func expect(_ expected: [UInt8]) -> Bool {
      guard index + expected.count <= bytes.count,
        bytes[index..<index + expected.count].elementsEqual(expected)
      else { return false }
      index += expected.count
      return true
    }
    guard expect(open), expect(nonce) else { return nil }
    guard let escaping = signatures.first(where: { expect($0.bytes) })?.escaping else { return nil }
    var hole = 0
    let digitsStart = index
    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, index - digitsStart < 9 {
      hole = hole * 10 + Int(bytes[index] - 0x30)
      index += 1
    }
    guard index > digitsStart, expect(close) else { return nil }
    return (hole, escaping, index)
  }
}

/// What one page shows alike in every region: made once per page.
///
/// A class: every copy of the page takes it from the renderer's memo, and a struct's copy would
/// retain each of its fields (and its page's) each time.
final class PagePrototype: Sendable {
  let body: PageBody
  /// The page's context values that do not depend on the region (an `.object`).
  let constants: SharedValue
  /// Whether its summary and description are among them (`PageOutput.fixedTexts`).
  let fixedTexts: Bool

  init(body: PageBody, constants: SharedValue, fixedTexts: Bool) {
    self.body = body
    self.constants = constants
    self.fixedTexts = fixedTexts
  }
}

/// Skeletons already rendered, shared by the rendering threads of a `SiteRenderer`, and kept
/// by the preview from one rebuild to the next while the templates stay the same (a key holds
/// everything a rendering depends on besides the templates).
public final class SkeletonCache: Sendable {
  /// The templates this cache's skeletons were rendered with.
  private let sources: [String: String]

  public init(for templates: TemplateSet) { sources = templates.sources }

  /// Whether skeletons rendered with these templates are the ones in this cache.
  func serves(_ templates: TemplateSet) -> Bool { templates.sources == sources }

  /// How many skeletons are kept.
  public var count: Int { skeletons.count }

  struct Key: Hashable {
    let template: String
    /// The context's values that are the same in every region.
    let constants: SharedValue
    /// The region's part of the context, with its holes open.
    let shape: TemplateValue
    /// Hashed once, on the rendering thread, not under the cache's lock.
    private let hash: Int

    init(template: String, constants: SharedValue, shape: TemplateValue) {
      self.template = template
      self.constants = constants
      self.shape = shape
      var hasher = Hasher()
      hasher.combine(template)
      hasher.combine(constants.hash)
      hasher.combine(shape)
      hash = hasher.finalize()
    }

    static func == (lhs: Key, rhs: Key) -> Bool {
      lhs.hash == rhs.hash && lhs.template == rhs.template
        && TemplateValue.shared(lhs.constants) == .shared(rhs.constants) && lhs.shape == rhs.shape
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
  }

  private let skeletons = OnceMap<Key, Skeleton>()

  /// The skeleton for a key, rendered by `make` the first time.
  func skeleton(_ key: Key, _ make: () -> Skeleton) -> Skeleton { skeletons.value(key, make) }
}

/// Numbers for keys: 0, 1, 2… in the order first met, the same for equal keys.
///
/// Safe to ask from several threads. A long key (a journey, a page's signature), hashed once
/// here, is a small one everywhere else.
final class Numbering<Key: Hashable>: Sendable {
  private let numbers = OnceMap<Key, Int>()
  private let count = Atomic<Int>(0)

  func number(_ key: Key) -> Int {
    numbers.value(key) { count.add(1, ordering: .relaxed).oldValue }
  }
}

/// Values made once per key, by the first thread that asks; the others wait for it rather than
/// make it again.
///
/// `@unchecked Sendable`: every access to `values` and `pending` holds the `NSCondition`, which
/// `Mutex` cannot replace (the threads waiting for a value being made need a condition variable).
final class OnceMap<Key: Hashable, Value>: @unchecked Sendable {
  private let condition = NSCondition()
  private var values: [Hashed: Value] = [:]
  private var pending: Set<Hashed> = []

  /// A key with its hash, worked out once (outside the lock) for the lookups, the pending set
  /// and the table's growth: keys such as a flow diagram or a list of procedure ids are long.
  private struct Hashed: Hashable {
    let key: Key
    let hash: Int

    init(_ key: Key) {
      self.key = key
      self.hash = key.hashValue
    }

    static func == (lhs: Hashed, rhs: Hashed) -> Bool { lhs.hash == rhs.hash && lhs.key == rhs.key }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
  }

  var count: Int { condition.withLock { values.count } }

  /// The value for `key`, made by `make` (outside the lock) the first time.
  func value(_ key: Key, _ make: () -> Value) -> Value {
    let key = Hashed(key)
    condition.lock()
    while true {
      if let found = values[key] {
        condition.unlock()
        return found
      }
      guard pending.contains(key) else { break }
      condition.wait()
    }
    pending.insert(key)
    condition.unlock()
    let made = make()
    condition.lock()
    values[key] = made
    pending.remove(key)
    condition.broadcast()
    condition.unlock()
    return made
  }
}
