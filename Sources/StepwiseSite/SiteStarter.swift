import Foundation
import StepwiseCore

/// `stepwise init`: a new ministry's site that checks clean and builds, written into a new or
/// empty folder, never over anything.
///
/// The starter files are Swift string literals rather than bundle resources: they are compiled
/// into the binary, so the `.deb`, a copied binary and the tests all find them without a
/// resource bundle beside the executable (a bundle would also have to keep the dotfiles
/// `.gitignore`, `.github/` and `.gitlab-ci.yml`). The schemas are generated at `init` time from
/// the model, like `stepwise schema`.
public enum SiteStarter {
  /// Why `init` wrote nothing (or, for `cannotWrite`, stopped part way).
  public enum StarterError: Error, Equatable, Sendable, CustomStringConvertible {
    case notEmpty(path: String, entries: [String])
    case notAFolder(path: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
      switch self {
      case .notEmpty(let path, let entries):
        let shown = entries.prefix(3).joined(separator: ", ") + (entries.count > 3 ? ", …" : "")
        return
          "\(path): the folder is not empty (\(shown)); nothing was written: choose a new or empty folder, e.g. stepwise init my-site"
      case .notAFolder(let path):
        return
          "\(path): exists and is not a folder; nothing was written: choose a new or empty folder"
      case .cannotWrite(let path, let reason):
        return "\(path): cannot write: \(reason)"
      }
    }
  }

  /// Every file of a new site (site-relative path, text), the schemas included.
  public static func files() -> [(path: String, text: String)] {
    starterFiles + SchemaFiles.generated().map { (SchemaFiles.folder + "/" + $0.name, $0.text) }
  }

  /// Writes a new site into `folder`, creating it if missing; returns the paths written.
  ///
  /// A folder with anything in it (hidden files too) is refused before a byte is written, and
  /// no file is ever replaced: each is created only if absent.
  @discardableResult
  public static func create(at folder: URL) throws(StarterError) -> [String] {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    if manager.fileExists(atPath: folder.path, isDirectory: &isFolder) {
      guard isFolder.boolValue else { throw .notAFolder(path: folder.path) }
      let entries: [String]
      do {
        entries = try manager.contentsOfDirectory(atPath: folder.path).sorted()
      } catch {
        throw .cannotWrite(path: folder.path, reason: error.localizedDescription)
      }
      guard entries.isEmpty else { throw .notEmpty(path: folder.path, entries: entries) }
    }
    return try write(files(), into: folder)
  }

  /// Writes each file, creating folders; a file that already exists is an error, not replaced.
  static func write(_ files: [(path: String, text: String)], into folder: URL) throws(StarterError)
    -> [String]
  {
    let manager = FileManager.default
    var written: [String] = []
    for file in files {
      let url = folder.appendingPathComponent(file.path)
      do {
        try manager.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // `.withoutOverwriting`: created only if absent, even if something appeared meanwhile.
        try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
      } catch {
        throw .cannotWrite(path: url.path, reason: error.localizedDescription)
      }
      written.append(file.path)
    }
    return written
  }

  /// A file with its schema modeline as the first line.
  private static func yaml(_ path: String, schema: String, _ text: String) -> (String, String) {
    (path, SchemaFiles.modeline(schema: schema, forFileAt: path) + "\n" + text)
  }

