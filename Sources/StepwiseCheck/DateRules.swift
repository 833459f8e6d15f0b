import StepwiseCore
import StepwiseModel

/// Deadlines: a passed `valid-until` is an error, a passed `review-by` a warning (`expired`,
/// `review-due` in docs/rules.md).
struct DateRules: Rule {
  static let ids: [RuleID] = [.expired, .reviewDue]

  func check(_ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for page in context.content.pages {
      if let until = page.frontMatter.validUntil, until.value < context.today {
        out.append(
          .error(
            .expired,
            "the page was valid until \(until.value.russian) and today is \(context.today.russian); update the instructions and the date, or remove the page",
            at: until.location))
      }
      if let review = page.frontMatter.reviewBy, review.value < context.today {
        out.append(
          .warning(
            .reviewDue,
            "the page was due for review by \(review.value.russian); re-read it against the live service and move 'review-by' forward",
            at: review.location))
      }
    }
    return out
  }
}
