import StepwiseCore
import StepwiseModel

// MARK: - How to add a message
//
// Every message `stepwise check` reports comes from this catalogue. To add one:
//   1. add a case (with the values it shows) to `CheckMessage`;
//   2. write its English text in `english` and its Russian text in `russian` — both switches are
//      exhaustive, so nothing compiles until both texts exist;
//   3. add one sample of the case to `samples` (CatalogueTests fails on a case without one and
//      checks both texts: not empty, different, no Latin letter inside a Russian word, «» quotes);
//   4. report it from the rule: `.error(.ruleID, CheckMessage.yourCase(…), at: location)`, and
//      a note: `.init(location: place, CheckMessage.yourNote)`;
//   5. docs/rules.md shows both texts under the rule's `### \`id\`` heading.
// Russian: short; the fix in the imperative («Замените…», «Добавьте…»); «ёлочки» around names and
// values; no declension of an interpolated name (write «процедура «x»», «в процедуре «x»», never
// a name that has to change its ending). The English texts are the ones tests compare.

/// What kind of id a `graph-duplicate-id` is about.
public enum IDKind: Hashable, Sendable {
  case state, actor, system, step, procedure
  case screen(system: String)

  var english: String {
    switch self {
    case .state: "state"
    case .actor: "actor"
    case .system: "system"
    case .step: "step"
    case .procedure: "procedure"
    case .screen(let system): "screen of '\(system)'"
    }
  }

  /// Nominative, to start a sentence: «шаг с id «x» уже есть».
  var russian: String {
    switch self {
    case .state: "состояние"
    case .actor: "участник"
    case .system: "система"
    case .step: "шаг"
    case .procedure: "процедура"
    case .screen(let system): "экран системы «\(system)»"
    }
  }
}

/// What kind of name a `graph-unknown-ref` is about.
public enum ReferenceKind: String, Hashable, Sendable {
  case actor, system, step, procedure

  /// «участник «x» не объявлен»: the whole subject and verb, so that gender agrees.
  func russianUndeclared(_ id: String) -> String {
    switch self {
    case .actor: "участник «\(id)» не объявлен"
    case .system: "система «\(id)» не объявлена"
    case .step: "шаг «\(id)» не объявлен"
    case .procedure: "процедура «\(id)» не объявлена"
    }
  }
}

/// Every message and note of the checker's rules.
public enum CheckMessage: LocalizedMessage {
  // graph-…, requires-unmet, state-unprovided, page-missing
  case duplicateID(IDKind, id: String)
  case firstDefinedHere
  case unknownReference(ReferenceKind, id: String, suggestion: String?)
  case tooLarge(procedure: String, limit: Int)
  case unusedStep(String)
  case pageMissing(procedure: String)
  case stateUnprovided(procedure: String, state: String, values: [String])
  case unknownState(String, suggestion: String?)
  case notAValue(String, state: String, suggestion: String?, values: [String])
  case notShared(procedure: String)
  case includesItself(procedure: String, chain: [String])
  case requirementUnmet(
    step: String, sharedProcedure: String?, state: String, accepted: [String], procedure: String,
    possible: [String])
  case requirementIsHere
  case stateUnchanged(procedure: String, state: String, values: [String], step: String)
  case lastStepRequiringIt
  case alternativeEffectMissing(
    alternative: String, procedure: String, state: String, values: [String], step: String)
  case stepDefinedHere
  case partialProvision(
    procedure: String, state: String, accepted: [String], possible: [String],
    consumers: [String])
  // page-procedure, step-…, list-folded
  case listFolded(number: Int)
  case procedureIsShared(String)
  case procedureHasPage(String, other: String)
  case theOtherPage
  case unknownStep(String, suggestion: String?)
  case stepNotInProcedure(title: String, id: String, procedure: String)
  case procedureDefinedHere
  case stepTwice(title: String, id: String)
  case firstWrittenHere
  case stepOrder(step: String, after: String, procedure: String)
  case stepOrderDependency(step: String, before: String, dependency: String)
  case writtenEarlierHere
  case stepMissing(title: String, id: String, procedure: String)
  case noAlternative(titles: [String], procedure: String)
  case strayMarker(String)
  case markersNotInList([String])
  case stepUnmarked(title: String, id: String, procedure: String)
  case stepNumber(Int, previous: Int?, expected: Int)
  // precondition-unlinked
  case preconditionUnlinked(
    procedure: String, state: String, values: [String], pages: [(title: String, slug: String)])
  // region-…, url-not-https, schema of region values
  case regionCodeTwice(String)
  case firstListedHere
  case slugTwice(String)
  case firstUsedHere
  case variableUndeclared(String, suggestion: String?)
  case regionURL(variable: String, region: String, URLProblem, found: String)
  case urlShared(
    variable: String, region: String, regionName: String, url: String, firstVariable: String,
    firstRegion: String, firstRegionName: String)
  case regionGivesItHere(String)
  case notAPhone(variable: String, region: String, found: String)
  case notAnEmail(variable: String, region: String, found: String)
  case unknownRegion(String, suggestion: String?)
  case pageUnbuilt(procedure: String, withRegions: Bool)
  case unknownVariable(String, suggestion: String?)
  case variableMissing(String, regions: [String])
  case contactHardcoded(
    String, variable: String, region: String, regionName: String, others: [String])
  case urlHardcoded(host: String, variable: String, region: String, regionName: String)
  // ui-label-unknown, label-quotes
  case labelInOtherQuotes(
    written: String, system: String, open: Character, close: Character, text: String)
  case labelUnknownInOtherQuotes(written: String, system: String, suggestion: String)
  case labelUnknown(String, system: String, suggestion: String?)
  case systemScreensHere
  // link-…, anchor-broken, image-alt
  case imageAlt(destination: String)
  case linkRefused(String, LinkRefusal)
  case anchorMissingHere(String, suggestion: String?)
  case assetMissing(String)
  case pageMissingForLink(String, suggestion: String?)
  case pageNotBuiltThere(String, regions: [String])
  case anchorMissingThere(page: String, anchor: String, suggestion: String?)
  case linkRefusedInRegions(String, filled: String, regions: [String], LinkRefusal)
  case ownSite(String, page: String?)
  // expired, review-due
  case expired(until: String, today: String)
  case reviewDue(String)
  // base-url-example
  case baseURLExample(String)

