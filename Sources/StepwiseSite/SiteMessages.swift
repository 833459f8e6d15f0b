import StepwiseCore
import StepwiseModel

// How to add a message: see the top of Sources/StepwiseModel/ModelMessages.swift (a case, its two
// texts, one sample). The command line's own texts are here too (`CommandMessage`), so that they
// are tested with the other catalogues; the executable only picks the language.

extension SiteError: LocalizedMessage {
  public var english: String { description }

  public var russian: String {
    switch self {
    case .content(let error): error.russian
    case .unknownRegion(let code, let suggestion):
      "региона «\(code)» нет в regions.yaml" + ModelMessage.russianDidYouMean(suggestion)
    case .output(let path, let reason): "\(path): не удаётся записать сайт: \(reason)"
    case .locked(let path):
      "\(path): в эту папку сейчас пишет другая сборка; дождитесь, пока она закончится"
    case .refusedOutput(let path, let reason):
      reason.russianSentence(path: path)
    }
  }

  /// One value of every case, for the catalogue's tests.
  public static let samples: [SiteError] =
    [
      .content(.missingFile("content/site.yaml")),
      .content(.unreadable("content/pages/a.md", "not a regular file")),
      .content(.cannotOpen("content/pages", .absent)),
      .unknownRegion("RU-MSK", suggestion: "RU-MOS"), .unknownRegion("RU-XX", suggestion: nil),
      .output(path: "public", reason: "No space left on device"), .locked(path: "public"),
    ]
    + [
      OutputRefusal.empty, .unexpandedTilde, .fileSystemRoot, .homeFolder, .siteFolder,
      .containsSite, .insideSources("content"), .notAFolder, .notStepwiseOutput,
    ].map { SiteError.refusedOutput(path: "/srv/site", reason: $0) }
}

extension OutputRefusal {
  /// `sentence(path:)` in Russian.
  func russianSentence(path: String) -> String {
    let advice = "выберите для сайта новую или пустую папку, например --output public"
    let unchanged = "ничего не изменено"
    return switch self {
    case .empty:
      "--output пустой (переменная окружения не задана?); \(unchanged): \(advice)"
    case .unexpandedTilde:
      "\(path): путь начинается с «~», а stepwise его не раскрывает (это делает оболочка, если путь "
        + "не в кавычках); \(unchanged): напишите путь полностью или \(advice)"
    case .fileSystemRoot:
      "\(path): собирать сайт в корень файловой системы нельзя; \(unchanged): \(advice)"
    case .homeFolder:
      "\(path): собирать сайт в домашнюю папку нельзя; \(unchanged): \(advice)"
    case .siteFolder:
      "\(path): собирать сайт в саму папку сайта нельзя; \(unchanged): \(advice)"
    case .containsSite:
      "\(path): собирать сайт в папку, внутри которой лежит сам сайт, нельзя; \(unchanged): \(advice)"
    case .insideSources(let folder):
      "\(path): собирать сайт в папку \(folder)/ сайта нельзя; \(unchanged): \(advice)"
    case .notAFolder:
      "\(path): это не папка; \(unchanged): \(advice)"
    case .notStepwiseOutput:
      "\(path): эту папку сделал не stepwise build (она не пуста и в ней нет файла "
        + "\(OutputFolder.markerName)), заменять её нельзя; \(unchanged): уберите из неё файлы или \(advice)"
    }
  }
}

/// Why a file failed the render budget (the `render-budget` rule), in both languages.
public enum BudgetMessage: LocalizedMessage, Hashable {
  case overTime(seconds: String, kind: GuardedFile.Kind)
  case died(how: ProcessEnd, megabytes: Int, kind: GuardedFile.Kind)
  case wrongAnswer(String, expected: String)
  case cannotStart(executable: String, error: String)

  /// How a parse worker ended.
  public enum ProcessEnd: Hashable, Sendable {
    case signal(Int32, abort: Bool)
    case status(Int32)
  }

