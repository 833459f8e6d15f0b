import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import StepwiseTestSupport
import Testing

// Every case starts from `Fixtures/base` (which checks clean), applies a few edits and compares the
// complete list of diagnostics — loader and checker — with the expected one, message included.

private let siteFile = FixtureFile.site
private let regionsFile = FixtureFile.regions
private let flowFile = FixtureFile.flow
private let registerPage = FixtureFile.register
private let loginPage = FixtureFile.login

/// A case that must produce `expected` (and nothing else).
struct RuleCase: Sendable, CustomTestStringConvertible {
  var rule: String
  var name: String
  var edits: [Edit]
  var today: CalendarDate = fixtureToday
  var expected: [Diagnostic]

  var testDescription: String { "\(rule): \(name)" }
}

/// A change close to one that triggers `rule` that must leave the site clean.
struct NearMiss: Sendable, CustomTestStringConvertible {
  var rule: String
  var name: String
  var edits: [Edit]
  var today: CalendarDate = fixtureToday

  var testDescription: String { "not \(rule): \(name)" }
}

// MARK: - Snippets

private let printStep = """
    - id: print-page
      title: Распечатайте инструкцию
      actor: parent
      system: gosuslugi

  """

private let consentState = """

    - id: consent
      title: Согласие на обработку данных
      values: [none, granted]

  """

private let pageLimit = ContentLoader.maximumPageBytes

/// Pads a page with a paragraph so that it is exactly `bytes` long.
@Sendable private func padded(to bytes: Int) -> @Sendable (String) -> String {
  { text in text + "\n" + String(repeating: "a", count: bytes - text.utf8.count - 1) }
}

// MARK: - Cases that trigger a rule

extension RuleCase {
  static let all: [RuleCase] =
    loader + graph + pageSteps + regions + pageRefs + editorMistakes

  static let loader: [RuleCase] = [
    RuleCase(
      rule: "schema", name: "unknown key in site.yaml, with a suggestion",
      edits: [.replace(siteFile, "title: Тестовый сайт", "titel: Тестовый сайт")],
      expected: [
        .error(
          .schema, "site.yaml is missing the required key 'title'",
          at: at("content/site.yaml", 1, 1)),
        .error(
          .schema,
          "unknown key 'titel' in site.yaml; did you mean 'title'? (allowed: title, description, base-url, language, contacts, asset-size-limit)",
          at: at("content/site.yaml", 1, 1)),
      ]),
    RuleCase(
      rule: "schema", name: "key written twice",
      edits: [
        .replace(
          siteFile, "base-url: https://help.minobr.example/\n",
          "base-url: https://help.minobr.example/\nbase-url: https://help.minobr.example/\n")
      ],
      expected: [
        .error(
          .schema, "key 'base-url' is written twice in one mapping; keep one",
          at: at("content/site.yaml", 2, 1))
      ]),
    RuleCase(
      rule: "schema", name: "date in front matter not YYYY-MM-DD",
      edits: [.replace(registerPage, "valid-until: 2026-12-31", "valid-until: 31.12.2026")],
      expected: [
        .error(
          .schema, "'valid-until' must be a date written YYYY-MM-DD, found '31.12.2026'",
          at: at("content/pages/register-gosuslugi.md", 5, 14))
      ]),
    RuleCase(
      rule: "schema", name: "region code not ISO 3166-2:RU",
      edits: [.replace(regionsFile, "code: RU-TA\n", "code: RU-Tat\n")],
      expected: [
        .error(
          .schema, "region code 'RU-Tat' is not an ISO 3166-2:RU code like 'RU-MOS'",
          at: at("content/regions.yaml", 17, 11))
      ]),
    RuleCase(
      rule: "schema", name: "phone variable that is not a phone",
      edits: [
        .replace(
          regionsFile, "ministry-phone: 8 (843) 294-95-90", "ministry-phone: звоните в министерство"
        )
      ],
      expected: [
        .error(
          .schema,
          "'ministry-phone' of RU-TA is not a phone number like 8 800 100-70-10, found 'звоните в министерство'",
          at: at("content/regions.yaml", 23, 23))
      ]),
    RuleCase(
      rule: "schema", name: "state with one value",
      edits: [.replace(flowFile, "values: [out, in]", "values: out")],
      expected: [
        .error(
          .schema, "state 'session' needs at least two values",
          at: at("content/flows/flow.yaml", 6, 5)),
        .error(
          .graphUnknownState, "'in' is not a value of state 'session' (values: out)",
          at: at("content/flows/flow.yaml", 88, 16)),
      ]),
    RuleCase(
      rule: "schema", name: "YAML anchor",
      edits: [.replace(siteFile, "title: Тестовый сайт", "title: &title Тестовый сайт")],
      expected: [
        .error(
          .schema, "YAML anchors ('&name') are not allowed; write the value out",
          at: at("content/site.yaml", 1, 8))
      ]),
    RuleCase(
      rule: "schema", name: "misspelt procedure entry",
      edits: [.replace(flowFile, "      - optional: add-phone", "      - optionl: add-phone")],
      expected: [
        .error(
          .graphUnusedStep,
          "step 'add-phone' is not used by any procedure; add it to one or delete it",
          at: at("content/flows/flow.yaml", 73, 9)),
        .error(
          .schema,
          "a procedure entry is a step id, or exactly one of 'one-of:', 'optional:', 'procedure:'",
          at: at("content/flows/flow.yaml", 101, 9)),
        .error(
          .schema,
          "unknown key 'optionl' in a procedure entry; did you mean 'optional'? (allowed: one-of, optional, procedure)",
          at: at("content/flows/flow.yaml", 101, 9)),
        .error(
          .stepExtra,
          "step «Добавьте номер телефона» ('add-phone') is not part of procedure 'register-gosuslugi'; remove it or add it to the procedure",
          at: at("content/pages/register-gosuslugi.md", 16, 4),
          notes: [note("content/flows/flow.yaml", 91, 9, "the procedure is defined here")]),
      ]),
    RuleCase(
      rule: "encoding", name: "invalid UTF-8 after Cyrillic text (character column)",
      edits: [
        .bytes(
          "content/pages/broken.md", Array("---\ntitle: Пр".utf8) + [0xFF] + Array("\n---\n".utf8))
      ],
      expected: [
        .error(
          .encoding, "the file is not valid UTF-8 (or contains a NUL byte) here; save it as UTF-8",
          at: at("content/pages/broken.md", 2, 10))
      ]),
    RuleCase(
      rule: "encoding", name: "NUL byte",
      edits: [.bytes("content/flows/extra.yaml", Array("actors:\n  - id: x\0".utf8))],
      expected: [
        .error(
          .encoding, "the file is not valid UTF-8 (or contains a NUL byte) here; save it as UTF-8",
          at: at("content/flows/extra.yaml", 2, 10))
      ]),
    RuleCase(
      rule: "size-limit", name: "page one byte over the limit",
      edits: [.transform(registerPage, "pad to limit + 1", padded(to: pageLimit + 1))],
      expected: [
        .warning(
          .pageMissing,
          "procedure 'register-gosuslugi' has no page; add content/pages/register-gosuslugi.md with 'procedure: register-gosuslugi'",
          at: at("content/flows/flow.yaml", 91, 9)),
        .error(
          .linkBroken, "no page 'register-gosuslugi.md'",
          at: at("content/pages/login-school.md", 8, 20)),
        .error(
          .sizeLimit, "the file is 524289 bytes; the limit is 524288 bytes — split it",
          at: at("content/pages/register-gosuslugi.md", 1, 1)),
      ]),
    RuleCase(
      rule: "path-outside", name: "asset linked to a file outside the site",
      edits: [.symlink("content/assets/secret.png", target: "secret.png", outside: true)],
      expected: [
        .error(
          .pathOutside,
          "this is a link to '$TMP/outside/secret.png', outside the site; copy the file in instead",
          at: at("content/assets/secret.png", 1, 1))
      ]),
    RuleCase(
      rule: "file-name", name: "page whose file name holds a line break",
      edits: [.copy(loginPage, to: "content/pages/login\nschool.md")],
      expected: [
        .error(
          .fileName,
          "the file name contains a control character (a line break, tab or similar), shown here escaped; the file is not read: rename it using letters, digits, '-' and '.'",
          at: at("content/pages/login\\nschool.md", 1, 1))
      ]),
    RuleCase(
      rule: "schema", name: "contact phone that is a script address",
      edits: [.replace(siteFile, "phone: 8 800 100-70-10", "phone: javascript:alert(1)")],
      expected: [
        .error(
          .schema,
          "a contact's 'phone' is not a phone number like 8 800 100-70-10, found 'javascript:alert(1)'",
          at: at("content/site.yaml", 5, 12))
      ]),
    RuleCase(
      rule: "schema", name: "contact e-mail without a domain",
      edits: [
        .replace(
          siteFile, "    phone: 8 800 100-70-10\n",
          "    phone: 8 800 100-70-10\n    email: help@localhost\n")
      ],
      expected: [
        .error(
          .schema,
          "a contact's 'email' is not an e-mail address like help@example.ru, found 'help@localhost'",
          at: at("content/site.yaml", 6, 12))
      ]),
    RuleCase(
      rule: "raw-html", name: "inline HTML in a callout",
      edits: [.replace(loginPage, "> Нужна подтверждённая", "> Нужна <b>подтверждённая</b>")],
      expected: [
        .warning(
          .rawHTML, "raw HTML is not published; write it in Markdown instead",
          at: at("content/pages/login-school.md", 14, 9)),
        .warning(
          .rawHTML, "raw HTML is not published; write it in Markdown instead",
          at: at("content/pages/login-school.md", 14, 26)),
      ]),
  ]

