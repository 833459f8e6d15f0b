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

/// Runs `body` for every stretch of `size` items of `items` on every core and returns the
/// results in order (work too small to be worth a task per item).
public func parallelChunks<Item: Sendable, Value: Sendable>(
  _ items: [Item], size: Int = 512, _ body: @Sendable (ArraySlice<Item>) -> Value
) -> [Value] {
  parallelMap((items.count + size - 1) / size) { index in
    body(items[(index * size)..<min(items.count, (index + 1) * size)])
  }
}

/// One result slot per task of `concurrentPerform`, set from the task's thread.
public final class Slots<Value: Sendable>: Sendable {
  private let slots: Mutex<[Value?]>

  public init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

  public func set(_ index: Int, _ value: Value) { slots.withLock { $0[index] = value } }

  public var values: [Value?] { slots.withLock { $0 } }
}

/// A value made on another thread, started at once and waited for when asked (`value`).
public final class Background<Value: Sendable>: Sendable {
  private let group = DispatchGroup()
  private let result = Mutex<Value?>(nil)

  public init(_ make: @escaping @Sendable () -> Value) {
    DispatchQueue.global().async(group: group) { [self] in
      let made = make()
      result.withLock { $0 = made }
    }
  }

  /// The value, once made (waits for it).
  public var value: Value {
    group.wait()
    guard let value = result.withLock({ $0 }) else {
      preconditionFailure("a background value is set before its group leaves")
    }
    return value
  }
}

/// A value whose memory is given back on another thread once it is done with: a site's caches
/// take a tenth of a second to free at ministry scale, which need not hold up what comes next
/// (publishing the build, answering the preview's reader).
///
/// `@unchecked Sendable`: the value is read only through `use`, by its owner, before `free`;
/// after `free` only the freeing thread touches it, once.
public final class FreedElsewhere<Value>: @unchecked Sendable {
  private var value: Value?

  public init(_ value: Value) { self.value = value }

  /// Calls `body` with the value (any copy it keeps is its own to drop).
  public func use<Result, Failure: Error>(_ body: (Value) throws(Failure) -> Result)
    throws(Failure) -> Result
  {
    guard let value else { preconditionFailure("a value used after it was freed") }
    return try body(value)
  }

  /// Drops the value on the freeing thread.
  public func free() {
    freeingQueue.async { self.value = nil }
  }
}

/// Where `FreedElsewhere` values are freed: one background thread, behind the work that waits
/// for answers (a generic class cannot hold it as a static property).
private let freeingQueue = DispatchQueue(label: "stepwise.freeing", qos: .utility)
