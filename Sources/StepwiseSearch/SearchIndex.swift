import StepwiseCore

/// A piece of a page's text and how much a word in it counts.
public struct SearchField: Sendable, Hashable {
  public var text: String
  /// `SearchWeight` of each word.
  public var weight: Int
  /// The step (index in `SearchPage.steps`) the text belongs to, if any.
  public var step: Int?

  public init(_ text: String, weight: Int, step: Int? = nil) {
    self.text = text
    self.weight = weight
    self.step = step
  }
}

/// How much one occurrence of a word counts, by where it is.
public enum SearchWeight {
  public static let title = 10
  /// A step's title, a UI label «…».
  public static let heading = 5
  public static let summary = 3
  public static let body = 1
  /// A page's weight for one stem is the sum of its occurrences, at most this.
  public static let cap = 60
}

/// What the index needs of one page, whatever the region.
public struct SearchPage: Sendable, Hashable {
  /// The page's URL relative to its region's folder (`slug/index.html`).
  public var url: String
  public var title: String
  /// The steps' titles, as results show them.
  public var steps: [String]
  public var fields: [SearchField]

  public init(url: String, title: String, steps: [String], fields: [SearchField]) {
    self.url = url
    self.title = title
    self.steps = steps
    self.fields = fields
  }
}

/// A stem as a dictionary key, hashed and compared by its UTF-8.
///
/// A `String` key hashes the normalized text, several times slower on Cyrillic. Stems are
/// composed text, so equal strings are equal bytes.
struct Stem: Hashable {
  let text: String

  static func == (lhs: Stem, rhs: Stem) -> Bool { sameUTF8(lhs.text, rhs.text) }

  func hash(into hasher: inout Hasher) { combineUTF8(text, into: &hasher) }
}

/// One page's stems with their weights, serialized once into the site's one pages file
/// (`SearchIndex.pagesScript`), whatever the regions the page is built in.
public struct SearchFragment: Sendable, Hashable {
  /// One stem of the page: its summed weight and the step where it weighs most (nil: none).
  public struct Term: Sendable, Hashable {
    public var stem: String
    public var weight: Int
    public var step: Int?
  }

  /// The page's URL relative to a region's folder: the page's id in the indexes.
  public let url: String
  public let title: String
  /// By stem.
  public let terms: [Term]
  /// `"url":["title",["step",…],"stem weight step …"]` — the page's entry in the pages file, in
  /// UTF-8 (the file is these entries joined).
  let entry: [UInt8]

  /// Stems every field of `page` (one libstemmer call for the page) and sums the weights.
  public init(_ page: SearchPage) {
    var words: [String] = []
    var owners: [Int] = []
    for (index, field) in page.fields.enumerated() {
      let fieldWords = SearchText.words(of: field.text)
      words += fieldWords
      owners += repeatElement(index, count: fieldWords.count)
    }
    let stems = RussianStemmer.stems(of: words)
    /// What a page's occurrences of one stem add up to: one dictionary entry per stem, updated
    /// in place (each lookup hashes the stem's Cyrillic anew).
    struct Sums {
      var weight = 0
      var best: (step: Int, weight: Int)? = nil
      var byStep: [Int: Int] = [:]

      /// The weight of one occurrence, in `field`; the step where the stem weighs most (the
      /// first of equals).
      mutating func add(_ field: SearchField) {
        weight += field.weight
        guard let step = field.step else { return }
        let sum = byStep[step, default: 0] + field.weight
        byStep[step] = sum
        if let best, best.weight > sum || (best.weight == sum && best.step < step) { return }
        best = (step, sum)
      }
    }
    var sums: [Stem: Sums] = [:]
    for (stem, owner) in zip(stems, owners) {
      let field = page.fields[owner]
      sums[Stem(text: stem), default: Sums()].add(field)
    }
    // By bytes: stems are letters and digits of composed text, whose UTF-8 order is the order
    // `String` gives them (comparing `String`s normalizes Cyrillic first); by their first eight
    // bytes first, made once per stem rather than once per comparison.
    let entries = Array(sums)
    let prefixes = entries.map { utf8Prefix($0.key.text) }
    let order = entries.indices.sorted { first, second in
      prefixes[first] != prefixes[second]
        ? prefixes[first] < prefixes[second]
        : precedesUTF8(entries[first].key.text, entries[second].key.text)
    }
    let terms = order.map { index in
      let (stem, sum) = entries[index]
      return Term(stem: stem.text, weight: min(sum.weight, SearchWeight.cap), step: sum.best?.step)
    }
    self.url = page.url
    self.title = page.title
    self.terms = terms
    // `stem weight step` for each term, one space between: written as bytes.
    var encoded: [UInt8] = []
    encoded.reserveCapacity(terms.count * 16)
    for term in terms {
      if !encoded.isEmpty { encoded.append(UInt8(ascii: " ")) }
      encoded.append(contentsOf: term.stem.utf8)
      encoded.append(UInt8(ascii: " "))
      encoded.append(contentsOf: String(term.weight).utf8)
      encoded.append(UInt8(ascii: " "))
      if let step = term.step {
        encoded.append(contentsOf: String(step).utf8)
      } else {
        encoded.append(UInt8(ascii: "-"))
      }
    }
    var entry: [UInt8] = []
    entry.reserveCapacity(encoded.count + page.url.utf8.count + page.title.utf8.count + 64)
    JSONText.appendQuoted(page.url, to: &entry)
    entry.append(contentsOf: ":[".utf8)
    JSONText.appendQuoted(page.title, to: &entry)
    entry.append(contentsOf: ",[".utf8)
    for (index, step) in page.steps.enumerated() {
      if index > 0 { entry.append(UInt8(ascii: ",")) }
      JSONText.appendQuoted(step, to: &entry)
    }
    entry.append(contentsOf: "],".utf8)
    encoded.withUnsafeBufferPointer { JSONText.appendQuoted($0, to: &entry) }
    entry.append(UInt8(ascii: "]"))
    self.entry = entry
  }
}

