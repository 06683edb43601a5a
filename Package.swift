// swift-tools-version: 6.1
// nns: a small array language for poking at neural networks.
import PackageDescription

// Baseline x86-64 code on purpose: `-target-cpu native` makes exp/tanh 2.5x faster here, but
// then results differ in the last bits from one CPU to another, and transcripts checked in CI
// (the tutorials) must read the same on every machine.
let optimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

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

    // Layers, lowest first.
    .target(name: "NNSTensor", dependencies: ["CBLAS"], swiftSettings: optimize),
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
      name: "NNSREPL", dependencies: ["NNSRuntime", "NNSAutodiff", "CReadline"],
      swiftSettings: [.swiftLanguageMode(.v5)]),
    .executableTarget(
      name: "nns",
      dependencies: [
        "NNSRuntime", "NNSREPL",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "nns-bench",
      dependencies: ["NNSTensor", "NNSAutodiff", "NNSPlot", "CBLAS"],
      swiftSettings: optimize),

    .testTarget(
      name: "NNSTensorTests",
      dependencies: [
        "NNSTensor",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      exclude: ["numpy_reference.py", "fit_fastmath.py"]),
    .testTarget(name: "NNSSyntaxTests", dependencies: ["NNSSyntax"]),
    .testTarget(name: "NNSAutodiffTests", dependencies: ["NNSAutodiff", "NNSTensor"]),
    .testTarget(name: "NNSPlotTests", dependencies: ["NNSPlot"], exclude: ["golden"]),
    .testTarget(name: "NNSFilesTests", dependencies: ["NNSFiles", "NNSTensor"], exclude: ["fixtures"]),
    .testTarget(
      name: "NNSRuntimeTests", dependencies: ["NNSRuntime", "NNSSyntax"],
      exclude: ["scripts", "numpy_reference.py", "optim_reference.py", "w3_reference.py"]),
    .testTarget(
      name: "NNSREPLTests", dependencies: ["NNSREPL", "NNSRuntime"], exclude: ["notebooks"]),
  ]
)
