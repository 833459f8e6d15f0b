import Testing

@testable import StepwiseRender

/// A page's navigation lists a short journey whole and a long one around the current part.
@Suite struct NavigationWindowTests {
  @Test func shortJourneysAreShownWhole() {
    #expect(PageOutput.shownParts(count: 7, current: 6) == Array(0..<7))
    #expect(PageOutput.shownParts(count: 1, current: 0) == [0])
  }

  @Test func longJourneysAreShownAroundTheCurrentPart() {
    #expect(PageOutput.shownParts(count: 40, current: 0) == [0, 1, 2, 3])
    #expect(PageOutput.shownParts(count: 40, current: 20) == Array(17...23))
    #expect(PageOutput.shownParts(count: 40, current: 39) == [36, 37, 38, 39])
  }
}