  static let graph: [RuleCase] = [
    RuleCase(
      rule: "graph-duplicate-id", name: "step defined twice",
      edits: [
        .replace(
          flowFile, "\nprocedures:",
          "\n" + printStep.replacingOccurrences(of: "print-page", with: "add-phone") + "procedures:"
        )
      ],
      expected: [
        .error(
          .graphDuplicateID, "step id 'add-phone' is already used; ids must be unique",
          at: at("content/flows/flow.yaml", 90, 9),
          notes: [note("content/flows/flow.yaml", 73, 9, "first defined here")])
      ]),
    RuleCase(
      rule: "graph-unknown-ref", name: "misspelt actor",
      edits: [
        .replace(
          flowFile, "    title: Откройте школьный портал\n    actor: parent",
          "    title: Откройте школьный портал\n    actor: parnet")
      ],
      expected: [
        .error(
          .graphUnknownRef, "unknown actor 'parnet'; did you mean 'parent'?",
          at: at("content/flows/flow.yaml", 79, 12))
      ]),
    RuleCase(
      rule: "graph-unknown-ref", name: "included procedure does not exist",
      edits: [
        .replace(
          flowFile, "      - procedure: sign-in-gosuslugi", "      - procedure: sign-in-gosuslugy")
      ],
      expected: [
        .error(
          .graphUnknownRef,
          "unknown procedure 'sign-in-gosuslugy'; did you mean 'sign-in-gosuslugi'?",
          at: at("content/flows/flow.yaml", 113, 20)),
        .error(
          .stepExtra,
          "step «Введите логин и пароль от Госуслуг» ('enter-password') is not part of procedure 'login-school'; remove it or add it to the procedure",
          at: at("content/pages/login-school.md", 11, 4),
          notes: [note("content/flows/flow.yaml", 107, 9, "the procedure is defined here")]),
      ]),
    RuleCase(
      rule: "graph-unknown-ref", name: "included procedure is not shared",
      edits: [.replace(flowFile, "    shared: true\n", "")],
      expected: [
        .warning(
          .pageMissing,
          "procedure 'sign-in-gosuslugi' has no page; add content/pages/sign-in-gosuslugi.md with 'procedure: sign-in-gosuslugi'",
          at: at("content/flows/flow.yaml", 102, 9)),
        .error(
          .requiresUnmet,
          "step «Введите логин и пароль от Госуслуг» requires esia-account = confirmed, but in procedure 'sign-in-gosuslugi' it may be confirmed, none, simplified at that point; add a requirement to the procedure or a step that sets it before",
          at: at("content/flows/flow.yaml", 105, 9),
          notes: [note("content/flows/flow.yaml", 86, 7, "the step's requirement is here")]),
        .error(
          .graphUnknownRef,
          "procedure 'sign-in-gosuslugi' is not shared; only procedures with 'shared: true' can be reused",
          at: at("content/flows/flow.yaml", 112, 20)),
      ]),
    RuleCase(
      rule: "graph-unknown-ref", name: "region uses an unknown system",
      edits: [
        .replace(
          regionsFile, "    slug: tatarstan\n    systems: [school]",
          "    slug: tatarstan\n    systems: [shcool]")
      ],
      expected: [
        .error(
          .graphUnknownRef, "unknown system 'shcool'; did you mean 'school'?",
          at: at("content/regions.yaml", 20, 15))
      ]),
    RuleCase(
      rule: "graph-unknown-state", name: "misspelt state in requires",
      edits: [
        .replace(
          flowFile, "      esia-account: confirmed\n    effects:",
          "      esia-acount: confirmed\n    effects:")
      ],
      expected: [
        .error(
          .graphUnknownState, "unknown state 'esia-acount'; did you mean 'esia-account'?",
          at: at("content/flows/flow.yaml", 86, 7))
      ]),
    RuleCase(
      rule: "graph-unknown-state", name: "misspelt value in effects",
      edits: [.replace(flowFile, "      session: in", "      session: inn")],
      expected: [
        .error(
          .graphUnknownState,
          "'inn' is not a value of state 'session'; did you mean 'in'? (values: out, in)",
          at: at("content/flows/flow.yaml", 88, 16))
      ]),
    RuleCase(
      rule: "graph-unknown-state", name: "initial value not in values",
      edits: [
        .replace(flowFile, "    values: [out, in]\n", "    values: [out, in]\n    initial: off\n")
      ],
      expected: [
        .error(
          .graphUnknownState, "initial value 'off' is not one of the values of 'session'",
          at: at("content/flows/flow.yaml", 9, 14))
      ]),
    RuleCase(
      rule: "graph-unused-step", name: "step in no procedure",
      edits: [.replace(flowFile, "\nprocedures:", "\n" + printStep + "procedures:")],
      expected: [
        .error(
          .graphUnusedStep,
          "step 'print-page' is not used by any procedure; add it to one or delete it",
          at: at("content/flows/flow.yaml", 90, 9))
      ]),
    RuleCase(
      rule: "graph-unfinishable", name: "shared procedure includes itself",
      edits: [
        .replace(
          flowFile, "      - enter-password\n",
          "      - enter-password\n      - procedure: sign-in-gosuslugi\n")
      ],
      expected: [
        .error(
          .graphUnfinishable,
          "procedure 'sign-in-gosuslugi' includes itself (sign-in-gosuslugi → sign-in-gosuslugi) and can never finish",
          at: at("content/flows/flow.yaml", 107, 20))
      ]),
    RuleCase(
      rule: "graph-unfinishable", name: "requirement that can never hold",
      edits: [
        .replace(
          flowFile, "      esia-account: confirmed\n    steps:",
          "      esia-account: none\n    steps:")
      ],
      expected: [
        .error(
          .graphUnfinishable,
          "step «Введите логин и пароль от Госуслуг» (in shared procedure 'sign-in-gosuslugi') requires esia-account = confirmed, but in procedure 'login-school' it may be none at that point; add a requirement to the procedure or a step that sets it before",
          at: at("content/flows/flow.yaml", 106, 9),
          notes: [note("content/flows/flow.yaml", 86, 7, "the step's requirement is here")])
      ]),
    RuleCase(
      rule: "requires-unmet", name: "procedure does not say where it starts",
      edits: [
        .replace(flowFile, "    requires:\n      esia-account: none\n    steps:\n", "    steps:\n")
      ],
      expected: [
        .error(
          .requiresUnmet,
          "step «Зарегистрируйтесь на Госуслугах» requires esia-account = none, but in procedure 'register-gosuslugi' it may be confirmed, none, simplified at that point; add a requirement to the procedure or a step that sets it before",
          at: at("content/flows/flow.yaml", 94, 9),
          notes: [note("content/flows/flow.yaml", 40, 7, "the step's requirement is here")])
      ]),
    RuleCase(
      rule: "state-unprovided", name: "procedure requires a state nothing sets",
      edits: [
        .replace(flowFile, "\n\nactors:", consentState + "actors:"),
        .replace(
          flowFile, "      esia-account: confirmed\n    steps:",
          "      esia-account: confirmed\n      consent: granted\n    steps:"),
      ],
      expected: [
        .error(
          .stateUnprovided,
          "procedure 'login-school' requires consent = granted, but no procedure leads there; add a procedure whose steps set it",
          at: at("content/flows/flow.yaml", 113, 7))
      ]),
    RuleCase(
      rule: "page-missing", name: "procedure without a page",
      edits: [
        .replace(
          flowFile, "      - procedure: sign-in-gosuslugi\n",
          "      - procedure: sign-in-gosuslugi\n  - id: print-instructions\n    title: Печать инструкции\n    steps:\n      - add-phone\n"
        )
      ],
      expected: [
        .warning(
          .pageMissing,
          "procedure 'print-instructions' has no page; add content/pages/print-instructions.md with 'procedure: print-instructions'",
          at: at("content/flows/flow.yaml", 114, 9))
      ]),
  ]

