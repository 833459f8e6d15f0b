import Foundation
import StepwiseTestSupport
import Testing

/// A site whose `content/pages` is a link to a folder elsewhere in the site: the preview loads
/// the pages through the link and notices edits made in the linked folder; a link back up the
/// tree does not make the watcher loop.
@Suite(.serialized) struct LinkedFolderTests {
  @Test func editsInALinkedPagesFolderReloadThePreview() throws {
    let site = try ScratchSite()
    let manager = FileManager.default
    let pages = site.root.appendingPathComponent("content/pages")
    let shared = site.root.appendingPathComponent("shared-pages")
    try manager.moveItem(at: pages, to: shared)
    try manager.createSymbolicLink(atPath: pages.path, withDestinationPath: "../shared-pages")
    // A link to the folder itself: the watcher must not follow it round and round.
    try manager.createSymbolicLink(
      atPath: shared.appendingPathComponent("again").path, withDestinationPath: ".")
    let serve = try ServeProcess(site: site.root)
    defer { _ = serve.interrupt() }
    let events = try EventStream(port: serve.port)
    let first = try #require(events.nextGeneration())
    #expect(try RawHTTP.get("/pervaya/login/", port: serve.port).body.contains("Вход в школу"))
    try site.edit("shared-pages/login.md") {
      $0.replacingOccurrences(of: "title: Вход в школу", with: "title: Вход в электронную школу")
    }
    #expect(try #require(events.nextGeneration()) > first)
    #expect(
      try RawHTTP.get("/pervaya/login/", port: serve.port).body.contains("Вход в электронную школу")
    )
  }
}
