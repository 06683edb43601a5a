import NNSSyntax
import NNSTensor
import Synchronization

/// Runs nns programs: owns the global scope, the output layer and the execution limits.
public final class Interpreter {
  /// Where all output goes.
  public let output: Output
  /// This session's random generator: every session starts from seed 0 (SPEC §2), and
  /// sessions running side by side (tests, notebooks) do not disturb each other.
  public let rng = RNG(seed: 0)
  /// The global scope (builtins included).
  let globals = Globals()
  /// Current nns call depth.
  @exclusivity(unchecked) var depth = 0
  /// The most nested nns calls allowed before a runaway-recursion error.
  public var maxDepth = 10_000
  /// When set, the number of steps (loop iterations and calls) allowed before an error.
  public var stepBudget: Int?
  /// Steps until the next slow poll of the interrupt flag and the budget.
  @exclusivity(unchecked) var stepsUntilPoll = 1024
  /// How many steps have been counted against the budget.
  private var stepsUsed = 0
  /// Whether functions with an f32 form (`Compiler.compileScalar`) run it when called with
  /// f32 numbers; off only to compare the two forms in tests.
  public var scalarFunctions = true
  /// Whether code compiled from now on puts the f32 expression paths
  /// (`Compiler+FloatPath.swift`) in front of the general form; off only to compare the two
  /// in tests.
  public var floatPaths = true
  /// Nesting of `include`s, to stop include cycles.
  var includeDepth = 0
  /// The builtins as installed, so compiled fast paths can check a name still holds one.
  var originalBuiltins: [String: Builtin] = [:]
  /// Set once any builtin's global name is assigned (fast paths then check identities).
  @exclusivity(unchecked) var builtinRebound = false
  /// The `range` builtin, so `for i in range(n)` can loop without building the tensor.
  var rangeBuiltin: Builtin?
  /// Whether number literals are f64 (mirrors `Tensor.defaultFloat`, read without a global).
  @exclusivity(unchecked) var literalF64 = false
  /// Lowest stack address nns code may reach before a stack-overflow error.
  var stackLimit: UInt = 0
  /// Global names in the order they were first found defined after a top-level run (`:vars`
  /// lists variables in this order; slot order would follow the stdlib's own name reads).
  var definitionOrder: [String] = []
  var definitionSeen: Set<String> = []

  /// Whether a second Ctrl-C within a second may stop waiting for running code (the REPL
  /// sets it; see `settle()`).
  public var allowsForcedInterrupt = false
  /// Whether top-level code notes new globals after each statement, so `:vars` lists them in
  /// the order they were defined even when one input (a loaded file) defines many.
  public var tracksDefinitionOrder = false
  /// Code left running after a forced interrupt, until `settle()` has waited for it.
  var abandonedWorker: Worker?
  /// Set while `fit(..., live: true)` asks the loss function for a model's predictions: the
  /// classification losses then hand their predictions to it instead of computing.
  var lossProbe: LossProbe?

  /// Creates an interpreter with the builtins installed.
  /// - Parameters:
  ///   - output: the output layer.
  ///   - args: the script's arguments, bound to `args` as a list of strings.
  public init(output: Output, args: [String] = []) {
    self.output = output
    Tensor.defaultFloat = .f32  // a new session starts with the default dtype (SPEC §2)
    literalF64 = false
    for b in Builtins.table {
      globals[b.name] = .builtin(b)
      originalBuiltins[b.name] = b
      if b.name == "range" { rangeBuiltin = b }
    }
    globals["args"] = .list(args.map { .string($0) })
    Stdlib.load(into: self)
    noteDefinitions()
    // A testing aid (the binary fuzzer, Tests/e2e/fuzz_binary.py): a step budget makes a long
    // loop end in an error, so that a timeout means a real hang.
    if let text = Environment.get("NNS_STEP_BUDGET"), let budget = Int(text), budget > 0 {
      stepBudget = budget
      resetSteps()
    }
  }

  /// A global variable's value (nil when undefined).
  public subscript(global name: String) -> Value? {
    get { globals[name] }
    set {
      if originalBuiltins[name] != nil { builtinRebound = true }
      globals[name] = newValue
    }
  }

  /// The defined global names with their values, builtins excluded.
  public var userGlobals: [(String, Value)] {
    definedInOrder.filter { name, value in
      if case .builtin(let b) = value, b.name == name { return false }
      if case .closure(let c) = value, c.isStdlib(name) { return false }
      return !name.hasPrefix("_") || !Stdlib.names.contains(name)
    }
  }