  static let pageSteps: [RuleCase] = [
    RuleCase(
      rule: "page-procedure", name: "misspelt procedure",
      edits: [.replace(loginPage, "procedure: login-school", "procedure: login-scool")],
      // The page is login-school's page with a typo: not also a missing page.
      expected: [
        .error(
          .pageProcedure, "unknown procedure 'login-scool'; did you mean 'login-school'?",
          at: at("content/pages/login-school.md", 3, 12))
      ]),
    RuleCase(
      rule: "page-procedure", name: "page for a shared procedure",
      edits: [.replace(loginPage, "procedure: login-school", "procedure: sign-in-gosuslugi")],
      expected: [
        .warning(
          .pageMissing,
          "procedure 'login-school' has no page; add content/pages/login-school.md with 'procedure: login-school'",
          at: at("content/flows/flow.yaml", 107, 9)),
        .error(
          .pageProcedure,
          "procedure 'sign-in-gosuslugi' is shared (reused inside others) and has no page of its own; point the page at a procedure that uses it",
          at: at("content/pages/login-school.md", 3, 12)),
        .error(
          .regionVarUndefined,
          "variable '{{portal-url}}' is not defined for RU-KLU (Калужская область), where this page is built; define it in regions.yaml or narrow the page with 'regions:'",
          at: at("content/pages/login-school.md", 10, 35)),
        .error(
          .regionVarUndefined,
          "variable '{{portal-url}}' is not defined for RU-KLU (Калужская область), where this page is built; define it in regions.yaml or narrow the page with 'regions:'",
          at: at("content/pages/login-school.md", 10, 36)),
      ]),
    RuleCase(
      rule: "page-procedure", name: "two pages for one procedure",
      edits: [.copy(loginPage, to: "content/pages/login-school-copy.md")],
      expected: [
        .error(
          .pageProcedure,
          "procedure 'login-school' already has a page, content/pages/login-school-copy.md; one page per procedure",
          at: at("content/pages/login-school.md", 3, 12),
          notes: [note("content/pages/login-school-copy.md", 3, 12, "the other page")])
      ]),
    RuleCase(
      rule: "step-unknown", name: "misspelt step marker",
      edits: [.replace(registerPage, "{#register}", "{#regster}")],
      expected: [
        .error(
          .stepUnknown, "unknown step '{#regster}'; did you mean 'register'?",
          at: at("content/pages/register-gosuslugi.md", 12, 4))
      ]),
    RuleCase(
      rule: "step-extra", name: "step of another procedure",
      edits: [
        .replace(
          registerPage, "3. {#add-phone} Добавьте номер телефона в профиле.\n",
          "3. {#add-phone} Добавьте номер телефона в профиле.\n4. {#open-school} Откройте школьный портал.\n"
        )
      ],
      expected: [
        .error(
          .stepExtra,
          "step «Откройте школьный портал» ('open-school') is not part of procedure 'register-gosuslugi'; remove it or add it to the procedure",
          at: at("content/pages/register-gosuslugi.md", 17, 4),
          notes: [note("content/flows/flow.yaml", 91, 9, "the procedure is defined here")])
      ]),
    RuleCase(
      rule: "step-extra", name: "step written twice",
      edits: [
        .replace(
          registerPage, "3. {#add-phone} Добавьте номер телефона в профиле.\n",
          "3. {#add-phone} Добавьте номер телефона в профиле.\n4. {#register} Зарегистрируйтесь ещё раз.\n"
        )
      ],
      expected: [
        .error(
          .stepExtra,
          "step «Зарегистрируйтесь на Госуслугах» ('register') is written twice; each step appears once",
          at: at("content/pages/register-gosuslugi.md", 17, 4),
          notes: [note("content/pages/register-gosuslugi.md", 12, 4, "first written here")])
      ]),
    RuleCase(
      rule: "step-order", name: "alternatives swapped",
      edits: [
        .replace(
          registerPage,
          "   - {#confirm-bank} через банк: нажмите «Подтвердить»;\n   - {#confirm-office} в центре обслуживания.\n",
          "   - {#confirm-office} в центре обслуживания;\n   - {#confirm-bank} через банк: нажмите «Подтвердить».\n"
        )
      ],
      expected: [
        .error(
          .stepOrder,
          "step «Подтвердите личность через банк» is written after «Подтвердите личность в центре обслуживания», but procedure 'register-gosuslugi' puts it before",
          at: at("content/pages/register-gosuslugi.md", 15, 6),
          notes: [note("content/pages/register-gosuslugi.md", 14, 6, "written earlier here")])
      ]),
    RuleCase(
      rule: "step-order", name: "step before the step whose effect it requires",
      edits: [
        .replace(
          registerPage,
          "1. {#register} Откройте сайт Госуслуг и нажмите «Зарегистрироваться».\n2. Подтвердите личность одним из способов:\n   - {#confirm-bank} через банк: нажмите «Подтвердить»;\n   - {#confirm-office} в центре обслуживания.\n",
          "1. Подтвердите личность одним из способов:\n   - {#confirm-bank} через банк: нажмите «Подтвердить»;\n   - {#confirm-office} в центре обслуживания.\n2. {#register} Откройте сайт Госуслуг и нажмите «Зарегистрироваться».\n"
        )
      ],
      expected: [
        .error(
          .stepOrder,
          "step «Подтвердите личность в центре обслуживания» comes before «Зарегистрируйтесь на Госуслугах» but requires esia-account = simplified, which «Зарегистрируйтесь на Госуслугах» sets",
          at: at("content/pages/register-gosuslugi.md", 15, 4),
          notes: [note("content/pages/register-gosuslugi.md", 14, 6, "written earlier here")])
      ]),
    RuleCase(
      rule: "step-unmarked", name: "required step written without its marker",
      edits: [
        .replace(
          registerPage, "1. {#register} Откройте сайт Госуслуг и нажмите «Зарегистрироваться».\n",
          "1. Откройте сайт Госуслуг.\n")
      ],
      expected: [
        .error(
          .stepUnmarked,
          "this item has no step marker, and step «Зарегистрируйтесь на Госуслугах» ('register') of procedure 'register-gosuslugi' belongs here; start the item with {#register}",
          at: at("content/pages/register-gosuslugi.md", 12, 1))
        // The page's link to #register is right: the item lacks the marker.
      ]),
    RuleCase(
      rule: "step-missing", name: "no alternative of a one-of written",
      edits: [
        .replace(
          registerPage,
          "2. Подтвердите личность одним из способов:\n   - {#confirm-bank} через банк: нажмите «Подтвердить»;\n   - {#confirm-office} в центре обслуживания.\n",
          "2. Подтвердите личность.\n")
      ],
      expected: [
        .error(
          .stepMissing,
          "none of the alternatives «Подтвердите личность через банк», «Подтвердите личность в центре обслуживания», «Закажите код подтверждения по почте» of procedure 'register-gosuslugi' is written; describe at least one",
          at: at("content/pages/register-gosuslugi.md", 14, 4))
      ]),
    RuleCase(
      rule: "step-missing", name: "alternative of two steps written half",
      edits: [
        .replace(
          registerPage, "   - {#confirm-office} в центре обслуживания.\n",
          "   - {#confirm-office} в центре обслуживания;\n   - {#order-code} по почте: закажите код.\n"
        )
      ],
      expected: [
        .error(
          .stepMissing,
          "step «Введите код из письма» ('enter-code') of procedure 'register-gosuslugi' is missing; add a list item starting with {#enter-code}",
          at: at("content/pages/register-gosuslugi.md", 17, 4))
      ]),
    RuleCase(
      rule: "step-number", name: "ordered list starting at 2",
      edits: [.replace(registerPage, "1. {#register}", "2. {#register}")],
      expected: [
        .error(
          .stepNumber,
          "step number 2 is wrong: the first number comes 1; numbers run 1, 2, 3… without gaps",
          at: at("content/pages/register-gosuslugi.md", 12, 1))
      ]),
    RuleCase(
      rule: "step-marker-stray", name: "a marker moved into the middle of an item",
      edits: [
        .replace(
          registerPage, "3. {#add-phone} Добавьте номер телефона в профиле.",
          "3. {#add-phone} Добавьте номер телефона {#confirm-phone} в профиле.")
      ],
      expected: [
        .error(
          .stepMarkerStray,
          "'{#confirm-phone}' is not a step marker and would be published as text: a marker is {#step-id}, with no spaces, at the very start of a list item (a heading's anchor ends the heading)",
          at: at("content/pages/register-gosuslugi.md", 16, 41))
      ]),
    RuleCase(
      rule: "step-marker-stray", name: "a space inside the braces",
      edits: [.replace(registerPage, "3. {#add-phone}", "3. {# add-phone}")],
      expected: [
        .error(
          .stepMarkerStray,
          "'{# add-phone}' is not a step marker and would be published as text: a marker is {#step-id}, with no spaces, at the very start of a list item (a heading's anchor ends the heading)",
          at: at("content/pages/register-gosuslugi.md", 16, 4))
      ]),
    RuleCase(
      rule: "list-folded", name: "a numbered line right after text",
      edits: [
        .replace(
          registerPage, "![Форма регистрации]",
          "Если письма нет, проверьте папку «Спам»:\n2. Запросите письмо ещё раз.\n\n![Форма регистрации]"
        )
      ],
      expected: [
        .error(
          .listFolded,
          "this line starts with '2.' but Markdown joins it to the paragraph above, so readers see it run on in one line; leave an empty line before the list (a list that follows text directly must start at 1)",
          at: at("content/pages/register-gosuslugi.md", 22, 1))
      ]),
    RuleCase(
      rule: "step-number", name: "«Шаг 1.» written on every paragraph",
      edits: [
        .replace(
          registerPage, "![Форма регистрации]",
          "Шаг 1. Проверьте почту.\n\nШаг 1. Войдите.\n\n![Форма регистрации]")
      ],
      expected: [
        .error(
          .stepNumber, "step number 1 is wrong: after 1 comes 2; numbers run 1, 2, 3… without gaps",
          at: at("content/pages/register-gosuslugi.md", 23, 1))
      ]),
    RuleCase(
      rule: "step-number", name: "«Шаг N.» paragraphs with a gap",
      edits: [
        .replace(
          registerPage, "![Форма регистрации]",
          "Шаг 1. Проверьте почту.\n\nШаг 3. Войдите.\n\n![Форма регистрации]")
      ],
      expected: [
        .error(
          .stepNumber, "step number 3 is wrong: after 1 comes 2; numbers run 1, 2, 3… without gaps",
          at: at("content/pages/register-gosuslugi.md", 23, 1))
      ]),
  ]

