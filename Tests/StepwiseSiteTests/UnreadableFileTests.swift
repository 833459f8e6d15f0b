import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseModel
@testable import StepwiseRender
@testable import StepwiseSite

/// A file that is there but cannot be read (too many open files, a permission, a folder where a
/// file should be) is a failure of the build, never a finding about the content, and never a
/// silent fall-back to a built-in template.
@Suite struct UnreadableFileTests {
  @Test func fileBytesTellsAbsentFromUnreadable() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(
      FileBytes.contents(atPath: folder.appendingPathComponent("none").path) == .failure(.absent))
    #expect(
      FileBytes.contents(atPath: folder.appendingPathComponent("none/deeper").path)
        == .failure(.absent))
    #expect(FileBytes.contents(atPath: folder.path) == .failure(.failed(errno: EISDIR)))
    let file = folder.appendingPathComponent("a.txt")
    try Data("текст".utf8).write(to: file)
    #expect(FileBytes.contents(atPath: file.path) == .success(Array("текст".utf8)))
  }

  @Test func runningOutOfDescriptorsReadsAsSuch() {
    MachineLock.acquire()
    defer { MachineLock.release() }
    #expect(
      FileReadError(errno: EMFILE).description
        == "cannot open files: too many open files (the limit of this process, ulimit -n, is reached)"
    )
    #expect(
      FileReadError(errno: ENFILE).description
        == "cannot open files: too many open files in the system")
    #expect(FileReadError(errno: EMFILE).isOutOfDescriptors)
    #expect(FileReadError(errno: ENOENT) == .absent)
    #expect(
      ContentError.cannotOpen("templates/404.mustache", .failed(errno: EMFILE)).description
        == "templates/404.mustache: cannot open files: too many open files (the limit of this process, ulimit -n, is reached)"
    )
  }

  @Test func aTemplateThatCannotBeReadIsAnErrorNotTheBuiltIn() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("templates/404.mustache"), withIntermediateDirectories: true
    )
    #expect(throws: ContentError.cannotOpen("templates/404.mustache", .failed(errno: EISDIR))) {
      try TemplateSet.load(siteRoot: folder)
    }
  }

  @Test func thePreviewKeepsTheLastGoodSiteAndReportsTheFailure() throws {
    let site = try ScratchSite()
    let builder = PreviewBuilder(root: site.root, today: fixedToday)
    builder.rebuild()
    let good = builder.snapshot.files
    #expect(!good.isEmpty)
    try FileManager.default.createDirectory(
      at: site.root.appendingPathComponent("templates/404.mustache"),
      withIntermediateDirectories: true)
    let report = builder.rebuild(changed: ["templates/404.mustache"])
    #expect(report.scope == .unreadable)
    #expect(
      builder.snapshot.failure?.description
        == "templates/404.mustache: cannot read: \(String(cString: strerror(EISDIR)))")
    #expect(builder.snapshot.diagnostics.isEmpty)
    #expect(builder.snapshot.files == good)
  }
}
