import Foundation
import StepwiseCheck
import StepwiseCore
import StepwiseModel
import Testing

// The classes of issue 13 ("`check` sees everything an editor can break") that were missed or
// reported as a cascade: each a trigger with its whole diagnostic, and a near miss that stays
// clean. Listed in `RuleCase.all` and `NearMiss.all`.

private let flowFile = FixtureFile.flow
private let registerPage = FixtureFile.register
private let loginPage = FixtureFile.login

/// The office alternative's effect, as the base fixture writes it.
private let officeEffect =
  "      esia-account: simplified\n    effects:\n      esia-account: confirmed\n  - id: order-code"

/// The password step made to need a reader who is not signed in yet.
private let passwordNeedsOut = Edit.replace(
  flowFile, "      esia-account: confirmed\n    effects:\n      session: in",
  "      esia-account: confirmed\n      session: out\n    effects:\n      session: in")

/// The school procedure made to be for readers who are not signed in yet.
private let procedureNeedsOut = Edit.replace(
  flowFile, "    requires:\n      esia-account: confirmed\n    steps:",
  "    requires:\n      esia-account: confirmed\n      session: out\n    steps:")

extension RuleCase {
  static let editorMistakes: [RuleCase] = frontMatterText + alternatives + oneMistake + placement

  /// Class 1: the title and the summary are page text.
  static let frontMatterText: [RuleCase] = [
    RuleCase(
      rule: "region-var-undefined", name: "a misspelt variable in the title",
      edits: [
        .replace(
          loginPage, "title: Вход в «Мою школу»", "title: Вход в «Мою школу» — {{regoin.name}}")
      ],
      expected: [
        .error(
          .regionVarUndefined,
          "unknown variable '{{regoin.name}}'; did you mean '{{region.name}}'?",
          at: at("content/pages/login-school.md", 2, 29))
      ]),
    RuleCase(
      rule: "region-contact-hardcoded", name: "a region's phone in the title",
      edits: [
        .replace(
          registerPage, "title: Регистрация на Госуслугах",
          "title: Регистрация на Госуслугах, тел. 8 (498) 602-11-11")
      ],
      expected: [
        .error(
          .regionContactHardcoded,
          "'8 (498) 602-11-11' is the 'ministry-phone' of RU-MOS (Московская область), but this page is also built for RU-TA, RU-KLU; write {{ministry-phone}} so that every region shows its own",
          at: at("content/pages/register-gosuslugi.md", 2, 40))
      ]),
    RuleCase(
      rule: "region-url-hardcoded", name: "a region's portal in a quoted summary",
      edits: [
        .replace(
          loginPage, "procedure: login-school",
          "procedure: login-school\nsummary: \"Портал school.mosreg.ru и {{portal-url}}\"")
      ],
      expected: [
        .error(
          .regionURLHardcoded,
          "'school.mosreg.ru' is the 'portal-url' of RU-MOS (Московская область); write {{portal-url}} so that every region shows its own address",
          at: at("content/pages/login-school.md", 4, 18))
      ]),
  ]

  /// Class 7: reasoning with alternatives.
  static let alternatives: [RuleCase] = [
    RuleCase(
      rule: "alternative-effect-missing", name: "one alternative lost its effect",
      edits: [
        .replace(flowFile, officeEffect, "      esia-account: simplified\n  - id: order-code")
      ],
      expected: [
        .error(
          .alternativeEffectMissing,
          "alternative 'confirm-office' of the one-of in procedure 'register-gosuslugi' does not set esia-account, which every other alternative sets to confirmed; readers who take it would not reach that value — add 'effects: esia-account: confirmed' to step 'confirm-office'",
          at: at("content/flows/flow.yaml", 97, 13),
          notes: [note("content/flows/flow.yaml", 51, 9, "the step is defined here")])
      ]),
    RuleCase(
      rule: "state-unprovided", name: "an alternative sets another value than the one required",
      edits: [
        .replace(
          flowFile, officeEffect,
          "      esia-account: simplified\n    effects:\n      esia-account: simplified\n  - id: order-code"
        )
      ],
      expected: [
        .error(
          .stateUnprovided,
          "procedure 'register-gosuslugi' leads to esia-account = confirmed on some paths only: a reader may end it with esia-account = simplified (after an optional step, or an alternative that sets another value), and no procedure leads there on every path for 'login-school'; make every path of 'register-gosuslugi' set it",
          at: at("content/flows/flow.yaml", 91, 9))
      ]),
    RuleCase(
      rule: "state-unchanged", name: "the step that set the state lost its effect",
      edits: [
        procedureNeedsOut, passwordNeedsOut,
        .replace(flowFile, "    effects:\n      session: in\n", "\n"),
      ],
      expected: [
        .warning(
          .stateUnchanged,
          "procedure 'login-school' is for readers with session = out, but none of its steps changes session: readers would end where they started; if a step lost its 'effects:' (perhaps 'enter-password'), restore it",
          at: at("content/flows/flow.yaml", 111, 7),
          notes: [note("content/flows/flow.yaml", 106, 9, "the last step that requires it")])
      ]),
  ]

