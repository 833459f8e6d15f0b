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
  case object([String: TemplateValue])

  /// The value as swift-mustache takes it, with each hole as `hole(index)`.
  func mustache(_ hole: (Int) -> String) -> Any {
    switch self {
    case .text(let text): text
    case .hole(let index): hole(index)
    case .flag(let flag): flag
    case .number(let number): number
    case .list(let items): items.map { $0.mustache(hole) } as [Any]
    case .object(let fields): fields.mapValues { $0.mustache(hole) } as [String: Any]
    }
  }

  /// Equal when the bytes are: two texts that are canonically equivalent but written with
  /// different code points (`й` as one or two) render differently, so they are not one shape.
  /// Comparing and hashing bytes also skips the Unicode normalisation `String` does.
  static func == (lhs: TemplateValue, rhs: TemplateValue) -> Bool {
    switch (lhs, rhs) {
    case (.text(let a), .text(let b)): a.utf8.elementsEqual(b.utf8)
    case (.hole(let a), .hole(let b)): a == b
    case (.flag(let a), .flag(let b)): a == b
    case (.number(let a), .number(let b)): a == b
    case (.list(let a), .list(let b)): a == b
    case (.object(let a), .object(let b)):
      a.count == b.count && a.allSatisfy { key, value in b[key].map { $0 == value } ?? false }
    default: false
    }
  }

  func hash(into hasher: inout Hasher) {
    switch self {
    case .text(let text):
      hasher.combine(0 as UInt8)
      Self.combineBytes(text, into: &hasher)
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
      // Fields hashed apart and combined in an order-free way (as `Dictionary` does), so that
      // equal objects hash alike whatever their storage order.
      hasher.combine(5 as UInt8)
      hasher.combine(fields.count)
      var combined = 0
      for (key, value) in fields {
        var field = Hasher()
        Self.combineBytes(key, into: &field)
        value.hash(into: &field)
        combined ^= field.finalize()
      }
      hasher.combine(combined)
    }
  }

  private static func combineBytes(_ text: String, into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    hasher.combine(text.utf8.count)
  }

  /// `.text` of a string, or `false` (a section that is not shown) when there is none.
  static func optional(_ text: String?) -> TemplateValue { text.map(TemplateValue.text) ?? .flag(false) }
}

/// The region-dependent strings of one context, in the order their holes were made.
struct HoleValues {
  private(set) var values: [String] = []

  /// A hole holding `value`.
  mutating func hole(_ value: String) -> TemplateValue {
    values.append(value)
    return .hole(values.count - 1)
  }
}
