import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseRender
import StepwiseSite
import StepwiseTestSupport
import Testing

/// docs/rules.md shows, under each rule's heading, its messages in English and in Russian, and
/// docs/rules.ru.md the Russian ones, both taken from the catalogues (with sample values).
///
/// `STEPWISE_RECORD_DOCS=1 swift test --filter RuleMessageDocumentationTests` rewrites the blocks
/// after a message changes.
@Suite struct RuleMessageDocumentationTests {
  /// The messages each rule reports, with sample values.
  static let messages: [String: [any LocalizedMessage]] = [
    "schema": [
      ModelMessage.unknownKey("tittle", in: .step, suggestion: "title", allowed: ["id", "title"]),
      ModelMessage.missingKey(.region, key: "code"),
      ModelMessage.notText(.key("title"), found: .list),
      ModelMessage.textNotList(.key("systems"), found: .text("gosuslugi"), value: "gosuslugi"),
      ModelMessage.notDate(.key("review-by"), value: "01.03.2026"),
      ModelMessage.notIdentifier(.stepID, value: "Шаг_1"), ModelMessage.noFrontMatter,
      ModelMessage.frontMatterNotClosed, ModelMessage.keyTwice(["title"]),
      ModelMessage.yamlAnchor("&"), ModelMessage.scope("local"), ModelMessage.regionCode("MOS"),
    ],
    "yaml-syntax": [
      ModelMessage.yamlTabIndentation, ModelMessage.yamlColonInValue("title"),
      ModelMessage.yamlIndentation("did not find expected key"),
      ModelMessage.invalidYAML("found unexpected end of stream"),
    ],
    "encoding": [ModelMessage.notUTF8],
    "base-url-example": [CheckMessage.baseURLExample("https://stepwise.example/")],
    "size-limit": [
      ModelMessage.fileTooLarge(size: 2_000_000, atLeast: false, limit: 1_048_576),
      ModelMessage.assetTooLarge(size: 62_914_560, limit: 52_428_800),
    ],
    "render-budget": [
      BudgetMessage.overTime(seconds: "2", kind: .page),
      BudgetMessage.died(how: .signal(9, abort: false), megabytes: 512, kind: .data),
    ],
    "path-outside": [
      ModelMessage.linkOutside("/etc/passwd"), ModelMessage.linkToNothing("/tmp/gone.md"),
    ],
    "file-name": [ModelMessage.badName(folder: false, notUTF8: false)],
    "raw-html": [ModelMessage.rawHTML],
    "template": [TemplateMessage.notMustache("templates/page.mustache", error: "unclosed section")],
    "graph-duplicate-id": [
      CheckMessage.duplicateID(.step, id: "add-phone"), CheckMessage.firstDefinedHere,
    ],
    "graph-unknown-ref": [
      CheckMessage.unknownReference(.actor, id: "parnet", suggestion: "parent"),
      CheckMessage.notShared(procedure: "sign-in"),
    ],
    "graph-unknown-state": [
      CheckMessage.unknownState("esia", suggestion: "esia-account"),
      CheckMessage.notAValue(
        "confirm", state: "esia-account", suggestion: "confirmed", values: ["none", "confirmed"]),
      ModelMessage.initialNotAValue("maybe", state: "esia-account"),
    ],
    "graph-unused-step": [CheckMessage.unusedStep("print-page")],
    "graph-unfinishable": [
      CheckMessage.includesItself(procedure: "sign-in", chain: ["sign-in", "confirm", "sign-in"])
    ],
    "graph-too-large": [CheckMessage.tooLarge(procedure: "apply-online", limit: 10_000)],
    "requires-unmet": [
      CheckMessage.requirementUnmet(
        step: "Подайте заявление", sharedProcedure: nil, state: "esia-account",
        accepted: ["confirmed"], procedure: "apply-online", possible: ["none", "confirmed"]),
      CheckMessage.requirementIsHere,
    ],
    "state-unprovided": [
      CheckMessage.stateUnprovided(
        procedure: "apply-online", state: "consent", values: ["granted"]),
      CheckMessage.partialProvision(
        procedure: "confirm-account", state: "esia-account", accepted: ["confirmed"],
        possible: ["simple"], consumers: ["apply-online"]),
    ],
    "alternative-effect-missing": [
      CheckMessage.alternativeEffectMissing(
        alternative: "confirm-at-office", procedure: "confirm-account", state: "esia-account",
        values: ["confirmed"], step: "confirm-at-office"),
      CheckMessage.stepDefinedHere,
    ],
    "state-unchanged": [
      CheckMessage.stateUnchanged(
        procedure: "confirm-account", state: "esia-account", values: ["simple"],
        step: "confirm-identity"),
      CheckMessage.lastStepRequiringIt,
    ],
    "page-missing": [CheckMessage.pageMissing(procedure: "apply-online")],
    "page-procedure": [
      CheckMessage.unknownReference(.procedure, id: "aply-online", suggestion: "apply-online"),
      CheckMessage.procedureIsShared("sign-in"),
      CheckMessage.procedureHasPage("apply-online", other: "content/pages/apply.md"),
    ],
    "step-unknown": [CheckMessage.unknownStep("sign", suggestion: "sign-in")],
    "step-extra": [
      CheckMessage.stepNotInProcedure(title: "«Войдите»", id: "sign-in", procedure: "apply-online"),
      CheckMessage.stepTwice(title: "«Войдите»", id: "sign-in"),
    ],
    "step-order": [
      CheckMessage.stepOrder(
        step: "«Подайте заявление»", after: "«Войдите»", procedure: "apply-online"),
      CheckMessage.stepOrderDependency(
        step: "«Подайте заявление»", before: "«Войдите»", dependency: "esia-account = confirmed"),
    ],
    "step-missing": [
      CheckMessage.stepMissing(title: "«Войдите»", id: "sign-in", procedure: "apply-online"),
      CheckMessage.noAlternative(
        titles: ["«Войдите»", "«Войдите по СНИЛС»"], procedure: "apply-online"),
    ],
    "list-folded": [CheckMessage.listFolded(number: 1)],
    "step-marker-stray": [
      CheckMessage.strayMarker("{# sign-in}"),
      CheckMessage.markersNotInList(["{#sign-in}", "{#confirm-identity}", "{#apply}"]),
    ],
    "step-unmarked": [
      CheckMessage.stepUnmarked(title: "«Войдите»", id: "sign-in", procedure: "apply-online")
    ],
    "step-number": [CheckMessage.stepNumber(3, previous: 1, expected: 2)],
    "precondition-unlinked": [
      CheckMessage.preconditionUnlinked(
        procedure: "apply-online", state: "esia-account", values: ["confirmed"],
        pages: [(title: "Подтвердите учётную запись", slug: "confirm-account")])
    ],
    "region-var-undefined": [
      CheckMessage.unknownVariable("portal", suggestion: "portal-url"),
      CheckMessage.variableMissing("portal-url", regions: ["RU-MOS (Московская область)"]),
      CheckMessage.variableUndeclared("portal", suggestion: "portal-url"),
    ],
    "region-unknown": [CheckMessage.unknownRegion("RU-MSK", suggestion: "RU-MOS")],
    "region-url-hardcoded": [
      CheckMessage.urlHardcoded(
        host: "uslugi.mosreg.ru", variable: "portal-url", region: "RU-MOS",
        regionName: "Московская область")
    ],
    "region-contact-hardcoded": [
      CheckMessage.contactHardcoded(
        "8 800 550-50-30", variable: "phone", region: "RU-MOS", regionName: "Московская область",
        others: ["RU-MOW"])
    ],
    "url-not-https": [
      ModelMessage.urlNotHTTPS(.key("base-url"), .notAbsoluteHTTPS, found: "http://example.ru/"),
      CheckMessage.regionURL(
        variable: "portal-url", region: "RU-MOS", .notAbsoluteHTTPS,
        found: "http://uslugi.mosreg.ru"),
    ],
    "region-duplicate": [CheckMessage.regionCodeTwice("RU-MOS"), CheckMessage.slugTwice("moskva")],
    "region-url-shared": [
      CheckMessage.urlShared(
        variable: "portal-url", region: "RU-MOW", regionName: "Москва",
        url: "https://uslugi.mosreg.ru", firstVariable: "portal-url", firstRegion: "RU-MOS",
        firstRegionName: "Московская область")
    ],
    "page-unbuilt": [CheckMessage.pageUnbuilt(procedure: "apply-online", withRegions: false)],
    "ui-label-unknown": [
      CheckMessage.labelUnknown(
        "Войти через ЕСИА", system: "Моя школа", suggestion: "Войти через Госуслуги"),
      CheckMessage.systemScreensHere,
    ],
    "label-quotes": [
      CheckMessage.labelInOtherQuotes(
        written: "„Войти“", system: "Госуслуги", open: "„", close: "“", text: "Войти")
    ],
    "link-broken": [
      CheckMessage.pageMissingForLink("loginn", suggestion: "login"),
      CheckMessage.assetMissing("assets/form.pdf"),
    ],
    "link-own-site": [CheckMessage.ownSite("https://example.ru/moskva/login/", page: "login")],
    "anchor-broken": [CheckMessage.anchorMissingHere("sign", suggestion: "sign-in")],
    "link-scheme": [CheckMessage.linkRefused("javascript:alert(1)", .scheme("javascript"))],
    "image-alt": [CheckMessage.imageAlt(destination: "../assets/screen.png")],
    "expired": [CheckMessage.expired(until: "1 марта 2026", today: "22 ноября 2026")],
    "review-due": [CheckMessage.reviewDue("1 марта 2026")],
  ]

