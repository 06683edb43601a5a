#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Tick selection at "nice" numbers: multiples of 1, 2 or 5 times a power of ten.
public enum Ticks {
  /// The nice step (1, 2 or 5 x 10^k) closest above `span / count`.
  /// - Parameters:
  ///   - span: the positive, finite length of the range to cover.
  ///   - count: about how many intervals are wanted (at least 1).
  /// - Returns: the step, or 1 when `span` is not positive and finite.
  public static func niceStep(span: Double, count: Int) -> Double {
    guard span.isFinite, span > 0 else { return 1 }
    let raw = span / Double(max(count, 1))
    guard raw.isFinite, raw > 0 else { return 1 }
    let e = NumberFormat.exponent(raw)
    let mag = NumberFormat.power10(e)
    guard mag > 0, mag.isFinite else { return raw }
    let norm = raw / mag
    let m: Double = norm <= 1 + 1e-9 ? 1 : norm <= 2 + 1e-9 ? 2 : norm <= 5 + 1e-9 ? 5 : 10
    let step = m * mag
    return step.isFinite ? step : raw
  }

  /// Widens `[lo, hi]` outwards to multiples of a nice step, so both ends are ticks.
  /// - Returns: the widened range and the step, or nil when widening leaves the finite
  ///   doubles (the caller then keeps the exact range).
  public static func loose(lo: Double, hi: Double, count: Int)
    -> (lo: Double, hi: Double, step: Double)?
  {
    let span = hi / 2 - lo / 2
    guard lo.isFinite, hi.isFinite, span > 0 else { return nil }
    let step = niceStep(span: span * 2, count: count)
    let a = (lo / step).rounded(.down) * step
    let b = (hi / step).rounded(.up) * step
    guard a.isFinite, b.isFinite, a < b, (b / 2 - a / 2) / step < 1000 else { return nil }
    return (a, b, step)
  }

  /// The multiples of `step` lying in `[lo, hi]` (at most 1000 of them), in order.
  public static func multiples(of step: Double, lo: Double, hi: Double) -> [Double] {
    guard step > 0, step.isFinite, lo.isFinite, hi.isFinite, lo <= hi else { return [] }
    let first = (lo / step - 1e-9).rounded(.up)
    let last = (hi / step + 1e-9).rounded(.down)
    guard first <= last, last - first < 1000 else { return [] }
    var out: [Double] = []
    var k = first
    while k <= last {
      out.append(k == 0 ? 0 : k * step)
      k += 1
    }
    return out
  }
}

/// One numeric axis: the range it shows (in plotted units: log10 of the data for a log
/// axis) and its tick values with their labels, ends first.
struct Axis {
  var lo: Double
  var hi: Double
  var log: Bool
  var ticks: [(value: Double, label: String)]
  /// Whether the ends are the exact (given) limits rather than ticks of the nice step, so
  /// an inner tick may crowd them without the step being too fine.
  var exactEnds = false

  /// Where `v` (in plotted units) falls between the ends: 0 at `lo`, 1 at `hi`.
  @inline(__always)
  func fraction(_ v: Double) -> Double { (v / 2 - lo / 2) / (hi / 2 - lo / 2) }

