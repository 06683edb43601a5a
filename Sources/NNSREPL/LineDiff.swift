/// A line diff in the unified format (`diff -u`), from a longest common subsequence.
///
/// The common prefix and suffix are set aside first, so two transcripts that differ in a few
/// places cost little; the table for the rest is limited, and past the limit the differing
/// middle is shown as removed and added whole.
public enum LineDiff {
  /// One line of an edit script.
  enum Edit: Equatable {
    /// A line in both texts: its index in the old text and in the new one.
    case same(Int, Int)
    /// A line only in the old text.
    case removed(Int)
    /// A line only in the new text.
    case added(Int)
  }

  /// The most cells the LCS table may have (the two middles' line counts multiplied).
  static let tableLimit = 16_000_000

  /// Splits text into lines; a final newline does not start another line.
  public static func lines(_ text: String) -> [String] {
    var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if result.last == "" { result.removeLast() }
    return result
  }

  /// The unified diff of two texts, or nil when they are equal.
  /// - Parameters:
  ///   - old: the first text (for `--check`, the saved transcript).
  ///   - new: the second text (this run's transcript).
  ///   - oldName: the name on the `---` line.
  ///   - newName: the name on the `+++` line.
  ///   - context: unchanged lines shown around each change.
  ///   - equal: when two lines (or two runs of lines joined by newlines) count as the same;
  ///     `--check` passes `NumericMatch.equal`. A run of changed lines that is equal as a
  ///     whole (a tensor whose rows wrap elsewhere) is shown as context, not as a change.
  /// - Returns: the diff, ending in a newline.
  public static func unified(
    _ old: String, _ new: String, oldName: String, newName: String, context: Int = 3,
    equal: (String, String) -> Bool = { $0 == $1 }
  ) -> String? {
    guard old != new else { return nil }
    let a = lines(old)
    let b = lines(new)
    let edits = script(a, b, equal: equal)
    let tolerated = toleratedRuns(edits, a, b, equal: equal)
    let changed = edits.indices.filter { edits[$0].isChange && !tolerated.contains($0) }
    var text = "--- \(oldName)\n+++ \(newName)\n"
    if changed.isEmpty {
      // Only a final newline differs (or nothing outside `equal`'s rule).
      guard old.hasSuffix("\n") != new.hasSuffix("\n") else { return nil }
      return text
        + (old.hasSuffix("\n") ? "-(a newline at the end)\n" : "+(a newline at the end)\n")
    }
    for hunk in hunks(changed, count: edits.count, context: context) {
      text += header(edits, hunk)
      for k in hunk {
        switch edits[k] {
        case .same(_, let j): text += " " + b[j] + "\n"
        case .removed(let i): if !tolerated.contains(k) { text += "-" + a[i] + "\n" }
        case .added(let j): text += (tolerated.contains(k) ? " " : "+") + b[j] + "\n"
        }
      }
    }
    return text
  }

  /// The indices of edits in runs of changed lines whose removed and added lines, each joined
  /// by newlines, are equal under `equal` (with exact equality: never).
  static func toleratedRuns(
    _ edits: [Edit], _ a: [String], _ b: [String], equal: (String, String) -> Bool
  ) -> Set<Int> {
    var result = Set<Int>()
    var k = 0
    while k < edits.count {
      guard edits[k].isChange else {
        k += 1
        continue
      }
      var end = k
      var removed: [String] = []
      var added: [String] = []
      while end < edits.count, edits[end].isChange {
        switch edits[end] {
        case .removed(let i): removed.append(a[i])
        case .added(let j): added.append(b[j])
        case .same: break
        }
        end += 1
      }
      if !removed.isEmpty, !added.isEmpty,
        equal(removed.joined(separator: "\n"), added.joined(separator: "\n"))
      {
        result.formUnion(k..<end)
      }
      k = end
    }
    return result
  }

