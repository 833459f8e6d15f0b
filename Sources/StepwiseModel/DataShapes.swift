/// How a text value is written: the loader's checks of it and the JSON Schema's pattern.
public enum TextFormat: String, Sendable, Hashable, CaseIterable {
  /// Any text (the loader takes every scalar as written, numbers and `yes` included).
  case text
  /// Lowercase Latin letters, digits and hyphens (`YAMLReader.isIdentifier`).
  case identifier
  /// `YYYY-MM-DD` (`CalendarDate`).
  case date
  /// An absolute `https://` address (`URLRules`).
  case httpsURL
  /// An absolute `https://` address ending in `/` (`site.yaml`'s `base-url`).
  case baseURL
  /// `name@domain.zone` (`ContactRules.isEmail`).
  case email
  /// Digits, spaces, `+()-`, at least five digits (`ContactRules.isPhone`).
  case phone
  /// `RU-` and two or three capital letters (`RegionRules.isRegionCode`).
  case regionCode
  /// A region's folder name (`RegionRules.isSlug`, not a reserved name).
  case slug
  /// `50 MiB` (`ByteSize.parse`).
  case byteSize
}

/// The shape of one value of a data file or of a page's front matter.
public indirect enum ValueShape: Sendable, Hashable {
  case text(TextFormat)
  case boolean
  /// One of these words.
  case choice([String])
  /// A list of at least `minimum` entries of one shape.
  case list(ValueShape, minimum: Int)
  case object(ObjectShape)
  /// A mapping from keys the editor chooses (written as `format`) to values of one shape.
  case map(key: TextFormat, value: ValueShape)
  /// Any one of these shapes (a step id or an entry with one key).
  case either([ValueShape])
}

/// One key of a mapping: its shape, whether it must be present, and what editors read about it.
public struct FieldShape: Sendable, Hashable {
  public var key: String
  public var value: ValueShape
  public var required: Bool
  /// A short Russian name, shown by editors beside the key.
  public var title: String
  /// What the key means, in Russian.
  public var description: String

  public init(
    _ key: String, _ value: ValueShape, required: Bool = false, title: String,
    description: String
  ) {
    self.key = key
    self.value = value
    self.required = required
    self.title = title
    self.description = description
  }
}

/// A mapping with a fixed set of keys: what the loader accepts and the JSON Schema allows.
public struct ObjectShape: Sendable, Hashable {
  public var title: String
  public var description: String
  public var fields: [FieldShape]
  /// Exactly one of the keys is written (a procedure entry: `one-of`, `optional` or `procedure`).
  public var exactlyOne = false

  public var keys: [String] { fields.map(\.key) }
  public var requiredKeys: [String] { fields.filter(\.required).map(\.key) }
  public func field(_ key: String) -> FieldShape? { fields.first { $0.key == key } }
}

/// The one description of every data file and of the front matter: `YAMLReader` accepts exactly
/// these keys and `JSONSchemaGenerator` writes them out, so the two cannot drift apart.
public enum DataShapes {
  // MARK: - site.yaml

  public static let contact = ObjectShape(
    title: "Контакт",
    description: "Куда обратиться читателю: название и хотя бы один способ связи.",
    fields: [
      FieldShape(
        "title", .text(.text), required: true, title: "Название",
        description: "Кому звонить или писать, например «Служба поддержки Госуслуг»."),
      FieldShape(
        "phone", .text(.phone), title: "Телефон",
        description:
          "Номер телефона: цифры, пробелы, «+», скобки и дефисы, например 8 800 100-70-10."
      ),
      FieldShape(
        "email", .text(.email), title: "Электронная почта",
        description: "Адрес электронной почты, например help@minobr.example."),
      FieldShape(
        "url", .text(.httpsURL), title: "Страница",
        description: "Адрес страницы поддержки; начинается с https://."),
    ])

