import Foundation

/// One test at a time that loads the machine or measures a process at its limits.
///
/// Tests that load the machine on purpose (busy loops, a thousand sockets) or that measure how a
/// process behaves at its limits (out of descriptors) take this lock, so that they never run at
/// the same time: one test's load must not become another's flakiness. Other tests run beside
/// them as usual.
///
/// ```swift
/// MachineLock.acquire()
/// defer { MachineLock.release() }
/// ```
public enum MachineLock {
  private static let lock = NSLock()

  /// Waits until no other such test runs, then holds the lock.
  public static func acquire() { lock.lock() }

  /// Lets the next such test run.
  public static func release() { lock.unlock() }
}