  /// Class 8: one mistake, one error.
  static let oneMistake: [RuleCase] = [
    RuleCase(
      rule: "yaml-syntax", name: "a tab in a flow file's indentation, nothing else",
      edits: [
        .replace(
          flowFile, "    title: Зарегистрируйтесь на Госуслугах",
          "\ttitle: Зарегистрируйтесь на Госуслугах")
      ],
      expected: [
        .error(
          .yamlSyntax,
          "invalid YAML: this line is indented with a tab; YAML allows only spaces — replace the tab with spaces lining the line up with its neighbours",
          at: at("content/flows/flow.yaml", 36, 1))
      ]),
    RuleCase(
      rule: "yaml-syntax", name: "an entry indented one space less",
      edits: [.replace(flowFile, "  - id: confirm-office", " - id: confirm-office")],
      expected: [
        .error(
          .yamlSyntax,
          "invalid YAML (did not find expected key): the indentation does not line up — keys of one entry start in the same column and list items ('- ') of one list too; check this line and the one above",
          at: at("content/flows/flow.yaml", 51, 2))
      ]),
    RuleCase(
      rule: "yaml-syntax", name: "a title with ': ' not in quotes",
      edits: [.replace(loginPage, "title: Вход в «Мою школу»", "title: Шаг 2: вход в «Мою школу»")],
      expected: [
        .error(
          .yamlSyntax,
          "invalid YAML: the value of 'title' contains ': ', which YAML reads as the start of another key; put the value in quotes: title: \"…\"",
          at: at("content/pages/login-school.md", 2, 13))
      ]),
    RuleCase(
      rule: "yaml-syntax", name: "unreadable front matter: no missing page, no broken link",
      edits: [
        .replace(
          registerPage, "procedure: register-gosuslugi", "procedure register-gosuslugi\n  x: [")
      ],
      expected: [
        .error(
          .yamlSyntax,
          "invalid YAML (could not find expected ':'): the indentation does not line up — keys of one entry start in the same column and list items ('- ') of one list too; check this line and the one above",
          at: at("content/pages/register-gosuslugi.md", 4, 4))
      ]),
    RuleCase(
      rule: "graph-unknown-ref", name: "a misspelt step in a procedure: one error at the typo",
      edits: [.replace(flowFile, "      - open-school\n", "      - open-scool\n")],
      expected: [
        .error(
          .graphUnknownRef, "unknown step 'open-scool'; did you mean 'open-school'?",
          at: at("content/flows/flow.yaml", 112, 9))
      ]),
    RuleCase(
      rule: "step-unknown", name: "a misspelt marker: not missing as well",
      edits: [.replace(loginPage, "{#open-school}", "{#open-scool}")],
      expected: [
        .error(
          .stepUnknown, "unknown step '{#open-scool}'; did you mean 'open-school'?",
          at: at("content/pages/login-school.md", 10, 4))
      ]),
    RuleCase(
      rule: "step-marker-stray", name: "steps written as «Шаг N.» paragraphs",
      edits: [
        .replace(loginPage, "1. {#open-school} Откройте", "Шаг 1. {#open-school} Откройте"),
        .replace(loginPage, "\n2. {#enter-password}", "\n\nШаг 2. {#enter-password}"),
      ],
      expected: [
        .error(
          .stepMarkerStray,
          "2 step markers ({#open-school}, {#enter-password}) are not at the start of list items, so the page has no steps there: markers must start list items — write the steps as a numbered list, one item per step: '1. {#open-school} …'",
          at: at("content/pages/login-school.md", 10, 8))
      ]),
    RuleCase(
      rule: "step-unmarked", name: "a step's marker deleted",
      edits: [.replace(loginPage, "2. {#enter-password} Введите", "2. Введите")],
      expected: [
        .error(
          .stepUnmarked,
          "this item has no step marker, and step «Введите логин и пароль от Госуслуг» ('enter-password') of procedure 'login-school' belongs here; start the item with {#enter-password}",
          at: at("content/pages/login-school.md", 11, 1))
      ]),
    RuleCase(
      rule: "step-unmarked", name: "an optional step's marker deleted",
      edits: [.replace(registerPage, "3. {#add-phone} Добавьте", "3. Добавьте")],
      expected: [
        .error(
          .stepUnmarked,
          "this item has no step marker, and step «Добавьте номер телефона» ('add-phone') of procedure 'register-gosuslugi' belongs here; start the item with {#add-phone}",
          at: at("content/pages/register-gosuslugi.md", 16, 1))
      ]),
  ]