  static let regions: [RuleCase] = [
    RuleCase(
      rule: "region-var-undefined", name: "region defines an undeclared variable",
      edits: [
        .replace(
          regionsFile, "      ministry-phone: 8 (4842) 71-93-00\n",
          "      ministry-phone: 8 (4842) 71-93-00\n      ministry-phon: 8 (4842) 71-93-01\n")
      ],
      expected: [
        .error(
          .regionVarUndefined,
          "variable 'ministry-phon' is not declared under 'variables:'; did you mean 'ministry-phone'?",
          at: at("content/regions.yaml", 29, 22))
      ]),
    RuleCase(
      rule: "region-var-undefined", name: "page uses an unknown variable",
      edits: [.replace(loginPage, "[{{portal-url}}]", "[{{portal-ulr}}]")],
      expected: [
        .error(
          .regionVarUndefined, "unknown variable '{{portal-ulr}}'; did you mean '{{portal-url}}'?",
          at: at("content/pages/login-school.md", 10, 36))
      ]),
    RuleCase(
      rule: "region-var-undefined", name: "variable missing in a region the page is built for",
      edits: [
        .replace(
          registerPage, "Инструкция для жителей: {{region.name}}.",
          "Инструкция для жителей: {{region.name}}, портал {{portal-url}}.")
      ],
      expected: [
        .error(
          .regionVarUndefined,
          "variable '{{portal-url}}' is not defined for RU-KLU (Калужская область), where this page is built; define it in regions.yaml or narrow the page with 'regions:'",
          at: at("content/pages/register-gosuslugi.md", 8, 49))
      ]),
    RuleCase(
      rule: "region-unknown", name: "page narrowed to an unknown region",
      edits: [
        .replace(
          loginPage, "procedure: login-school\n", "procedure: login-school\nregions: [RU-MSK]\n")
      ],
      expected: [
        .error(
          .regionUnknown, "unknown region 'RU-MSK'; did you mean 'RU-MOS'?",
          at: at("content/pages/login-school.md", 4, 11))
      ]),
    RuleCase(
      rule: "region-url-hardcoded", name: "another region's host in plain text",
      edits: [
        .replace(
          registerPage, "Инструкция для жителей: {{region.name}}.",
          "Инструкция для жителей: {{region.name}}. В Татарстане: EDU.tatar.ru.")
      ],
      expected: [
        .error(
          .regionURLHardcoded,
          "'edu.tatar.ru' is the 'portal-url' of RU-TA (Республика Татарстан); write {{portal-url}} so that every region shows its own address",
          at: at("content/pages/register-gosuslugi.md", 8, 56))
      ]),
    RuleCase(
      rule: "url-not-https", name: "region URL over http",
      edits: [
        .replace(regionsFile, "portal-url: https://edu.tatar.ru", "portal-url: http://edu.tatar.ru")
      ],
      expected: [
        .error(
          .urlNotHTTPS,
          "'portal-url' of RU-TA must be an absolute https:// address, found 'http://edu.tatar.ru'",
          at: at("content/regions.yaml", 22, 19))
      ]),
    RuleCase(
      rule: "url-not-https", name: "base-url without scheme",
      edits: [
        .replace(siteFile, "base-url: https://help.minobr.example/", "base-url: stepwise.example")
      ],
      expected: [
        .error(
          .urlNotHTTPS, "'base-url' must be an absolute https:// address, found 'stepwise.example'",
          at: at("content/site.yaml", 2, 11))
      ]),
    RuleCase(
      rule: "url-not-https", name: "contact URL over http",
      edits: [
        .replace(
          siteFile, "    phone: 8 800 100-70-10\n",
          "    phone: 8 800 100-70-10\n    url: http://stepwise.example/help\n")
      ],
      expected: [
        .error(
          .urlNotHTTPS,
          "contact URL must be an absolute https:// address, found 'http://stepwise.example/help'",
          at: at("content/site.yaml", 6, 10))
      ]),
    RuleCase(
      rule: "url-not-https", name: "region URL with a user name before the host",
      edits: [
        .replace(
          regionsFile, "portal-url: https://edu.tatar.ru",
          "portal-url: https://edu.tatar.ru@evil.example/")
      ],
      expected: [
        .error(
          .urlNotHTTPS,
          "'portal-url' of RU-TA must be an absolute https:// address with nothing before its host (no 'name@' or backslash), found 'https://edu.tatar.ru@evil.example/'",
          at: at("content/regions.yaml", 22, 19))
      ]),
    RuleCase(
      rule: "url-not-https", name: "base-url with a user name before the host",
      edits: [
        .replace(
          siteFile, "base-url: https://help.minobr.example/",
          "base-url: https://trusted@help.minobr.example/")
      ],
      expected: [
        .error(
          .urlNotHTTPS,
          "'base-url' must be an absolute https:// address with nothing before its host (no 'name@' or backslash), found 'https://trusted@help.minobr.example/'",
          at: at("content/site.yaml", 2, 11))
      ]),
    RuleCase(
      rule: "region-duplicate", name: "region code twice",
      edits: [.replace(regionsFile, "code: RU-KLU", "code: RU-TA")],
      expected: [
        .error(
          .regionDuplicate, "region code 'RU-TA' is listed twice",
          at: at("content/regions.yaml", 24, 5),
          notes: [note("content/regions.yaml", 17, 5, "first listed here")])
      ]),
    RuleCase(
      rule: "region-duplicate", name: "slug twice",
      edits: [.replace(regionsFile, "slug: kaluzhskaya-oblast", "slug: tatarstan")],
      expected: [
        .error(
          .regionDuplicate,
          "slug 'tatarstan' is used by two regions; their pages would overwrite each other",
          at: at("content/regions.yaml", 24, 5),
          notes: [note("content/regions.yaml", 17, 5, "first used here")])
      ]),
    RuleCase(
      rule: "region-contact-hardcoded", name: "Moscow's ministry phone on a page of every region",
      edits: [
        .replace(
          registerPage, "![Форма регистрации]",
          "Вопросы — по телефону +7 (498) 602-11-11.\n\n![Форма регистрации]")
      ],
      expected: [
        .error(
          .regionContactHardcoded,
          "'+7 (498) 602-11-11' is the 'ministry-phone' of RU-MOS (Московская область), but this page is also built for RU-TA, RU-KLU; write {{ministry-phone}} so that every region shows its own",
          at: at("content/pages/register-gosuslugi.md", 21, 23))
      ]),
    RuleCase(
      rule: "region-url-hardcoded", name: "a portal address in inline code",
      edits: [
        .replace(
          registerPage, "![Форма регистрации]",
          "Адрес: `school.mosreg.ru/login`.\n\n![Форма регистрации]")
      ],
      expected: [
        .error(
          .regionURLHardcoded,
          "'school.mosreg.ru' is the 'portal-url' of RU-MOS (Московская область); write {{portal-url}} so that every region shows its own address",
          at: at("content/pages/register-gosuslugi.md", 21, 9))
      ]),
    RuleCase(
      rule: "link-own-site", name: "a link to Tatarstan's published copy of a page",
      edits: [
        .replace(
          loginPage, "нажмите «Войти через Госуслуги».",
          "нажмите «Войти через Госуслуги». [Как зарегистрироваться](https://help.minobr.example/tatarstan/register-gosuslugi/#how)."
        )
      ],
      expected: [
        .error(
          .linkOwnSite,
          "'https://help.minobr.example/tatarstan/register-gosuslugi/#how' is this site's own published address, the same in every region's copy; write […](register-gosuslugi.md) so that each region's readers get their own region's page",
          at: at("content/pages/login-school.md", 10, 103))
      ]),
    RuleCase(
      rule: "region-url-shared", name: "Tatarstan given Moscow's portal",
      edits: [
        .replace(
          regionsFile, "portal-url: https://edu.tatar.ru", "portal-url: https://School.mosreg.ru/")
      ],
      expected: [
        .warning(
          .regionURLShared,
          "'portal-url' of RU-TA (Республика Татарстан) is 'https://School.mosreg.ru/', the same address as "
            + "'portal-url' of RU-MOS (Московская область): readers in Республика Татарстан would be sent to "
            + "the other region's portal; check the address",
          at: at("content/regions.yaml", 22, 19),
          notes: [note("content/regions.yaml", 15, 19, "RU-MOS gives it here")])
      ]),
    RuleCase(
      rule: "page-unbuilt", name: "no region uses the school system any more",
      edits: [
        .replace(
          regionsFile, "slug: moskovskaya-oblast\n    systems: [school]", "slug: moskovskaya-oblast"
        ),
        .replace(regionsFile, "slug: tatarstan\n    systems: [school]", "slug: tatarstan"),
      ],
      expected: [
        .warning(
          .pageUnbuilt,
          "this page is built in no region: no region listed in regions.yaml uses the systems of procedure "
            + "'login-school'; add the system to a region's 'systems', or fix 'regions:'",
          at: at("content/pages/login-school.md", 3, 12))
      ]),
  ]