  /// Every global name (for Tab completion).
  public var globalNames: [String] { globals.defined.map(\.0) }

  /// Parses and runs source text.
  /// - Parameters:
  ///   - source: the source.
  ///   - displayValues: when true, each top-level expression statement's value (not silenced
  ///     by `;`) is shown through the output layer, as the REPL and notebooks do.
  /// - Returns: the value of the last statement when it is an expression, else `none`.
  /// - Throws: `ScriptError` holding the parse diagnostics or the runtime error.
  @discardableResult
  public func run(_ source: Source, displayValues: Bool = false) throws(ScriptError) -> Value {
    let parsed = Parser.parse(source)
    guard parsed.succeeded else { throw ScriptError.parse(parsed.diagnostics) }
    do {
      return try execute(parsed.statements, source: source, displayValues: displayValues)
    } catch {
      throw ScriptError.runtime(error)
    }
  }

  /// Compiles and runs parsed top-level statements in the global scope, on a big stack.
  /// - Parameters:
  ///   - statements: the statements.
  ///   - source: their source.
  ///   - displayValues: show each unsilenced top-level expression's value.
  /// - Returns: the value of the last statement when it is an expression, else `none`.
  /// - Throws: `RuntimeError`.
  public func execute(
    _ statements: [Stmt], source: Source, displayValues: Bool = false
  ) throws(RuntimeError) -> Value {
    let outcome = BigStack.run(abandonable: allowsForcedInterrupt) {
      [self] limit -> Result<Value, RuntimeError> in
      stackLimit = limit
      do {
        let code = try Compiler(interpreter: self, source: source)
          .compileTopLevel(statements, display: displayValues)
        let frame = Frame(count: 0, parent: nil)
        return .success(try code(frame))
      } catch let error as RuntimeError {
        return .failure(error)
      } catch {
        return .failure(RuntimeError.wrapping(error))
      }
    }
    let result: Result<Value, RuntimeError>
    switch outcome {
    case .finished(let r): result = r
    case .abandoned(let worker):
      // A second Ctrl-C: the code goes on until its next interrupt check, on its own; nothing
      // here may touch the session until `settle()` has waited for it.
      abandonedWorker = worker
      throw RuntimeError.interrupted
    }
    noteDefinitions()
    switch result {
    case .success(let v): return v
    case .failure(let e):
      stepsUntilPoll = 1024
      depth = 0
      throw e
    }
  }

  /// Counts a step (a loop iteration or a call) and polls for interrupts now and then.
  @inline(__always)
  func tick() throws {
    stepsUntilPoll &-= 1
    if stepsUntilPoll <= 0 { try poll() }
  }

  /// Checks the interrupt flag and the step budget.
  func poll() throws {
    let counted = 1024 - stepsUntilPoll
    stepsUsed &+= max(counted, 0)
    stepsUntilPoll = 1024
    if Interrupt.take() { throw RuntimeError.interrupted }
    if let budget = stepBudget {
      if stepsUsed >= budget {
        var e = RuntimeError("step budget of \(budget) exhausted")
        e.isInterrupt = true
        throw e
      }
      stepsUntilPoll = min(1024, budget - stepsUsed)
    }
  }

  /// Resets the step counter (the budget applies afresh).
  public func resetSteps() {
    stepsUsed = 0
    stepsUntilPoll = min(1024, stepBudget ?? 1024)
  }

  /// Calls an nns function value with positional arguments (used by builtins such as `map`).
  /// - Throws: `RuntimeError`.
  public func call(_ f: Value, _ args: [Value], named: [(String, Value)] = []) throws -> Value {
    try tick()
    switch f {
    case .closure(let c):
      if named.isEmpty, args.count == c.code.paramCount, c.code.scalar != nil,
        let r = try tryScalar(
          c, count: args.count, site: nil, fill: { Interpreter.storeF32(args, $0) })
      {
        return .f32(r)
      }
      let frame = try bind(c, positional: args, named: named)
      return try invoke(c, frame, site: nil)
    case .builtin(let b):
      return try callBuiltin(b, args, named: named)
    default:
      throw RuntimeError("call: \(f.kindName) is not a function")
    }
  }

