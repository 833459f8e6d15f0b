import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

/// A random procedure of steps without requirements (some optional), added to the base site.
struct RandomProcedure {
  struct Entry: Equatable {
    var id: String
    var title: String
    var optional: Bool
  }

  var entries: [Entry]

  private static let letters = Array("abcdefghijklmnopqrstuvwxyz")
  private static let words = [
    "откройте", "нажмите", "выберите", "введите", "проверьте", "подтвердите", "сохраните",
    "профиль", "раздел", "пароль", "данные", "ребёнка", "школы", "заявление", "код",
  ]

  init(using random: inout SplitMix64) {
    let count = Int.random(in: 1...12, using: &random)
    let required = Int.random(in: 0..<count, using: &random)
    entries = (0..<count).map { index in
      let name = String(
        (0..<Int.random(in: 3...8, using: &random)).map { _ in
          Self.letters[Int.random(in: 0..<Self.letters.count, using: &random)]
        })
      let title = (0..<Int.random(in: 2...5, using: &random)).map { _ in
        Self.words[Int.random(in: 0..<Self.words.count, using: &random)]
      }
      .joined(separator: " ")
      // At least one step is required, so that deleting one is always noticed.
      let optional = index != required && Int.random(in: 0..<5, using: &random) == 0
      return Entry(
        id: "r\(index)-\(name)", title: title.prefix(1).uppercased() + title.dropFirst(),
        optional: optional)
    }
  }

  var flow: String {
    var text = "steps:\n"
    for entry in entries {
      text +=
        "  - id: \(entry.id)\n    title: \(entry.title)\n    actor: parent\n    system: gosuslugi\n"
    }
    text += "procedures:\n  - id: random-procedure\n    title: Случайная процедура\n    steps:\n"
    for entry in entries {
      text += entry.optional ? "      - optional: \(entry.id)\n" : "      - \(entry.id)\n"
    }
    return text
  }

  /// A page writing these steps in this order, numbered 1, 2, 3….
  static func page(_ written: [Entry]) -> String {
    var text =
      "---\ntitle: Случайная процедура\nprocedure: random-procedure\n---\n\nСделайте так:\n\n"
    for (index, entry) in written.enumerated() {
      text += "\(index + 1). {#\(entry.id)} \(entry.title).\n"
    }
    return text
  }
}

@Suite struct PageStepPropertyTests {
  static let iterations = 200
  static let pageFile = "content/pages/random-procedure.md"
  static let stepRules: Set<String> = ["step-missing", "step-extra", "step-order"]

  enum Mutation: CaseIterable {
    case delete, duplicate, swap

    var rule: String {
      switch self {
      case .delete: "step-missing"
      case .duplicate: "step-extra"
      case .swap: "step-order"
      }
    }
  }

  @Test func validPagesAreCleanAndBrokenOnesAreCaught() throws {
    var random = SplitMix64(seed: 0x5EED_0F_57E9)
    var mutationsChecked: [Mutation: Int] = [:]
    for iteration in 0..<Self.iterations {
      let procedure = RandomProcedure(using: &random)
      let site = try TemporarySite(edits: [.write("content/flows/random.yaml", procedure.flow)])
      let written = procedure.entries.filter { !$0.optional || Bool.random(using: &random) }

      try site.apply(.write(Self.pageFile, RandomProcedure.page(written)))
      let clean = try site.check(today: fixtureToday)
      #expect(
        clean == [], "iteration \(iteration): a valid page is reported:\n\(swiftLiteral(clean))")

      for mutation in Mutation.allCases {
        var broken = written
        switch mutation {
        case .delete:
          guard
            let index = broken.indices.filter({ !broken[$0].optional }).randomElement(
              using: &random)
          else {
            Issue.record("iteration \(iteration): no required step written")
            continue
          }
          broken.remove(at: index)
        case .duplicate:
          let copy = broken.randomElement(using: &random)!
          broken.insert(copy, at: Int.random(in: 0...broken.count, using: &random))
        case .swap:
          guard broken.count >= 2 else { continue }
          let index = Int.random(in: 0..<(broken.count - 1), using: &random)
          broken.swapAt(index, index + 1)
        }
        try site.apply(.write(Self.pageFile, RandomProcedure.page(broken)))
        let found = try site.check(today: fixtureToday)
        let rules = Set(found.map(\.rule.rawValue))
        #expect(
          !rules.isDisjoint(with: Self.stepRules),
          "iteration \(iteration), \(mutation): none of \(Self.stepRules.sorted()) in\n\(swiftLiteral(found))"
        )
        #expect(
          rules.contains(mutation.rule), "iteration \(iteration), \(mutation): no \(mutation.rule)")
        #expect(
          rules.isSubset(of: Self.stepRules),
          "iteration \(iteration), \(mutation): unexpected findings\n\(swiftLiteral(found))")
        mutationsChecked[mutation, default: 0] += 1
      }
    }
    // Every kind of mutation was exercised many times.
    for mutation in Mutation.allCases {
      #expect(
        (mutationsChecked[mutation] ?? 0) >= Self.iterations / 2, "\(mutation) checked too rarely")
    }
  }
}

