import StepwiseCore

// MARK: - How to add a message
//
// Every text an editor can see comes from a catalogue: one enum per module (`ModelMessage` here,
// `CheckMessage` in StepwiseCheck, `TemplateMessage`, `SiteMessage`, `CommandMessage`,
// `PreviewMessage`), each case one message with the values it shows. To add a message:
//   1. add a case (with its values) to the enum;
//   2. write its English text in `english` and its Russian text in `russian` (both switches are
//      exhaustive, so the module does not compile until both exist);
//   3. add one sample value of the case to `samples` (CatalogueTests fails on a case without one,
//      and checks both texts: not empty, different, no Latin letter inside a Russian word, «»
//      quotes in the Russian);
//   4. report it: `.error(.someRule, ModelMessage.yourCase(…), at: location)`.
// Russian: short, the fix in the imperative («Замените…», «Добавьте…»), «ёлочки» around names and
// values, and no declension of an interpolated name (say «процедура «x»», not «процедуры x»).

/// What a message of the YAML reader is about (“'title'”, “a contact”, “step id”): the subject
/// its sentences start with.
public indirect enum Subject: LocalizedMessage, Hashable {
  case frontMatter, siteFile, regionsFile, flowFile
  /// A key of the file (`'title'`).
  case key(String)
  case contact
  case contactKey(String)
  case contactURL
  case region
  case variableName
  case variable(String)
  case actor, actorID
  case state, stateID
  case system, systemID
  case screen, screenID
  case step, stepID, aStepID
  case procedure, procedureID, procedureEntry
  case valueOf(String)
  case alternative
  case eachEntry(of: Subject)

  public var english: String {
    switch self {
    case .frontMatter: "the front matter"
    case .siteFile: "site.yaml"
    case .regionsFile: "regions.yaml"
    case .flowFile: "a flow file"
    case .key(let key): "'\(key)'"
    case .contact: "a contact"
    case .contactKey(let key): "a contact's '\(key)'"
    case .contactURL: "contact URL"
    case .region: "a region"
    case .variableName: "variable name"
    case .variable(let name): "variable '\(name)'"
    case .actor: "an actor"
    case .actorID: "actor id"
    case .state: "a state"
    case .stateID: "state id"
    case .system: "a system"
    case .systemID: "system id"
    case .screen: "a screen"
    case .screenID: "screen id"
    case .step: "a step"
    case .stepID: "step id"
    case .aStepID: "a step id"
    case .procedure: "a procedure"
    case .procedureID: "procedure id"
    case .procedureEntry: "a procedure entry"
    case .valueOf(let state): "value of '\(state)'"
    case .alternative: "an alternative"
    case .eachEntry(let subject): "each entry of \(subject.english)"
    }
  }

  public var russian: String {
    switch self {
    case .frontMatter: "шапка страницы"
    case .siteFile: "файл site.yaml"
    case .regionsFile: "файл regions.yaml"
    case .flowFile: "файл потока"
    case .key(let key): "поле «\(key)»"
    case .contact: "контакт"
    case .contactKey(let key): "поле «\(key)» контакта"
    case .contactURL: "адрес контакта"
    case .region: "регион"
    case .variableName: "имя переменной"
    case .variable(let name): "переменная «\(name)»"
    case .actor: "участник"
    case .actorID: "id участника"
    case .state: "состояние"
    case .stateID: "id состояния"
    case .system: "система"
    case .systemID: "id системы"
    case .screen: "экран"
    case .screenID: "id экрана"
    case .step: "шаг"
    case .stepID: "id шага"
    case .aStepID: "id шага в процедуре"
    case .procedure: "процедура"
    case .procedureID: "id процедуры"
    case .procedureEntry: "элемент процедуры"
    case .valueOf(let state): "значение «\(state)»"
    case .alternative: "вариант"
    case .eachEntry(let subject): "\(subject.russian), элемент списка"
    }
  }

  /// One value of every case, for the catalogue's tests.
  public static let samples: [Subject] = [
    .frontMatter, .siteFile, .regionsFile, .flowFile, .key("title"), .contact,
    .contactKey("phone"), .contactURL, .region, .variableName, .variable("portal-url"), .actor,
    .actorID, .state, .stateID, .system, .systemID, .screen, .screenID, .step, .stepID, .aStepID,
    .procedure, .procedureID, .procedureEntry, .valueOf("esia-account"), .alternative,
    .eachEntry(of: .key("regions")),
  ]
}