  static let pageRefs: [RuleCase] = [
    RuleCase(
      rule: "label-quotes", name: "a label pasted from Word in “…”",
      edits: [
        .replace(loginPage, "нажмите «Войти через Госуслуги».", "нажмите “Войти через Госуслуги”.")
      ],
      expected: [
        .warning(
          .labelQuotes,
          "“Войти через Госуслуги” is a label of «Моя школа» in “…”: the site quotes labels in «ёлочки»; write «Войти через Госуслуги»",
          at: at("content/pages/login-school.md", 10, 78))
      ]),
    RuleCase(
      rule: "ui-label-unknown", name: "a misspelt label in inline code, placed at its «",
      edits: [
        .replace(loginPage, "нажмите «Войти через Госуслуги».", "нажмите `«Войти через Госуслги»`.")
      ],
      expected: [
        .error(
          .uiLabelUnknown,
          "«Войти через Госуслги» is not a label on the screens of «Моя школа»; did you mean «Войти через Госуслуги»? (declare it under the system's screens if the screen really says so)",
          at: at("content/pages/login-school.md", 10, 79),
          notes: [note("content/flows/flow.yaml", 26, 9, "the system's screens are declared here")])
      ]),
    RuleCase(
      rule: "ui-label-unknown", name: "a misspelt label in typewriter quotes",
      edits: [
        .replace(loginPage, "нажмите «Войти через Госуслуги».", "нажмите \"Войти через Госуслги\".")
      ],
      expected: [
        .error(
          .uiLabelUnknown,
          "\"Войти через Госуслги\" is not a label on the screens of «Моя школа»; did you mean «Войти через Госуслуги»? (labels are quoted in «ёлочки»)",
          at: at("content/pages/login-school.md", 10, 78),
          notes: [note("content/flows/flow.yaml", 26, 9, "the system's screens are declared here")])
      ]),
    RuleCase(
      rule: "ui-label-unknown", name: "label of another system",
      edits: [
        .replace(
          loginPage, "пароль от «ЕСИА» и нажмите «Войти».",
          "пароль и нажмите «Войти через Госуслуги».")
      ],
      expected: [
        .error(
          .uiLabelUnknown,
          "«Войти через Госуслуги» is not a label on the screens of «Госуслуги»; did you mean «Войти»? (declare it under the system's screens if the screen really says so)",
          at: at("content/pages/login-school.md", 11, 55),
          notes: [note("content/flows/flow.yaml", 15, 9, "the system's screens are declared here")])
      ]),
    RuleCase(
      rule: "link-broken", name: "link to a page that does not exist",
      edits: [.replace(loginPage, "(register-gosuslugi.md#how)", "(registration.md#how)")],
      expected: [
        .error(
          .preconditionUnlinked,
          "procedure 'login-school' requires esia-account = confirmed, which «Регистрация на Госуслугах» (register-gosuslugi.md) provides, but the page does not link to it; add a link like [Регистрация на Госуслугах](register-gosuslugi.md)",
          at: at("content/pages/login-school.md", 3, 12)),
        .error(
          .linkBroken, "no page 'registration.md'; did you mean 'register-gosuslugi.md'?",
          at: at("content/pages/login-school.md", 8, 20)),
      ]),
    RuleCase(
      rule: "link-broken", name: "image file missing",
      edits: [.replace(registerPage, "(../assets/form.png)", "(../assets/from.png)")],
      expected: [
        .error(
          .linkBroken,
          "file 'content/assets/from.png' does not exist; add it to content/assets/ or fix the path",
          at: at("content/pages/register-gosuslugi.md", 21, 1))
      ]),
    RuleCase(
      rule: "link-broken", name: "linked page not built in one of the page's regions",
      edits: [
        .replace(
          registerPage, "[первому шагу](#register)",
          "[первому шагу](#register) или [войдите в школу](login-school.md)")
      ],
      expected: [
        .error(
          .linkBroken,
          "'login-school.md' is not built for RU-KLU (Калужская область), where this page is; the link would lead nowhere there",
          at: at("content/pages/register-gosuslugi.md", 18, 63))
      ]),
    RuleCase(
      rule: "anchor-broken", name: "misspelt anchor on the same page",
      edits: [.replace(registerPage, "(#register)", "(#regster)")],
      expected: [
        .error(
          .anchorBroken, "no step or heading '#regster' on this page; did you mean '#register'?",
          at: at("content/pages/register-gosuslugi.md", 18, 33))
      ]),
    RuleCase(
      rule: "anchor-broken", name: "misspelt anchor on another page",
      edits: [.replace(loginPage, "(register-gosuslugi.md#how)", "(register-gosuslugi.md#hw)")],
      expected: [
        .error(
          .anchorBroken,
          "'register-gosuslugi.md' has no step or heading '#hw'; did you mean '#how'?",
          at: at("content/pages/login-school.md", 8, 20))
      ]),
    RuleCase(
      rule: "link-scheme", name: "javascript: link",
      edits: [.replace(registerPage, "(mailto:help@stepwise.example)", "(javascript:alert(1))")],
      expected: [
        .error(
          .linkScheme,
          "link 'javascript:alert(1)' is refused: the 'javascript:' scheme is not allowed (use https, http, mailto or tel)",
          at: at("content/pages/register-gosuslugi.md", 19, 1))
      ]),
    RuleCase(
      rule: "link-scheme", name: "protocol-relative link",
      edits: [.replace(registerPage, "(mailto:help@stepwise.example)", "(//evil.example/help)")],
      expected: [
        .error(
          .linkScheme,
          "link '//evil.example/help' is refused: an address starting with '//' or '\\\\' leaves the site; write https:// in full",
          at: at("content/pages/register-gosuslugi.md", 19, 1))
      ]),
    RuleCase(
      rule: "image-alt", name: "image without alt text",
      edits: [.replace(registerPage, "![Форма регистрации]", "![]")],
      expected: [
        .error(
          .imageAlt,
          "image without alt text; describe what it shows: ![описание](../assets/form.png)",
          at: at("content/pages/register-gosuslugi.md", 21, 1))
      ]),
    RuleCase(
      rule: "expired", name: "both pages past valid-until", edits: [], today: date("2027-01-01"),
      expected: [
        .warning(
          .reviewDue,
          "the page was due for review by 01.01.2026; re-read it against the live service and move 'review-by' forward",
          at: at("content/pages/login-school.md", 4, 12)),
        .error(
          .expired,
          "the page was valid until 31.12.2026 and today is 01.01.2027; update the instructions and the date, or remove the page",
          at: at("content/pages/login-school.md", 5, 14)),
        .warning(
          .reviewDue,
          "the page was due for review by 01.01.2026; re-read it against the live service and move 'review-by' forward",
          at: at("content/pages/register-gosuslugi.md", 4, 12)),
        .error(
          .expired,
          "the page was valid until 31.12.2026 and today is 01.01.2027; update the instructions and the date, or remove the page",
          at: at("content/pages/register-gosuslugi.md", 5, 14)),
      ]),
    RuleCase(
      rule: "base-url-example", name: "site.yaml still gives the example address",
      edits: [
        .replace(
          siteFile, "base-url: https://help.minobr.example/", "base-url: https://stepwise.example/")
      ],
      expected: [
        .warning(
          .baseURLExample,
          "'base-url' is still the example address 'https://stepwise.example/': the sitemap, robots.txt and every page's canonical link would point there; write the address the site will be published at (or pass --base-url to build)",
          at: at("content/site.yaml", 2, 11))
      ]),
    RuleCase(
      rule: "review-due", name: "both pages past review-by", edits: [], today: date("2026-01-02"),
      expected: [
        .warning(
          .reviewDue,
          "the page was due for review by 01.01.2026; re-read it against the live service and move 'review-by' forward",
          at: at("content/pages/login-school.md", 4, 12)),
        .warning(
          .reviewDue,
          "the page was due for review by 01.01.2026; re-read it against the live service and move 'review-by' forward",
          at: at("content/pages/register-gosuslugi.md", 4, 12)),
      ]),
  ]
}