  static let starterFiles: [(path: String, text: String)] = [
    yaml(
      "content/site.yaml", schema: "site.schema.json",
      #"""
      # Настройки сайта. Подсказки и проверка ключей в редакторе — по схеме из папки schemas/.
      title: Пошаговые инструкции министерства образования
      description: Как зарегистрироваться на региональном портале образования и пользоваться его услугами.
      # Адрес, по которому сайт будет опубликован; заканчивается косой чертой.
      base-url: https://help.minobr.example/
      language: ru
      contacts:
        - title: Служба поддержки министерства
          phone: 8 800 000-00-00
          email: help@minobr.example

      """#),
    yaml(
      "content/regions.yaml", schema: "regions.schema.json",
      #"""
      # Переменные, которые задаёт каждый регион (на страницах: {{portal-url}}), и сами регионы.
      variables:
        portal-url:
          type: url
          title: Адрес регионального портала образования
        support-phone:
          type: phone
          title: Телефон поддержки портала

      regions:
        # Замените пример своим регионом: код ISO 3166-2:RU, название и адрес раздела сайта.
        - code: RU-TVE
          name: Тверская область
          slug: tverskaya-oblast
          systems: [portal]
          variables:
            portal-url: https://portal.obrazovanie.example/
            support-phone: 8 (4822) 00-00-00

      """#),
    yaml(
      "content/flows/portal.yaml", schema: "flow.schema.json",
      #"""
      # Граф шагов: что есть у читателя (states), кто действует (actors), где (systems),
      # что он делает (steps) и в каком порядке (procedures).

      states:
        - id: portal-account
          title: Учётная запись на портале образования
          values: [none, registered]
          value-titles: [нет учётной записи, учётная запись есть]

      actors:
        - id: parent
          title: Родитель или законный представитель

      systems:
        - id: portal
          name: Региональный портал образования
          scope: regional            # regional: только в регионах, где он указан в systems
          screens:
            - id: start
              title: Главная страница
              labels: [Зарегистрироваться, Войти]
            - id: registration
              title: Форма регистрации
              labels: [Создать учётную запись]

      steps:
        - id: portal-open
          title: Откройте портал и нажмите «Зарегистрироваться»
          actor: parent
          system: portal
          requires:
            portal-account: none

        - id: portal-fill-form
          title: Заполните форму и нажмите «Создать учётную запись»
          actor: parent
          system: portal
          requires:
            portal-account: none

        - id: portal-confirm-email
          title: Перейдите по ссылке из письма, чтобы подтвердить адрес почты
          actor: parent
          system: portal
          requires:
            portal-account: none
          effects:
            portal-account: registered

      procedures:
        - id: register-portal
          title: Регистрация на портале образования
          summary: Как создать учётную запись на региональном портале образования.
          requires:                  # с чего читатель начинает
            portal-account: none
          steps:
            - portal-open
            - portal-fill-form
            - portal-confirm-email

      """#),
    (
      "content/pages/register-portal.md",
      #"""
      ---
      title: Регистрация на портале образования
      procedure: register-portal
      summary: Как создать учётную запись на региональном портале образования.
      # review-by: 2027-06-01     # после этой даты stepwise check напомнит перечитать страницу
      ---

      Эта страница — пример: замените текст своим. Каждый шаг списка отмечен идентификатором шага
      из `content/flows/portal.yaml` в фигурных скобках; читатели этой отметки не видят.

      1. {#portal-open} Откройте портал [{{portal-url}}]({{portal-url}}) и нажмите
         «Зарегистрироваться».
      2. {#portal-fill-form} Заполните форму: фамилию, имя и адрес электронной почты. Нажмите
         «Создать учётную запись».
      3. {#portal-confirm-email} Откройте письмо от портала и перейдите по ссылке в нём.

      > [!NOTE]
      > Если письмо не пришло за 10 минут, проверьте папку нежелательной почты или позвоните
      > в поддержку портала: {{support-phone}}.

      """#
    ),
    (
      ".gitignore",
      #"""
      # Результат stepwise build: собирается заново, в репозиторий не кладётся.
      public/

      """#
    ),
    (
      ".github/workflows/stepwise.yml",
      #"""
      # Проверка и сборка сайта при каждом изменении (GitHub Actions).
      # Пакет stepwise_<версия>_amd64.deb положите в папку tools/ репозитория.
      name: stepwise
      on: [push, pull_request]
      jobs:
        check-and-build:
          runs-on: ubuntu-latest
          container: debian:12
          steps:
            - uses: actions/checkout@v4
            - run: apt-get update -qq && apt-get install -y -qq ./tools/stepwise_*_amd64.deb
            # Ошибки и предупреждения появятся пометками прямо в изменённых файлах.
            - run: stepwise check --site . --strict --format github
            - run: stepwise build --site . --output public
            - uses: actions/upload-artifact@v4
              with:
                name: site
                path: public

      """#
    ),
    (
      ".gitlab-ci.yml",
      #"""
      # Проверка и сборка сайта при каждом изменении (GitLab CI, раннеры с Debian 12).
      # Пакет stepwise_<версия>_amd64.deb положите в папку tools/ репозитория.
      stages: [check, publish]

      default:
        image: debian:12
        before_script:
          - apt-get update -qq
          - apt-get install -y -qq ./tools/stepwise_*_amd64.deb

      check:
        stage: check
        script:
          # Отчёт Code Quality для merge request — при любом исходе…
          - stepwise check --site . --strict --format gitlab > gl-code-quality-report.json || true
          # …и понятный журнал, который останавливает задание при ошибках и предупреждениях.
          - stepwise check --site . --strict
        artifacts:
          when: always
          reports:
            codequality: gl-code-quality-report.json

      publish:
        stage: publish
        script:
          - stepwise build --site . --output public
        artifacts:
          paths: [public]

      """#
    ),
    (
      ".vscode/settings.json",
      #"""
      {
        "yaml.schemas": {
          "./schemas/site.schema.json": "content/site.yaml",
          "./schemas/regions.schema.json": "content/regions.yaml",
          "./schemas/flow.schema.json": "content/flows/*.yaml"
        }
      }

      """#
    ),
    (
      ".vscode/extensions.json",
      #"""
      {
        "recommendations": ["redhat.vscode-yaml"]
      }

      """#
    ),
    ("README.md", readme),
  ]

  static let readme = #"""
    # Пошаговые инструкции

    Сайт собирается программой Stepwise из файлов папки `content/`:
    каждая страница — пошаговая инструкция, и программа проверяет, что шаги на странице идут в
    том порядке, в каком их описывает граф шагов, что надписи кнопок совпадают с настоящими, а
    адреса и телефоны подставлены для нужного региона.

    ## С чего начать

    ```sh
    stepwise serve      # предпросмотр: откройте в браузере адрес, который он покажет
    stepwise check      # проверить всё содержимое
    stepwise build      # собрать сайт в папку public/
    ```

    `stepwise serve` пересобирает сайт при каждом сохранении файла и показывает ошибки прямо на
    странице.

    ## Что где лежит

    | Файл | Что в нём |
    | --- | --- |
    | `content/site.yaml` | название сайта, его адрес, контакты поддержки |
    | `content/regions.yaml` | регионы и их переменные: адрес портала, телефон поддержки |
    | `content/flows/*.yaml` | граф шагов: состояния, участники, системы с надписями экранов, шаги и процедуры |
    | `content/pages/*.md` | страницы-инструкции: по одной на процедуру |
    | `content/assets/` | картинки и файлы, на которые ссылаются страницы |
    | `schemas/` | схемы YAML-файлов для редактора (создаются командой `stepwise schema schemas`) |

    Новая инструкция: добавьте шаги и процедуру в `content/flows/`, затем страницу в
    `content/pages/` с `procedure:` этой процедуры. Каждый пункт нумерованного списка, который
    описывает шаг, начинается с `{#идентификатор-шага}`.

    ## Редактор

    В Visual Studio Code установите расширение **YAML** (Red Hat, `redhat.vscode-yaml`) — оно
    предложено в `.vscode/extensions.json`. Первая строка каждого YAML-файла
    (`# yaml-language-server: $schema=…`) указывает ему схему из папки `schemas/`: редактор
    подсказывает ключи с описаниями на русском и подчёркивает опечатки. Схемы проверяют форму
    файла; ссылки между файлами (есть ли такой шаг, подходит ли значение к типу переменной)
    проверяет `stepwise check`.

    После обновления Stepwise обновите и схемы: `stepwise schema schemas`.

    ## Публикация

    `.github/workflows/stepwise.yml` (GitHub Actions) и `.gitlab-ci.yml` (GitLab CI) проверяют и
    собирают сайт при каждом изменении. Они ставят Stepwise из пакета: положите
    `stepwise_<версия>_amd64.deb` в папку `tools/` репозитория. Собранная папка `public/` —
    обычные файлы HTML: их можно выложить на любой веб-сервер.

    """#
}

extension SiteStarter.StarterError: LocalizedMessage {
  public var english: String { description }

  public var russian: String {
    switch self {
    case .notEmpty(let path, let entries):
      let shown = entries.prefix(3).joined(separator: ", ") + (entries.count > 3 ? ", …" : "")
      return
        "\(path): папка не пуста (\(shown)); ничего не записано: выберите новую или пустую папку, например stepwise init moy-sayt"
    case .notAFolder(let path):
      return "\(path): это не папка; ничего не записано: выберите новую или пустую папку"
    case .cannotWrite(let path, let reason):
      return "\(path): не удаётся записать: \(reason)"
    }
  }

  /// One value of every case, for the catalogue's tests.
  public static let samples: [SiteStarter.StarterError] = [
    .notEmpty(path: "/srv/sayt", entries: [".git", "notes.md", "public", "README.md"]),
    .notAFolder(path: "/srv/sayt"),
    .cannotWrite(path: "/srv/sayt/content", reason: "Permission denied"),
  ]
}