/// What was written instead of what a key needs, for “…, found a list”.
public enum FoundValue: LocalizedMessage, Hashable {
  case mapping, list, nothing
  case text(String)

  public var english: String {
    switch self {
    case .mapping: "a mapping"
    case .list: "a list"
    case .nothing: "nothing"
    case .text(let text): "the text '\(text)'"
    }
  }

  public var russian: String {
    switch self {
    case .mapping: "таблица «ключ: значение»"
    case .list: "список"
    case .nothing: "пусто"
    case .text(let text): "текст «\(text)»"
    }
  }

  public static let samples: [FoundValue] = [.mapping, .list, .nothing, .text("да")]
}

/// What is wrong with an address that must be absolute https.
public enum URLProblem: LocalizedMessage, Hashable {
  case notAbsoluteHTTPS
  case spaces
  case somethingBeforeHost

  /// Phrased to follow its name (`'base-url' must …`).
  public var english: String {
    let https = "must be an absolute https:// address"
    return switch self {
    case .notAbsoluteHTTPS: https
    case .spaces: https + " without spaces or control characters"
    case .somethingBeforeHost: https + " with nothing before its host (no 'name@' or backslash)"
    }
  }

  /// Phrased to follow a colon (`поле «base-url»: нужен …`).
  public var russian: String {
    switch self {
    case .notAbsoluteHTTPS: "нужен полный адрес, начинающийся с https://"
    case .spaces: "нужен полный адрес https:// без пробелов и управляющих символов"
    case .somethingBeforeHost:
      "нужен полный адрес https://, в котором перед именем сайта ничего нет (ни «имя@», ни обратной косой черты)"
    }
  }

  public static let samples: [URLProblem] = [.notAbsoluteHTTPS, .spaces, .somethingBeforeHost]
}

/// Why a link destination is refused.
public enum LinkRefusal: LocalizedMessage, Hashable {
  case leavesSite
  case scheme(String)
  case assetGoesUp
  case neither(String)

  public var english: String {
    switch self {
    case .leavesSite:
      "an address starting with '//' or '\\\\' leaves the site; write https:// in full"
    case .scheme(let scheme):
      "the '\(scheme):' scheme is not allowed (use https, http, mailto or tel)"
    case .assetGoesUp: "an asset path may not go up with '..'"
    case .neither(let text):
      "'\(text)' is neither a page ('name.md'), an asset ('../assets/…') nor an https:// address"
    }
  }

  public var russian: String {
    switch self {
    case .leavesSite:
      "адрес, начинающийся с «//» или «\\\\», уводит с сайта; напишите https:// полностью"
    case .scheme(let scheme): "схема «\(scheme):» запрещена (можно https, http, mailto или tel)"
    case .assetGoesUp: "путь к файлу не может подниматься выше через «..»"
    case .neither(let text):
      "«\(text)» — не страница («name.md»), не файл («../assets/…») и не адрес https://"
    }
  }

  public static let samples: [LinkRefusal] = [
    .leavesSite, .scheme("javascript"), .assetGoesUp, .neither("files/doc.pdf"),
  ]
}

