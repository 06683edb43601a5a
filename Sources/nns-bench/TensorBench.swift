// Tensor benchmarks: filled in with the tensor target (see docs/ARCHITECTURE.md).
enum TensorBench {
  static func run(_ args: [String]) { print("tensor: no benchmarks yet") }
}