/// One mistake, one error: random pages edited the way editors slip — a marker misspelt or
/// spaced, a number skipped, steps written as paragraphs, the front matter or the region registry
/// changed — each give exactly the one finding that names the mistake; the harmless variants
/// (a declared variable in the title) none (issue 13).
@Suite struct OneMistakeOneErrorPropertyTests {
  static let iterations = 120
  static let pageFile = PageStepPropertyTests.pageFile

  enum Slip: CaseIterable {
    case markerTypo, markerSpace, numberSkipped, paragraphs, titleVariableUnknown,
      titleVariableDeclared, phonePasted, registryURLShared, variableUndefinedInRegion

    /// The one rule the edit must be reported under; nil when it is harmless.
    var rule: String? {
      switch self {
      case .markerTypo: "step-unknown"
      case .markerSpace, .paragraphs: "step-marker-stray"
      case .numberSkipped: "step-number"
      case .titleVariableUnknown, .variableUndefinedInRegion: "region-var-undefined"
      case .titleVariableDeclared: nil
      case .phonePasted: "region-contact-hardcoded"
      case .registryURLShared: "region-url-shared"
      }
    }
  }

  /// A page written with hand-made variations of `RandomProcedure.page`.
  static func page(
    _ written: [RandomProcedure.Entry], title: String = "Случайная процедура",
    marker: (String) -> String = { "{#\($0)}" }, number: (Int) -> String = { "\($0)." },
    paragraphs: Bool = false, extra: String = ""
  ) -> String {
    var text = "---\ntitle: \(title)\nprocedure: random-procedure\n---\n\nСделайте так:\n\n"
    for (index, entry) in written.enumerated() {
      let line = "\(number(index + 1)) \(marker(entry.id)) \(entry.title).\n"
      text += paragraphs ? "Шаг " + line + "\n" : line
    }
    return text + extra
  }

  @Test func eachEditGivesOneFindingOrNone() throws {
    var random = SplitMix64(seed: 0x0E_0E_1337)
    var checked: [Slip: Int] = [:]
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    for iteration in 0..<Self.iterations {
      let procedure = RandomProcedure(using: &random)
      let site = try TemporarySite(edits: [.write("content/flows/random.yaml", procedure.flow)])
      let written = procedure.entries.filter { !$0.optional || Bool.random(using: &random) }
      guard let target = written.randomElement(using: &random) else { continue }
      let edit = Slip.allCases[iteration % Slip.allCases.count]
      var regions: String?
      let text: String
      switch edit {
      case .markerTypo:
        // One letter of the name dropped (the `rN-` prefix keeps ids apart).
        let id = Array(target.id)
        let cut = Int.random(in: 3..<id.count, using: &random)
        let typo = String(id[..<cut] + id[(cut + 1)...])
        text = Self.page(written, marker: { $0 == target.id ? "{#\(typo)}" : "{#\($0)}" })
      case .markerSpace:
        text = Self.page(written, marker: { $0 == target.id ? "{# \($0)}" : "{#\($0)}" })
      case .numberSkipped:
        let from = Int.random(in: 1...written.count, using: &random)
        text = Self.page(written, number: { $0 >= from ? "\($0 + 1)." : "\($0)." })
      case .paragraphs:
        text = Self.page(written, paragraphs: true)
      case .titleVariableUnknown:
        let name = String((0..<6).map { _ in letters[Int.random(in: 0..<26, using: &random)] })
        text = Self.page(written, title: "Случайная процедура {{x-\(name)}}")
      case .titleVariableDeclared:
        let name = Bool.random(using: &random) ? "region.name" : "ministry-phone"
        text = Self.page(written, title: "Случайная процедура — {{\(name)}}")
      case .phonePasted:
        let phone = ["8 (498) 602-11-11", "+7 498 602-11-11", "84986021111"].randomElement(
          using: &random)!
        text =
          Bool.random(using: &random)
          ? Self.page(written, title: "Случайная процедура, тел. \(phone)")
          : Self.page(written, extra: "\nСправки по телефону \(phone).\n")
      case .registryURLShared:
        text = Self.page(written)
        regions = "portal-url: https://edu.tatar.ru"
      case .variableUndefinedInRegion:
        text = Self.page(written, extra: "\nПортал: {{portal-url}}.\n")
      }
      try site.apply(.write(Self.pageFile, text))
      if regions != nil {
        try site.apply(
          .replace(FixtureFile.regions, "portal-url: https://school.mosreg.ru", regions ?? ""))
      }
      let found = try site.check(today: fixtureToday)
      if let rule = edit.rule {
        #expect(
          found.map(\.rule.rawValue) == [rule],
          "iteration \(iteration), \(edit): expected one \(rule), found\n\(swiftLiteral(found))\n\(text)"
        )
      } else {
        #expect(found == [], "iteration \(iteration), \(edit): \(swiftLiteral(found))\n\(text)")
      }
      checked[edit, default: 0] += 1
    }
    for edit in Slip.allCases {
      #expect((checked[edit] ?? 0) >= Self.iterations / Slip.allCases.count - 1, "\(edit)")
    }
  }
}
