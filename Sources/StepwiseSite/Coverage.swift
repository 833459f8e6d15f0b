import StepwiseCore
import StepwiseModel

/// What the flow graph declares that no published page explains, for the people who keep the
/// graph (`stepwise coverage`).
///
/// It reports; it never fails a build.
public struct CoverageReport: Sendable, Equatable, Codable {
  /// A state's value that nothing produces (not initial, set by no step) or nothing needs
  /// (required by no step or procedure).
  public struct StateValue: Sendable, Equatable, Codable {
    public var state: String
    public var value: String
    public var title: String
    public var location: SourceLocation
  }

  /// A declared thing (step, system, region, procedure) with where it is declared.
  public struct Item: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var location: SourceLocation
    /// Why, where there is more than one reason (a procedure with no page, or a page built in
    /// no region).
    public var reason: String?
  }

  /// A label a system's screen declares that no page quotes.
  public struct Label: Sendable, Equatable, Codable {
    public var system: String
    public var screen: String
    public var label: String
    public var location: SourceLocation
  }

  public var unproducedValues: [StateValue] = []
  public var unneededValues: [StateValue] = []
  public var stepsOnNoPage: [Item] = []
  public var unquotedLabels: [Label] = []
  public var systemsWithoutPages: [Item] = []
  public var regionsWithoutPages: [Item] = []
  public var proceduresBuiltNowhere: [Item] = []
  /// Errors of the check: the report may be incomplete when the content has some.
  public var contentErrors: Int = 0

  public var isEmpty: Bool {
    unproducedValues.isEmpty && unneededValues.isEmpty && stepsOnNoPage.isEmpty
      && unquotedLabels.isEmpty && systemsWithoutPages.isEmpty && regionsWithoutPages.isEmpty
      && proceduresBuiltNowhere.isEmpty
  }

  /// The coverage of a checked site (an unloadable site has nothing to report).
  public init(_ site: CheckedSite) {
    contentErrors = site.diagnostics.filter { $0.severity == .error }.count
    guard let content = site.content, let plan = site.plan else { return }
    let graph = content.graph

    // States: produced (initial or some step's effect) and needed (some requirement).
    var produced: [String: Set<String>] = [:]
    var needed: [String: Set<String>] = [:]
    for state in graph.states { produced[state.id, default: []].formUnion(state.initial) }
    for step in graph.steps {
      for effect in step.effects {
        produced[effect.state.value, default: []].insert(effect.value.value)
      }
    }
    let conditions = graph.steps.flatMap(\.requires) + graph.procedures.flatMap(\.requires)
    for condition in conditions {
      needed[condition.state.value, default: []].formUnion(condition.values.map(\.value))
    }
    for state in graph.states {
      for value in state.values {
        let item = StateValue(
          state: state.id, value: value, title: state.title(of: value), location: state.location)
        if !(produced[state.id]?.contains(value) ?? false) { unproducedValues.append(item) }
        if !(needed[state.id]?.contains(value) ?? false) { unneededValues.append(item) }
      }
    }

    // Steps and systems on published pages.
    let builtPages = content.pages.filter { !(plan.regionsByPage[$0.slug] ?? []).isEmpty }
    let stepsOnPages = Set(content.pages.flatMap { $0.analysis.steps.map(\.id) })
    let stepsOnBuiltPages = Set(builtPages.flatMap { $0.analysis.steps.map(\.id) })
    stepsOnNoPage = graph.steps.filter { !stepsOnPages.contains($0.id) }.map {
      Item(id: $0.id, title: $0.title, location: $0.location)
    }
    let systemsOnPages = Set(stepsOnBuiltPages.compactMap { graph.step($0)?.system.value })
    systemsWithoutPages = graph.systems.filter { !systemsOnPages.contains($0.id) }.map {
      Item(id: $0.id, title: $0.name, location: $0.location)
    }

    // Labels: quoted anywhere on a page, in «…».
    let quoted = Set(
      content.pages.flatMap { page in
        page.analysis.quotes.filter { $0.marks == .guillemets }.map {
          LabelUsage.normalize($0.text)
        }
      })
    for system in graph.systems {
      for screen in system.screens {
        for label in screen.labels where !quoted.contains(LabelUsage.normalize(label.value)) {
          unquotedLabels.append(
            Label(
              system: system.id, screen: screen.id, label: label.value, location: label.location))
        }
      }
    }

    regionsWithoutPages = content.registry.regions.filter {
      (plan.pagesByRegion[$0.code] ?? []).isEmpty
    }.map { Item(id: $0.code, title: $0.name, location: $0.location) }

    for procedure in graph.procedures where !procedure.shared {
      let pages = content.pages.filter { $0.frontMatter.procedure.value == procedure.id }
      let reason: String
      if pages.isEmpty {
        reason = "no page"
      } else if pages.allSatisfy({ (plan.regionsByPage[$0.slug] ?? []).isEmpty }) {
        reason = "its page applies in no region"
      } else {
        continue
      }
      proceduresBuiltNowhere.append(
        Item(id: procedure.id, title: procedure.title, location: procedure.location, reason: reason)
      )
    }
  }
}

extension CoverageReport {
  public func rendered(_ format: ReportFormat) -> String {
    switch format {
    case .json: return reportJSON(self)
    case .text, .markdown: return text
    }
  }

  private var text: String {
    var out = ""
    if contentErrors > 0 {
      out +=
        "warning: the content has \(contentErrors) error\(contentErrors == 1 ? "" : "s") (see stepwise check): this report may be incomplete\n"
    }
    func section<T>(_ title: String, _ items: [T], _ line: (T) -> String) {
      out += "\n\(title): \(items.isEmpty ? "none" : String(items.count))\n"
      for item in items { out += "  " + line(item) + "\n" }
    }
    section("State values nothing produces (not initial, set by no step)", unproducedValues) {
      "\($0.location): \($0.state) = \($0.value) («\($0.title)»)"
    }
    section("State values nothing needs (required by no step or procedure)", unneededValues) {
      "\($0.location): \($0.state) = \($0.value) («\($0.title)»)"
    }
    section("Steps on no page", stepsOnNoPage) { "\($0.location): \($0.id) «\($0.title)»" }
    section("Declared labels no page quotes", unquotedLabels) {
      "\($0.location): «\($0.label)» (\($0.system), screen \($0.screen))"
    }
    section("Systems on no published page", systemsWithoutPages) {
      "\($0.location): \($0.id) «\($0.title)»"
    }
    section("Regions with no pages", regionsWithoutPages) {
      "\($0.location): \($0.id) «\($0.title)»"
    }
    section("Procedures built in no region", proceduresBuiltNowhere) {
      "\($0.location): \($0.id) «\($0.title)»: \($0.reason ?? "")"
    }
    return String(out.drop { $0 == "\n" })
  }
}
