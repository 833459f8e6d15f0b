import Foundation
import StepwiseCore

/// The repository root, from this file's path (tests read fixtures and the real content there).
public let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The day the tests build on, so that the fixtures' dates never expire.
public let fixedToday = CalendarDate(year: 2026, month: 11, day: 22)

/// Fixture sites shared by the test targets.
public enum Fixture {
  /// The small base site: two regions, a flow, two pages and an asset.
  public static let basic = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/basic")
  /// One procedure with every kind of entry a flow diagram draws (`flows/main.yaml`).
  public static let diagram = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/diagram")

  /// Journeys: two ways to register (one regional), a shared sign-in, parents' and teachers'
  /// procedures, two regions (one with its ministry's contacts).
  public static let journey = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/journey")
}

/// A new, empty folder in the system's temporary folder; the caller removes it.
public func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("stepwise-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
