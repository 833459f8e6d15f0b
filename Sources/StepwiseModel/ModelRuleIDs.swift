import StepwiseCore

// The rules the loader reports while reading `content/` (see docs/rules.md).
extension RuleID {
  public static let schema = RuleID(
    "schema", summary: "a data file or a page's front matter does not have the expected shape")
  public static let yamlSyntax = RuleID(
    "yaml-syntax", summary: "a data file or a page's front matter is not well-formed YAML")
  public static let encoding = RuleID(
    "encoding", summary: "a file is not valid UTF-8 or contains a NUL byte")
  public static let sizeLimit = RuleID(
    "size-limit", summary: "a file is larger than the limit for its kind")
  public static let renderBudget = RuleID(
    "render-budget", summary: "a file takes too long or too much memory to parse")
  public static let pathOutside = RuleID(
    "path-outside", summary: "a symbolic link or a link leads outside the site")
  public static let fileName = RuleID(
    "file-name", summary: "a file name contains a control character or is otherwise unusable")
  public static let rawHTML = RuleID(
    "raw-html", summary: "a page contains raw HTML, which is not published")

  // Reported by the loader and by a family of StepwiseCheck, which lists them in its `ids`.
  public static let graphUnknownState = RuleID(
    "graph-unknown-state", summary: "a requirement or effect names an undeclared state or value")
  public static let urlNotHTTPS = RuleID(
    "url-not-https", summary: "a configured address does not use https")

  /// The rules only the loader of StepwiseModel reports (the two above are listed by the
  /// checker's families).
  public static let modelRules: [RuleID] = [
    .schema, .yamlSyntax, .encoding, .sizeLimit, .renderBudget, .pathOutside, .fileName, .rawHTML,
  ]
}