  public var english: String {
    switch self {
    case .overTime(let seconds, let kind):
      "parsing this file did not finish within \(seconds) s of processor time (the render budget); "
        + kind.slowInputs + ": split the file or simplify that part"
    case .died(let how, let megabytes, let kind):
      "the parser process \(Self.english(how)) on this file: it needs more than the \(megabytes) MiB render budget "
        + "or hits a defect of \(kind.parserName); split the file or simplify it"
    case .wrongAnswer(let answer, let expected):
      "the parser process answered '\(answer)' instead of '\(expected)'"
    case .cannotStart(let executable, let error):
      "cannot start a parser process (\(executable)): \(error)"
    }
  }

  public var russian: String {
    switch self {
    case .overTime(let seconds, let kind):
      "разбор этого файла не уложился в \(seconds.replacingOccurrences(of: ".", with: ",")) с процессорного времени (бюджет разбора); "
        + Self.russianSlowInputs(kind) + ": разделите файл или упростите это место"
    case .died(let how, let megabytes, let kind):
      "процесс разбора \(Self.russian(how)) на этом файле: ему нужно больше \(megabytes) МиБ "
        + "(бюджет разбора) или он наткнулся на ошибку в \(kind == .page ? "cmark-gfm" : "разборщике YAML (libyaml)"); разделите файл или упростите его"
    case .wrongAnswer(let answer, let expected):
      "процесс разбора ответил «\(answer)» вместо «\(expected)»"
    case .cannotStart(let executable, let error):
      "не удаётся запустить процесс разбора (\(executable)): \(error)"
    }
  }

  private static func english(_ end: ProcessEnd) -> String {
    switch end {
    case .signal(let signal, let abort): "was stopped by signal \(signal)\(abort ? " (abort)" : "")"
    case .status(let status): "exited with status \(status)"
    }
  }

  private static func russian(_ end: ProcessEnd) -> String {
    switch end {
    case .signal(let signal, let abort):
      "остановлен сигналом \(signal)\(abort ? " (аварийно)" : "")"
    case .status(let status): "завершился с кодом \(status)"
    }
  }

  private static func russianSlowInputs(_ kind: GuardedFile.Kind) -> String {
    switch kind {
    case .page:
      "на некоторых текстах cmark-gfm работает минутами: очень широкие таблицы, тысячи вложенных скобок или ссылок-сносок"
    case .data:
      "на некоторых текстах разборщик YAML работает минутами: очень глубокая вложенность, очень длинные строки списков в скобках"
    }
  }

  /// One value of every case, for the catalogue's tests.
  public static let samples: [BudgetMessage] = [
    .overTime(seconds: "2.5", kind: .page), .overTime(seconds: "10", kind: .data),
    .died(how: .signal(6, abort: true), megabytes: 512, kind: .page),
    .died(how: .status(1), megabytes: 512, kind: .data),
    .wrongAnswer("oops", expected: "ok 3"),
    .cannotStart(executable: "/usr/bin/stepwise", error: "Permission denied"),
  ]
}

/// The command line's own texts: usage errors and what `build` and `serve` print.
public enum CommandMessage: LocalizedMessage, Hashable {
  case todayFormat(String)
  /// `--base-url` is not an address to publish at: `problem` nil means it lacks its final '/'.
  case baseURL(URLProblem?, found: String)
  case renderTimeout
  case renderMemory
  case port(Int)
  case idleTimeout(Double)
  case heartbeat(Double)
  case notPublished(output: String)
  /// A build that published; `unchanged` of the files are links to the last build's.
  case built(
    pages: Int, regions: Int, files: Int, output: String, seconds: String, unchanged: Int = 0)
  /// A build that found nothing changed since the last one and left the output as it was.
  case upToDate(output: String, files: Int, seconds: String)
  case listeningOnNetwork(host: String)
  case previewAddress(String)
  /// The one-line prefix of a failure (`stepwise: error: …`).
  case failure(String)