/// Every message of the content loader and the YAML reader (`schema`, `encoding`, `size-limit`,
/// `path-outside`, `file-name`, `raw-html`, `url-not-https` found while loading).
public enum ModelMessage: LocalizedMessage, Hashable {
  // YAML
  case yamlAnchor(Character)
  case yamlOutOfMemory
  case invalidYAML(String)
  case keyTwice([String])
  case yamlNotUTF8(String)
  case yamlTabIndentation
  case yamlColonInValue(String)
  case yamlIndentation(String)
  case tooManyValues(Int)
  case nestedTooDeep(Int)
  // Typed access
  case notMapping(Subject, found: FoundValue)
  case keysNotWords(Subject)
  case unknownKey(String, in: Subject, suggestion: String?, allowed: [String])
  case missingKey(Subject, key: String)
  case notText(Subject, found: FoundValue)
  case empty(Subject)
  case textNotList(Subject, found: FoundValue, value: String)
  case notTextList(Subject, found: FoundValue)
  case notList(Subject, found: FoundValue)
  case notBool(Subject, found: FoundValue)
  case notDate(Subject, value: String)
  case notIdentifier(Subject, value: String)
  // site.yaml
  case urlNotHTTPS(Subject, URLProblem, found: String)
  case baseURLSlash
  case contactPhone(String)
  case contactEmail(String)
  case assetSizeLimitValue(String)
  // regions.yaml
  case variablesNotMapping
  case variableTwice(String)
  case unknownVariableType(String, suggestion: String?, allowed: [String])
  case regionCode(String)
  case regionSlug(String)
  case reservedSlug(String, reserved: [String])
  case regionVariablesNotMapping
  // Flows
  case stateNeedsTwoValues(String)
  case valueTitlesCount(titles: Int, values: Int)
  case initialNotAValue(String, state: String)
  case scope(String)
  case conditionsNotMapping(Subject)
  case effectsNotMapping
  case procedureWithoutSteps(String)
  case procedureEntryShape
  case oneOfNeedsTwo
  // Pages and files
  case samePublishedPath(other: String, slug: String)
  case theOtherPage
  case assetTooLarge(size: Int, limit: Int)
  case pageFileName(String)
  case noFrontMatter
  case frontMatterNotClosed
  case markdownParse(String)
  case rawHTML
  case fileTooLarge(size: Int, atLeast: Bool, limit: Int)
  case notUTF8
  case linkToNothing(String)
  case linkOutside(String)
  case badName(folder: Bool, notUTF8: Bool)
  // Failures to read the site at all (ContentError)
  case missingSiteFile(String)
  case unreadable(String, notRegularFile: Bool, reason: String)