  /// The edit script turning `a` into `b`: shared lines, removals and additions in order.
  static func script(
    _ a: [String], _ b: [String], equal: (String, String) -> Bool = { $0 == $1 }
  ) -> [Edit] {
    var prefix = 0
    while prefix < a.count, prefix < b.count, equal(a[prefix], b[prefix]) { prefix += 1 }
    var suffix = 0
    while suffix < a.count - prefix, suffix < b.count - prefix,
      equal(a[a.count - 1 - suffix], b[b.count - 1 - suffix])
    {
      suffix += 1
    }
    var edits = (0..<prefix).map { Edit.same($0, $0) }
    let aMid = Array(a[prefix..<(a.count - suffix)])
    let bMid = Array(b[prefix..<(b.count - suffix)])
    edits += middle(aMid, bMid, equal: equal).map { edit in
      switch edit {
      case .same(let i, let j): return .same(i + prefix, j + prefix)
      case .removed(let i): return .removed(i + prefix)
      case .added(let j): return .added(j + prefix)
      }
    }
    edits += (0..<suffix).map { .same(a.count - suffix + $0, b.count - suffix + $0) }
    return edits
  }

  /// The edit script of two line lists by dynamic programming over suffixes.
  static func middle(
    _ a: [String], _ b: [String], equal: (String, String) -> Bool = { $0 == $1 }
  ) -> [Edit] {
    let n = a.count
    let m = b.count
    let (cells, overflow) = (n + 1).multipliedReportingOverflow(by: m + 1)
    guard !overflow, cells <= tableLimit else {
      return (0..<n).map { Edit.removed($0) } + (0..<m).map { Edit.added($0) }
    }
    // lcs[i * (m + 1) + j]: the LCS length of a[i...] and b[j...].
    var lcs = [Int32](repeating: 0, count: cells)
    var same = [Bool](repeating: false, count: cells)  // equal(a[i], b[j]), asked once
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        same[i * (m + 1) + j] = equal(a[i], b[j])
        lcs[i * (m + 1) + j] =
          same[i * (m + 1) + j]
          ? lcs[(i + 1) * (m + 1) + j + 1] + 1
          : max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1])
      }
    }
    var edits: [Edit] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n, j < m, same[i * (m + 1) + j] {
        edits.append(.same(i, j))
        i += 1
        j += 1
      } else if i < n, j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1] {
        edits.append(.removed(i))
        i += 1
      } else {
        edits.append(.added(j))
        j += 1
      }
    }
    return edits
  }

  /// Groups changes with up to `context` lines around them; nearby groups merge.
  /// - Parameters:
  ///   - changed: the indices of the edits shown as changes, ascending.
  ///   - count: the number of edits.
  /// - Returns: each hunk as a range of indices into the edits.
  static func hunks(_ changed: [Int], count: Int, context: Int) -> [ClosedRange<Int>] {
    var result: [ClosedRange<Int>] = []
    var k = 0
    while k < changed.count {
      let start = max(0, changed[k] - context)
      var end = changed[k]
      while k + 1 < changed.count, changed[k + 1] - end <= 2 * context + 1 {
        k += 1
        end = changed[k]
      }
      result.append(start...min(count - 1, end + context))
      k += 1
    }
    return result
  }

  /// A hunk's `@@ -start,count +start,count @@` line. As in GNU diff, a count of one is left
  /// out, and an empty range names the line before it.
  static func header(_ edits: [Edit], _ hunk: ClosedRange<Int>) -> String {
    var before = (old: 0, new: 0)
    for edit in edits[..<hunk.lowerBound] {
      if edit.inOld { before.old += 1 }
      if edit.inNew { before.new += 1 }
    }
    let oldCount = edits[hunk].filter(\.inOld).count
    let newCount = edits[hunk].filter(\.inNew).count
    func range(_ before: Int, _ count: Int) -> String {
      switch count {
      case 0: return "\(before),0"
      case 1: return "\(before + 1)"
      default: return "\(before + 1),\(count)"
      }
    }
    return "@@ -\(range(before.old, oldCount)) +\(range(before.new, newCount)) @@\n"
  }
}

extension LineDiff.Edit {
  /// Whether the edit removes or adds a line.
  var isChange: Bool {
    if case .same = self { return false }
    return true
  }
  /// Whether the edit covers a line of the old text.
  var inOld: Bool {
    if case .added = self { return false }
    return true
  }
  /// Whether the edit covers a line of the new text.
  var inNew: Bool {
    if case .removed = self { return false }
    return true
  }
}