  public static let site = ObjectShape(
    title: "Настройки сайта (content/site.yaml)",
    description: "Название, адрес и контакты сайта с пошаговыми инструкциями.",
    fields: [
      FieldShape(
        "title", .text(.text), required: true, title: "Название сайта",
        description: "Показывается в шапке и в заголовке каждой страницы."),
      FieldShape(
        "description", .text(.text), title: "Описание сайта",
        description: "Одно предложение о сайте для главной страницы."),
      FieldShape(
        "base-url", .text(.baseURL), required: true, title: "Адрес сайта",
        description:
          "Полный адрес, по которому сайт будет опубликован: начинается с https:// и заканчивается "
          + "косой чертой, например https://help.minobr.example/."),
      FieldShape(
        "language", .text(.text), title: "Язык страниц",
        description: "Код языка страниц; по умолчанию ru."),
      FieldShape(
        "contacts", .list(.object(contact), minimum: 0), title: "Контакты",
        description: "Телефоны, почта и страницы поддержки в подвале каждой страницы."),
      FieldShape(
        "asset-size-limit", .text(.byteSize), title: "Предельный размер файла",
        description:
          "Самый большой файл, допустимый в content/assets/: целое число и единица KiB, MiB или "
          + "GiB, например 50 MiB; по умолчанию 20 MiB."),
    ])

  // MARK: - regions.yaml

  public static let variableDeclaration = ObjectShape(
    title: "Объявление переменной",
    description: "Тип и название переменной, которую может задать каждый регион.",
    fields: [
      FieldShape(
        "type", .choice(VariableType.allCases.map(\.rawValue)), required: true, title: "Тип",
        description:
          "url — адрес https://…, phone — телефон, email — электронная почта, text — любой текст."),
      FieldShape(
        "title", .text(.text), required: true, title: "Название",
        description: "Что хранит переменная, например «Адрес регионального портала»."),
    ])

  public static let region = ObjectShape(
    title: "Регион",
    description: "Регион, для которого строится свой раздел сайта.",
    fields: [
      FieldShape(
        "code", .text(.regionCode), required: true, title: "Код региона",
        description: "Код ISO 3166-2:RU, например RU-MOS."),
      FieldShape(
        "name", .text(.text), required: true, title: "Название региона",
        description: "Например «Московская область»."),
      FieldShape(
        "name-prepositional", .text(.text), title: "Название региона в предложном падеже",
        description:
          "С предлогом, как во фразе «Инструкции …», например «в Московской области». Без него "
          + "сайт пишет «Инструкции: Московская область»."),
      FieldShape(
        "slug", .text(.slug), required: true, title: "Адрес раздела",
        description:
          "Имя папки региона на сайте: строчные латинские буквы, цифры и дефисы, например "
          + "moskovskaya-oblast."),
      FieldShape(
        "systems", .list(.text(.text), minimum: 0), title: "Системы региона",
        description:
          "Идентификаторы систем из content/flows (со scope: regional), которыми пользуются в "
          + "регионе."),
      FieldShape(
        "variables", .map(key: .text, value: .text(.text)), title: "Значения переменных",
        description:
          "Значения переменных, объявленных в разделе variables файла, для этого региона. Что "
          + "значение подходит к типу переменной (адрес https://, телефон, почта), проверяет "
          + "stepwise check."),
    ])

  public static let regions = ObjectShape(
    title: "Реестр регионов (content/regions.yaml)",
    description: "Переменные, которые задаёт каждый регион, и регионы сайта.",
    fields: [
      FieldShape(
        "variables", .map(key: .identifier, value: .object(variableDeclaration)),
        title: "Переменные регионов",
        description:
          "Имя переменной (строчные латинские буквы, цифры, дефисы) → её тип и название. На "
          + "страницах переменная пишется как {{имя}}."),
      FieldShape(
        "regions", .list(.object(region), minimum: 0), required: true, title: "Регионы",
        description: "Регионы, для которых строится сайт; у каждого свой раздел."),
    ])

  // MARK: - flows/*.yaml

  /// `state: value` or `state: [value, value]` under `requires`.
  static let conditions = ValueShape.map(
    key: .text, value: .either([.text(.text), .list(.text(.text), minimum: 1)]))

