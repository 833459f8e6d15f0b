import StepwiseCore
import StepwiseMarkdown
import StepwiseModel

/// What a procedure's flow diagram shows, taken from the flow graph and the page: its steps in
/// order, with alternatives, optional steps and included shared procedures, the states it needs
/// and the states it produces.
///
/// Region-independent (regions change only variables, and the diagram shows none), so a page
/// has one diagram for all its regions. Equal values draw equal diagrams: the value is the key
/// of `DiagramCache`.
public struct FlowDiagram: Sendable, Hashable {
  /// One step's box: the number the page gives it (nil where the page does not number it) and
  /// its title.
  public struct Box: Sendable, Hashable {
    public var step: String
    public var number: String?
    public var title: String
  }

  /// An entry of a procedure, as the diagram nests them.
  public indirect enum Node: Sendable, Hashable {
    case step(Box)
    /// A step the reader may skip: drawn dashed, with a bypass.
    case optional(Box)
    /// Alternatives side by side; each is a sequence of steps.
    case choice([[Box]])
    /// An included shared procedure: its title, and its entries in a frame.
    case group(title: String, [Node])
  }

  /// The page's slug: the prefix of the SVG's ids, unique on the page.
  public var slug: String
  /// The procedure's title.
  public var title: String
  /// What the reader needs before starting («Учётная запись на Госуслугах — подтверждённая»).
  public var requires: [String]
  /// What holds once the procedure is done.
  public var produces: [String]
  public var nodes: [Node]

  public init(slug: String, title: String, requires: [String], produces: [String], nodes: [Node]) {
    self.slug = slug
    self.title = title
    self.requires = requires
    self.produces = produces
    self.nodes = nodes
  }

  /// Every step box, in order (alternatives branch by branch).
  public var boxes: [Box] {
    func collect(_ nodes: [Node]) -> [Box] {
      nodes.flatMap { node -> [Box] in
        switch node {
        case .step(let box), .optional(let box): [box]
        case .choice(let branches): branches.flatMap(\.self)
        case .group(_, let inner): collect(inner)
        }
      }
    }
    return collect(nodes)
  }

  // MARK: - From the graph