/// The site's search data, in two kinds of JavaScript files that each assign one global, loaded by
/// plain `<script src>` (a page opened from disk cannot `fetch` a JSON file).
///
/// A page's stems do not depend on the region (its title, steps and text are the same in every
/// region; its summary is indexed without its `{{variable}}` uses), so they are written once per
/// site, in `search-pages.js` (`pagesScript`). A region's `search-index.js` (`script`)
/// lists only its own pages, with what differs by region: the summary with the region's values.
/// `search.js` searches the pages its region lists, and no other.
public enum SearchIndex {
  /// The global a region's index assigns and `search.js` reads.
  public static let global = "stepwiseSearchIndex"
  /// The global the site's pages file assigns and `search.js` reads.
  public static let pagesGlobal = "stepwiseSearchPages"
  /// The index format of both files; `search.js` refuses another.
  public static let version = 2

  /// The stems of every page built in some region, by URL.
  ///
  /// `search.js` reads it as `{version, stop, pages: {url: [title, [steps], terms]}}`, `terms`
  /// being `stem weight step` triples separated by spaces (`-`: no step).
  public static func pagesScript(_ fragments: [SearchFragment]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(
      pagesScriptHead.count + fragments.reduce(0) { $0 + $1.entry.count + 2 } + 5)
    out += pagesScriptHead
    for (index, fragment) in fragments.enumerated() {
      if index > 0 { out += ",\n".utf8 }
      out += fragment.entry
    }
    out += "\n}};\n".utf8
    return out
  }

  /// The pages file up to its first entry: the global, the version and the stop words.
  private static let pagesScriptHead = Array(
    ("self.\(pagesGlobal)={\"version\":\(version),\"stop\":"
      + JSONText.quoted(SearchText.stopWords.sorted().joined(separator: " ")) + ",\"pages\":{\n")
      .utf8)

  /// The index of a region's pages, in the order results list them when they tie, each with its
  /// summary in that region (nil: none).
  ///
  /// `search.js` reads it as `{version, pages: [[url, summary, title?]]}`, `url` naming an
  /// entry of the pages file; `title` is there only when the region's title differs from the
  /// pages file's (a title with region variables, filled with the region's values).
  public static func script(_ pages: [(url: String, summary: String?, title: String?)])
    -> [UInt8]
  {
    var out = Array("self.\(global)={\"version\":\(version),\"pages\":[\n".utf8)
    out.reserveCapacity(out.count + pages.count * 256)
    for (index, page) in pages.enumerated() {
      out += index > 0 ? ",\n[".utf8 : "[".utf8
      JSONText.appendQuoted(page.url, to: &out)
      out.append(UInt8(ascii: ","))
      JSONText.appendQuoted(page.summary ?? "", to: &out)
      if let title = page.title {
        out.append(UInt8(ascii: ","))
        JSONText.appendQuoted(title, to: &out)
      }
      out.append(UInt8(ascii: "]"))
    }
    out += "\n]};\n".utf8
    return out
  }
}
