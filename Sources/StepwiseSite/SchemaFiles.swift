import Foundation
import StepwiseModel

/// The JSON Schemas of a site's data files, generated from the model (`DataShapes`).
public enum SchemaFiles {
  /// Where a site keeps its schemas, relative to the site folder (`stepwise schema schemas`).
  public static let folder = "schemas"

  /// Each schema file's name and text.
  public static func generated() -> [(name: String, text: String)] {
    JSONSchemaGenerator.files()
  }

  /// The modeline that points the YAML language server at a schema, for a file at
  /// `relativePath` in the site (`content/flows/a.yaml` → `../../schemas/flow.schema.json`).
  public static func modeline(schema: String, forFileAt relativePath: String) -> String {
    let depth = relativePath.split(separator: "/").count - 1
    let up = String(repeating: "../", count: depth)
    return "# yaml-language-server: $schema=\(up)\(folder)/\(schema)"
  }

  /// Writes (or rewrites) the schema files into `directory`, creating it; returns their paths.
  ///
  /// Only the four schema files are written: anything else in the folder stays as it is.
  @discardableResult
  public static func write(to directory: URL) throws(SiteError) -> [String] {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw .output(path: directory.path, reason: error.localizedDescription)
    }
    var written: [String] = []
    for file in generated() {
      let url = directory.appendingPathComponent(file.name)
      do {
        try Data(file.text.utf8).write(to: url, options: .atomic)
      } catch {
        throw .output(path: url.path, reason: error.localizedDescription)
      }
      written.append(url.path)
    }
    return written
  }
}