  /// Class 9: a finding about something deleted points where it was expected.
  static let placement: [RuleCase] = [
    RuleCase(
      rule: "step-missing", name: "the last step deleted: the line after the list",
      edits: [
        .replace(
          loginPage, "2. {#enter-password} Введите логин и пароль от «ЕСИА» и нажмите «Войти».\n",
          "")
      ],
      expected: [
        .error(
          .stepMissing,
          "step «Введите логин и пароль от Госуслуг» ('enter-password') of procedure 'login-school' is missing; add a list item starting with {#enter-password}",
          at: at("content/pages/login-school.md", 11, 1))
      ])
  ]
}

extension NearMiss {
  static let editorMistakes: [NearMiss] = [
    NearMiss(
      rule: "region-var-undefined", name: "a declared variable in the title",
      edits: [
        .replace(
          loginPage, "title: Вход в «Мою школу»", "title: Вход в «Мою школу» — {{region.name}}")
      ]),
    NearMiss(
      rule: "region-contact-hardcoded", name: "the phone variable in the summary",
      edits: [
        .replace(
          registerPage, "procedure: register-gosuslugi",
          "procedure: register-gosuslugi\nsummary: Вопросы — по телефону {{ministry-phone}}.")
      ]),
    NearMiss(
      rule: "alternative-effect-missing", name: "alternatives that end in values both accepted",
      edits: [
        .replace(
          flowFile, officeEffect,
          "      esia-account: simplified\n    effects:\n      esia-account: simplified\n  - id: order-code"
        ),
        .replace(
          flowFile, "    requires:\n      esia-account: confirmed\n    steps:",
          "    requires:\n      esia-account: [simplified, confirmed]\n    steps:"),
        .replace(
          flowFile, "    requires:\n      esia-account: confirmed\n    effects:\n      session: in",
          "    requires:\n      esia-account: [simplified, confirmed]\n    effects:\n      session: in"
        ),
      ]),
    NearMiss(
      rule: "state-unchanged", name: "a procedure for readers who are out that signs them in",
      edits: [procedureNeedsOut, passwordNeedsOut]),
    NearMiss(
      rule: "yaml-syntax", name: "a title with ': ' in quotes",
      edits: [
        .replace(loginPage, "title: Вход в «Мою школу»", "title: \"Шаг 2: вход в «Мою школу»\"")
      ]),
    NearMiss(
      rule: "yaml-syntax", name: "a tab inside a title, not in the indentation",
      edits: [
        .replace(
          flowFile, "title: Зарегистрируйтесь на Госуслугах",
          "title: Зарегистрируйтесь\tна Госуслугах")
      ]),
    NearMiss(
      rule: "step-unmarked", name: "a remark numbered among the steps, where no step is missing",
      edits: [
        .replace(
          loginPage, "нажмите «Войти».\n", "нажмите «Войти».\n3. Дождитесь перехода на портал.\n")
      ]),
    NearMiss(
      rule: "step-unmarked", name: "a nested numbered list inside a step",
      edits: [
        .replace(
          registerPage, "3. {#add-phone} Добавьте номер телефона в профиле.\n",
          "3. {#add-phone} Добавьте номер телефона в профиле:\n   1. Откройте профиль.\n   2. Введите номер.\n"
        )
      ]),
    NearMiss(
      rule: "step-missing", name: "an optional last step deleted",
      edits: [.replace(registerPage, "3. {#add-phone} Добавьте номер телефона в профиле.\n", "")]),
  ]
}