  public var english: String {
    switch self {
    case .duplicateID(let kind, let id):
      "\(kind.english) id '\(id)' is already used; ids must be unique"
    case .firstDefinedHere: "first defined here"
    case .unknownReference(let kind, let id, let suggestion):
      "unknown \(kind.rawValue) '\(id)'\(Self.didYouMean(suggestion))"
    case .tooLarge(let procedure, let limit):
      "procedure '\(procedure)' expands to more than \(limit) steps through the shared procedures it includes; no reader can follow that — include each shared procedure once, and not in procedures it includes itself"
    case .unusedStep(let id):
      "step '\(id)' is not used by any procedure; add it to one or delete it"
    case .pageMissing(let procedure):
      "procedure '\(procedure)' has no page; add content/pages/\(procedure).md with 'procedure: \(procedure)'"
    case .stateUnprovided(let procedure, let state, let values):
      "procedure '\(procedure)' requires \(state) = \(values.joined(separator: " or ")), but no procedure leads there; add a procedure whose steps set it"
    case .unknownState(let state, let suggestion):
      "unknown state '\(state)'\(Self.didYouMean(suggestion))"
    case .notAValue(let value, let state, let suggestion, let values):
      "'\(value)' is not a value of state '\(state)'\(Self.didYouMean(suggestion)) (values: \(values.joined(separator: ", ")))"
    case .notShared(let procedure):
      "procedure '\(procedure)' is not shared; only procedures with 'shared: true' can be reused"
    case .includesItself(let procedure, let chain):
      "procedure '\(procedure)' includes itself (\(chain.joined(separator: " → "))) and can never finish"
    case .requirementUnmet(
      let step, let shared, let state, let accepted, let procedure, let possible):
      "step «\(step)»\(shared.map { " (in shared procedure '\($0)')" } ?? "") requires \(state) = \(accepted.joined(separator: " or ")), but in procedure '\(procedure)' it may be \(possible.joined(separator: ", ")) at that point; add a requirement to the procedure or a step that sets it before"
    case .requirementIsHere: "the step's requirement is here"
    case .stateUnchanged(let procedure, let state, let values, let step):
      "procedure '\(procedure)' is for readers with \(state) = \(values.joined(separator: " or ")), but none of its steps changes \(state): readers would end where they started; if a step lost its 'effects:' (perhaps '\(step)'), restore it"
    case .lastStepRequiringIt: "the last step that requires it"
    case .alternativeEffectMissing(let alternative, let procedure, let state, let values, let step):
      "alternative '\(alternative)' of the one-of in procedure '\(procedure)' does not set \(state), which every other alternative sets to \(values.joined(separator: " or ")); readers who take it would not reach that value — add 'effects: \(state): \(values.first ?? "")' to step '\(step)'"
    case .stepDefinedHere: "the step is defined here"
    case .partialProvision(let procedure, let state, let accepted, let possible, let consumers):
      "procedure '\(procedure)' leads to \(state) = \(accepted.joined(separator: " or ")) on some paths only: a reader may end it with \(state) = \(possible.joined(separator: " or ")) (after an optional step, or an alternative that sets another value), and no procedure leads there on every path for \(consumers.map { "'\($0)'" }.joined(separator: ", ")); make every path of '\(procedure)' set it"
    case .listFolded(let number):
      "this line starts with '\(number).' but Markdown joins it to the paragraph above, "
        + "so readers see it run on in one line; leave an empty line before the list"
        + (number == 1 ? "" : " (a list that follows text directly must start at 1)")
    case .procedureIsShared(let procedure):
      "procedure '\(procedure)' is shared (reused inside others) and has no page of its own; point the page at a procedure that uses it"
    case .procedureHasPage(let procedure, let other):
      "procedure '\(procedure)' already has a page, \(other); one page per procedure"
    case .theOtherPage: "the other page"
    case .unknownStep(let id, let suggestion):
      "unknown step '{#\(id)}'\(Self.didYouMean(suggestion))"
    case .stepNotInProcedure(let title, let id, let procedure):
      "step \(title) ('\(id)') is not part of procedure '\(procedure)'; remove it or add it to the procedure"
    case .procedureDefinedHere: "the procedure is defined here"
    case .stepTwice(let title, let id):
      "step \(title) ('\(id)') is written twice; each step appears once"
    case .firstWrittenHere: "first written here"
    case .stepOrder(let step, let after, let procedure):
      "step \(step) is written after \(after), but procedure '\(procedure)' puts it before"
    case .stepOrderDependency(let step, let before, let dependency):
      "step \(step) comes before \(before) but requires \(dependency), which \(before) sets"
    case .writtenEarlierHere: "written earlier here"
    case .stepMissing(let title, let id, let procedure):
      "step \(title) ('\(id)') of procedure '\(procedure)' is missing; add a list item starting with {#\(id)}"
    case .noAlternative(let titles, let procedure):
      "none of the alternatives \(titles.joined(separator: ", ")) of procedure '\(procedure)' is written; describe at least one"
    case .strayMarker(let text):
      "'\(text)' is not a step marker and would be published as text: a marker is {#step-id}, "
        + "with no spaces, at the very start of a list item (a heading's anchor ends the heading)"
    case .markersNotInList(let markers):
      "\(markers.count) step markers (\(Self.shown(markers))) are not at the start of list items, so the page has no steps there: markers must start list items — write the steps as a numbered list, one item per step: '1. \(markers.first ?? "") …'"
    case .stepUnmarked(let title, let id, let procedure):
      "this item has no step marker, and step \(title) ('\(id)') of procedure '\(procedure)' belongs here; start the item with {#\(id)}"
    case .stepNumber(let number, let previous, let expected):
      "step number \(number) is wrong: \(previous.map { "after \($0)" } ?? "the first number") comes \(expected); numbers run 1, 2, 3… without gaps"
    case .preconditionUnlinked(let procedure, let state, let values, let pages):
      "procedure '\(procedure)' requires \(state) = \(values.joined(separator: " or ")), which \(pages.map { "«\($0.title)» (\($0.slug).md)" }.joined(separator: " or ")) provides, but the page does not link to it; add a link like [\(pages.first?.title ?? "")](\(pages.first?.slug ?? "").md)"
    case .regionCodeTwice(let code): "region code '\(code)' is listed twice"
    case .firstListedHere: "first listed here"
    case .slugTwice(let slug):
      "slug '\(slug)' is used by two regions; their pages would overwrite each other"
    case .firstUsedHere: "first used here"
    case .variableUndeclared(let name, let suggestion):
      "variable '\(name)' is not declared under 'variables:'\(Self.didYouMean(suggestion))"
    case .regionURL(let variable, let region, let problem, let found):
      "'\(variable)' of \(region) \(problem.english), found '\(found)'"
    case .urlShared(
      let variable, let region, let regionName, let url, let firstVariable, let firstRegion,
      let firstRegionName):
      "'\(variable)' of \(region) (\(regionName)) is '\(url)', the same address as "
        + "'\(firstVariable)' of \(firstRegion) (\(firstRegionName)): readers in "
        + "\(regionName) would be sent to the other region's portal; check the address"
    case .regionGivesItHere(let region): "\(region) gives it here"
    case .notAPhone(let variable, let region, let found):
      "'\(variable)' of \(region) is not a phone number like 8 800 100-70-10, found '\(found)'"
    case .notAnEmail(let variable, let region, let found):
      "'\(variable)' of \(region) is not an e-mail address, found '\(found)'"
    case .unknownRegion(let code, let suggestion):
      "unknown region '\(code)'\(Self.didYouMean(suggestion))"
    case .pageUnbuilt(let procedure, let withRegions):
      "this page is built in no region: no region listed in regions.yaml uses the systems of "
        + "procedure '\(procedure)'" + (withRegions ? " among the page's 'regions:'" : "")
        + "; add the system to a region's 'systems', or fix 'regions:'"
    case .unknownVariable(let name, let suggestion):
      "unknown variable '{{\(name)}}'\(suggestion.map { "; did you mean '{{\($0)}}'?" } ?? "")"
    case .variableMissing(let name, let regions):
      "variable '{{\(name)}}' is not defined for \(regions.joined(separator: ", ")), where this page is built; define it in regions.yaml or narrow the page with 'regions:'"
    case .contactHardcoded(let candidate, let variable, let region, let regionName, let others):
      "'\(candidate)' is the '\(variable)' of \(region) (\(regionName)), but this page is also built for \(others.joined(separator: ", ")); write {{\(variable)}} so that every region shows its own"
    case .urlHardcoded(let host, let variable, let region, let regionName):
      "'\(host)' is the '\(variable)' of \(region) (\(regionName)); write {{\(variable)}} so that every region shows its own address"
    case .labelInOtherQuotes(let written, let system, let open, let close, let text):
      "\(written) is a label of «\(system)» in \(open)…\(close): the site quotes labels in «ёлочки»; write «\(text)»"
    case .labelUnknownInOtherQuotes(let written, let system, let suggestion):
      "\(written) is not a label on the screens of «\(system)»; did you mean «\(suggestion)»? (labels are quoted in «ёлочки»)"
    case .labelUnknown(let text, let system, let suggestion):
      "«\(text)» is not a label on the screens of «\(system)»\(suggestion.map { "; did you mean «\($0)»?" } ?? "") (declare it under the system's screens if the screen really says so)"
    case .systemScreensHere: "the system's screens are declared here"
    case .imageAlt(let destination):
      "image without alt text; describe what it shows: ![описание](\(destination))"
    case .linkRefused(let destination, let reason):
      "link '\(destination)' is refused: \(reason.english)"
    case .anchorMissingHere(let anchor, let suggestion):
      "no step or heading '#\(anchor)' on this page\(suggestion.map { "; did you mean '#\($0)'?" } ?? "")"
    case .assetMissing(let path):
      "file 'content/\(path)' does not exist; add it to content/assets/ or fix the path"
    case .pageMissingForLink(let slug, let suggestion):
      "no page '\(slug).md'\(suggestion.map { "; did you mean '\($0).md'?" } ?? "")"
    case .pageNotBuiltThere(let slug, let regions):
      "'\(slug).md' is not built for \(regions.joined(separator: ", ")), where this page is; the link would lead nowhere there"
    case .anchorMissingThere(let page, let anchor, let suggestion):
      "'\(page).md' has no step or heading '#\(anchor)'\(suggestion.map { "; did you mean '#\($0)'?" } ?? "")"
    case .linkRefusedInRegions(let destination, let filled, let regions, let reason):
      "link '\(destination)' becomes '\(filled)' in \(regions.joined(separator: ", ")) and is refused: \(reason.english)"
    case .ownSite(let destination, let page):
      "'\(destination)' is this site's own published address, the same in every region's copy; "
        + "write \(page.map { "[…](\($0).md)" } ?? "a link to the page's file, such as [ссылка](page.md)") so that each region's readers get their own region's page"
    case .expired(let until, let today):
      "the page was valid until \(until) and today is \(today); update the instructions and the date, or remove the page"
    case .reviewDue(let date):
      "the page was due for review by \(date); re-read it against the live service and move 'review-by' forward"
    case .baseURLExample(let url):
      "'base-url' is still the example address '\(url)': the sitemap, robots.txt and every page's canonical link would point there; write the address the site will be published at (or pass --base-url to build)"
    }
  }