// MARK: - Near misses: must stay clean

extension NearMiss {
  static let all: [NearMiss] = listed + editorMistakes

  static let listed: [NearMiss] = [
    NearMiss(
      rule: "base-url-example", name: "a real address under a sub-folder named like the example",
      edits: [
        .replace(
          siteFile, "base-url: https://help.minobr.example/",
          "base-url: https://stepwise.example.minobr.ru/stepwise.example/")
      ]),
    NearMiss(
      rule: "schema", name: "text that YAML 1.1 would read as a boolean",
      edits: [.replace(siteFile, "title: Тестовый сайт", "title: NO")]),
    NearMiss(
      rule: "schema", name: "a date-like page title stays text",
      edits: [.replace(registerPage, "title: Регистрация на Госуслугах\n", "title: 2025-03-17\n")]),
    NearMiss(
      rule: "schema", name: "& and * inside text are not anchors",
      edits: [.replace(flowFile, "    title: Родитель", "    title: Родитель & опекун *")]),
    NearMiss(
      rule: "encoding", name: "BOM and CRLF line ends",
      edits: [
        .transform(
          registerPage, "BOM + CRLF",
          { "\u{FEFF}" + $0.replacingOccurrences(of: "\n", with: "\r\n") })
      ]),
    NearMiss(
      rule: "size-limit", name: "page exactly at the limit",
      edits: [.transform(registerPage, "pad to limit", padded(to: pageLimit))]),
    NearMiss(
      rule: "path-outside", name: "asset linked to a file inside the site",
      edits: [
        .symlink("content/assets/copy.png", target: "content/assets/form.png", outside: false)
      ]),
    NearMiss(
      rule: "file-name", name: "a control character in a file that is not a page",
      edits: [.copy(loginPage, to: "content/pages/login\nschool.txt")]),
    NearMiss(
      rule: "schema", name: "contact with an international phone and an e-mail",
      edits: [
        .replace(
          siteFile, "    phone: 8 800 100-70-10\n",
          "    phone: +7 (800) 100-70-10\n    email: help@stepwise.example\n")
      ]),
    NearMiss(
      rule: "url-not-https", name: "'@' in a URL's path and query",
      edits: [
        .replace(
          regionsFile, "portal-url: https://edu.tatar.ru",
          "portal-url: https://edu.tatar.ru/@school?by=a@b")
      ]),
    NearMiss(
      rule: "raw-html", name: "HTML inside a code span",
      edits: [.replace(loginPage, "> Нужна подтверждённая", "> Нужна `<b>` подтверждённая")]),
    NearMiss(
      rule: "graph-duplicate-id", name: "same screen id in two systems",
      edits: [.replace(flowFile, "      - id: start", "      - id: login")]),
    NearMiss(
      rule: "graph-unknown-ref", name: "region lists an all-regions system",
      edits: [
        .replace(
          regionsFile, "    slug: tatarstan\n    systems: [school]",
          "    slug: tatarstan\n    systems: [school, gosuslugi]")
      ]),
    NearMiss(
      rule: "graph-unknown-state", name: "several initial values",
      edits: [
        .replace(
          flowFile, "    value-titles: [нет, упрощённая, подтверждённая]\n",
          "    value-titles: [нет, упрощённая, подтверждённая]\n    initial: [none, simplified]\n")
      ]),
    NearMiss(
      rule: "graph-unused-step", name: "step used only as optional",
      edits: [
        .replace(flowFile, "\nprocedures:", "\n" + printStep + "procedures:"),
        .replace(
          flowFile, "      - procedure: sign-in-gosuslugi\n",
          "      - procedure: sign-in-gosuslugi\n      - optional: print-page\n"),
      ]),
    NearMiss(
      rule: "graph-unfinishable", name: "shared procedure included by two procedures",
      edits: [
        .replace(
          flowFile, "      - optional: add-phone\n",
          "      - optional: add-phone\n      - procedure: sign-in-gosuslugi\n"),
        .replace(
          registerPage, "3. {#add-phone} Добавьте номер телефона в профиле.\n",
          "3. {#add-phone} Добавьте номер телефона в профиле.\n4. {#enter-password} Войдите: нажмите «Войти».\n"
        ),
      ]),
    NearMiss(
      rule: "requires-unmet", name: "starting state written as a list",
      edits: [
        .replace(
          flowFile, "    requires:\n      esia-account: none\n    steps:\n",
          "    requires:\n      esia-account: [none]\n    steps:\n")
      ]),
    NearMiss(
      rule: "state-unprovided", name: "required value is an initial one",
      edits: [
        .replace(
          flowFile, "\n\nactors:",
          consentState.replacingOccurrences(
            of: "[none, granted]\n", with: "[none, granted]\n    initial: [none, granted]\n")
            + "actors:"),
        .replace(
          flowFile, "      esia-account: confirmed\n    steps:",
          "      esia-account: confirmed\n      consent: granted\n    steps:"),
      ]),
    NearMiss(
      rule: "page-missing", name: "shared procedure without a page",
      edits: [
        .replace(
          flowFile, "      - procedure: sign-in-gosuslugi\n",
          "      - procedure: sign-in-gosuslugi\n  - id: print-instructions\n    title: Печать инструкции\n    shared: true\n    steps:\n      - add-phone\n"
        )
      ]),
    NearMiss(
      rule: "page-procedure", name: "procedure id in quotes",
      edits: [.replace(loginPage, "procedure: login-school", "procedure: \"login-school\"")]),
    NearMiss(
      rule: "step-unknown", name: "a marker shown in code is not a marker",
      edits: [
        .replace(
          registerPage, "![Форма регистрации]",
          "- `{#не шаг}` так помечают шаги.\n\n![Форма регистрации]")
      ]),
    NearMiss(
      rule: "step-extra", name: "unmarked sub-steps inside a step",
      edits: [
        .replace(
          registerPage, "3. {#add-phone} Добавьте номер телефона в профиле.\n",
          "3. {#add-phone} Добавьте номер телефона:\n   1. откройте профиль;\n   2. нажмите «Подтвердить».\n"
        )
      ]),
    NearMiss(
      rule: "step-order", name: "only the second alternative written",
      edits: [
        .replace(registerPage, "   - {#confirm-bank} через банк: нажмите «Подтвердить»;\n", "")
      ]),
    NearMiss(
      rule: "step-missing", name: "optional step left out",
      edits: [.replace(registerPage, "3. {#add-phone} Добавьте номер телефона в профиле.\n", "")]),
    NearMiss(
      rule: "step-missing", name: "alternative of two steps written whole",
      edits: [
        .replace(
          registerPage, "   - {#confirm-office} в центре обслуживания.\n",
          "   - {#confirm-office} в центре обслуживания;\n   - {#order-code} по почте: закажите код;\n   - {#enter-code} введите код из письма.\n"
        )
      ]),
    NearMiss(
      rule: "step-marker-stray", name: "a marker shown as code",
      edits: [
        .replace(
          registerPage, "3. {#add-phone} Добавьте номер телефона в профиле.",
          "3. {#add-phone} Добавьте номер телефона в профиле (в разметке: `{#add-phone}`).")
      ]),
    NearMiss(
      rule: "list-folded", name: "a year at the start of a line",
      edits: [
        .replace(
          registerPage, "![Форма регистрации]",
          "Порядок действует с\n2025 года.\n\n![Форма регистрации]")
      ]),
    NearMiss(
      rule: "step-number", name: "a list written 1. on every item",
      edits: [
        .replace(registerPage, "2. Подтвердите личность", "1. Подтвердите личность"),
        .replace(registerPage, "3. {#add-phone}", "1. {#add-phone}"),
      ]),
    NearMiss(
      rule: "step-number", name: "«Шаг N.» paragraphs in sequence",
      edits: [
        .replace(
          registerPage, "![Форма регистрации]",
          "Шаг 1. Проверьте почту.\n\nШаг 2. Войдите.\n\n![Форма регистрации]")
      ]),
    NearMiss(
      rule: "precondition-unlinked", name: "link to the page without an anchor",
      edits: [.replace(loginPage, "(register-gosuslugi.md#how)", "(register-gosuslugi.md)")]),
    NearMiss(
      rule: "region-var-undefined", name: "page narrowed to the regions that define the variable",
      edits: [
        .replace(
          registerPage, "Инструкция для жителей: {{region.name}}.",
          "Инструкция для жителей: {{region.name}}, портал {{portal-url}}."),
        .replace(
          registerPage, "procedure: register-gosuslugi\n",
          "procedure: register-gosuslugi\nregions: [RU-MOS, RU-TA]\n"),
      ]),
    NearMiss(
      rule: "region-unknown", name: "page narrowed to a known region",
      edits: [
        .replace(
          loginPage, "procedure: login-school\n", "procedure: login-school\nregions: [RU-MOS]\n")
      ]),
    NearMiss(
      rule: "region-url-hardcoded", name: "a federal address and a parent domain",
      edits: [
        .replace(
          registerPage, "Инструкция для жителей: {{region.name}}.",
          "Инструкция для жителей: {{region.name}}. См. https://www.gosuslugi.ru и tatar.ru.")
      ]),
    NearMiss(
      rule: "url-not-https", name: "https URL with a path and a query",
      edits: [
        .replace(
          regionsFile, "portal-url: https://edu.tatar.ru",
          "portal-url: https://edu.tatar.ru/login?from=stepwise")
      ]),
    NearMiss(
      rule: "region-contact-hardcoded",
      name: "a region's phone on a page built for that region alone",
      edits: [
        .replace(
          loginPage, "procedure: login-school\n", "procedure: login-school\nregions: [RU-MOS]\n"),
        .replace(
          loginPage, "нажмите «Войти через Госуслуги».",
          "нажмите «Войти через Госуслуги». Вопросы — по телефону 8 (498) 602-11-11."),
      ]),
    NearMiss(
      rule: "link-own-site", name: "a link to the site's root page",
      edits: [
        .replace(
          loginPage, "нажмите «Войти через Госуслуги».",
          "нажмите «Войти через Госуслуги». [Все регионы](https://help.minobr.example/).")
      ]),
    NearMiss(
      rule: "region-url-shared", name: "another page of the same portal",
      edits: [
        .replace(
          regionsFile, "portal-url: https://edu.tatar.ru",
          "portal-url: https://school.mosreg.ru/tatarstan")
      ]),
    NearMiss(
      rule: "page-unbuilt", name: "a page narrowed to one region that uses its system",
      edits: [
        .replace(
          loginPage, "procedure: login-school\n", "procedure: login-school\nregions: [RU-TA]\n")
      ]),
    NearMiss(
      rule: "label-quotes", name: "quotes around words that are no label",
      edits: [
        .replace(
          loginPage, "нажмите «Войти через Госуслуги».",
          "нажмите «Войти через Госуслуги» („как указано в письме министерства“).")
      ]),
    NearMiss(
      rule: "label-quotes", name: "typewriter quotes in inline code",
      edits: [
        .replace(
          loginPage, "нажмите «Войти через Госуслуги».",
          "нажмите «Войти через Госуслуги» (`\"Войти\"`).")
      ]),
    NearMiss(
      rule: "region-duplicate", name: "two regions with the same name",
      edits: [.replace(regionsFile, "name: Калужская область", "name: Республика Татарстан")]),
    NearMiss(
      rule: "ui-label-unknown", name: "label broken over two lines",
      edits: [
        .replace(
          loginPage, "нажмите «Войти через Госуслуги».", "нажмите «Войти через\n   Госуслуги».")
      ]),
    NearMiss(
      rule: "link-broken", name: "image of an asset that is a link to a file inside the site",
      edits: [
        .symlink("content/assets/copy.png", target: "content/assets/form.png", outside: false),
        .replace(registerPage, "../assets/form.png", "../assets/copy.png"),
      ]),
    NearMiss(
      rule: "link-broken", name: "link through ../pages/",
      edits: [
        .replace(loginPage, "(register-gosuslugi.md#how)", "(../pages/register-gosuslugi.md#how)")
      ]),
    NearMiss(
      rule: "anchor-broken", name: "link to a heading anchor on the same page",
      edits: [.replace(registerPage, "(#register)", "(#how)")]),
    NearMiss(
      rule: "link-scheme", name: "tel: link",
      edits: [.replace(registerPage, "(mailto:help@stepwise.example)", "(tel:+78001007010)")]),
    NearMiss(
      rule: "image-alt", name: "image with alt text",
      edits: [.replace(registerPage, "![Форма регистрации]", "![Снимок экрана]")]),
    NearMiss(
      rule: "expired", name: "today is the last valid day",
      edits: [
        .replace(registerPage, "review-by: 2026-01-01\n", ""),
        .replace(loginPage, "review-by: 2026-01-01\n", ""),
      ],
      today: date("2026-12-31")),
    NearMiss(
      rule: "review-due", name: "today is the review day", edits: [], today: date("2026-01-01")),
  ]
}

