import Foundation

/// Deterministic test data, computed here so the goldens depend on nothing else.
enum TestData {
  /// `sin(2 pi i / 100)` for i in 0..<200: two periods.
  static let sine: [Double] = (0..<200).map { sin(2 * Double.pi * Double($0) / 100) }
  static let cosine: [Double] = (0..<200).map { cos(2 * Double.pi * Double($0) / 100) }

  /// A loss curve falling from 2.3 to about 1e-3 over 100 epochs, with a wobble.
  static let loss: [Double] = (0..<100).map {
    2.3 * exp(-Double($0) / 13) * (1 + 0.1 * sin(Double($0))) + 1e-3
  }
  static let testLoss: [Double] = (0..<100).map {
    2.3 * exp(-Double($0) / 18) * (1 + 0.1 * cos(Double($0))) + 0.02
  }

  /// A small linear congruential generator (so the data is the same everywhere).
  struct LCG {
    var state: UInt64
    mutating func next() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) / Double(1 << 53)
    }
    /// A standard normal sample (Box-Muller).
    mutating func normal() -> Double {
      let u = max(next(), 1e-300), v = next()
      return sqrt(-2 * log(u)) * cos(2 * Double.pi * v)
    }
  }

  /// A 3-arm spiral of `perClass` points per class (as the classic CS231n data set).
  static func spiral(perClass: Int, classes: Int = 3) -> (x: [Double], y: [Double], c: [Double]) {
    var g = LCG(state: 42)
    var xs: [Double] = [], ys: [Double] = [], cs: [Double] = []
    for k in 0..<classes {
      for i in 0..<perClass {
        let r = Double(i) / Double(perClass)
        let t = Double(k) * 4 + 4 * r + g.normal() * 0.2
        xs.append(r * sin(t))
        ys.append(r * cos(t))
        cs.append(Double(k))
      }
    }
    return (xs, ys, cs)
  }

  /// The class of the spiral arm nearest to `(x, y)`: an ideal classifier's prediction.
  static func spiralClass(_ x: Double, _ y: Double, classes: Int = 3) -> Double {
    var best = 0, bestD = Double.infinity
    for k in 0..<classes {
      for i in 0..<400 {
        let r = Double(i) / 400
        let t = Double(k) * 4 + 4 * r
        let d = (r * sin(t) - x) * (r * sin(t) - x) + (r * cos(t) - y) * (r * cos(t) - y)
        if d < bestD {
          bestD = d
          best = k
        }
      }
    }
    return Double(best)
  }

  /// An 8x8 "0" digit, values 0-16 as in scikit-learn's digits.
  static let digitZero: [Double] = [
    0, 0, 5, 13, 9, 1, 0, 0,
    0, 0, 13, 15, 10, 15, 5, 0,
    0, 3, 15, 2, 0, 11, 8, 0,
    0, 4, 12, 0, 0, 8, 8, 0,
    0, 5, 8, 0, 0, 9, 8, 0,
    0, 4, 11, 0, 1, 12, 7, 0,
    0, 2, 14, 5, 10, 12, 0, 0,
    0, 0, 6, 13, 10, 0, 0, 0,
  ]
}
