import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import Testing

/// The mistakes the issue names, each a fixture under `Fixtures/<name>/` laid over the base site.
struct NamedCase: Sendable, CustomTestStringConvertible {
  var name: String
  var fixture: String
  var today: CalendarDate = fixtureToday
  var expected: [Diagnostic]
  /// The same fixture with one correction, which must check clean.
  var nearMiss: NearMiss?

  var testDescription: String { name }

  var asRuleCase: RuleCase {
    RuleCase(
      rule: expected.first?.rule.rawValue ?? "", name: name, edits: [.overlay(fixture)],
      today: today, expected: expected)
  }

  static let all: [NamedCase] = [
    NamedCase(
      name: "(a) seed 004: steps numbered 1, 2, 3, 4, 6", fixture: "seed-004-step-number-gap",
      expected: [
        .error(
          .stepNumber, "step number 6 is wrong: after 4 comes 5; numbers run 1, 2, 3… without gaps",
          at: at("content/pages/register-gosuslugi.md", 18, 1))
      ],
      nearMiss: NearMiss(
        rule: "step-number", name: "seed 004 with 5 after 4",
        edits: [
          .overlay("seed-004-step-number-gap"),
          .replace(FixtureFile.register, "6. Войдите", "5. Войдите"),
        ])),
    NamedCase(
      name: "(b) «Войти через ЕСИА» where the screen says «Войти через Госуслуги»",
      fixture: "esia-label",
      expected: [
        .error(
          .uiLabelUnknown,
          "«Войти через ЕСИА» is not a label on the screens of «Моя школа»; did you mean «Войти через Госуслуги»? (declare it under the system's screens if the screen really says so)",
          at: at("content/pages/login-school.md", 10, 78),
          notes: [note("content/flows/flow.yaml", 26, 9, "the system's screens are declared here")])
      ],
      nearMiss: NearMiss(
        rule: "ui-label-unknown", name: "the declared label",
        edits: [
          .overlay("esia-label"),
          .replace(FixtureFile.login, "«Войти через ЕСИА»", "«Войти через Госуслуги»"),
        ])),
    NamedCase(
      name: "(c) seed 003: valid-until 2025-03-17 read on 2026-11-22", fixture: "seed-003-expired",
      today: date("2026-11-22"),
      expected: [
        .warning(
          .reviewDue,
          "the page was due for review by 01.01.2026; re-read it against the live service and move 'review-by' forward",
          at: at("content/pages/login-school.md", 4, 12)),
        .warning(
          .reviewDue,
          "the page was due for review by 17.03.2025; re-read it against the live service and move 'review-by' forward",
          at: at("content/pages/register-gosuslugi.md", 4, 12)),
        .error(
          .expired,
          "the page was valid until 17.03.2025 and today is 22.11.2026; update the instructions and the date, or remove the page",
          at: at("content/pages/register-gosuslugi.md", 5, 14)),
      ],
      nearMiss: NearMiss(
        rule: "expired", name: "seed 003 read on 2025-03-17", edits: [.overlay("seed-003-expired")],
        today: date("2025-03-17"))),
    NamedCase(
      name: "(d) a region's portal URL pasted into a page", fixture: "hardcoded-portal-url",
      expected: [
        .error(
          .regionURLHardcoded,
          "'school.mosreg.ru' is the 'portal-url' of RU-MOS (Московская область); write {{portal-url}} so that every region shows its own address",
          at: at("content/pages/login-school.md", 10, 35))
      ],
      nearMiss: NearMiss(
        rule: "region-url-hardcoded", name: "the portal written as {{portal-url}}",
        edits: [
          .overlay("hardcoded-portal-url"),
          .replace(
            FixtureFile.login, "[school.mosreg.ru](https://school.mosreg.ru/)",
            "[{{portal-url}}]({{portal-url}})"),
        ])),
    NamedCase(
      name: "(e) login page that does not link the registration it requires",
      fixture: "login-without-registration-link",
      expected: [
        .error(
          .preconditionUnlinked,
          "procedure 'login-school' requires esia-account = confirmed, which «Регистрация на Госуслугах» (register-gosuslugi.md) provides, but the page does not link to it; add a link like [Регистрация на Госуслугах](register-gosuslugi.md)",
          at: at("content/pages/login-school.md", 3, 12))
      ],
      nearMiss: NearMiss(
        rule: "precondition-unlinked", name: "the login page with the link",
        edits: [
          .overlay("login-without-registration-link"),
          .replace(
            FixtureFile.login, "на Госуслугах.\n",
            "на Госуслугах: [регистрация](register-gosuslugi.md).\n"),
        ])),
  ]
}

@Suite struct NamedCaseTests {
  @Test(arguments: NamedCase.all)
  func reportsExactly(_ named: NamedCase) throws {
    let site = try TemporarySite(edits: [.overlay(named.fixture)])
    expectDiagnostics(try site.check(today: named.today), named.expected, named.name)
  }

  @Test(arguments: NamedCase.all.compactMap(\.nearMiss))
  func correctedIsClean(_ miss: NearMiss) throws {
    let site = try TemporarySite(edits: miss.edits)
    expectDiagnostics(try site.check(today: miss.today), [], miss.testDescription)
  }
}
