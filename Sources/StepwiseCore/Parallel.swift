import Dispatch
import Foundation

/// Runs `body` for every index in `0..<count` on every core and returns the results in index
/// order. `body` must not share mutable state between indices.
public func parallelMap<Value>(_ count: Int, _ body: (Int) -> Value) -> [Value] {
  let slots = Slots<Value>(count: count)
  withoutActuallyEscaping(body) { body in
    let work = UncheckedSendable(body)
    DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, work.value($0)) }
  }
  return slots.values.map { $0! }
}

/// One result slot per task of `concurrentPerform`, set from the task's thread.
public final class Slots<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Value?]

  public init(count: Int) { slots = Array(repeating: nil, count: count) }

  public func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }

  public var values: [Value?] { lock.withLock { slots } }
}

/// A value handed to other threads by a caller that guarantees they do not race on it.
public struct UncheckedSendable<Value>: @unchecked Sendable {
  public let value: Value
  public init(_ value: Value) { self.value = value }
}
