import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseSite

/// `stepwise schema DIR`: the JSON Schemas of the data files, generated from the model.
struct Schema: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Write the JSON Schemas of site.yaml, regions.yaml, flows and front matter.",
    discussion: """
      Writes site.schema.json, regions.schema.json, flow.schema.json and page.schema.json \
      (draft-07, titles and descriptions in Russian) into DIRECTORY, creating it; other files \
      there are left alone. A site keeps them in schemas/ (stepwise schema schemas), where the \
      '# yaml-language-server: $schema=…' line of each YAML file points.
      """)

  @Argument(help: "The folder to write the schemas into.")
  var directory: String

  @Option(help: "Language of the messages: ru or en (default: from LC_ALL, LC_MESSAGES, LANG).")
  var lang: Language?

  func run() throws {
    try runCommand(language: lang ?? .ofLocale) { () throws(SiteError) -> Int32 in
      let folder = URL(fileURLWithPath: directory).standardizedFileURL
      for path in try SchemaFiles.write(to: folder) { print(path) }
      return 0
    }
  }
}

/// `stepwise init [DIR]`: a new site that checks clean and builds.
struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Start a new site: content, schemas, CI files and a README, in Russian.",
    discussion: """
      DIRECTORY (default: the current folder) must be empty or absent; it is created if \
      missing. Nothing is ever overwritten: a folder with anything in it is refused (exit \
      status 2) and nothing is written.
      """)

  @Argument(help: "The folder of the new site.")
  var directory: String = "."

  @Option(help: "Language of the messages: ru or en (default: from LC_ALL, LC_MESSAGES, LANG).")
  var lang: Language?

  func run() throws {
    let folder = URL(fileURLWithPath: directory).standardizedFileURL
    let written: [String]
    do {
      written = try SiteStarter.create(at: folder)
    } catch {
      let line = CommandMessage.failure(error.text(in: lang ?? .ofLocale)).text(
        in: lang ?? .ofLocale)
      FileHandle.standardError.write(Data((line + "\n").utf8))
      throw ExitCode(2)
    }
    for path in written { print(path) }
    let site = directory == "." ? "" : " --site \(directory)"
    FileHandle.standardError.write(
      Data(
        """
        Сайт создан в \(folder.path). Дальше:
          stepwise serve\(site)    предпросмотр в браузере
          stepwise check\(site)    проверка содержимого
          stepwise build\(site)    сборка в public/

        """.utf8))
  }
}
