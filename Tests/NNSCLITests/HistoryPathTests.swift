import Testing

@testable import NNSCLI

#if canImport(Glibc)
  import Glibc
#endif

/// The REPL and the tutorials keep history in the same file: `NNS_HISTORY`, else
/// `~/.nns_history`.
@Suite struct HistoryPathTests {
  @Test func namedFileWinsOverHome() {
    let saved = (
      getenv("NNS_HISTORY").map { String(cString: $0) }, getenv("HOME").map { String(cString: $0) }
    )
    defer {
      if let h = saved.0 { setenv("NNS_HISTORY", h, 1) } else { unsetenv("NNS_HISTORY") }
      if let h = saved.1 { setenv("HOME", h, 1) } else { unsetenv("HOME") }
    }
    setenv("HOME", "/home/someone", 1)
    unsetenv("NNS_HISTORY")
    #expect(CommandLineTool.historyPath() == "/home/someone/.nns_history")
    setenv("NNS_HISTORY", "/tmp/elsewhere", 1)
    #expect(CommandLineTool.historyPath() == "/tmp/elsewhere")
    unsetenv("NNS_HISTORY")
    unsetenv("HOME")
    #expect(CommandLineTool.historyPath() == nil)
  }
}