  public var english: String {
    switch self {
    case .yamlAnchor(let token):
      "YAML \(token == "&" ? "anchors" : "aliases") ('\(token)name') are not allowed; write the value out"
    case .yamlOutOfMemory: "cannot read YAML: out of memory"
    case .invalidYAML(let problem): "invalid YAML: \(problem)"
    case .keyTwice(let keys):
      "key \(keys.map { "'\($0)'" }.joined(separator: ", ")) is written twice in one mapping; keep one"
    case .yamlNotUTF8(let problem): "cannot read the file as UTF-8 YAML: \(problem)"
    case .yamlTabIndentation:
      "invalid YAML: this line is indented with a tab; YAML allows only spaces — replace the tab with spaces lining the line up with its neighbours"
    case .yamlColonInValue(let key):
      "invalid YAML: the value of '\(key)' contains ': ', which YAML reads as the start of another key; put the value in quotes: \(key): \"…\""
    case .yamlIndentation(let problem):
      "invalid YAML (\(problem)): the indentation does not line up — keys of one entry start in the same column and list items ('- ') of one list too; check this line and the one above"
    case .tooManyValues(let limit): "the file has more than \(limit) YAML values; split it"
    case .nestedTooDeep(let limit): "YAML nested deeper than \(limit) levels"
    case .notMapping(let what, let found):
      "\(what.english) must be a mapping of keys to values, found \(found.english)"
    case .keysNotWords(let what): "keys of \(what.english) must be plain words"
    case .unknownKey(let name, let what, let suggestion, let allowed):
      "unknown key '\(name)' in \(what.english)\(Self.didYouMean(suggestion)) (allowed: \(allowed.joined(separator: ", ")))"
    case .missingKey(let what, let key): "\(what.english) is missing the required key '\(key)'"
    case .notText(let what, let found): "\(what.english) must be text, found \(found.english)"
    case .empty(let what): "\(what.english) is empty; write a value"
    case .textNotList(let what, let found, let value):
      "\(what.english) must be a list of texts, found \(found.english); write it as a list: [\(value)], "
        + "or one entry per line starting with '- '"
    case .notTextList(let what, let found):
      "\(what.english) must be a list of texts, found \(found.english)"
    case .notList(let what, let found):
      "\(what.english) must be a list (entries starting with '- '), found \(found.english)"
    case .notBool(let what, let found):
      "\(what.english) must be true or false, found \(found.english)"
    case .notDate(let what, let value):
      "\(what.english) must be a date written YYYY-MM-DD, found '\(value)'"
    case .notIdentifier(let what, let value):
      "\(what.english) '\(value)' must use lowercase Latin letters, digits and hyphens (like 'sign-in-gosuslugi')"
    case .urlNotHTTPS(let what, let problem, let found):
      "\(what.english) \(problem.english), found '\(found)'"
    case .baseURLSlash: "'base-url' must end with '/'"
    case .contactPhone(let value):
      "a contact's 'phone' is not a phone number like 8 800 100-70-10, found '\(value)'"
    case .contactEmail(let value):
      "a contact's 'email' is not an e-mail address like help@example.ru, found '\(value)'"
    case .assetSizeLimitValue(let value):
      "'asset-size-limit' must be a whole number with a unit, like '50 MiB' (KiB, MiB or GiB, at most 1024 GiB), found '\(value)'"
    case .variablesNotMapping: "'variables' must map variable names to their 'type' and 'title'"
    case .variableTwice(let name): "variable '\(name)' is declared twice"
    case .unknownVariableType(let type, let suggestion, let allowed):
      "unknown variable type '\(type)'\(Self.didYouMean(suggestion)) (one of: \(allowed.joined(separator: ", ")))"
    case .regionCode(let code): "region code '\(code)' is not an ISO 3166-2:RU code like 'RU-MOS'"
    case .regionSlug(let slug):
      "slug '\(slug)' may use only a-z, 0-9 and '-' (like 'moskovskaya-oblast')"
    case .reservedSlug(let slug, let reserved):
      "slug '\(slug)' is the name of one of the site's own folders (\(reserved.joined(separator: ", "))); choose another"
    case .regionVariablesNotMapping: "a region's 'variables' must be a mapping of names to values"
    case .stateNeedsTwoValues(let id): "state '\(id)' needs at least two values"
    case .valueTitlesCount(let titles, let values):
      "'value-titles' has \(titles) entries but 'values' has \(values)"
    case .initialNotAValue(let value, let state):
      "initial value '\(value)' is not one of the values of '\(state)'"
    case .scope(let value): "'scope' must be 'all-regions' or 'regional', found '\(value)'"
    case .conditionsNotMapping(let what):
      "\(what.english) must map state ids to values (like 'esia-account: confirmed')"
    case .effectsNotMapping: "'effects' must map state ids to one value each"
    case .procedureWithoutSteps(let id): "procedure '\(id)' has no steps"
    case .procedureEntryShape:
      "a procedure entry is a step id, or exactly one of 'one-of:', 'optional:', 'procedure:'"
    case .oneOfNeedsTwo: "'one-of' needs at least two alternatives"
    case .samePublishedPath(let other, let slug):
      "this page and \(other) would both be published as '\(slug)/' in every region; rename one of them"
    case .theOtherPage: "the other page"
    case .assetTooLarge(let size, let limit):
      "the asset is \(ByteSize.describe(size)) (\(size) bytes); the limit is \(ByteSize.describe(limit)) — make the file smaller, publish it elsewhere and link to it, or raise 'asset-size-limit' in content/site.yaml"
    case .pageFileName(let slug):
      "page file name '\(slug).md' must use only a-z, 0-9 and '-' (it becomes the page address)"
    case .noFrontMatter:
      "a page starts with front matter: a line '---', then 'title:' and 'procedure:', then '---'"
    case .frontMatterNotClosed: "the front matter is not closed: add a line '---' after it"
    case .markdownParse(let error): "cannot parse the Markdown: \(error)"
    case .rawHTML: "raw HTML is not published; write it in Markdown instead"
    case .fileTooLarge(let size, let atLeast, let limit):
      "the file is \(atLeast ? "more than \(limit)" : String(size)) bytes; the limit is \(limit) bytes — split it"
    case .notUTF8: "the file is not valid UTF-8 (or contains a NUL byte) here; save it as UTF-8"
    case .linkToNothing(let target):
      "this is a link to '\(target)', which does not exist; copy the file in instead, or remove the link"
    case .linkOutside(let target):
      "this is a link to '\(target)', outside the site; copy the file in instead"
    case .badName(let folder, let notUTF8):
      "the \(folder ? "folder" : "file") name \(notUTF8 ? "is not valid UTF-8" : "contains a control character (a line break, tab or similar)"), shown here escaped; the \(folder ? "folder" : "file") is not read: rename it using letters, digits, '-' and '.'"
    case .missingSiteFile(let path):
      "\(path): no such file; is this a Stepwise site? (expected content/site.yaml and content/regions.yaml)"
    case .unreadable(let path, let notRegularFile, let reason):
      "\(path): cannot read: \(notRegularFile ? "not a regular file" : reason)"
    }
  }