  public var russian: String {
    switch self {
    case .duplicateID(let kind, let id):
      "\(kind.russian) с id «\(id)» уже есть; замените id — они не должны повторяться"
    case .firstDefinedHere: "первое определение — здесь"
    case .unknownReference(let kind, let id, let suggestion):
      kind.russianUndeclared(id) + Self.russianDidYouMean(suggestion)
    case .tooLarge(let procedure, let limit):
      "процедура «\(procedure)» вместе с включёнными в неё общими процедурами разворачивается больше чем в \(limit) шагов — за этим не уследит ни один читатель; включайте каждую общую процедуру один раз и не в те процедуры, которые она сама включает"
    case .unusedStep(let id):
      "шаг «\(id)» не входит ни в одну процедуру; добавьте его в процедуру или удалите"
    case .pageMissing(let procedure):
      "у процедуры «\(procedure)» нет страницы; добавьте content/pages/\(procedure).md с полем «procedure: \(procedure)»"
    case .stateUnprovided(let procedure, let state, let values):
      "процедура «\(procedure)» требует \(state) = \(values.joined(separator: " или ")), но ни одна процедура к этому не приводит; добавьте процедуру, шаги которой это устанавливают"
    case .unknownState(let state, let suggestion):
      "состояние «\(state)» не объявлено\(Self.russianDidYouMean(suggestion))"
    case .notAValue(let value, let state, let suggestion, let values):
      "«\(value)» — не значение состояния «\(state)»\(Self.russianDidYouMean(suggestion)) (значения: \(values.joined(separator: ", ")))"
    case .notShared(let procedure):
      "процедура «\(procedure)» не общая; включать в другие можно только процедуры с «shared: true»"
    case .includesItself(let procedure, let chain):
      "процедура «\(procedure)» включает саму себя (\(chain.joined(separator: " → "))) и никогда не закончится"
    case .requirementUnmet(
      let step, let shared, let state, let accepted, let procedure, let possible):
      "шаг «\(step)»\(shared.map { " (в общей процедуре «\($0)»)" } ?? "") требует \(state) = \(accepted.joined(separator: " или ")), но в процедуре «\(procedure)» к этому месту может быть \(possible.joined(separator: ", ")); добавьте это требование процедуре или поставьте раньше шаг, который его выполняет"
    case .requirementIsHere: "требование шага — здесь"
    case .stateUnchanged(let procedure, let state, let values, let step):
      "процедура «\(procedure)» — для читателей с \(state) = \(values.joined(separator: " или ")), но ни один её шаг не меняет \(state): читатель закончит там же, где начал; если у шага пропало «effects:» (возможно, у «\(step)»), верните его"
    case .lastStepRequiringIt: "последний шаг, который этого требует"
    case .alternativeEffectMissing(let alternative, let procedure, let state, let values, let step):
      "вариант «\(alternative)» в «one-of» процедуры «\(procedure)» не устанавливает \(state), а все остальные варианты устанавливают значение \(values.joined(separator: " или ")); выбравший его читатель этого значения не достигнет — добавьте шагу «\(step)» «effects: \(state): \(values.first ?? "")»"
    case .stepDefinedHere: "шаг описан здесь"
    case .partialProvision(let procedure, let state, let accepted, let possible, let consumers):
      "процедура «\(procedure)» приводит к \(state) = \(accepted.joined(separator: " или ")) не на всех путях: читатель может закончить её с \(state) = \(possible.joined(separator: " или ")) (после необязательного шага или варианта, который устанавливает другое значение), и ни одна процедура не приводит туда на всех путях для \(consumers.map { "«\($0)»" }.joined(separator: ", ")); сделайте так, чтобы это устанавливал каждый путь процедуры «\(procedure)»"
    case .listFolded(let number):
      "строка начинается с «\(number).», но Markdown приклеивает её к абзацу выше, и читатель видит всё одной строкой; "
        + "оставьте перед списком пустую строку"
        + (number == 1 ? "" : " (список сразу после текста должен начинаться с 1)")
    case .procedureIsShared(let procedure):
      "процедура «\(procedure)» общая (входит в другие), своей страницы у неё нет; укажите в «procedure:» процедуру, которая её включает"
    case .procedureHasPage(let procedure, let other):
      "у процедуры «\(procedure)» уже есть страница \(other); на одну процедуру — одна страница"
    case .theOtherPage: "другая страница"
    case .unknownStep(let id, let suggestion):
      "шаг «{#\(id)}» не объявлен\(Self.russianDidYouMean(suggestion))"
    case .stepNotInProcedure(let title, let id, let procedure):
      "шаг \(title) («\(id)») не входит в процедуру «\(procedure)»; удалите его или добавьте в процедуру"
    case .procedureDefinedHere: "процедура описана здесь"
    case .stepTwice(let title, let id):
      "шаг \(title) («\(id)») записан дважды; оставьте один"
    case .firstWrittenHere: "первый раз — здесь"
    case .stepOrder(let step, let after, let procedure):
      "шаг \(step) записан после шага \(after), а в процедуре «\(procedure)» он идёт раньше; поменяйте их местами"
    case .stepOrderDependency(let step, let before, let dependency):
      "шаг \(step) записан раньше шага \(before), но требует \(dependency), а это выполняет шаг \(before); поменяйте их местами"
    case .writtenEarlierHere: "записан раньше — здесь"
    case .stepMissing(let title, let id, let procedure):
      "нет шага \(title) («\(id)») процедуры «\(procedure)»; добавьте пункт списка, начинающийся с {#\(id)}"
    case .noAlternative(let titles, let procedure):
      "не описан ни один из вариантов \(titles.joined(separator: ", ")) процедуры «\(procedure)»; опишите хотя бы один"
    case .strayMarker(let text):
      "«\(text)» — не метка шага, и на сайте это будет просто текст: метка пишется {#step-id}, "
        + "без пробелов, в самом начале пункта списка (якорь заголовка — в конце заголовка)"
    case .markersNotInList(let markers):
      "метки шагов (\(markers.count): \(Self.shown(markers))) стоят не в начале пунктов списка, поэтому шагов здесь на странице нет: метка должна начинать пункт — запишите шаги нумерованным списком, по пункту на шаг: «1. \(markers.first ?? "") …»"
    case .stepUnmarked(let title, let id, let procedure):
      "у этого пункта нет метки шага, а здесь место шага \(title) («\(id)») процедуры «\(procedure)»; начните пункт с {#\(id)}"
    case .stepNumber(let number, let previous, let expected):
      "неверный номер шага \(number): \(previous.map { "после \($0)" } ?? "первым") идёт \(expected); нумеруйте подряд: 1, 2, 3…"
    case .preconditionUnlinked(let procedure, let state, let values, let pages):
      "процедура «\(procedure)» требует \(state) = \(values.joined(separator: " или ")); это даёт \(pages.map { "«\($0.title)» (\($0.slug).md)" }.joined(separator: " или ")), но страница туда не ссылается; добавьте ссылку, например [\(pages.first?.title ?? "")](\(pages.first?.slug ?? "").md)"
    case .regionCodeTwice(let code): "код региона «\(code)» указан дважды; оставьте один"
    case .firstListedHere: "первый раз — здесь"
    case .slugTwice(let slug):
      "slug «\(slug)» указан у двух регионов — их страницы затрут друг друга; замените один"
    case .firstUsedHere: "первый раз — здесь"
    case .variableUndeclared(let name, let suggestion):
      "переменная «\(name)» не объявлена в «variables:»\(Self.russianDidYouMean(suggestion))"
    case .regionURL(let variable, let region, let problem, let found):
      "«\(variable)» региона \(region): \(problem.russian), а здесь «\(found)»"
    case .urlShared(
      let variable, let region, let regionName, let url, let firstVariable, let firstRegion,
      let firstRegionName):
      "«\(variable)» региона \(region) (\(regionName)) — «\(url)», тот же адрес, что "
        + "«\(firstVariable)» региона \(firstRegion) (\(firstRegionName)): читателей из региона "
        + "\(region) отправят на портал другого региона; проверьте адрес"
    case .regionGivesItHere(let region): "здесь его задаёт регион \(region)"
    case .notAPhone(let variable, let region, let found):
      "«\(variable)» региона \(region): нужен номер телефона вида 8 800 100-70-10, а здесь «\(found)»"
    case .notAnEmail(let variable, let region, let found):
      "«\(variable)» региона \(region): нужен адрес электронной почты, а здесь «\(found)»"
    case .unknownRegion(let code, let suggestion):
      "региона «\(code)» нет в regions.yaml\(Self.russianDidYouMean(suggestion))"
    case .pageUnbuilt(let procedure, let withRegions):
      "эта страница не попадёт ни в один регион: ни один регион из regions.yaml"
        + (withRegions ? ", перечисленный в «regions:» страницы," : "")
        + " не использует системы процедуры «\(procedure)»; добавьте систему в «systems» региона или исправьте «regions:»"
    case .unknownVariable(let name, let suggestion):
      "переменная «{{\(name)}}» не объявлена\(suggestion.map { "; может быть, «{{\($0)}}»?" } ?? "")"
    case .variableMissing(let name, let regions):
      "переменная «{{\(name)}}» не задана для \(regions.joined(separator: ", ")), а страница там публикуется; задайте её в regions.yaml или ограничьте страницу полем «regions:»"
    case .contactHardcoded(let candidate, let variable, let region, let regionName, let others):
      "«\(candidate)» — это «\(variable)» региона \(region) (\(regionName)), а страница публикуется и для \(others.joined(separator: ", ")); напишите {{\(variable)}}, чтобы каждый регион показывал свой"
    case .urlHardcoded(let host, let variable, let region, let regionName):
      "«\(host)» — это «\(variable)» региона \(region) (\(regionName)); напишите {{\(variable)}}, чтобы каждый регион показывал свой адрес"
    case .labelInOtherQuotes(let written, let system, let open, let close, let text):
      "\(written) — надпись системы «\(system)» в кавычках \(open)…\(close): на сайте надписи берутся в «ёлочки»; напишите «\(text)»"
    case .labelUnknownInOtherQuotes(let written, let system, let suggestion):
      "\(written) — такой надписи нет на экранах системы «\(system)»; может быть, «\(suggestion)»? (надписи берутся в «ёлочки»)"
    case .labelUnknown(let text, let system, let suggestion):
      "«\(text)» — такой надписи нет на экранах системы «\(system)»\(Self.russianDidYouMean(suggestion)) (если на экране действительно так написано, добавьте надпись к экранам системы)"
    case .systemScreensHere: "экраны системы описаны здесь"
    case .imageAlt(let destination):
      "у картинки нет описания; опишите, что на ней: ![описание](\(destination))"
    case .linkRefused(let destination, let reason):
      "ссылка «\(destination)» отклонена: \(reason.russian)"
    case .anchorMissingHere(let anchor, let suggestion):
      "на этой странице нет шага или заголовка «#\(anchor)»\(suggestion.map { "; может быть, «#\($0)»?" } ?? "")"
    case .assetMissing(let path):
      "файла «content/\(path)» нет; положите его в content/assets/ или исправьте путь"
    case .pageMissingForLink(let slug, let suggestion):
      "страницы «\(slug).md» нет\(suggestion.map { "; может быть, «\($0).md»?" } ?? "")"
    case .pageNotBuiltThere(let slug, let regions):
      "страница «\(slug).md» не публикуется для \(regions.joined(separator: ", ")), а эта страница там есть; там ссылка никуда не приведёт"
    case .anchorMissingThere(let page, let anchor, let suggestion):
      "на странице «\(page).md» нет шага или заголовка «#\(anchor)»\(suggestion.map { "; может быть, «#\($0)»?" } ?? "")"
    case .linkRefusedInRegions(let destination, let filled, let regions, let reason):
      "ссылка «\(destination)» для \(regions.joined(separator: ", ")) превращается в «\(filled)» и отклонена: \(reason.russian)"
    case .ownSite(let destination, let page):
      "«\(destination)» — опубликованный адрес этого же сайта, одинаковый во всех регионах; "
        + "напишите \(page.map { "[…](\($0).md)" } ?? "ссылку на файл страницы, например [ссылка](page.md)"), чтобы читатели каждого региона попадали на страницу своего региона"
    case .expired(let until, let today):
      "страница действовала до \(until), а сегодня \(today); обновите инструкцию и дату или удалите страницу"
    case .reviewDue(let date):
      "страницу нужно было проверить до \(date); сверьте её с работающим сервисом и передвиньте «review-by»"
    case .baseURLExample(let url):
      "в «base-url» всё ещё адрес из примера «\(url)»: на него будут указывать карта сайта, robots.txt и канонические ссылки всех страниц; впишите адрес, по которому сайт будет опубликован (или передайте сборке --base-url)"
    }
  }

