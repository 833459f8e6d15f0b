import Foundation
import StepwiseCore
import StepwiseModel

/// The day each page was last changed, for the sitemap's `<lastmod>` and the page's «Обновлено».
///
/// In a git repository it is the day of the last commit that touched the page's file (one
/// `git log` for all of them), so every checkout of the same commit builds the same site; a
/// file git does not know (new, or the site is not a repository) gives its modification day
/// (UTC). No date is later than the day the site is built as of (`--today`), so a build as of
/// a given day is the same whenever it runs.
enum ContentDates {
  /// Page slug → the day its file last changed, `notAfter` at the latest.
  static func pageDates(root: URL, pages: [Page], notAfter today: CalendarDate? = nil)
    -> [String: CalendarDate]
  {
    let committed = isInRepository(root) ? commitDates(root: root) : [:]
    var dates: [String: CalendarDate] = [:]
    for page in pages {
      if let date = committed[page.file] ?? modificationDate(root.appendingPathComponent(page.file))
      {
        dates[page.slug] = today.map { min($0, date) } ?? date
      }
    }
    return dates
  }

  /// Whether the folder or one above it holds `.git` (looked up without starting git).
  static func isInRepository(_ root: URL) -> Bool {
    var folder = root.standardizedFileURL
    while true {
      if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
        return true
      }
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path { return false }
      folder = parent
    }
  }

  /// Site-relative path of each page file → the committer day of its last commit.
  static func commitDates(root: URL) -> [String: CalendarDate] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "git", "-C", root.path, "log", "--format=%x01%cs", "--name-only", "--relative",
      "--no-renames", "--", "content/pages",
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return [:]
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return [:] }
    return parseLog(String(decoding: data, as: UTF8.self))
  }

  /// Reads `git log --format=%x01%cs --name-only`: a `\u{1}` date line, then the files of that
  /// commit; the newest commit comes first, so the first date seen for a file is its last change.
  static func parseLog(_ log: String) -> [String: CalendarDate] {
    var dates: [String: CalendarDate] = [:]
    var current: CalendarDate?
    for line in log.split(separator: "\n", omittingEmptySubsequences: true) {
      if line.hasPrefix("\u{1}") {
        current = CalendarDate(String(line.dropFirst()))
      } else if let current, dates[String(line)] == nil {
        dates[String(line)] = current
      }
    }
    return dates
  }

  /// The UTC day a file was last modified.
  static func modificationDate(_ url: URL) -> CalendarDate? {
    guard
      let date = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate]
        as? Date
    else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
    return CalendarDate(year: year, month: month, day: day)
  }
}