  public var russian: String {
    switch self {
    case .yamlAnchor(let token):
      "в YAML нельзя использовать \(token == "&" ? "якоря" : "ссылки") («\(token)name»); запишите значение полностью"
    case .yamlOutOfMemory: "не удалось прочитать YAML: не хватило памяти"
    case .invalidYAML(let problem): "ошибка в записи YAML: \(problem)"
    case .keyTwice(let keys):
      "ключ \(keys.map { "«\($0)»" }.joined(separator: ", ")) записан дважды в одной таблице; оставьте один"
    case .yamlNotUTF8(let problem): "файл не читается как YAML в кодировке UTF-8: \(problem)"
    case .yamlTabIndentation:
      "ошибка в записи YAML: строка начинается с табуляции, а YAML допускает только пробелы; замените табуляцию пробелами, выровняв строку по соседним"
    case .yamlColonInValue(let key):
      "ошибка в записи YAML: в значении поля «\(key)» есть «: », и YAML читает это как начало другого ключа; заключите всё значение поля «\(key)» в прямые кавычки"
    case .yamlIndentation(let problem):
      "ошибка в записи YAML (\(problem)): отступы не выровнены — ключи одной записи начинаются в одном столбце, как и пункты («- ») одного списка; проверьте эту строку и строку выше"
    case .tooManyValues(let limit): "в файле больше \(limit) значений YAML; разделите его на части"
    case .nestedTooDeep(let limit): "вложенность YAML глубже \(limit) уровней; упростите запись"
    case .notMapping(let what, let found):
      "\(what.russian): нужны пары «ключ: значение», а здесь \(found.russian)"
    case .keysNotWords(let what): "\(what.russian): ключами могут быть только простые слова"
    case .unknownKey(let name, let what, let suggestion, let allowed):
      "\(what.russian): неизвестный ключ «\(name)»\(Self.russianDidYouMean(suggestion)) (допустимы: \(allowed.joined(separator: ", ")))"
    case .missingKey(let what, let key):
      "\(what.russian): нет обязательного ключа «\(key)»; добавьте его"
    case .notText(let what, let found): "\(what.russian): нужен текст, а здесь \(found.russian)"
    case .empty(let what): "\(what.russian): пусто; впишите значение"
    case .textNotList(let what, let found, let value):
      "\(what.russian): нужен список, а здесь \(found.russian); запишите списком: [\(value)] "
        + "или по одному элементу в строке, начиная строку с «- »"
    case .notTextList(let what, let found):
      "\(what.russian): нужен список текстов, а здесь \(found.russian)"
    case .notList(let what, let found):
      "\(what.russian): нужен список (строки, начинающиеся с «- »), а здесь \(found.russian)"
    case .notBool(let what, let found):
      "\(what.russian): нужно true или false, а здесь \(found.russian)"
    case .notDate(let what, let value):
      "\(what.russian): нужна дата вида ГГГГ-ММ-ДД, а здесь «\(value)»"
    case .notIdentifier(let what, let value):
      "\(what.russian) «\(value)»: пишите строчными латинскими буквами, цифрами и дефисами (например, «sign-in-gosuslugi»)"
    case .urlNotHTTPS(let what, let problem, let found):
      "\(what.russian): \(problem.russian), а здесь «\(found)»"
    case .baseURLSlash: "поле «base-url»: адрес должен оканчиваться на «/»; допишите её"
    case .contactPhone(let value):
      "поле «phone» контакта: нужен номер телефона вида 8 800 100-70-10, а здесь «\(value)»"
    case .contactEmail(let value):
      "поле «email» контакта: нужен адрес электронной почты вида help@example.ru, а здесь «\(value)»"
    case .assetSizeLimitValue(let value):
      "поле «asset-size-limit»: нужно целое число с единицей, например «50 MiB» (KiB, MiB или GiB, не больше 1024 GiB), а здесь «\(value)»"
    case .variablesNotMapping:
      "поле «variables»: нужны имена переменных, у каждой — «type» и «title»"
    case .variableTwice(let name): "переменная «\(name)» объявлена дважды; оставьте одно объявление"
    case .unknownVariableType(let type, let suggestion, let allowed):
      "неизвестный тип переменной «\(type)»\(Self.russianDidYouMean(suggestion)) (допустимы: \(allowed.joined(separator: ", ")))"
    case .regionCode(let code): "код региона «\(code)» — не код ISO 3166-2:RU вида «RU-MOS»"
    case .regionSlug(let slug):
      "slug «\(slug)»: можно только a-z, 0-9 и «-» (например, «moskovskaya-oblast»)"
    case .reservedSlug(let slug, let reserved):
      "slug «\(slug)» совпадает с названием служебной папки сайта (\(reserved.joined(separator: ", "))); выберите другой"
    case .regionVariablesNotMapping:
      "поле «variables» региона: нужны пары «имя: значение»"
    case .stateNeedsTwoValues(let id): "у состояния «\(id)» должно быть хотя бы два значения"
    case .valueTitlesCount(let titles, let values):
      "записей в «value-titles»: \(titles), а в «values»: \(values); их должно быть поровну"
    case .initialNotAValue(let value, let state):
      "начальное значение «\(value)» не входит в значения состояния «\(state)»"
    case .scope(let value): "поле «scope»: нужно «all-regions» или «regional», а здесь «\(value)»"
    case .conditionsNotMapping(let what):
      "\(what.russian): нужны пары «id состояния: значение» (например, «esia-account: confirmed»)"
    case .effectsNotMapping: "поле «effects»: нужны пары «id состояния: одно значение»"
    case .procedureWithoutSteps(let id): "в процедуре «\(id)» нет шагов; добавьте их"
    case .procedureEntryShape:
      "элемент процедуры — это id шага или ровно один из ключей «one-of:», «optional:», «procedure:»"
    case .oneOfNeedsTwo: "в «one-of» нужно хотя бы два варианта"
    case .samePublishedPath(let other, let slug):
      "эта страница и \(other) обе будут опубликованы как «\(slug)/» в каждом регионе; переименуйте одну из них"
    case .theOtherPage: "другая страница"
    case .assetTooLarge(let size, let limit):
      "файл занимает \(ByteSize.describeInRussian(size)) (\(size) \(russianPlural(size, one: "байт", few: "байта", many: "байт"))), а предел — \(ByteSize.describeInRussian(limit)): уменьшите файл, опубликуйте его в другом месте и поставьте ссылку или увеличьте «asset-size-limit» в content/site.yaml"
    case .pageFileName(let slug):
      "имя файла страницы «\(slug).md»: можно только a-z, 0-9 и «-» (из имени получается адрес страницы)"
    case .noFrontMatter:
      "страница начинается с шапки: строка «---», затем «title:» и «procedure:», затем снова «---»"
    case .frontMatterNotClosed: "шапка страницы не закрыта: добавьте после неё строку «---»"
    case .markdownParse(let error): "не удалось разобрать Markdown: \(error)"
    case .rawHTML: "HTML-код не публикуется; запишите это средствами Markdown"
    case .fileTooLarge(let size, let atLeast, let limit):
      "файл занимает \(atLeast ? "больше \(limit)" : String(size)) байт, а предел — \(limit) байт; разделите его"
    case .notUTF8:
      "здесь файл не в кодировке UTF-8 (или в нём нулевой байт); сохраните его в UTF-8"
    case .linkToNothing(let target):
      "это ссылка на «\(target)», которого нет; скопируйте сюда сам файл или удалите ссылку"
    case .linkOutside(let target):
      "это ссылка на «\(target)» за пределами сайта; скопируйте сюда сам файл"
    case .badName(let folder, let notUTF8):
      "в имени \(folder ? "папки" : "файла") \(notUTF8 ? "есть байты не в UTF-8" : "есть управляющий символ (перевод строки, табуляция и т. п.)") — здесь оно показано экранированным; \(folder ? "папка не читается" : "файл не читается"): переименуйте, используя буквы, цифры, «-» и «.»"
    case .missingSiteFile(let path):
      "\(path): нет такого файла; это точно сайт Stepwise? (нужны content/site.yaml и content/regions.yaml)"
    case .unreadable(let path, let notRegularFile, let reason):
      "\(path): не удаётся прочитать: \(notRegularFile ? "это не обычный файл" : reason)"
    }
  }