  static func didYouMean(_ suggestion: String?) -> String {
    ModelMessage.didYouMean(suggestion)
  }

  static func russianDidYouMean(_ suggestion: String?) -> String {
    ModelMessage.russianDidYouMean(suggestion)
  }

  /// The first four of a list of markers, «…» after them when there are more.
  private static func shown(_ markers: [String]) -> String {
    markers.prefix(4).joined(separator: ", ") + (markers.count > 4 ? ", …" : "")
  }

  /// One value of every case, for the catalogue's tests.
  public static let samples: [CheckMessage] = [
    .duplicateID(.step, id: "sign-in"), .duplicateID(.screen(system: "gosuslugi"), id: "login"),
    .duplicateID(.state, id: "esia-account"), .duplicateID(.actor, id: "parent"),
    .duplicateID(.system, id: "gosuslugi"), .duplicateID(.procedure, id: "apply-online"),
    .firstDefinedHere,
    .unknownReference(.system, id: "gosuslugy", suggestion: "gosuslugi"),
    .unknownReference(.actor, id: "parnt", suggestion: nil),
    .unknownReference(.step, id: "sign", suggestion: "sign-in"),
    .unknownReference(.procedure, id: "apply", suggestion: nil),
    .tooLarge(procedure: "apply-online", limit: 10_000), .unusedStep("pay-fee"),
    .pageMissing(procedure: "apply-online"),
    .stateUnprovided(procedure: "apply-online", state: "esia-account", values: ["confirmed"]),
    .unknownState("esia", suggestion: "esia-account"),
    .notAValue(
      "confirm", state: "esia-account", suggestion: "confirmed", values: ["none", "confirmed"]),
    .notShared(procedure: "sign-in"),
    .includesItself(procedure: "sign-in", chain: ["sign-in", "confirm", "sign-in"]),
    .requirementUnmet(
      step: "Подать заявление", sharedProcedure: "sign-in", state: "esia-account",
      accepted: ["confirmed"], procedure: "apply-online", possible: ["none", "simple"]),
    .requirementIsHere,
    .stateUnchanged(
      procedure: "confirm-account", state: "esia-account", values: ["simple"],
      step: "confirm-identity"),
    .lastStepRequiringIt,
    .alternativeEffectMissing(
      alternative: "confirm-at-office", procedure: "confirm-account", state: "esia-account",
      values: ["confirmed"], step: "confirm-at-office"),
    .stepDefinedHere,
    .partialProvision(
      procedure: "confirm-account", state: "esia-account", accepted: ["confirmed"],
      possible: ["simple"], consumers: ["apply-online"]),
    .listFolded(number: 1), .listFolded(number: 3),
    .procedureIsShared("sign-in"), .procedureHasPage("apply-online", other: "content/pages/a.md"),
    .theOtherPage, .unknownStep("sign", suggestion: "sign-in"),
    .stepNotInProcedure(title: "«Войти»", id: "sign-in", procedure: "apply-online"),
    .procedureDefinedHere, .stepTwice(title: "«Войти»", id: "sign-in"), .firstWrittenHere,
    .stepOrder(step: "«Подать заявление»", after: "«Войти»", procedure: "apply-online"),
    .stepOrderDependency(
      step: "«Подать заявление»", before: "«Войти»", dependency: "esia-account = confirmed"),
    .writtenEarlierHere,
    .stepMissing(title: "«Войти»", id: "sign-in", procedure: "apply-online"),
    .noAlternative(titles: ["«Войти»", "«Войти по СНИЛС»"], procedure: "apply-online"),
    .strayMarker("{# sign-in}"), .markersNotInList(["{#sign-in}", "{#apply}"]),
    .stepUnmarked(title: "«Войти»", id: "sign-in", procedure: "apply-online"),
    .stepNumber(3, previous: 1, expected: 2),
    .stepNumber(2, previous: nil, expected: 1),
    .preconditionUnlinked(
      procedure: "apply-online", state: "esia-account", values: ["confirmed"],
      pages: [(title: "Подтвердить учётную запись", slug: "confirm-account")]),
    .regionCodeTwice("RU-MOS"), .firstListedHere, .slugTwice("moskva"), .firstUsedHere,
    .variableUndeclared("portal", suggestion: "portal-url"),
    .regionURL(variable: "portal-url", region: "RU-MOS", .spaces, found: "https://a b.ru"),
    .urlShared(
      variable: "portal-url", region: "RU-MOW", regionName: "Москва",
      url: "https://uslugi.mosreg.ru",
      firstVariable: "portal-url", firstRegion: "RU-MOS", firstRegionName: "Московская область"),
    .regionGivesItHere("RU-MOS"),
    .notAPhone(variable: "phone", region: "RU-MOS", found: "звоните"),
    .notAnEmail(variable: "email", region: "RU-MOS", found: "почта"),
    .unknownRegion("RU-MSK", suggestion: "RU-MOS"),
    .pageUnbuilt(procedure: "apply-online", withRegions: false),
    .pageUnbuilt(procedure: "apply-online", withRegions: true),
    .unknownVariable("portal", suggestion: "portal-url"),
    .variableMissing("portal-url", regions: ["RU-MOS (Московская область)"]),
    .contactHardcoded(
      "8 800 100-70-10", variable: "phone", region: "RU-MOS", regionName: "Московская область",
      others: ["RU-MOW"]),
    .urlHardcoded(
      host: "uslugi.mosreg.ru", variable: "portal-url", region: "RU-MOS",
      regionName: "Московская область"),
    .labelInOtherQuotes(
      written: "„Войти“", system: "Госуслуги", open: "„", close: "“", text: "Войти"),
    .labelUnknownInOtherQuotes(written: "„Вайти“", system: "Госуслуги", suggestion: "Войти"),
    .labelUnknown("Вайти", system: "Госуслуги", suggestion: "Войти"),
    .labelUnknown("Отправить", system: "Госуслуги", suggestion: nil), .systemScreensHere,
    .imageAlt(destination: "../assets/screen.png"),
    .linkRefused("javascript:alert(1)", .scheme("javascript")),
    .anchorMissingHere("sign", suggestion: "sign-in"), .assetMissing("assets/form.pdf"),
    .pageMissingForLink("loginn", suggestion: "login"),
    .pageNotBuiltThere("login", regions: ["RU-MOS (Московская область)"]),
    .anchorMissingThere(page: "login", anchor: "sign", suggestion: "sign-in"),
    .linkRefusedInRegions(
      "{{portal}}/form", filled: "javascript:x/form", regions: ["RU-MOS (Московская область)"],
      .scheme("javascript")),
    .ownSite("https://example.ru/moskva/login/", page: "login"),
    .ownSite("https://example.ru/moskva/", page: nil),
    .expired(until: "1 марта 2026", today: "2 марта 2026"), .reviewDue("1 марта 2026"),
    .baseURLExample("https://stepwise.example/"),
  ]
}
