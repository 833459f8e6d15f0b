import Mustache
import StepwiseCore
import StepwiseMarkdown

/// A template context whose region-dependent strings can be holes.
///
/// With its holes left open a context is the *shape* of a page: every region whose shape is
/// the same (the same pages built, so the same links and sections) shares one rendering of the
/// template, and only the hole values differ (see `Skeleton`).
indirect enum TemplateValue: Hashable, Sendable {
  case text(String)
  /// The value at this index of the context's `HoleValues`.
  case hole(Int)
  case flag(Bool)
  case number(Int)
  case list([TemplateValue])
  case object(TemplateFields)
  /// A value made once and put in many contexts: hashed once, compared by identity first.
  case shared(SharedValue)

  /// The value as swift-mustache takes it, with each hole as `hole(index)`.
  func mustache(_ hole: (Int) -> String) -> Any {
    switch self {
    case .text(let text): text
    case .hole(let index): hole(index)
    case .flag(let flag): flag
    case .number(let number): number
    case .list(let items): items.map { $0.mustache(hole) } as [Any]
    case .object(let fields): MustacheObject(fields.mustache(hole))
    case .shared(let shared): shared.whole.mustache(hole)
    }
  }

  /// Equal when the bytes are: two texts that are canonically equivalent but written with
  /// different code points (`й` as one or two) render differently, so they are not one shape.
  ///
  /// Comparing and hashing bytes also skips the Unicode normalisation `String` does.
  static func == (lhs: TemplateValue, rhs: TemplateValue) -> Bool {
    switch (lhs, rhs) {
    case (.text(let a), .text(let b)): sameUTF8(a, b)
    case (.hole(let a), .hole(let b)): a == b
    case (.flag(let a), .flag(let b)): a == b
    case (.number(let a), .number(let b)): a == b
    case (.list(let a), .list(let b)): a == b
    case (.object(let a), .object(let b)): a == b
    case (.shared(let a), .shared(let b)): a.isEqual(to: b)
    default: false
    }
  }

  func hash(into hasher: inout Hasher) {
    switch self {
    case .text(let text):
      hasher.combine(0 as UInt8)
      combineUTF8(text, into: &hasher)
    case .hole(let index):
      hasher.combine(1 as UInt8)
      hasher.combine(index)
    case .flag(let flag):
      hasher.combine(2 as UInt8)
      hasher.combine(flag)
    case .number(let number):
      hasher.combine(3 as UInt8)
      hasher.combine(number)
    case .list(let items):
      hasher.combine(4 as UInt8)
      hasher.combine(items.count)
      for item in items { item.hash(into: &hasher) }
    case .object(let fields):
      hasher.combine(5 as UInt8)
      fields.hash(into: &hasher)
    case .shared(let shared):
      hasher.combine(6 as UInt8)
      hasher.combine(shared.hash)
    }
  }

  /// Links for a template that joins them with commas: `title`, `url`, and `last` on the last.
  static func links(_ items: [(title: String, url: String)]) -> TemplateValue {
    .list(
      items.enumerated().map { offset, item in
        .object([
          "title": .text(item.title), "url": .text(item.url),
          "last": .flag(offset == items.count - 1),
        ])
      })
  }

  /// `.text` of a string, or `false` (a section that is not shown) when there is none.
  static func optional(_ text: String?) -> TemplateValue {
    text.map(TemplateValue.text) ?? .flag(false)
  }
}

/// The fields of a template object in the order they were set: comparing and hashing them in
/// order is cheaper than a dictionary's per-key lookups, and one code path always sets a
/// context's fields in the same order. (Two objects with the same fields in another order are
/// unequal: a second skeleton, never a wrong one.)
struct TemplateFields: Hashable, Sendable, ExpressibleByDictionaryLiteral {
  private(set) var keys: [String] = []
  private(set) var values: [TemplateValue] = []

  init(dictionaryLiteral elements: (String, TemplateValue)...) {
    // Sized once: thousands of these are kept while a site renders.
    keys.reserveCapacity(elements.count)
    values.reserveCapacity(elements.count)
    for (key, value) in elements { self[key] = value }
  }

