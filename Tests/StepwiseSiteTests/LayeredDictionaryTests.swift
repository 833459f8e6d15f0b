import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// The preview's files kept as a shared base and the files rendered since: the same files as one
/// dictionary updated in place.
@Suite struct LayeredDictionaryTests {
  @Test func updatesReadAsOneDictionaryUpdatedInPlace() {
    var random = SplitMix64(seed: 17)
    for round in 0..<40 {
      var plain: [String: [UInt8]] = [:]
      for index in 0..<Int(random.next() % 300) { plain["f\(index)"] = [UInt8(index % 256)] }
      var files = PreviewFiles(plain)
      var earlier: [(PreviewFiles, [String: [UInt8]])] = []
      for _ in 0..<Int(random.next() % 30) {
        // Some paths the base has, some it lacks, some given again.
        var update: [String: [UInt8]] = [:]
        for _ in 0..<Int(random.next() % 90) {
          update["f\(random.next() % 420)"] = [UInt8(random.next() % 256), UInt8(round)]
        }
        earlier.append((files, plain))
        files.update(update)
        plain.merge(update) { _, new in new }
        #expect(files.count == plain.count)
        #expect(files.isEmpty == plain.isEmpty)
        #expect(files.all == plain)
        #expect(files.paths.count == plain.count && Set(files.paths) == Set(plain.keys))
        for probe in 0..<430 { #expect(files["f\(probe)"] == plain["f\(probe)"]) }
        #expect(files == PreviewFiles(plain))
      }
      // An update never changes a copy taken before it (the server reads the last snapshot).
      for (copy, atThatTime) in earlier { #expect(copy.all == atThatTime) }
    }
  }

  @Test func changesAreFoldedIntoTheBaseOnceTheyAreMany() {
    var plain: [String: [UInt8]] = [:]
    for index in 0..<1000 { plain["f\(index)"] = [1] }
    var files = PreviewFiles(plain)
    let limit = PreviewFiles.foldAt(1000)
    files.update(Dictionary(uniqueKeysWithValues: (0..<limit).map { ("f\($0)", [2]) }))
    #expect(files.changedCount == limit)
    files.update(["new": [3]])
    #expect(files.changedCount == 0)
    #expect(
      files.count == 1001 && files["new"] == [3] && files["f0"] == [2] && files["f999"] == [1])
  }

  @Test func filesDifferingInOnePathAreUnequal() {
    let one = PreviewFiles(["a": [1], "b": [2]])
    var other = one
    other.update(["b": [3]])
    #expect(one != other)
    other.update(["b": [2]])
    #expect(one == other)
    other.update(["c": [2]])
    #expect(one != other)
  }
}
