// nns-bench: kernel-level benchmarks. `swift run -c release nns-bench SUITE`.
// Language-level workloads live in scripts/bench/ (run by scripts/bench/run).

import NNSTensor

// The same allocator settings as the `nns` executable, so that the kernels are measured as nns
// runs them: freed result buffers stay in the heap.
HeapSettings.keepFreedBuffers()

let args = Array(CommandLine.arguments.dropFirst())
let suites: [(String, ([String]) -> Void)] = [
  ("tensor", TensorBench.run),
  ("autodiff", AutodiffBench.run),
  ("plot", PlotBench.run),
]
let chosen = args.first ?? "all"
var ran = false
for (name, run) in suites where chosen == "all" || chosen == name {
  print("== \(name)")
  run(Array(args.dropFirst()))
  ran = true
}
if !ran {
  print("usage: nns-bench [all|" + suites.map { $0.0 }.joined(separator: "|") + "]")
}