// MARK: - Tests

@Suite struct RuleCaseTests {
  @Test func baseFixtureIsClean() throws {
    let site = try TemporarySite()
    expectDiagnostics(try site.check(today: fixtureToday), [])
  }

  @Test(arguments: RuleCase.all)
  func triggers(_ rule: RuleCase) throws {
    let site = try TemporarySite(edits: rule.edits)
    let actual = try site.check(today: rule.today)
    expectDiagnostics(actual, rule.expected, rule.testDescription)
    #expect(actual.contains { $0.rule.rawValue == rule.rule }, "\(rule.rule) was not reported")
    // Every finding comes from the message catalogue: its Russian text is there and fit to print.
    for diagnostic in actual {
      let texts =
        [(diagnostic.message, diagnostic.russianMessage)]
        + diagnostic.notes.map { ($0.message, $0.russianMessage) }
      for (english, russian) in texts {
        #expect(russian != nil, "no Russian text: \(english)")
        // Values quoted from the page may hold straight quotes themselves (`label-quotes`).
        let problems = textProblems(english: english, russian: russian ?? "").filter {
          !$0.hasPrefix("straight quotes")
        }
        #expect(problems.isEmpty, "\(problems)")
      }
    }
  }

  @Test(arguments: NearMiss.all)
  func nearMisses(_ miss: NearMiss) throws {
    let site = try TemporarySite(edits: miss.edits)
    expectDiagnostics(try site.check(today: miss.today), [], miss.testDescription)
  }

