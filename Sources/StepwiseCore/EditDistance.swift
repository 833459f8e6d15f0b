/// Damerau–Levenshtein (optimal string alignment) distance between two strings, in characters.
public func editDistance(_ a: String, _ b: String) -> Int {
  let s = Array(a.lowercased())
  let t = Array(b.lowercased())
  if s.isEmpty { return t.count }
  if t.isEmpty { return s.count }
  var previous2 = [Int](repeating: 0, count: t.count + 1)
  var previous = Array(0...t.count)
  var current = [Int](repeating: 0, count: t.count + 1)
  for i in 1...s.count {
    current[0] = i
    for j in 1...t.count {
      let cost = s[i - 1] == t[j - 1] ? 0 : 1
      var value = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
        value = Swift.min(value, previous2[j - 2] + 1)
      }
      current[j] = value
    }
    (previous2, previous, current) = (previous, current, previous2)
  }
  return previous[t.count]
}

/// The known name closest to `name`, if it is close enough to be a likely typo.
///
/// "Close enough" is at most a third of the name's length (at least 1, at most 4 edits); else the
/// candidate sharing the longest beginning (at least half the name); else one that contains the
/// name or is contained in it (a shortened or lengthened label).
public func nearestName(to name: String, in candidates: some Sequence<String>) -> String? {
  var best: (name: String, distance: Int)?
  for candidate in candidates where candidate != name {
    let distance = editDistance(name, candidate)
    if let current = best, current.distance <= distance { continue }
    best = (candidate, distance)
  }
  guard let best else { return nil }
  let limit = Swift.max(1, Swift.min(4, name.count / 3))
  if best.distance <= limit { return best.name }
  let lower = name.lowercased()
  // A long shared beginning: «Войти через ЕСИА» → «Войти через Госуслуги».
  var longest: (name: String, length: Int)?
  for candidate in candidates where candidate != name {
    let length = zip(lower, candidate.lowercased()).prefix { $0 == $1 }.count
    if length >= Swift.max(4, (name.count + 1) / 2), length > (longest?.length ?? 0) {
      longest = (candidate, length)
    }
  }
  if let longest { return longest.name }
  for candidate in candidates {
    let c = candidate.lowercased()
    if c != lower, lower.count >= 4, c.count >= 4, c.contains(lower) || lower.contains(c) {
      return candidate
    }
  }
  return nil
}
