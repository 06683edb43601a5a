import Foundation
import NNSPlot

/// Plot benchmarks: rendering time of large inputs (`swift run -c release nns-bench plot`).
///
/// Each case renders several times and reports the fastest and the median run. The target
/// is a line plot of 1,000,000 points in under 50 ms. Arguments: `[REPS] [NAME-FILTER]`.
enum PlotBench {
  static func run(_ args: [String]) {
    let n = 1_000_000
    let reps = Int(args.first ?? "") ?? 7
    let noisy = (0..<n).map { i -> Double in
      let t = Double(i) / Double(n)
      return sin(40 * t) + 0.3 * sin(977 * t) + (i % 1000 == 0 ? .nan : 0)
    }
    let walk: [Double] = {
      var v = 0.0
      var s: UInt64 = 1
      return (0..<n).map { _ in
        s = s &* 6364136223846793005 &+ 1442695040888963407
        v += Double(s >> 11) / Double(1 << 53) - 0.5
        return v
      }
    }()
    let positiveWalk = walk.map { abs($0) + 1 }
    let xs = (0..<n).map { Double($0) * 0.001 }
    let classes = (0..<n).map { Double($0 % 3) }
    let matrix = (0..<(1000 * 1000)).map { Double($0 % 997) }
    let braille = PlotStyle(width: 80, unicode: true, color: false)
    let color = PlotStyle(width: 160, unicode: true, color: true)
    let ascii = PlotStyle(width: 80, unicode: false, color: false)
    let cases: [(String, () throws -> String)] = [
      ("line 1M points (braille, 80 cols)", { try Plots.line([noisy], style: braille) }),
      (
        "line 1M points random walk, logy",
        {
          try Plots.line(
            [positiveWalk], options: PlotOptions(logy: true), style: braille)
        }
      ),
      ("line 1M points x given (ascii)", { try Plots.line([noisy], x: xs, style: ascii) }),
      (
        "line 2 x 1M points (colour, 160 cols)",
        {
          try Plots.line([noisy, walk], labels: ["a", "b"], style: color)
        }
      ),
      ("scatter 1M points (braille)", { try Plots.scatter(x: xs, y: walk, style: braille) }),
      (
        "scatter 1M points, 3 classes",
        {
          try Plots.scatter(x: xs, y: walk, classes: classes, style: braille)
        }
      ),
      ("hist 1M values, 50 bins", { try Plots.hist(walk, bins: 50, style: braille) }),
      (
        "heatmap 1000x1000",
        { try Plots.heatmap(matrix, rows: 1000, columns: 1000, style: braille) }
      ),
    ]
    let only = args.count > 1 ? args[1] : ""
    for (name, body) in cases where only.isEmpty || name.contains(only) {
      var times: [Double] = []
      var bytes = 0
      for _ in 0..<reps {
        let start = ContinuousClock.now
        do {
          bytes = try body().utf8.count
        } catch {
          print("\(name): error: \(error)")
          break
        }
        let d = ContinuousClock.now - start
        times.append(Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15)
      }
      guard !times.isEmpty else { continue }
      times.sort()
      let best = String(format: "%7.2f", times[0])
      let median = String(format: "%7.2f", times[times.count / 2])
      print(
        "\(name.padding(toLength: 42, withPad: " ", startingAt: 0)) best \(best) ms  median \(median) ms  (\(bytes) bytes)"
      )
    }
  }
}
