/// The Russian form of a noun after a number: «1 ошибка», «3 ошибки», «11 ошибок».
public func russianPlural(_ count: Int, one: String, few: String, many: String) -> String {
  let mod10 = count % 10
  let mod100 = count % 100
  if mod10 == 1 && mod100 != 11 { return one }
  if (2...4).contains(mod10) && !(12...14).contains(mod100) { return few }
  return many
}