  public var english: String {
    switch self {
    case .todayFormat(let value): "--today must be a date written YYYY-MM-DD, found '\(value)'"
    case .baseURL(let problem, let value):
      "--base-url \(problem?.english ?? "must end with '/'"), found '\(value)'"
    case .renderTimeout: "--render-timeout must be between 0 and 3600 seconds"
    case .renderMemory: "--render-memory must be at least 128 (MiB)"
    case .port(let port): "--port must be 0…65535, found \(port)"
    case .idleTimeout(let value): "--idle-timeout must be 0.1…86400 seconds, found \(value)"
    case .heartbeat(let value): "--heartbeat must be 0.1…3600 seconds, found \(value)"
    case .notPublished(let output):
      "stepwise: the site was not published: fix the errors above; \(output) is unchanged"
    case .built(let pages, let regions, let files, let output, let seconds, let unchanged):
      "Built \(pages) page\(pages == 1 ? "" : "s") for \(regions) region\(regions == 1 ? "" : "s") (\(files) files\(unchanged > 0 ? ", \(unchanged) of them unchanged since the last build" : "")) into \(output) in \(seconds) s"
    case .upToDate(let output, let files, let seconds):
      "Nothing changed since the last build: \(output) is up to date (\(files) \(files == 1 ? "file left as it was" : "files left as they were"); checked in \(seconds) s)"
    case .listeningOnNetwork(let host):
      "stepwise: warning: listening on \(host): other computers on the network can open the preview"
    case .previewAddress(let url): "Stepwise preview: \(url)  (Ctrl+C to stop)"
    case .failure(let message): "stepwise: error: \(message)"
    }
  }

  public var russian: String {
    switch self {
    case .todayFormat(let value): "--today: нужна дата вида ГГГГ-ММ-ДД, а здесь «\(value)»"
    case .baseURL(let problem, let value):
      "--base-url: \(problem?.russian ?? "адрес должен заканчиваться на «/»"), а здесь «\(value)»"
    case .renderTimeout: "--render-timeout: нужно от 0 до 3600 секунд"
    case .renderMemory: "--render-memory: нужно не меньше 128 (МиБ)"
    case .port(let port): "--port: нужно число от 0 до 65535, а здесь \(port)"
    case .idleTimeout(let value):
      "--idle-timeout: нужно от 0,1 до 86400 секунд, а здесь \(Self.decimal(value))"
    case .heartbeat(let value):
      "--heartbeat: нужно от 0,1 до 3600 секунд, а здесь \(Self.decimal(value))"
    case .notPublished(let output):
      "stepwise: сайт не опубликован: исправьте ошибки выше; \(output) не изменён"
    case .built(let pages, let regions, let files, let output, let seconds, let unchanged):
      "Собрано: \(pages) \(russianPlural(pages, one: "страница", few: "страницы", many: "страниц")) для \(regions) \(russianPlural(regions, one: "региона", few: "регионов", many: "регионов")) (\(files) \(russianPlural(files, one: "файл", few: "файла", many: "файлов"))\(unchanged > 0 ? ", из них не изменились с прошлой сборки: \(unchanged)" : "")) в \(output) за \(seconds.replacingOccurrences(of: ".", with: ",")) с"
    case .upToDate(let output, let files, let seconds):
      "С прошлой сборки ничего не изменилось: \(output) оставлен как есть (\(files) \(russianPlural(files, one: "файл", few: "файла", many: "файлов")); проверка заняла \(seconds.replacingOccurrences(of: ".", with: ",")) с)"
    case .listeningOnNetwork(let host):
      "stepwise: предупреждение: слушаю \(host) — предпросмотр смогут открыть другие компьютеры в сети"
    case .previewAddress(let url): "Предпросмотр Stepwise: \(url)  (Ctrl+C — остановить)"
    case .failure(let message): "stepwise: ошибка: \(message)"
    }
  }

  private static func decimal(_ value: Double) -> String {
    String(value).replacingOccurrences(of: ".", with: ",")
  }

  /// One value of every case, for the catalogue's tests.
  public static let samples: [CommandMessage] = [
    .todayFormat("01.03.2026"), .baseURL(.notAbsoluteHTTPS, found: "minobr.example"),
    .baseURL(nil, found: "https://minobr.example"), .renderTimeout, .renderMemory, .port(70_000),
    .idleTimeout(0.01),
    .heartbeat(9_999), .notPublished(output: "/srv/public"),
    .built(pages: 21, regions: 1, files: 130, output: "/srv/public", seconds: "0.45"),
    .built(
      pages: 21, regions: 1, files: 130, output: "/srv/public", seconds: "0.45", unchanged: 128),
    .upToDate(output: "/srv/public", files: 130, seconds: "0.12"),
    .listeningOnNetwork(host: "0.0.0.0"), .previewAddress("http://127.0.0.1:8080/"),
    .failure("/srv/public: нет места на диске"),
  ]
}
