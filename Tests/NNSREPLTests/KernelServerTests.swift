import Foundation
import NNSREPL
import NNSRuntime
import Testing

/// A kernel server whose events are collected, parsed with Foundation's JSON reader.
private final class Harness {
  var lines: [String] = []
  let server: KernelServer

  init(width: Int = 80, progressBar: Bool = true) {
    var sink: ((String) -> Void)?
    server = KernelServer(width: width, progressBar: progressBar) { sink?($0) }
    sink = { [unowned self] in self.lines.append($0) }
  }

  /// Sends one request and returns the events it produced.
  func request(_ fields: [String: Any]) throws -> [[String: Any]] {
    let data = try JSONSerialization.data(withJSONObject: fields)
    return try raw(String(decoding: data, as: UTF8.self))
  }

  /// Sends one request line as it is.
  func raw(_ line: String) throws -> [[String: Any]] {
    lines = []
    server.handle(line: line)
    return try lines.map { line in
      #expect(!line.contains("\n"), "an event spans lines: \(line)")
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
      return try #require(object as? [String: Any])
    }
  }

  func execute(_ code: String, count: Int? = nil) throws -> [[String: Any]] {
    var fields: [String: Any] = ["op": "execute", "code": code]
    if let count { fields["count"] = count }
    return try request(fields)
  }
}

private func kinds(_ events: [[String: Any]]) -> [String] {
  events.map { $0["event"] as? String ?? "?" }
}

