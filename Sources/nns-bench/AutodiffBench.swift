// Autodiff benchmarks: filled in with the autodiff target (see docs/ARCHITECTURE.md).
enum AutodiffBench {
  static func run(_ args: [String]) { print("autodiff: no benchmarks yet") }
}
