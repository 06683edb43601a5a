import NNSSyntax
import NNSTensor
import Testing

@testable import NNSRuntime

/// Random differentiable programs `f(a, b)` over two `[3]` tensors that write into a local
/// `y = zeros(4)` through gathers with repeated positions, slices and single positions, read
/// it back, and return a scalar; each is differentiated with a random `wrt:` (repeated and
/// reordered positions included).
struct GradProgramGenerator {
  var rng: FuzzRandom

  /// Three positions of `y` (repeats are likely: four values to choose from).
  mutating func positions(_ count: Int) -> String {
    "[" + (0..<count).map { _ in String(rng.below(4)) }.joined(separator: ", ") + "]"
  }

  /// An expression of shape `[3]`.
  mutating func vector(_ depth: Int) -> String {
    if depth <= 0 || rng.below(4) == 0 {
      switch rng.below(5) {
      case 0: return "a"
      case 1: return "b"
      case 2: return "y[\(positions(3))]"
      case 3: return "y[1:4]"
      default: return "[0.5, -1, 2]"
      }
    }
    switch rng.below(7) {
    case 0: return "(\(vector(depth - 1)) + \(vector(depth - 1)))"
    case 1: return "(\(vector(depth - 1)) * \(vector(depth - 1)))"
    case 2: return "(\(vector(depth - 1)) - \(scalar(depth - 1)))"
    case 3: return "\(rng.pick(["sin", "tanh", "sigmoid"]))(\(vector(depth - 1)))"
    case 4: return "exp(0.3 * \(vector(depth - 1)))"
    case 5: return "\(vector(depth - 1))[\(rng.pick(["[2, 0, 1]", "[1, 1, 0]", "[2, 2, 2]"]))]"
    default: return "(\(vector(depth - 1)) * 0.5)"
    }
  }

  /// A scalar expression.
  mutating func scalar(_ depth: Int) -> String {
    switch rng.below(4) {
    case 0: return "sum(\(vector(depth - 1)))"
    case 1: return "\(vector(depth - 1))[\(rng.below(3))]"
    case 2: return "mean(\(vector(depth - 1)))"
    default: return rng.pick(["a[0]", "b[2]", "y[\(rng.below(4))]", "1.5"])
    }
  }

  /// One indexed write into `y`.
  mutating func write() -> String {
    switch rng.below(5) {
    case 0, 1: return "y[\(positions(3))] = \(vector(2))"
    case 2: return "y[1:4] = \(vector(2))"
    case 3: return "y[\(rng.below(4))] = \(scalar(2))"
    default: return "y[\(positions(2))] = \(scalar(2))"
    }
  }

  /// The program (in f64) and the `wrt:` argument it differentiates with.
  mutating func program() -> (text: String, wrt: [Int], single: Bool) {
    var lines = ["fn f(a, b) {", "  y = zeros(4)"]
    for _ in 0..<(1 + rng.below(4)) { lines.append("  " + write()) }
    lines.append("  sum(y * [1, -2, 3, 0.5]) + 0.1 * sum(\(vector(2)))")
    lines.append("}")
    let lists: [[Int]] = [[0], [1], [0, 1], [1, 0], [0, 0], [1, 1, 0], [0, 1, 0]]
    let single = rng.below(5) == 0
    let wrt = single ? [rng.below(2)] : rng.pick(lists)
    return (lines.joined(separator: "\n"), wrt, single)
  }
}

extension RuntimeSuites {
  @Suite("random programs: gradients against finite differences")
  struct GradProgramTests {
    /// A `[3]` f64 tensor value.
    static func vector(_ v: [Double]) throws -> Value {
      .tensor(try Tensor(shape: [3], values: v, dtype: .f64))
    }

    /// `grad(f, wrt:)` of every random program agrees with central differences of `f` in
    /// f64, for each requested position in the order asked.
    @Test("indexed writes and wrt lists", arguments: 0..<3)
    func gradientsMatchFiniteDifferences(_ chunk: Int) throws {
      var gen = GradProgramGenerator(rng: FuzzRandom(state: UInt64(chunk) &* 104_729 &+ 5))
      for _ in 0..<60 {
        let (text, wrt, single) = gen.program()
        let (out, _) = Output.capturing()
        let interp = Interpreter(output: out)
        defer { Tensor.defaultFloat = .f32 }
        let inputs = (0..<2).map { _ in (0..<3).map { _ in Double(gen.rng.below(200)) / 100 - 1 } }
        let wrtText =
          single ? "\(wrt[0])" : "[" + wrt.map(String.init).joined(separator: ", ") + "]"
        let call =
          "default_dtype(\"f64\")\n\(text)\n"
          + "grad(f, wrt: \(wrtText))(\(inputs[0]), \(inputs[1]))"
        let result = try interp.run(Source(name: "g.nns", text: call))
        let f = try #require(interp[global: "f"])
        let grads: [Value]
        if case .list(let items) = result { grads = items } else { grads = [result] }
        try #require(grads.count == wrt.count, "\(text)\nwrt \(wrt): \(grads.count) gradients")
        for (k, w) in wrt.enumerated() {
          let analytic = TensorOps.tensor(grads[k]).toDoubles()
          for i in 0..<3 {
            var up = inputs
            var down = inputs
            up[w][i] += 1e-6
            down[w][i] -= 1e-6
            let fu = try interp.call(f, [try Self.vector(up[0]), try Self.vector(up[1])])
            let fd = try interp.call(f, [try Self.vector(down[0]), try Self.vector(down[1])])
            let numeric =
              (try TensorOps.tensor(fu).scalarDouble() - TensorOps.tensor(fd).scalarDouble()) / 2e-6
            let err = Swift.abs(analytic[i] - numeric)
            #expect(
              err <= 1e-6 + 1e-5 * Swift.abs(numeric),
              "\(text)\nwrt \(wrt), gradient \(k) [\(i)]: \(analytic[i]) vs \(numeric)")
          }
        }
      }
    }
  }
}