// The interpreter's settings are process-wide: the servers run one at a time.
@Suite("kernel serve (the Jupyter kernel's machine mode)", .serialized) struct KernelServerTests {
  @Test func readyComesFirst() throws {
    let h = Harness()
    _ = h.server.run { nil }
    let ready = try #require(
      try JSONSerialization.jsonObject(with: Data(h.lines[0].utf8)) as? [String: Any])
    #expect(ready["event"] as? String == "ready")
    #expect(ready["version"] as? String == Version.string)
    #expect(ready["protocol"] as? Int == KernelServer.protocolVersion)
    #expect(ready["width"] as? Int == 80)
  }

  @Test func aCellRunsAsAREPLInput() throws {
    let h = Harness()
    let events = try h.execute("x = [1, 2, 3]\nprint(\"sum\", sum(x))\nx * 2\nx + 1", count: 1)
    #expect(kinds(events) == ["stream", "display", "result", "done"])
    #expect(events[0]["name"] as? String == "stdout")
    #expect(events[0]["text"] as? String == "sum 6\n")
    #expect(events[1]["kind"] as? String == "value")
    #expect(events[1]["text"] as? String == "[2, 4, 6]  f32 [3]")
    #expect(events[2]["text"] as? String == "[2, 3, 4]  f32 [3]")
    #expect(events[3]["status"] as? String == "ok")
    // The state carries over, and `ans` holds the last value, as in the REPL.
    let next = try h.execute("ans", count: 2)
    #expect(next.first?["text"] as? String == "[2, 3, 4]  f32 [3]")
    // A silenced value or a statement is no result.
    #expect(kinds(try h.execute("y = 2; x;", count: 3)) == ["done"])
  }

  @Test func showAndPlotsAreDisplays() throws {
    let h = Harness()
    let events = try h.execute("show(1); plot([1, 2, 3]); 5")
    #expect(kinds(events) == ["display", "display", "result", "done"])
    #expect(events[0]["kind"] as? String == "show")
    #expect(events[1]["kind"] as? String == "plot")
    #expect((events[1]["text"] as? String)?.contains("┤") == true)
    #expect(
      events[1]["text"] as? String != nil && !(events[1]["text"] as? String ?? "").hasSuffix("\n"))
  }

  @Test func anErrorEndsTheCellAndRollsItBack() throws {
    let h = Harness()
    _ = try h.execute("a = 1", count: 1)
    let events = try h.execute("a = 2; print(\"half\"); nope", count: 7)
    #expect(kinds(events) == ["stream", "error", "done"])
    let error = events[1]
    #expect(error["ename"] as? String == "RuntimeError")
    #expect(error["evalue"] as? String == "undefined name 'nope'")
    #expect(
      error["traceback"] as? [String] == [
        "<repl[7]>:1:23: error: undefined name 'nope'",
        "a = 2; print(\"half\"); nope",
        "                      ^",
        "note: every variable is as it was before this input (put back: a)",
      ])
    #expect(events[2]["status"] as? String == "error")
    #expect(try h.execute("a", count: 8).first?["text"] as? String == "1  f32")
    let parse = try h.execute("(1 +", count: 9)
    #expect(parse.first?["ename"] as? String == "ParseError")
    #expect(parse.first?["evalue"] as? String == "'(' is never closed")
  }

  @Test func checkLinesAreAnExercise() throws {
    let h = Harness()
    let events = try h.execute("# Make d\n#! d == 4\n#? two twos\nd = 2 + 2", count: 1)
    #expect(kinds(events) == ["stream", "done"])
    #expect(events[0]["text"] as? String == "✓ d == 4\n")
    let failing = try h.execute("#! e == 5\ne = 4", count: 2)
    #expect(kinds(failing) == ["error", "done"])
    #expect(failing[0]["ename"] as? String == "CheckFailed")
    #expect(
      (failing[0]["traceback"] as? [String])?.first
        == "<repl[2]>:1:4: error: check does not hold: e == 5 (e is 4; expected 5)")
    // The code's effect stays (as in a notebook); a shebang line is not a check.
    #expect(try h.execute("e").first?["text"] as? String == "4  f32")
    #expect(kinds(try h.execute("#!/usr/bin/env nns\nf = 1")) == ["done"])
  }

  @Test func commandsAndHelpWorkAsInTheREPL() throws {
    let h = Harness()
    _ = try h.execute("w = zeros(2, 3)")
    let vars = try h.execute(":vars")
    #expect(kinds(vars) == ["stream", "done"])
    #expect((vars[0]["text"] as? String)?.contains("w     tensor  f32 [2,3]     24") == true)
    let help = try h.execute("?zeros")
    #expect((help[0]["text"] as? String)?.hasPrefix("zeros(shape...)\n") == true)
    let unknown = try h.execute("?zerox")
    #expect(kinds(unknown) == ["error", "done"])
    #expect(unknown[0]["ename"] as? String == "CommandError")
    #expect((unknown[0]["evalue"] as? String)?.contains("did you mean 'zeros'?") == true)
    let edit = try h.execute(":edit")
    #expect(edit[0]["ename"] as? String == "CommandError")
    #expect((edit[0]["evalue"] as? String)?.hasPrefix(":edit needs a terminal") == true)
  }

  @Test(arguments: [("exit(3)", 3), (":quit", 0)])
  func exitEndsTheSession(_ code: String, status: Int) throws {
    let h = Harness()
    let events = try h.execute(code)
    #expect(events.last?["event"] as? String == "done")
    #expect(events.last?["exit"] as? Int == status)
    #expect(h.server.exitStatus == Int32(status))
  }

  @Test func fitDrawsOneUpdatingLineOrLinesPerEpoch() throws {
    let code =
      "r = fit(fn(p, xb, yb) = mean((xb * p.w - yb) ^ 2), {w: 0}, randn(64, 1),"
      + " randn(64, 1), epochs: 3)"
    let bar = try Harness().execute(code)
    #expect(kinds(bar).first == "progress")
    #expect(Array(kinds(bar).suffix(2)) == ["progress_end", "done"])
    let last = try #require(bar.dropLast(2).last?["text"] as? String)
    #expect(last.hasPrefix("epoch 3/3 ") && last.contains("100%"))
    #expect(!last.contains("\u{1B}") && !last.contains("\r"))
    let lines = try Harness(progressBar: false).execute(code)
    #expect(kinds(lines) == ["stream", "stream", "stream", "done"])
    #expect((lines[0]["text"] as? String)?.hasPrefix("epoch 1/3 loss=") == true)
  }

  @Test func completionIsTheREPLsTab() throws {
    let h = Harness()
    _ = try h.execute("r = {alpha: 1, beta: 2}")
    let names = try h.request(["op": "complete", "code": "y = lins", "cursor": 8])
    #expect(names[0]["event"] as? String == "completions")
    #expect(names[0]["matches"] as? [String] == ["linspace"])
    #expect(names[0]["start"] as? Int == 4 && names[0]["end"] as? Int == 8)
    let fields = try h.request(["op": "complete", "code": "r.al", "cursor": 4])
    #expect(fields[0]["matches"] as? [String] == ["r.alpha"])
    let command = try h.request(["op": "complete", "code": ":lo", "cursor": 3])
    #expect(command[0]["matches"] as? [String] == ["load"])
    #expect(command[0]["start"] as? Int == 1)
    // Positions count code points: "é" is one, before the cursor in the middle of the code.
    let middle = try h.request(["op": "complete", "code": "s = \"é\"; lins + 1", "cursor": 13])
    #expect(middle[0]["matches"] as? [String] == ["linspace"])
    #expect(middle[0]["start"] as? Int == 9 && middle[0]["end"] as? Int == 13)
  }

  @Test func inspectionIsQuestionMarkHelp() throws {
    let h = Harness()
    _ = try h.execute("## Doubles x.\nfn twice(x) = 2 * x\nv = [1, 2]")
    let call = try h.request(["op": "inspect", "code": "zeros(2, ", "cursor": 9])
    #expect(call[0]["found"] as? Bool == true)
    #expect(call[0]["name"] as? String == "zeros")
    let help = try h.execute("?zeros")
    #expect((call[0]["text"] as? String).map { $0 + "\n" } == help[0]["text"] as? String)
    let user = try h.request(["op": "inspect", "code": "twice", "cursor": 2])
    #expect(user[0]["text"] as? String == "fn twice(x)\n  Doubles x.")
    let variable = try h.request(["op": "inspect", "code": "v", "cursor": 1])
    #expect(variable[0]["text"] as? String == "v: tensor f32 [2]\n[1, 2]  f32 [2]")
    let keyword = try h.request(["op": "inspect", "code": "for", "cursor": 1])
    #expect(keyword[0]["found"] as? Bool == true)
    let nothing = try h.request(["op": "inspect", "code": "qqq", "cursor": 3])
    #expect(nothing[0]["found"] as? Bool == false)
  }

  @Test(arguments: [
    ("fn f(x) {", "incomplete", "  "),
    ("  y = [1,", "incomplete", "  "),
    ("  z = f(", "incomplete", "    "),
    ("1 +", "incomplete", ""),
    ("\"abc", "incomplete", ""),
    ("x = 1", "complete", ""),
    (":vars", "complete", ""),
  ])
  func completenessIsTheREPLsContinuation(_ code: String, status: String, indent: String) throws {
    let events = try Harness().request(["op": "is_complete", "code": code])
    #expect(events.count == 1)
    #expect(events[0]["event"] as? String == "completeness")
    #expect(events[0]["status"] as? String == status)
    #expect(events[0]["indent"] as? String == indent)
  }

  @Test(arguments: ["garbage", "[1, 2]", "{\"op\": \"fly\"}", "{\"code\": \"1\"}"])
  func badRequestsAreAnsweredNotFatal(_ line: String) throws {
    let h = Harness()
    let events = try h.raw(line)
    #expect(kinds(events) == ["invalid"])
    #expect(try h.execute("1 + 1").first?["text"] as? String == "2  f32")
  }
}

@Suite("nns kernel install") struct KernelInstallTests {
  @Test func findsThePackageBesideTheBinary() throws {
    let folder = TemporaryFolder()
    try FileManager.default.createDirectory(
      atPath: folder.file("repo/scripts/jupyter/nns_kernel"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      atPath: folder.file("repo/.build/release"), withIntermediateDirectories: true)
    let binary = folder.file("repo/.build/release/nns")
    #expect(
      KernelInstall.locate(environment: nil, executable: binary)
        == folder.file("repo/scripts/jupyter"))
    #expect(KernelInstall.locate(environment: "/elsewhere", executable: binary) == "/elsewhere")
    #expect(KernelInstall.locate(environment: nil, executable: folder.file("nns")) == nil)
  }

  @Test func runsTheInstallerWithThisBinary() {
    #expect(
      KernelInstall.command(folder: "/r/scripts/jupyter", nns: "/r/nns", user: true, python: "py")
        == ["py", "/r/scripts/jupyter/nns_kernel/install.py", "--nns", "/r/nns", "--user"])
    #expect(
      KernelInstall.command(folder: "/j", nns: "/n", user: false, python: "python3").last == "/n")
  }
}