  /// The diagram of `procedure` on `page`: steps numbered as the page numbers them.
  ///
  /// A `{{variable}}` in a step title is shown as «…»: the diagram is drawn once for every
  /// region, and the page's own text gives each region's value.
  public static func make(
    procedure: Procedure, page: Page, graph: FlowGraph, analysis: FlowAnalysis
  ) -> FlowDiagram {
    var numbers = stepNumbers(of: page)
    func box(_ id: Located<String>) -> Box {
      let title = graph.step(id.value)?.title ?? id.value
      var number: String?
      if var queue = numbers[id.value], !queue.isEmpty {
        number = queue.removeFirst()
        numbers[id.value] = queue
      }
      return Box(step: id.value, number: number, title: withoutVariables(title))
    }
    // The walk expands inclusions in place and names the procedure of every entry: a stack of
    // open groups, closed when an entry of an outer procedure comes, rebuilds the nesting.
    var stack: [(procedure: String, title: String, nodes: [Node])] = [(procedure.id, "", [])]
    func close(to owner: String) {
      while stack.count > 1, let top = stack.last, top.procedure != owner {
        stack.removeLast()
        stack[stack.count - 1].nodes.append(.group(title: top.title, top.nodes))
      }
    }
    ProcedureWalker(graph: graph).walk(procedure) { event in
      switch event {
      case .step(let id, let owner):
        close(to: owner.id)
        stack[stack.count - 1].nodes.append(.step(box(id)))
      case .optional(let id, let owner):
        close(to: owner.id)
        stack[stack.count - 1].nodes.append(.optional(box(id)))
      case .oneOf(let alternatives, let owner):
        close(to: owner.id)
        stack[stack.count - 1].nodes.append(.choice(alternatives.map { $0.map(box) }))
      case .include(let included, _, let owner):
        close(to: owner.id)
        stack.append((included.id, withoutVariables(included.title), []))
      case .cycle:
        break
      }
    }
    close(to: procedure.id)
    let requires = analysis.preconditions(of: procedure).map { condition in
      let state = graph.state(condition.state.value)
      return UIStrings.requirement(
        state?.title ?? condition.state.value,
        values: condition.values.map { state?.title(of: $0.value) ?? $0.value })
    }
    let stateOrder = Dictionary(
      graph.states.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    let produced = analysis.provides(procedure).sorted {
      (stateOrder[$0.state] ?? Int.max, $0.state, $0.value)
        < (stateOrder[$1.state] ?? Int.max, $1.state, $1.value)
    }
    let produces = produced.map { value in
      let state = graph.state(value.state)
      return UIStrings.requirement(
        state?.title ?? value.state, values: [state?.title(of: value.value) ?? value.value])
    }
    return FlowDiagram(
      slug: page.slug, title: withoutVariables(procedure.title), requires: requires,
      produces: produces, nodes: stack[0].nodes)
  }

  /// The numbers the page shows before its step items, by step id, in page order: «3» for the
  /// third item of the top list, «3а» for the first item of an ordered list inside step 3 (the
  /// page marks sub-steps «а», «б», «в»), nil for an item of a bulleted list.
  public static func stepNumbers(of page: Page) -> [String: [String?]] {
    let document = page.document
    let markers = page.analysis.steps
    var shown: [String?] = []
    var result: [String: [String?]] = [:]
    for marker in markers {
      var own: (value: Int, nested: Bool)?
      if let listID = document[marker.item].parent,
        case .list(let start?, _) = document[listID].kind,
        let position = document[listID].children.firstIndex(of: marker.item)
      {
        own = (start + position, marker.parent != nil)
      }
      var number: String?
      if let own {
        if own.nested, let parent = marker.parent, parent < shown.count,
          let prefix = shown[parent]
        {
          number = prefix + subStepLetter(own.value)
        } else if !own.nested {
          number = String(own.value)
        }
      }
      shown.append(number)
      result[marker.id, default: []].append(number)
    }
    return result
  }

  /// «а», «б», … «я» (without «ё», «й», «ъ», «ы», «ь», as in CSS `cyrillic-lower`), then the number.
  static func subStepLetter(_ value: Int) -> String {
    let letters = Array("абвгдежзиклмнопрстуфхцчшщэюя")
    guard value >= 1, value <= letters.count else { return "." + String(value) }
    return String(letters[value - 1])
  }

  static func withoutVariables(_ text: String) -> String {
    RegionVariables.fill(text) { _, _ in "…" }
  }
}

/// Diagrams drawn once and kept: by one renderer for all its pages, and by the preview from one
/// rebuild to the next (a diagram is drawn again only when what it shows changed).
public final class DiagramCache: Sendable {
  private let figures = OnceMap<FlowDiagram, DiagramFigure>()

  public init() {}

  /// How many diagrams are kept.
  public var count: Int { figures.count }

  /// The figure of `diagram`, drawn the first time it is asked for.
  public func figure(_ diagram: FlowDiagram) -> DiagramFigure {
    figures.value(diagram) { DiagramFigure(diagram) }
  }
}

/// A drawn diagram as the page template shows it.
public struct DiagramFigure: Sendable, Hashable {
  /// The inline `<svg>`.
  public let svg: String
  /// The procedure's title, for «Схема: …».
  public let caption: String
  /// Wider than a phone shows at a readable size: scrolled inside its figure there.
  public let wide: Bool
  /// The SVG's width and height in CSS pixels at full size.
  public let width: Int
  public let height: Int

  init(_ diagram: FlowDiagram) {
    let layout = DiagramLayout(diagram)
    svg = DiagramSVG.write(diagram, layout)
    caption = diagram.title
    width = layout.width
    height = layout.height
    wide = layout.width > DiagramLayout.phoneWidth
  }
}