  /// `; did you mean 'x'?`, or nothing.
  public static func didYouMean(_ suggestion: String?) -> String {
    suggestion.map { "; did you mean '\($0)'?" } ?? ""
  }

  /// `; может быть, «x»?`, or nothing.
  public static func russianDidYouMean(_ suggestion: String?) -> String {
    suggestion.map { "; может быть, «\($0)»?" } ?? ""
  }

  /// One value of every case, for the catalogue's tests.
  public static let samples: [ModelMessage] = [
    .yamlAnchor("&"), .yamlAnchor("*"), .yamlOutOfMemory,
    .invalidYAML("mapping values are not allowed in this context"), .keyTwice(["title"]),
    .yamlNotUTF8("invalid leading UTF-8 octet"), .yamlTabIndentation, .yamlColonInValue("title"),
    .yamlIndentation("did not find expected key"), .tooManyValues(50_000), .nestedTooDeep(32),
    .notMapping(.frontMatter, found: .list), .keysNotWords(.contact),
    .unknownKey("tittle", in: .step, suggestion: "title", allowed: ["id", "title"]),
    .unknownKey("zzz", in: .step, suggestion: nil, allowed: ["id", "title"]),
    .missingKey(.region, key: "code"), .notText(.key("title"), found: .mapping),
    .empty(.key("title")),
    .textNotList(.key("systems"), found: .text("gosuslugi"), value: "gosuslugi"),
    .notTextList(.key("labels"), found: .mapping), .notList(.key("steps"), found: .nothing),
    .notBool(.key("shared"), found: .text("да")), .notDate(.key("review-by"), value: "01.03.2026"),
    .notIdentifier(.stepID, value: "Шаг_1"),
    .urlNotHTTPS(.key("base-url"), .notAbsoluteHTTPS, found: "http://example.ru"),
    .baseURLSlash, .contactPhone("звоните"), .contactEmail("почта"),
    .assetSizeLimitValue("50 мегабайт"), .variablesNotMapping, .variableTwice("portal-url"),
    .unknownVariableType("urll", suggestion: "url", allowed: ["url", "phone", "email", "text"]),
    .regionCode("MOS"), .regionSlug("Moskva"),
    .reservedSlug("static", reserved: ["assets", "static"]),
    .regionVariablesNotMapping, .stateNeedsTwoValues("esia-account"),
    .valueTitlesCount(titles: 1, values: 2), .initialNotAValue("maybe", state: "esia-account"),
    .scope("local"), .conditionsNotMapping(.key("requires")), .effectsNotMapping,
    .procedureWithoutSteps("apply-online"), .procedureEntryShape, .oneOfNeedsTwo,
    .samePublishedPath(other: "content/pages/login.md", slug: "login"), .theOtherPage,
    .assetTooLarge(size: 62_914_560, limit: 52_428_800), .pageFileName("Login"), .noFrontMatter,
    .frontMatterNotClosed, .markdownParse("out of memory"), .rawHTML,
    .fileTooLarge(size: 2_000_000, atLeast: false, limit: 1_048_576),
    .fileTooLarge(size: 0, atLeast: true, limit: 1_048_576), .notUTF8,
    .linkToNothing("/tmp/gone.md"), .linkOutside("/etc/passwd"),
    .badName(folder: true, notUTF8: false), .badName(folder: false, notUTF8: true),
    .missingSiteFile("content/site.yaml"),
    .unreadable("content/pages", notRegularFile: true, reason: ""),
  ]
}

extension ByteSize {
  /// `3 GiB`, `1,5 KiB`, `700 байт`: `describe` with a decimal comma and Russian bytes.
  public static func describeInRussian(_ bytes: Int) -> String {
    guard bytes >= 1 << 10 else {
      return "\(bytes) \(russianPlural(bytes, one: "байт", few: "байта", many: "байт"))"
    }
    return describe(bytes).replacingOccurrences(of: ".", with: ",")
  }
}

extension ContentError: LocalizedMessage {
  public var english: String { description }

  public var russian: String {
    switch self {
    case .missingFile(let path): ModelMessage.missingSiteFile(path).russian
    case .unreadable(let path, let reason):
      ModelMessage.unreadable(path, notRegularFile: reason == "not a regular file", reason: reason)
        .russian
    case .cannotOpen(let path, let error): "\(path): \(error.russian)"
    }
  }
}