  /// Calls a builtin with bound arguments.
  /// - Parameter literals: what the compiler knew of each positional and then each named
  ///   argument written with literals (empty when none was): integers are read exactly and
  ///   weakly typed numbers take the other operand's dtype.
  @inline(__always)
  func callBuiltin(
    _ b: Builtin, _ args: [Value], named: [(String, Value)], literals: [LiteralArg?] = []
  ) throws -> Value {
    if named.isEmpty {
      if args.count == 1, b.hasFast1 { return try b.fast1(args[0]) }
      if args.count == 2, b.hasFast2 {
        if let op = b.weakOp, !literals.isEmpty {
          let (x, y) = Builtins.weakPair(args[0], args[1], literals, op)
          return try b.fast2(x, y)
        }
        return try b.fast2(args[0], args[1])
      }
    }
    var bound = try Arguments(
      b, positional: args, named: named, interpreter: self, literals: literals)
    let result = try b.impl(&bound)
    // A kernel stopped by Ctrl-C returns early: its half-made result goes no further.
    if Interrupt.take() { throw RuntimeError.interrupted }
    return result
  }

  /// Makes the frame of a closure call: binds positional and named arguments, then defaults.
  func bind(_ c: Closure, positional: [Value], named: [(String, Value)]) throws -> Frame {
    let code = c.code
    let frame = Frame(count: code.slotCount, parent: c.env)
    guard positional.count <= code.paramCount else {
      throw RuntimeError(
        "\(code.name): takes \(code.paramCount) argument\(code.paramCount == 1 ? "" : "s"), "
          + "got \(positional.count)")
    }
    for (i, v) in positional.enumerated() { frame.slots[i] = v }
    for (name, v) in named {
      guard let i = code.params.firstIndex(of: name) else {
        throw RuntimeError(
          "\(code.name): unknown argument '\(name)'\(Suggest.hint(for: name, among: code.params))")
      }
      guard frame.slots[i] == nil else {
        throw RuntimeError("\(code.name): argument '\(name)' given twice")
      }
      frame.slots[i] = v
    }
    try fillDefaults(code, frame, from: 0)
    return frame
  }

  /// Evaluates defaults for unbound parameters (in the callee's frame, in order).
  @inline(__always)
  func fillDefaults(_ code: FunctionCode, _ frame: Frame, from start: Int) throws {
    var i = start
    while i < code.paramCount {
      if frame.slots[i] == nil {
        guard let d = code.defaults[i] else {
          throw RuntimeError("\(code.name): missing argument '\(code.params[i])'")
        }
        frame.slots[i] = try d(frame)
      }
      i += 1
    }
  }

  /// Runs a closure body in a prepared frame, enforcing the depth limit and adding the call
  /// to the chain of any error that passes through.
  @inline(__always)
  func invoke(_ c: Closure, _ frame: Frame, site: CallSite?) throws -> Value {
    depth &+= 1
    defer { depth &-= 1 }
    do {
      if depth > maxDepth {
        throw RuntimeError("\(c.code.name): recursion depth limit (\(maxDepth)) exceeded")
      }
      try tick()
      try BigStack.check(limit: stackLimit, op: c.code.name)
    } catch {
      guard let site else { throw error }
      throw Compiler.locate(error, site.source, site.range)
    }
    do {
      let v = try c.code.body(frame)
      return frame.flow == .returnValue ? frame.returnValue : v
    } catch is FlowUnwind {
      return frame.returnValue
    } catch var e as RuntimeError {
      if let site {
        e.addCall(c.code.name, site.source, site.range)
      } else {
        e.addCall(c.code.name, c.code.source, c.code.range)
      }
      throw e
    }
  }
}

/// A failed run: parse diagnostics or a runtime error.
public enum ScriptError: Error, CustomStringConvertible {
  /// The source did not parse.
  case parse([Diagnostic])
  /// Running failed.
  case runtime(RuntimeError)

  /// The full rendering (every diagnostic, or the runtime error with its chain).
  /// - Parameter width: the terminal's columns when the text goes to one: long source lines
  ///   are cut to fit.
  public func render(width: Int? = nil) -> String {
    switch self {
    case .parse(let ds): return ds.map { $0.render(width: width) }.joined(separator: "\n")
    case .runtime(let e): return e.render(width: width)
    }
  }

  /// Whether Ctrl-C (or a step budget) stopped the run.
  public var isInterrupt: Bool {
    if case .runtime(let e) = self { return e.isInterrupt }
    return false
  }

  /// The status `exit(n)` asked for, when the run ended that way.
  public var exitStatus: Int32? {
    if case .runtime(let e) = self { return e.exitStatus }
    return nil
  }

  /// The first message.
  public var description: String {
    switch self {
    case .parse(let ds): return ds.first?.message ?? "parse error"
    case .runtime(let e): return e.message
    }
  }
}