  /// Builds an axis over data range `data` (plotted units, nil when there is no finite
  /// data) or the user's `limits` (data units), aiming at about `count` intervals.
  ///
  /// With `maxPad` (scatter plots), the range may reach beyond the data by at most that
  /// fraction of the data's span on each side: when the nearest nice ticks lie farther out,
  /// the ends are rounded outward to a finer nice step instead and labelled with their values
  /// (as given limits are), so `[-1.1, 1.1]` is drawn from -1.2 to 1.2, not from -2 to 2.
  static func make(
    data: (Double, Double)?, limits: (Double, Double)?, log: Bool, count: Int,
    maxPad: Double? = nil
  ) -> Axis {
    if let (a, b) = limits {
      let lo = log ? log10(a) : a
      let hi = log ? log10(b) : b
      return exact(lo: lo, hi: hi, log: log, count: count)
    }
    var (lo, hi) = data ?? (0, 1)
    if lo == hi {
      if log {
        lo -= 1  // one decade either side
        hi += 1
      } else {
        let pad = lo == 0 ? 1 : abs(lo) * 0.1
        lo -= pad
        hi += pad
        if !(lo < hi) || !lo.isFinite || !hi.isFinite {
          lo = max(lo, -Double.greatestFiniteMagnitude)
          hi = min(hi, Double.greatestFiniteMagnitude)
          if !(lo < hi) { (lo, hi) = (lo - 1, lo + 1) }
        }
      }
    }
    if log {
      // Whole decades around the data; the end decades are always labelled.
      return exact(lo: floor(lo), hi: ceil(hi), log: true, count: count)
    }
    // Of the nice steps giving `count` to `2 * count` intervals, take the one wasting the
    // least room beyond the data (0..49 becomes 0..50 rather than 0..60).
    var best: (lo: Double, hi: Double, step: Double)? = nil
    var bestSpan = Double.infinity
    for c in max(count, 1)...max(2 * count, 1) {
      guard let r = Ticks.loose(lo: lo, hi: hi, count: c) else { continue }
      let span = r.hi / 2 - r.lo / 2
      if span < bestSpan * (1 - 1e-9) {
        best = r
        bestSpan = span
      }
    }
    guard let (a, b, step) = best else {
      return exact(lo: lo, hi: hi, log: false, count: count)
    }
    if let maxPad, let (ta, tb) = tight(lo: lo, hi: hi, loose: (a, b), maxPad: maxPad) {
      return exact(lo: ta, hi: tb, log: false, count: count)
    }
    let values = Ticks.multiples(of: step, lo: a, hi: b)
    return Axis(lo: a, hi: b, log: false, ticks: label(values, step: step, log: false))
  }

  /// The ends of `[lo, hi]` rounded outward to the coarsest nice step that pads each side by
  /// at most `maxPad` of the span, or nil when the `loose` range already does (or nothing
  /// finer helps).
  static func tight(lo: Double, hi: Double, loose: (Double, Double), maxPad: Double)
    -> (Double, Double)?
  {
    let span = hi / 2 - lo / 2
    guard span > 0, span.isFinite, maxPad > 0 else { return nil }
    let limit = maxPad * span * 2
    func fits(_ a: Double, _ b: Double) -> Bool { lo - a <= limit && b - hi <= limit }
    if fits(loose.0, loose.1) { return nil }
    var c = 2
    while c <= 4000 {
      let step = Ticks.niceStep(span: span * 2, count: c)
      let a = (lo / step).rounded(.down) * step
      let b = (hi / step).rounded(.up) * step
      if a.isFinite, b.isFinite, a < b, fits(a, b) { return (a, b) }
      c *= 2
    }
    return nil
  }

  /// An axis over exactly `[lo, hi]` (plotted units): both ends labelled, then the nice
  /// ticks between them.
  static func exact(lo: Double, hi: Double, log: Bool, count: Int) -> Axis {
    let span = hi / 2 - lo / 2
    var step = Ticks.niceStep(span: span * 2, count: count)
    if log { step = max(1, step.rounded(.up)) }
    let inner = Ticks.multiples(of: step, lo: lo, hi: hi).filter {
      abs($0 / 2 - lo / 2) > span * 1e-6 && abs(hi / 2 - $0 / 2) > span * 1e-6
    }
    func endLabel(_ v: Double) -> String {
      NumberFormat.compact(log ? NumberFormat.power10Exact(v) : v, significant: 3)
    }
    let ends = [(lo, endLabel(lo)), (hi, endLabel(hi))]
    let values = label(inner, step: step, log: log, endsFirst: false)
    return Axis(
      lo: lo, hi: hi, log: log, ticks: ends.map { (value: $0.0, label: $0.1) } + values,
      exactEnds: true)
  }

  /// Labels tick values (log axes label `10^v`), moving the last one second when
  /// `endsFirst`.
  private static func label(
    _ values: [Double], step: Double, log: Bool, endsFirst: Bool = true
  ) -> [(value: Double, label: String)] {
    var out = values.map { v in
      (
        value: v,
        label: log
          ? NumberFormat.compact(NumberFormat.power10Exact(v), significant: 3)
          : NumberFormat.tick(v, step: step)
      )
    }
    // Ends first, so they survive when crowded labels are dropped.
    if endsFirst && out.count > 2 {
      let last = out.removeLast()
      out.insert(last, at: 1)
    }
    return out
  }
}

extension NumberFormat {
  /// `10^v` for plotted log-axis units, exact at integers.
  static func power10Exact(_ v: Double) -> Double {
    v == v.rounded() && abs(v) < 400 ? power10(Int(v)) : pow(10, v)
  }
}
