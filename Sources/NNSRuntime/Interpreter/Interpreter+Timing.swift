import NNSSyntax
import NNSTensor

/// What `Interpreter.measure` found: seconds per run.
public struct Timing: Sendable {
  /// The median over batches of the time per run, the timing loop's own cost taken off.
  public var median: Double
  /// The fastest batch's time per run, likewise.
  public var min: Double
  /// How many times the code ran in all.
  public var runs: Int
  /// How many timed batches the runs were split into.
  public var batches: Int
}

extension Interpreter {
  /// Times source text as IPython's `%timeit` does: compiled once, then run in batches big
  /// enough that reading the clock costs nothing next to them (a batch lasts at least about
  /// a millisecond), for about `seconds` in all. The cost of the timing loop itself (running
  /// as many `none` statements the same way) is taken off, so `1` times at a nanosecond or
  /// two. A run slower than `seconds` is timed once.
  /// - Parameters:
  ///   - source: the code (an expression or statements; nothing is displayed).
  ///   - seconds: about how long to measure.
  /// - Returns: the timing.
  /// - Throws: `ScriptError` when the code fails to parse or run (or Ctrl-C stops it).
  public func measure(_ source: Source, seconds: Double = 0.5) throws(ScriptError) -> Timing {
    let parsed = Parser.parse(source)
    guard parsed.succeeded else { throw ScriptError.parse(parsed.diagnostics) }
    let outcome = BigStack.run(abandonable: allowsForcedInterrupt) {
      [self] limit -> Result<Timing, RuntimeError> in
      stackLimit = limit
      do {
        let code = try Compiler(interpreter: self, source: source)
          .compileTopLevel(parsed.statements, display: false)
        // The baseline: as many `none` statements, run the same way (the loop, the statement
        // dispatch and its interrupt check), so what is left is the code's own cost.
        let blank = Source(name: source.name, text: "none")
        let noneStatement = Parser.parse(blank).statements
        let empty = try Compiler(interpreter: self, source: blank)
          .compileTopLevel(
            Array(repeating: noneStatement, count: parsed.statements.count).flatMap { $0 },
            display: false)
        return .success(try time(code, empty: empty, seconds: seconds))
      } catch {
        return .failure(RuntimeError.wrapping(error))
      }
    }
    switch outcome {
    case .finished(.success(let timing)):
      noteDefinitions()
      return timing
    case .finished(.failure(let e)):
      noteDefinitions()
      stepsUntilPoll = 1024
      depth = 0
      throw ScriptError.runtime(e)
    case .abandoned(let worker):
      abandonedWorker = worker
      throw ScriptError.runtime(RuntimeError.interrupted)
    }
  }

  /// The batches of `measure`.
  private func time(_ code: Eval, empty: Eval, seconds: Double) throws -> Timing {
    let frame = Frame(count: 0, parent: nil)
    let clock = Builtins.monotonicSeconds
    var start = clock()
    _ = try code(frame)
    let first = clock() - start
    if first >= seconds { return Timing(median: first, min: first, runs: 1, batches: 1) }
    func batch(_ body: Eval, _ size: Int) throws -> Double {
      start = clock()
      for _ in 0..<size { _ = try body(frame) }
      let elapsed = clock() - start
      if Interrupt.take() { throw RuntimeError.interrupted }
      return elapsed
    }
    // Batches of `size` runs that last at least a millisecond (timeit's autorange).
    var size = 1
    var total = first
    while size < 1 << 24 {
      let t = try batch(code, size)
      total += t
      if t >= 1e-3 { break }
      size *= t < 1e-4 ? 10 : 2
    }
    var samples: [Double] = []
    var overhead = Double.infinity
    while samples.count < 1000 && (total < seconds || samples.count < 3) {
      let t = try batch(code, size)
      samples.append(t / Double(size))
      total += t
      // The empty program, timed the same way now and then: the loop's own cost per run.
      if samples.count <= 3 || samples.count % 10 == 0 {
        overhead = Swift.min(overhead, try batch(empty, size) / Double(size))
      }
    }
    samples.sort()
    let cost = overhead.isFinite ? overhead : 0
    return Timing(
      median: Swift.max(samples[samples.count / 2] - cost, 0),
      min: Swift.max(samples[0] - cost, 0), runs: samples.count * size, batches: samples.count)
  }
}
