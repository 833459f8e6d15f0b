import Dispatch
import Synchronization

/// Runs `body` for every index in `0..<count` on every core and returns the results in index
/// order.
public func parallelMap<Value: Sendable>(
  _ count: Int, _ body: @Sendable (Int) -> Value
) -> [Value] {
  let slots = Slots<Value>(count: count)
  DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, body($0)) }
  return slots.values.compactMap(\.self)
}

/// One result slot per task of `concurrentPerform`, set from the task's thread.
public final class Slots<Value: Sendable>: Sendable {
  private let slots: Mutex<[Value?]>

  public init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

  public func set(_ index: Int, _ value: Value) { slots.withLock { $0[index] = value } }

  public var values: [Value?] { slots.withLock { $0 } }
}
