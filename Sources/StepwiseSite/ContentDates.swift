import Foundation
import StepwiseCore
import StepwiseModel

#if canImport(Glibc)
  import Glibc
#endif

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
    gitEntry(root) != nil
  }

  /// The nearest `.git` (a folder, or a worktree's file) at or above the folder.
  static func gitEntry(_ root: URL) -> URL? {
    var folder = root.standardizedFileURL
    while true {
      let entry = folder.appendingPathComponent(".git")
      if FileManager.default.fileExists(atPath: entry.path) { return entry }
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path { return nil }
      folder = parent
    }
  }

  /// What HEAD is, read from the repository's files without starting git.
  ///
  /// The text of `HEAD`, of the branch file it names and of `packed-refs`: a commit, a
  /// checkout or a reset changes one of them. nil when the site is in no repository or the
  /// files cannot be read.
  static func headState(_ root: URL) -> String? {
    guard let entry = gitEntry(root) else { return nil }
    func text(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }
    var gitDirectory = entry
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: entry.path, isDirectory: &isFolder) else {
      return nil
    }
    if !isFolder.boolValue {
      // A worktree: `gitdir: <path>`, and the shared refs in its `commondir`.
      guard let line = text(entry), line.hasPrefix("gitdir: ") else { return nil }
      let path = line.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
      gitDirectory =
        path.hasPrefix("/")
        ? URL(fileURLWithPath: path)
        : entry.deletingLastPathComponent().appendingPathComponent(path)
    }
    guard let head = text(gitDirectory.appendingPathComponent("HEAD")) else { return nil }
    var common = gitDirectory
    if let relative = text(gitDirectory.appendingPathComponent("commondir")) {
      let path = relative.trimmingCharacters(in: .whitespacesAndNewlines)
      common =
        path.hasPrefix("/")
        ? URL(fileURLWithPath: path) : gitDirectory.appendingPathComponent(path)
    }
    var state = head
    if head.hasPrefix("ref: ") {
      let ref = head.dropFirst("ref: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
      state += "\u{1}" + (text(gitDirectory.appendingPathComponent(ref)) ?? "")
      state += "\u{1}" + (text(common.appendingPathComponent(ref)) ?? "")
    }
    state += "\u{1}" + (text(common.appendingPathComponent("packed-refs")) ?? "")
    return state
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
  ///
  /// The file itself, not what a link at its path points to (`lstat`, as Foundation's
  /// `attributesOfItem` reads it); its UTC day by `gmtime_r` (a `Calendar` and a `TimeZone` made
  /// for each page cost a build milliseconds on one core).
  static func modificationDate(_ url: URL) -> CalendarDate? {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { return nil }
    return CalendarDate.day(of: Int(info.st_mtim.tv_sec), local: false)
  }
}

/// The page dates of the preview's last rebuild, found again only when HEAD moved or a page file
/// changed: `git log` runs once, not on every save.
///
/// Not thread-safe: owned by the `RebuildPlanner`.
final class PageDatesMemory {
  /// `ContentDates.headState` when the commit dates were read.
  private var head: String?
  private var committed: [String: CalendarDate] = [:]
  /// Modification days of the page files git does not know, by site-relative path.
  private var modified: [String: CalendarDate?] = [:]
  /// How many times the commit dates were read (tests).
  private(set) var logRuns = 0

  /// `ContentDates.pageDates`, reusing the last rebuild's findings.
  ///
  /// `changed` names the files written since the last call (nil: any file may have changed).
  func pageDates(
    root: URL, pages: [Page], notAfter today: CalendarDate? = nil, changed: Set<String>?
  ) -> [String: CalendarDate] {
    // Outside a repository nothing is committed; inside one whose HEAD cannot be read, git is
    // asked every time.
    let inRepository = ContentDates.isInRepository(root)
    let state = inRepository ? ContentDates.headState(root) : "no repository"
    if state == nil || state != head {
      committed = inRepository ? ContentDates.commitDates(root: root) : [:]
      if inRepository { logRuns += 1 }
      head = state
      modified = [:]
    }
    if let changed {
      // A change of a folder above a file (`content/pages`) may be any of its files.
      modified = modified.filter { file, _ in
        !changed.contains { file == $0 || file.hasPrefix($0 + "/") }
      }
    } else {
      modified = [:]
    }
    var dates: [String: CalendarDate] = [:]
    for page in pages {
      let date: CalendarDate?
      if let day = committed[page.file] {
        date = day
      } else if let known = modified[page.file] {
        date = known
      } else {
        date = ContentDates.modificationDate(root.appendingPathComponent(page.file))
        modified[page.file] = date
      }
      if let date { dates[page.slug] = today.map { min($0, date) } ?? date }
    }
    return dates
  }
}
