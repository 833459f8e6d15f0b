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