  public static let state = ObjectShape(
    title: "Состояние",
    description: "Переменная состояния с конечным набором значений.",
    fields: [
      FieldShape(
        "id", .text(.identifier), required: true, title: "Идентификатор",
        description: "Строчные латинские буквы, цифры и дефисы, например esia-account."),
      FieldShape(
        "title", .text(.text), required: true, title: "Название",
        description: "Что описывает состояние, например «Учётная запись на Госуслугах»."),
      FieldShape(
        "values", .list(.text(.text), minimum: 2), required: true, title: "Значения",
        description: "Возможные значения по порядку, не меньше двух."),
      FieldShape(
        "value-titles", .list(.text(.text), minimum: 0), title: "Названия значений",
        description: "Названия значений для читателя: столько же и в том же порядке, что values."),
      FieldShape(
        "initial", .either([.text(.text), .list(.text(.text), minimum: 1)]),
        title: "Начальные значения",
        description:
          "Значение или значения, которые могут быть у читателя до любой инструкции; по умолчанию "
          + "первое из values."),
    ])

  public static let actor = ObjectShape(
    title: "Участник",
    description: "Кто выполняет шаги: родитель, ученик, учитель.",
    fields: [
      FieldShape(
        "id", .text(.identifier), required: true, title: "Идентификатор",
        description: "Строчные латинские буквы, цифры и дефисы, например parent."),
      FieldShape(
        "title", .text(.text), required: true, title: "Название",
        description: "Например «Родитель или законный представитель»."),
    ])

  public static let screen = ObjectShape(
    title: "Экран",
    description: "Экран системы и точные надписи на нём.",
    fields: [
      FieldShape(
        "id", .text(.identifier), required: true, title: "Идентификатор",
        description: "Строчные латинские буквы, цифры и дефисы."),
      FieldShape(
        "title", .text(.text), required: true, title: "Название",
        description: "Например «Страница входа»."),
      FieldShape(
        "labels", .list(.text(.text), minimum: 0), title: "Надписи",
        description:
          "Точные надписи кнопок, ссылок и полей экрана; на страницах их пишут в кавычках «…»."),
    ])

  public static let system = ObjectShape(
    title: "Система",
    description: "Сайт или программа, с которой работает читатель.",
    fields: [
      FieldShape(
        "id", .text(.identifier), required: true, title: "Идентификатор",
        description: "Строчные латинские буквы, цифры и дефисы, например gosuslugi."),
      FieldShape(
        "name", .text(.text), required: true, title: "Название",
        description: "Например «Госуслуги»."),
      FieldShape(
        "other-names", .list(.text(.text), minimum: 0), title: "Другие названия",
        description: "Как ещё называют систему, например ЕСИА."),
      FieldShape(
        "scope", .choice([SystemScope.allRegions.rawValue, SystemScope.regional.rawValue]),
        required: true, title: "Где доступна",
        description:
          "all-regions — во всех регионах; regional — только в регионах, которые перечисляют её в "
          + "systems."),
      FieldShape(
        "screens", .list(.object(screen), minimum: 0), title: "Экраны",
        description: "Экраны системы с их надписями."),
    ])

  public static let step = ObjectShape(
    title: "Шаг",
    description: "Одно действие одного участника в одной системе.",
    fields: [
      FieldShape(
        "id", .text(.identifier), required: true, title: "Идентификатор",
        description: "На странице шаг отмечается так: {#идентификатор}."),
      FieldShape(
        "title", .text(.text), required: true, title: "Название",
        description: "Что делает читатель, например «Нажмите „Войти“»."),
      FieldShape(
        "actor", .text(.text), required: true, title: "Участник",
        description: "Идентификатор участника из actors."),
      FieldShape(
        "system", .text(.text), required: true, title: "Система",
        description: "Идентификатор системы из systems."),
      FieldShape(
        "requires", conditions, title: "Требует",
        description:
          "Каким должно быть состояние до шага: идентификатор состояния → значение или список "
          + "значений."),
      FieldShape(
        "effects", .map(key: .text, value: .text(.text)), title: "Меняет",
        description: "Каким станет состояние после шага: идентификатор состояния → значение."),
    ])

  public static let procedureEntry = ObjectShape(
    title: "Особый шаг процедуры",
    description: "Ровно один из ключей: one-of, optional или procedure.",
    fields: [
      FieldShape(
        "one-of", .list(.either([.text(.text), .list(.text(.text), minimum: 1)]), minimum: 2),
        title: "Один из вариантов",
        description: "Не меньше двух вариантов; каждый — идентификатор шага или список шагов."),
      FieldShape(
        "optional", .text(.text), title: "Необязательный шаг",
        description: "Идентификатор шага, который можно пропустить."),
      FieldShape(
        "procedure", .text(.text), title: "Вложенная процедура",
        description: "Идентификатор общей процедуры (shared: true), выполняемой целиком."),
    ],
    exactlyOne: true)