  static let docs = repositoryRoot.appendingPathComponent("docs")
  static let begin =
    "<!-- messages: generated from the catalogues by RuleMessageDocumentationTests -->"
  static let end = "<!-- /messages -->"

  static func block(_ rule: String, russianOnly: Bool) -> String {
    var lines = [begin]
    for message in messages[rule] ?? [] {
      if russianOnly {
        lines.append("- `\(message.russian)`")
      } else {
        lines.append("- Message (ru): `\(message.russian)`")
        lines.append("  / (en): `\(message.english)`")
      }
    }
    lines.append(end)
    return lines.joined(separator: "\n")
  }

  /// The document with a block after every rule heading (old blocks replaced).
  static func withBlocks(_ text: String, russianOnly: Bool) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var out: [String] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      if line == begin {
        // An old block and the blank line after it.
        while index < lines.count, lines[index] != end { index += 1 }
        index += 1
        if index < lines.count, lines[index].isEmpty { index += 1 }
        continue
      }
      out.append(line)
      index += 1
      guard line.hasPrefix("### `"), index < lines.count, lines[index].isEmpty else { continue }
      let id = String(line.dropFirst(5).prefix { $0 != "`" })
      guard messages[id] != nil else { continue }
      out += ["", block(id, russianOnly: russianOnly), ""]
      index += 1
    }
    return out.joined(separator: "\n")
  }

  @Test(arguments: [("rules.md", false), ("rules.ru.md", true)])
  func blocksMatchTheCatalogues(_ name: String, _ russianOnly: Bool) throws {
    let url = Self.docs.appendingPathComponent(name)
    let text = try String(contentsOf: url, encoding: .utf8)
    let expected = Self.withBlocks(text, russianOnly: russianOnly)
    if ProcessInfo.processInfo.environment["STEPWISE_RECORD_DOCS"] == "1" {
      try expected.write(to: url, atomically: true, encoding: .utf8)
    }
    #expect(text == expected, "\(name) is out of date: STEPWISE_RECORD_DOCS=1 rewrites it")
    for id in RuleID.all.map(\.rawValue) {
      #expect(text.contains("### `\(id)`"), "\(name) has no section for \(id)")
    }
  }

  @Test func everyRuleHasMessages() {
    let documented = Set(Self.messages.keys)
    let declared = Set(RuleID.all.map(\.rawValue))
    #expect(documented == declared)
  }
}
