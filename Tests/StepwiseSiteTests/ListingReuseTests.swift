import Foundation
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

/// The preview's load keeps a content folder's last listing when no path the watcher named can
/// change it: after every kind of change, what it loads is what a fresh load finds.
@Suite struct ListingReuseTests {
  /// What a load found, as compared.
  struct Found: Equatable, CustomStringConvertible {
    var pages: [String]
    var assets: [String]
    var diagnostics: [String]

    init(_ result: ContentLoader.Result) {
      pages = result.content?.pages.map(\.file) ?? []
      assets = result.content?.assets.sorted() ?? []
      diagnostics = result.diagnostics.map { "\($0.rule.rawValue) \($0.location?.file ?? "")" }
    }

    var description: String { "pages \(pages), assets \(assets), findings \(diagnostics)" }
  }

  static let page = """
    ---
    title: Войти ещё раз
    procedure: sign-in
    ---

    Текст.

    """

  /// Each change, and the paths the watcher names for it.
  static let changes: [(String, @Sendable (ScratchSite) throws -> Set<String>)] = [
    (
      "edit a page",
      { site in
        try site.edit("content/pages/login.md") { $0 + "\nЕщё абзац.\n" }
        return ["content/pages/login.md"]
      }
    ),
    (
      "add a page",
      { site in
        try site.write("content/pages/again.md", page)
        return ["content/pages/again.md"]
      }
    ),
    (
      "remove a page",
      { site in
        try site.remove("content/pages/again.md")
        return ["content/pages/again.md"]
      }
    ),
    (
      "a page becomes a link out of the site",
      { site in
        let outside = site.folder.appendingPathComponent("outside.md")
        try Data(page.utf8).write(to: outside)
        try site.remove("content/pages/login.md")
        try FileManager.default.createSymbolicLink(
          at: site.url("content/pages/login.md"), withDestinationURL: outside)
        return ["content/pages/login.md"]
      }
    ),
    (
      "an asset grows over the limit",
      { site in
        try Data(count: 2048).write(to: site.url("content/assets/button.png"))
        return ["content/assets/button.png"]
      }
    ),
    (
      "a file in a folder pages do not list",
      { site in
        try site.write("content/pages/drafts/later.md", page)
        return ["content/pages/drafts/later.md", "content/pages/drafts"]
      }
    ),
    (
      "an asset in a new subfolder",
      { site in
        try site.write("content/assets/icons/new.svg", "<svg/>")
        return ["content/assets/icons/new.svg"]
      }
    ),
    (
      "the assets folder removed",
      { site in
        try site.remove("content/assets")
        return ["content/assets"]
      }
    ),
    (
      "a flow file added",
      { site in
        try site.write("content/flows/extra.yaml", "procedures: []\n")
        return ["content/flows/extra.yaml"]
      }
    ),
  ]

  @Test func everyChangeLoadsWhatAFreshLoadFinds() throws {
    let site = try ScratchSite()
    try site.edit("content/site.yaml") { $0 + "asset-size-limit: 1 KiB\n" }
    let loader = ContentLoader(root: site.root)
    var cache = ContentLoader.LoadCache()
    _ = try loader.load(cache: &cache)
    for (what, change) in Self.changes {
      let changed = try change(site)
      let kept = Found(try loader.load(cache: &cache, changed: changed))
      let fresh = Found(try ContentLoader(root: site.root).load())
      #expect(kept == fresh, "\(what): kept \(kept), fresh \(fresh)")
      // Unchanged since: the listings are kept, and still right.
      #expect(Found(try loader.load(cache: &cache, changed: [])) == fresh, "\(what), again")
    }
  }
}
