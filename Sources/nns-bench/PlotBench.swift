// Plot benchmarks: filled in with the plot target (see docs/ARCHITECTURE.md).
enum PlotBench {
  static func run(_ args: [String]) { print("plot: no benchmarks yet") }
}
