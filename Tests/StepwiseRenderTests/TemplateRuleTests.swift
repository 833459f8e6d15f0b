import Foundation
import StepwiseCore
import StepwiseSite
import StepwiseTestSupport
import Testing

@testable import StepwiseRender

/// The `template` rule: a site's template that does not parse as Mustache is an error at its
/// file, and nothing is rendered with a broken set; valid overrides and static files are not
/// findings.
@Suite struct TemplateRuleTests {
  @Test func theBuiltInTemplatesLoadWithoutFindings() throws {
    let site = try ScratchSite()
    let (templates, findings) = try TemplateSet.load(siteRoot: site.root)
    #expect(findings == [])
    let loaded = try #require(templates)
    #expect(loaded.overridden.isEmpty)
    #expect(Set(loaded.sources.keys) == Set(TemplateSet.templateNames + TemplateSet.staticFiles))
  }

  /// Loading parses only the site's own templates with swift-mustache: the built-in ones must
  /// parse, for the set that falls back to swift-mustache parses them when it renders.
  @Test func theBuiltInTemplatesParseWithSwiftMustache() throws {
    let site = try ScratchSite()
    let loaded = try #require(try TemplateSet.load(siteRoot: site.root).0)
    for name in TemplateSet.templateNames {
      let source = try #require(loaded.sources[name])
      #expect(throws: Never.self, "\(name)") { try TemplateSet.parse(source) }
    }
    var fallback = loaded
    fallback.allowsSkeletons = false
    #expect(
      fallback.render("404", TemplateValue.object([:]).mustache { _ in "" }).contains("<html"))
  }

  @Test func anOverrideThatDoesNotParseIsAnErrorAtItsFile() throws {
    let site = try ScratchSite()
    try site.write("templates/page.mustache", "<main>{{#steps}}<p>{{text}}</p></main>\n")
    let (templates, findings) = try TemplateSet.load(siteRoot: site.root)
    #expect(templates == nil)
    #expect(findings.map(\.rule) == [.template])
    #expect(findings.first?.severity == .error)
    #expect(
      findings.first?.location
        == StepwiseCore.SourceLocation(file: "templates/page.mustache", line: 1, column: 1))
    let message = try #require(findings.first?.message)
    #expect(message.hasPrefix("templates/page.mustache does not parse as Mustache: "), "\(message)")
  }

  @Test func everyBrokenOverrideIsReported() throws {
    let site = try ScratchSite()
    try site.write("templates/head.mustache", "{{/unopened}}\n")
    try site.write("templates/404.mustache", "{{#open}}\n")
    let (templates, findings) = try TemplateSet.load(siteRoot: site.root)
    #expect(templates == nil)
    #expect(findings.map(\.rule) == [.template, .template])
    #expect(
      Set(findings.compactMap { $0.location?.file })
        == ["templates/head.mustache", "templates/404.mustache"])
  }

  @Test func aValidOverrideIsUsedAndIsNoFinding() throws {
    let site = try ScratchSite()
    let builtIn = try #require(try TemplateSet.load(siteRoot: site.root).0)
    let page = try #require(builtIn.sources["page"])
    try site.write(
      "templates/page.mustache", page.replacingOccurrences(of: "<main", with: "<main data-x"))
    let (templates, findings) = try TemplateSet.load(siteRoot: site.root)
    #expect(findings == [])
    #expect(templates?.overridden == ["page"])
  }

  /// Static files are copied as they are: Mustache-looking text in them is no finding.
  @Test func aStaticFileIsNeverParsedAsMustache() throws {
    let site = try ScratchSite()
    try site.write("templates/style.css", "/* {{#not a section */\nbody { color: black; }\n")
    let (templates, findings) = try TemplateSet.load(siteRoot: site.root)
    #expect(findings == [])
    #expect(templates?.statics["style.css"]?.hasPrefix("/* {{#not a section */") == true)
  }

  /// Through the pipeline: the finding is among the site's diagnostics, and `build` publishes
  /// nothing.
  @Test func checkReportsItAndBuildPublishesNothing() throws {
    let site = try ScratchSite()
    try site.write("templates/region.mustache", "{{#pages}}\n")
    let checked = try SitePipeline.check(root: site.root, today: fixedToday)
    #expect(checked.diagnostics.map(\.rule) == [.template])
    #expect(checked.templates == nil)
    let output = site.folder.appendingPathComponent("public")
    let report = try SitePipeline.build(root: site.root, output: output, today: fixedToday)
    #expect(!report.published)
    let home = output.appendingPathComponent("index.html")
    #expect(!FileManager.default.fileExists(atPath: home.path))
  }
}
