/// SPEC §9's rule for `nns notebook --check`: text must match exactly, numbers match when they
/// agree to a relative 1e-4 (or an absolute 1e-6 near zero).
///
/// The last digits of a float computation depend on the CPU (OpenBLAS picks its kernels per
/// CPU), so a transcript written on one machine must check on another. A number whose last
/// digits change can also change its printed width, and with it the padding of a displayed
/// tensor's columns or where its rows wrap; so the amount of white space between tokens is not
/// compared (only whether there is any, and not even that next to a number), and a run of
/// differing lines that matches once its line breaks are read as spaces is no difference either.
public enum NumericMatch {
  /// The relative tolerance.
  public static let relative = 1e-4
  /// The absolute tolerance, for values near zero.
  public static let absolute = 1e-6

  /// One piece of a line: a number, a run of other characters, or a run of white space.
  enum Token: Equatable {
    case number(Double)
    case text(Substring)
    case space
  }

  /// Whether two texts match under the rule.
  public static func equal(_ a: String, _ b: String) -> Bool {
    a == b || tokensMatch(tokens(a), tokens(b))
  }

  /// Whether two numbers agree under the rule (NaN matches NaN; infinities match by sign).
  public static func close(_ x: Double, _ y: Double) -> Bool {
    if x == y || (x.isNaN && y.isNaN) { return true }
    guard x.isFinite, y.isFinite else { return false }
    let d = Swift.abs(x - y)
    return d <= absolute || d <= relative * Swift.max(Swift.abs(x), Swift.abs(y))
  }

  /// Whether two token lists match: same texts, close numbers, white space where the other has
  /// white space, except next to a number (a tensor's columns are padded to the widest number).
  static func tokensMatch(_ a: [Token], _ b: [Token]) -> Bool {
    let a = withoutPadding(a)
    let b = withoutPadding(b)
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
      switch (x, y) {
      case (.number(let u), .number(let v)): if !close(u, v) { return false }
      case (.text(let s), .text(let t)): if s != t { return false }
      case (.space, .space): continue
      default: return false
      }
    }
    return true
  }

  /// The tokens without the white space that stands next to a number.
  static func withoutPadding(_ t: [Token]) -> [Token] {
    func isNumber(_ k: Int) -> Bool {
      guard k >= 0, k < t.count, case .number = t[k] else { return false }
      return true
    }
    return t.indices.compactMap { k in
      t[k] == .space && (isNumber(k - 1) || isNumber(k + 1)) ? nil : t[k]
    }
  }

  /// Splits text into numbers, white-space runs and the text between them.
  ///
  /// A number is an optional `-` or `+`, digits with an optional fraction, and an optional
  /// exponent, or `nan`/`inf`; it must not continue a word, so `f32`, `w1` and `x2` are text.
  static func tokens(_ s: String) -> [Token] {
    let u = Array(s.utf8)
    var out: [Token] = []
    var textStart = 0
    var i = 0
    func flushText(_ end: Int) {
      if end > textStart {
        let lo = s.utf8.index(s.utf8.startIndex, offsetBy: textStart)
        let hi = s.utf8.index(s.utf8.startIndex, offsetBy: end)
        out.append(.text(s[lo..<hi]))
      }
    }
    while i < u.count {
      let c = u[i]
      if c == 32 || c == 9 || c == 10 || c == 13 {
        flushText(i)
        var j = i
        while j < u.count, u[j] == 32 || u[j] == 9 || u[j] == 10 || u[j] == 13 { j += 1 }
        out.append(.space)
        i = j
        textStart = i
        continue
      }
      if let (value, end) = number(u, at: i) {
        flushText(i)
        out.append(.number(value))
        i = end
        textStart = i
        continue
      }
      i += 1
    }
    flushText(u.count)
    return out
  }

  /// The number starting at `i`, with the index after it, when one starts there.
  static func number(_ u: [UInt8], at start: Int) -> (Double, Int)? {
    if start > 0, isWordByte(u[start - 1]) || u[start - 1] == 46 { return nil }
    var i = start
    if u[i] == 45 || u[i] == 43 {  // - or +
      // a sign only belongs to the number when no word or number stands right before it
      i += 1
    }
    guard i < u.count else { return nil }
    for word in ["nan", "inf"] where matches(u, i, word) {
      let end = i + 3
      if end < u.count, isWordByte(u[end]) { return nil }
      let negative = i > start && u[start] == 45
      return (word == "nan" ? .nan : (negative ? -.infinity : .infinity), end)
    }
    var j = i
    while j < u.count, isDigit(u[j]) { j += 1 }
    var digits = j - i
    if j < u.count, u[j] == 46 {  // .
      var k = j + 1
      while k < u.count, isDigit(u[k]) { k += 1 }
      if k - j - 1 > 0 || digits > 0 {
        digits += k - j - 1
        j = k
      }
    }
    guard digits > 0 else { return nil }
    if j < u.count, u[j] == 101 || u[j] == 69 {  // e E
      var k = j + 1
      if k < u.count, u[k] == 45 || u[k] == 43 { k += 1 }
      let expStart = k
      while k < u.count, isDigit(u[k]) { k += 1 }
      if k > expStart { j = k }
    }
    if j < u.count, isWordByte(u[j]) { return nil }  // 3px, 2nd, 0x1f: a word
    let text = String(decoding: u[start..<j], as: UTF8.self)
    guard let value = Double(text) else { return nil }
    return (value, j)
  }

  static func matches(_ u: [UInt8], _ i: Int, _ word: String) -> Bool {
    let w = Array(word.utf8)
    guard i + w.count <= u.count else { return false }
    return Array(u[i..<(i + w.count)]) == w
  }

  static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

  static func isWordByte(_ c: UInt8) -> Bool {
    isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 128
  }
}
