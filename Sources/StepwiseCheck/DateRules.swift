import StepwiseCore
import StepwiseModel

/// Deadlines: a passed `valid-until` is an error, a passed `review-by` a warning (`expired`,
/// `review-due` in docs/rules.md).
struct DateRules: Rule {
  static let ids: [RuleID] = [.expired, .reviewDue]

  func prepare(_ context: CheckContext, pages: [Int]) -> FamilyCheck {
    FamilyCheck(page: { findings(context.content.pages[$0], context) })
  }

  private func findings(_ page: Page, _ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    if let until = page.frontMatter.validUntil, until.value < context.today {
      out.append(
        .error(
          .expired,
          CheckMessage.expired(until: until.value.russian, today: context.today.russian),
          at: until.location))
    }
    if let review = page.frontMatter.reviewBy, review.value < context.today {
      out.append(
        .warning(
          .reviewDue,
          CheckMessage.reviewDue(review.value.russian),
          at: review.location))
    }
    return out
  }
}
