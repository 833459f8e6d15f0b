/// A small deterministic random generator (SplitMix64), so that every run of a property test or
/// a generated corpus sees the same inputs.
public struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<count` (`count` > 0).
  ///
  /// The standard library's `random(in:using:)` is not used: its algorithm may change between
  /// Swift versions, and with it the inputs.
  public mutating func below(_ count: Int) -> Int { Int(next() % UInt64(count)) }

  /// True with probability 1/`count`.
  public mutating func oneIn(_ count: Int) -> Bool { below(count) == 0 }

  /// One of `choices` (not empty).
  public mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}