  /// Every rule the loader and the checker can report has a triggering case and a near miss.
  @Test func everyRuleIsCovered() {
    // `render-budget` needs the worker processes of the executable (RenderBudgetTests), and
    // `graph-too-large` a generated graph (ExpansionLimitTests in StepwiseModelTests).
    let rules = Set(Checker.allRuleIDs.map(\.rawValue)).subtracting([
      "template", "render-budget", "graph-too-large",
    ])
    let triggered = Set(
      (RuleCase.all + NamedCase.all.map(\.asRuleCase)).flatMap { $0.expected.map(\.rule.rawValue) })
    let missed = Set(NearMiss.all.map(\.rule) + NamedCase.all.compactMap(\.nearMiss).map(\.rule))
    #expect(rules.subtracting(triggered).sorted() == [])
    #expect(rules.subtracting(missed).sorted() == [])
    #expect(
      triggered.subtracting(rules).sorted() == [],
      "a case reports a rule id Checker.allRuleIDs does not list")
  }
}

// MARK: - Bare addresses

@Suite struct BareAddressTests {
  /// A pasted autolink is one finding, not one for the link and another for its text.
  ///
  /// The place should be the first character of the address (column 35), but cmark-gfm gives
  /// these columns for them, every time (they are not intermittent): a bare URL at its `:`
  /// (40), a `www.` address one column early (34), an `<…>` autolink two columns early (33).
  /// The test asserts those known values, so a change in cmark-gfm or in our position mapping
  /// shows up here.
  @Test(arguments: [
    ("https://school.mosreg.ru/", 40), ("www.school.mosreg.ru", 34),
    ("<https://school.mosreg.ru/>", 33),
  ])
  func portalAutolinkIsReportedOnce(_ pasted: String, knownColumn: Int) throws {
    let site = try TemporarySite(edits: [
      .replace(loginPage, "[{{portal-url}}]({{portal-url}})", pasted)
    ])
    let found = try site.check(today: fixtureToday)
    #expect(found.map(\.rule) == [.regionURLHardcoded])
    #expect(found.first?.location?.line == 10)
    #expect(found.first?.location?.column == knownColumn)
  }
}
