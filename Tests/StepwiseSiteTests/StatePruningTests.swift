import Foundation
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

#if canImport(Glibc)
  import Glibc
#endif

/// The per-user state folder loses what no build needs any more — a week-old lock file of an
/// output without a manifest, a week-old vetted-texts file — and keeps the rest: a lock a build
/// holds, a lock beside a manifest, anything recent.
@Suite struct StatePruningTests {
  @Test func staleLocksAndVettedTextsGoTheRestStays() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let now = time(nil)
    let old = Date(
      timeIntervalSince1970: TimeInterval(now - AtomicPublisher.stateFileLifetime - 60))
    func make(_ name: String, at date: Date? = nil) throws {
      let url = folder.appendingPathComponent(name)
      try Data("x".utf8).write(to: url)
      if let date {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
      }
    }
    try make("0000000000000a1.lock", at: old)  // no manifest, old: removed
    try make("0000000000000b2.lock", at: old)  // beside a manifest: kept
    try make("0000000000000b2.manifest")
    try make("0000000000000c3.lock")  // recent: kept
    try make("0000000000000d4.lock", at: old)  // old, but a build holds it: kept
    try make("vetted-0123abcd", at: old)  // an old program's memory: removed
    try make("vetted-4567ef01")  // recent: kept
    let held = open(folder.appendingPathComponent("0000000000000d4.lock").path, O_RDWR)
    #expect(held >= 0 && flock(held, LOCK_EX | LOCK_NB) == 0)
    defer { close(held) }

    AtomicPublisher.pruneStateFolder(
      beside: folder.appendingPathComponent("current.manifest").path, now: now)

    let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
    #expect(
      left == [
        "0000000000000b2.lock", "0000000000000b2.manifest", "0000000000000c3.lock",
        "0000000000000d4.lock", "vetted-4567ef01", AtomicPublisher.pruneStampName,
      ])

    // Within the hour the folder is not read again; after it, it is.
    try make("0000000000000e5.lock", at: old)
    let later = now + AtomicPublisher.pruneInterval - 1
    AtomicPublisher.pruneStateFolder(
      beside: folder.appendingPathComponent("current.manifest").path, now: later)
    #expect(
      FileManager.default.fileExists(
        atPath: folder.appendingPathComponent("0000000000000e5.lock").path))
    AtomicPublisher.pruneStateFolder(
      beside: folder.appendingPathComponent("current.manifest").path,
      now: now + AtomicPublisher.pruneInterval)
    #expect(
      !FileManager.default.fileExists(
        atPath: folder.appendingPathComponent("0000000000000e5.lock").path))
  }
}