  public static let procedure = ObjectShape(
    title: "Процедура",
    description: "Шаги по порядку; у каждой не общей процедуры своя страница.",
    fields: [
      FieldShape(
        "id", .text(.identifier), required: true, title: "Идентификатор",
        description: "Строчные латинские буквы, цифры и дефисы, например register-gosuslugi."),
      FieldShape(
        "title", .text(.text), required: true, title: "Название",
        description: "Например «Регистрация на Госуслугах»."),
      FieldShape(
        "summary", .text(.text), title: "Кратко",
        description: "Одно предложение о том, что даёт процедура."),
      FieldShape(
        "requires", conditions, title: "Требует",
        description:
          "Каким должно быть состояние до начала: идентификатор состояния → значение или список "
          + "значений."),
      FieldShape(
        "shared", .boolean, title: "Общая",
        description:
          "true — процедура используется внутри других (procedure: …) и своей страницы не имеет."),
      FieldShape(
        "steps", .list(.either([.text(.text), .object(procedureEntry)]), minimum: 1),
        required: true, title: "Шаги",
        description:
          "По порядку: идентификатор шага, или one-of (варианты), optional (необязательный шаг), "
          + "procedure (общая процедура)."),
    ])

  public static let flow = ObjectShape(
    title: "Граф шагов (content/flows/*.yaml)",
    description:
      "Состояния, участники, системы, шаги и процедуры; разделы можно разложить по нескольким "
      + "файлам.",
    fields: [
      FieldShape(
        "states", .list(.object(state), minimum: 0), title: "Состояния",
        description: "Например уровень учётной записи: нет → упрощённая → подтверждённая."),
      FieldShape(
        "actors", .list(.object(actor), minimum: 0), title: "Участники",
        description: "Кто выполняет шаги."),
      FieldShape(
        "systems", .list(.object(system), minimum: 0), title: "Системы",
        description: "Сайты и программы с точными надписями их экранов."),
      FieldShape(
        "steps", .list(.object(step), minimum: 0), title: "Шаги",
        description: "Действия участников: что требуют и что меняют."),
      FieldShape(
        "procedures", .list(.object(procedure), minimum: 0), title: "Процедуры",
        description: "Шаги по порядку, с вариантами и необязательными шагами."),
    ])

  // MARK: - Front matter

  public static let frontMatter = ObjectShape(
    title: "Заголовок страницы (front matter)",
    description: "Блок между строками --- в начале страницы content/pages/*.md.",
    fields: [
      FieldShape(
        "title", .text(.text), required: true, title: "Заголовок",
        description: "Заголовок страницы."),
      FieldShape(
        "procedure", .text(.text), required: true, title: "Процедура",
        description:
          "Идентификатор не общей процедуры из content/flows, которую описывает страница."
      ),
      FieldShape(
        "summary", .text(.text), title: "Кратко",
        description: "Одно предложение о странице."),
      FieldShape(
        "review-by", .text(.date), title: "Перечитать до",
        description:
          "Дата ГГГГ-ММ-ДД: после неё stepwise check предупреждает, что страницу пора перечитать."
      ),
      FieldShape(
        "valid-until", .text(.date), title: "Действует до",
        description:
          "Дата ГГГГ-ММ-ДД: после неё страница устарела, и stepwise check сообщает об ошибке."),
      FieldShape(
        "regions", .list(.text(.text), minimum: 0), title: "Регионы",
        description:
          "Коды регионов (например RU-MOS), которыми ограничить страницу; без этого ключа она "
          + "строится везде, где применима её процедура."),
    ])

  // MARK: - Files

  /// A kind of file and its shape, named as its schema file is.
  public struct File: Sendable, Hashable {
    /// `site`, `regions`, `flow`, `page`: the schema is written as `<name>.schema.json`.
    public var name: String
    public var shape: ObjectShape
    public var schemaFileName: String { name + ".schema.json" }
  }

  /// Every file with a shape, in the order their schemas are written.
  public static let files: [File] = [
    File(name: "site", shape: site), File(name: "regions", shape: regions),
    File(name: "flow", shape: flow), File(name: "page", shape: frontMatter),
  ]
}
