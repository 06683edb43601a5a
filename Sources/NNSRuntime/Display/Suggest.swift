/// "Did you mean" for unknown names, fields, keyword arguments and REPL commands: the known
/// word closest to a misspelled one, when one is close enough to be a likely typo.
public enum Suggest {
  /// The candidate closest to `word` by edit distance (insertions, deletions, substitutions
  /// and swaps of neighbours each count 1; a difference of case alone counts 0), if it is
  /// within 1 edit for words of 2 to 4 characters, 2 up to 8, else 3 (a one-letter name only
  /// matches by case: any other letter is as likely). Ties go to the shorter candidate, then
  /// the first in alphabetical order.
  /// - Parameters:
  ///   - word: what was typed.
  ///   - candidates: the known words.
  /// - Returns: the suggestion, or nil when nothing is close (or `word` itself is known).
  public static func closest(to word: String, among candidates: some Sequence<String>)
    -> String?
  {
    let typed = Array(word.lowercased().unicodeScalars)
    guard !typed.isEmpty, typed.count <= 64 else { return nil }
    let limit = typed.count == 1 ? 0 : typed.count <= 4 ? 1 : typed.count <= 8 ? 2 : 3
    var best: (distance: Int, word: String)?
    for candidate in candidates where candidate != word {
      let other = Array(candidate.lowercased().unicodeScalars)
      guard abs(other.count - typed.count) <= limit else { continue }
      let d = distance(typed, other)
      guard d <= limit else { continue }
      if let b = best {
        if d > b.distance { continue }
        if d == b.distance
          && (candidate.count > b.word.count
            || (candidate.count == b.word.count && candidate >= b.word))
        {
          continue
        }
      }
      best = (d, candidate)
    }
    return best?.word
  }

  /// `; did you mean 'X'?` for a message, or "" when nothing is close.
  /// - Parameters:
  ///   - word: what was typed.
  ///   - candidates: the known words.
  ///   - prefix: put before the suggestion (`:` for REPL commands).
  public static func hint(
    for word: String, among candidates: some Sequence<String>, prefix: String = ""
  ) -> String {
    guard let s = closest(to: word, among: candidates) else { return "" }
    return "; did you mean '\(prefix)\(s)'?"
  }

  /// The optimal-string-alignment distance between two scalar arrays.
  static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          d = min(d, before[j - 2] + 1)
        }
        current[j] = d
      }
      (before, previous, current) = (previous, current, before)
    }
    return previous[b.count]
  }
}
