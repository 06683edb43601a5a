// swift-tools-version: 6.1
// nns: a small array language for poking at neural networks.
import PackageDescription

// Baseline x86-64 code on purpose: `-target-cpu native` makes exp/tanh 2.5x faster here, but
// then results differ in the last bits from one CPU to another, and transcripts checked in CI
// (the tutorials) must read the same on every machine.
//
// `-O`, not `-Ounchecked`: release builds keep Swift's bounds and overflow checks, so a bug is
// a clean trap rather than memory corruption (issue 13). Only the run-time exclusivity checks
// are left out, as `-Ounchecked` left them out: they took a quarter of the time of a recursive
// call (fib) in the scalar interpreter, and the compile-time exclusivity checks remain. See
// docs/ARCHITECTURE.md, "Release builds", for the measurements.
let optimize: [SwiftSetting] = [
  .unsafeFlags(["-O", "-enforce-exclusivity=unchecked", "-wmo"], .when(configuration: .release))
]

// The one exception, which gives exp/tanh/sigmoid that speed without changing a bit:
// NNSKernelsX86 holds only elementwise loops whose per-element results do not depend on the
// vector width, compiled for x86-64-v4 (AVX-512) with 512-bit vectors (LLVM's default for v4 is
// 256, which measured 0.92x numpy here against 1.2x), and NNSTensor calls them only when the CPU
// has x86-64-v4 (checked at run time); NNSKernelsX86v3 compiles the same file (a symbolic link)
// for x86-64-v3 (AVX2), for CPUs without AVX-512. `-march` goes through the clang importer because the
// swift driver's `-target-cpu` does not know the x86-64-vN names. The manifest is compiled for
// the build machine, so this `#if` asks about the host (a cross-build from x86-64 to another
// architecture would have to drop these flags).
#if arch(x86_64)
  let x86_64_v4: [SwiftSetting] =
    [.unsafeFlags(["-Xcc", "-march=x86-64-v4", "-Xcc", "-mprefer-vector-width=512"])] + optimize
  let x86_64_v3: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=x86-64-v3"])] + optimize
#else
  let x86_64_v4 = optimize  // the modules' sources are all `#if arch(x86_64)`: empty here
  let x86_64_v3 = optimize
#endif

let package = Package(
  name: "nns",
  products: [
    .executable(name: "nns", targets: ["nns"]),
    .executable(name: "nns-bench", targets: ["nns-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    // System libraries: module maps only.
    .systemLibrary(
      name: "CBLAS", path: "Sources/CBLAS",
      providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(
      name: "CReadline", path: "Sources/CReadline",
      providers: [.apt(["libreadline-dev"])]),

    // Per-element float formulas (baseline code) and the same loops compiled for AVX-512/AVX2.
    .target(name: "NNSFastMath", swiftSettings: optimize),
    .target(name: "NNSKernelsX86", dependencies: ["NNSFastMath"], swiftSettings: x86_64_v4),
    // the same source file (a symbolic link), compiled for CPUs with AVX2 but not AVX-512
    .target(name: "NNSKernelsX86v3", dependencies: ["NNSFastMath"], swiftSettings: x86_64_v3),

    // Layers, lowest first.
    .target(
      name: "NNSTensor",
      dependencies: ["CBLAS", "NNSFastMath", "NNSKernelsX86", "NNSKernelsX86v3"],
      swiftSettings: optimize),
    .target(name: "NNSAutodiff", dependencies: ["NNSTensor"], swiftSettings: optimize),
    .target(name: "NNSSyntax"),
    .target(name: "NNSPlot"),
    .target(name: "NNSFiles", dependencies: ["NNSTensor"]),
    .target(
      name: "NNSRuntime",
      dependencies: ["NNSSyntax", "NNSTensor", "NNSAutodiff", "NNSPlot", "NNSFiles"],
      swiftSettings: optimize),
    // readline is a C library of global variables: Swift 5 mode keeps its use readable.
    .target(
      name: "NNSREPL", dependencies: ["NNSRuntime", "NNSAutodiff", "NNSFiles", "CReadline"],
      swiftSettings: [.swiftLanguageMode(.v5)]),
    // The command itself (argument handling, modes, exit statuses); main.swift only calls it.
    .target(
      name: "NNSCLI",
      dependencies: [
        "NNSRuntime", "NNSREPL",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "nns", dependencies: ["NNSCLI", "NNSTensor"]),
    .executableTarget(
      name: "nns-bench",
      dependencies: ["NNSTensor", "NNSAutodiff", "NNSPlot", "CBLAS"],
      swiftSettings: optimize),

    .testTarget(
      name: "NNSTensorTests",
      dependencies: [
        "NNSTensor", "NNSFastMath",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      exclude: ["numpy_reference.py", "fit_fastmath.py"]),
    .testTarget(name: "NNSSyntaxTests", dependencies: ["NNSSyntax"]),
    .testTarget(name: "NNSAutodiffTests", dependencies: ["NNSAutodiff", "NNSTensor"]),
    .testTarget(name: "NNSPlotTests", dependencies: ["NNSPlot"], exclude: ["golden"]),
    .testTarget(name: "NNSFilesTests", dependencies: ["NNSFiles", "NNSTensor"], exclude: ["fixtures"]),
    .testTarget(
      name: "NNSRuntimeTests", dependencies: ["NNSRuntime", "NNSSyntax"],
      exclude: [
        "scripts", "numpy_reference.py", "optim_reference.py", "optim_reference_torch.py",
        "w3_reference.py", "arrays_reference.py", "layers_reference.py",
      ]),
    .testTarget(
      name: "NNSREPLTests", dependencies: ["NNSREPL", "NNSRuntime"], exclude: ["notebooks"]),
    .testTarget(name: "NNSCLITests", dependencies: ["NNSCLI", "NNSRuntime"]),
  ]
)