  /// Setting a key that is there replaces its value in place.
  subscript(key: String) -> TemplateValue? {
    // Lengths first: most keys asked for are not the key compared, and differ in length.
    get { keys.firstIndex { $0.utf8.count == key.utf8.count && $0 == key }.map { values[$0] } }
    set {
      if let index = keys.firstIndex(of: key) {
        if let newValue {
          values[index] = newValue
        } else {
          keys.remove(at: index)
          values.remove(at: index)
        }
      } else if let newValue {
        keys.append(key)
        values.append(newValue)
      }
    }
  }

  /// These fields, then `other`'s (which win where both have a key).
  func merging(_ other: TemplateFields) -> TemplateFields {
    var merged = self
    for (key, value) in zip(other.keys, other.values) { merged[key] = value }
    return merged
  }

  func mustache(_ hole: (Int) -> String) -> [String: Any] {
    var object: [String: Any] = [:]
    object.reserveCapacity(keys.count)
    for (key, value) in zip(keys, values) { object[key] = value.mustache(hole) }
    return object
  }

  static func == (lhs: TemplateFields, rhs: TemplateFields) -> Bool {
    lhs.keys == rhs.keys && lhs.values == rhs.values
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(keys.count)
    for (key, value) in zip(keys, values) {
      combineUTF8(key, into: &hasher)
      value.hash(into: &hasher)
    }
  }
}

/// An object as swift-mustache sees it: a class that is a `MustacheParent` itself.
///
/// swift-mustache asks every value on its context stack, for every name it looks up, whether it
/// is a `MustacheParent`; a `[String: Any]` is one only conditionally (where its keys are
/// strings), which the Swift runtime checks on each cast — half of a page's rendering time went
/// there. A class's own conformance is found at once. It forwards transforms
/// (`{{count(object)}}`) to the dictionary, as swift-mustache would apply them to it.
final class MustacheObject: MustacheParent, MustacheTransformable {
  let fields: [String: Any]

  init(_ fields: [String: Any]) { self.fields = fields }

  func child(named name: String) -> Any? { fields[name] }

  func transform(_ name: String) -> Any? { fields.transform(name) }
}

/// The region-dependent strings of one context, in the order their holes were made.
struct HoleValues {
  private(set) var filling: [HoleValue] = []

  /// A hole holding `value`.
  mutating func hole(_ value: String) -> TemplateValue { hole(.text(value)) }

  /// A hole holding `value`, which may be a skeleton of its own.
  mutating func hole(_ value: HoleValue) -> TemplateValue {
    filling.append(value)
    return .hole(filling.count - 1)
  }

  /// Each text that no escaping changes becomes a `.plain` one.
  mutating func markPlainTexts() {
    for index in filling.indices {
      if case .text(let text) = filling[index], !HTMLEscaping.changes(text) {
        filling[index] = .plain(text)
      }
    }
  }

  /// Every value as a string, in the order the holes were made.
  var values: [String] { filling.map(\.string) }
}

/// A template value shared by many contexts (a procedure's steps on every region's home), made
/// and hashed once; or a base object's fields with some added (a page's constants with what a
/// class of regions shows), kept apart so that the base's fields are not copied for each.
final class SharedValue: Sendable {
  /// The value itself; with a base, only the fields added to it.
  let value: TemplateValue
  let base: SharedValue?
  let hash: Int

  init(_ value: TemplateValue) {
    self.value = value
    self.base = nil
    self.hash = value.hashValue
  }

  /// `base`'s fields with `fields` added (which win where both have a key), hashed from
  /// `base`'s hash and `fields` alone: a page's constants are hashed once, not again for every
  /// class of regions.
  init(_ base: SharedValue, adding fields: TemplateFields) {
    self.value = .object(fields)
    self.base = base
    var hasher = Hasher()
    hasher.combine(base.hash)
    hasher.combine(fields)
    self.hash = hasher.finalize()
  }

  /// The whole value: with a base, an object of the base's fields and the added ones.
  var whole: TemplateValue { base == nil ? value : .object(fields) }

  /// The fields of the whole value, when it is an `.object` (none for another value).
  var fields: TemplateFields {
    guard case .object(let own) = value else { return [:] }
    return base.map { $0.fields.merging(own) } ?? own
  }

  /// Equal when the same, or when made alike of equal parts.
  func isEqual(to other: SharedValue) -> Bool {
    if self === other { return true }
    guard hash == other.hash, value == other.value else { return false }
    switch (base, other.base) {
    case (nil, nil): return true
    case (let a?, let b?): return a.isEqual(to: b)
    default: return false
    }
  }
}
