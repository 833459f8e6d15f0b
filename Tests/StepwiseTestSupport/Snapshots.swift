import Foundation
import Testing

/// Every regular file under `root`, by path relative to it.
public func filesUnder(_ root: URL) throws -> [String: Data] {
  let base = root.standardizedFileURL.path
  var result: [String: Data] = [:]
  let keys: [URLResourceKey] = [.isRegularFileKey]
  guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys)
  else { return [:] }
  for case let url as URL in enumerator
  where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
    let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
    result[relative] = try Data(contentsOf: url)
  }
  return result
}

/// Compares every file of `folder` with the snapshot folder `snapshot`; `STEPWISE_RECORD=1`
/// records `folder` as the snapshot instead.
public func assertSnapshot(
  of folder: URL, matches snapshot: URL,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
  let manager = FileManager.default
  if ProcessInfo.processInfo.environment["STEPWISE_RECORD"] == "1" {
    try? manager.removeItem(at: snapshot)
    try manager.createDirectory(
      at: snapshot.deletingLastPathComponent(), withIntermediateDirectories: true)
    try manager.copyItem(at: folder, to: snapshot)
    return
  }
  let actual = try filesUnder(folder)
  let expected = try filesUnder(snapshot)
  #expect(
    actual.keys.sorted() == expected.keys.sorted(),
    "files differ from the snapshot (re-record with STEPWISE_RECORD=1)",
    sourceLocation: sourceLocation)
  for (path, data) in actual.sorted(by: { $0.key < $1.key }) {
    guard let recorded = expected[path], data != recorded else { continue }
    #expect(
      String(decoding: data, as: UTF8.self) == String(decoding: recorded, as: UTF8.self),
      "\(path) differs from the snapshot (re-record with STEPWISE_RECORD=1)",
      sourceLocation: sourceLocation)
  }
}
