import NNSRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `nns kernel install [--user]`: installs the Jupyter kernel, a Python package kept in
/// `scripts/jupyter` (nns itself never needs Python), and registers the kernelspec `nns`.
///
/// The work is done by the package's `install.py`, run with `python3` (or `$NNS_PYTHON`): it
/// pip-installs the package with ipykernel and writes the kernelspec, whose command starts
/// the bridge with this very `nns` binary.
public enum KernelInstall {
  /// Finds the kernel's package folder: `$NNS_JUPYTER` when set, else the first
  /// `scripts/jupyter` walking up from the executable's folder (as the tutorials are found).
  /// - Parameters:
  ///   - environment: the `NNS_JUPYTER` value, if any.
  ///   - executable: the running binary's path.
  /// - Returns: the folder, or nil.
  public static func locate(environment: String?, executable: String?) -> String? {
    if let environment, !environment.isEmpty { return environment }
    guard let executable else { return nil }
    var dir = TextFile.directory(of: executable)
    while true {
      let candidate = (dir == "/" ? "" : dir) + "/scripts/jupyter"
      if TextFile.isDirectory(candidate + "/nns_kernel") { return candidate }
      if dir == "/" || dir == "." { return nil }
      dir = TextFile.directory(of: dir)
    }
  }

  /// The command that installs the kernel: `PYTHON FOLDER/nns_kernel/install.py --nns NNS
  /// [--user]`.
  /// - Parameters:
  ///   - folder: the package folder (`scripts/jupyter`).
  ///   - nns: the nns binary the kernelspec will start.
  ///   - user: install for this user only.
  ///   - python: the Python to use.
  /// - Returns: the arguments, program first.
  public static func command(folder: String, nns: String, user: Bool, python: String) -> [String] {
    [python, folder + "/nns_kernel/install.py", "--nns", nns] + (user ? ["--user"] : [])
  }

  /// Runs the installation, its output going straight to the terminal.
  /// - Parameters:
  ///   - user: install for this user only.
  ///   - output: receives errors.
  /// - Returns: the installer's exit status, or 1 when it cannot be started.
  public static func run(user: Bool, output: Output) -> Int32 {
    let executable = TextFile.executablePath()
    guard let folder = locate(environment: Environment.get("NNS_JUPYTER"), executable: executable),
      let nns = executable
    else {
      output.writeError(
        "error: nns kernel install: the kernel's Python package (scripts/jupyter) is not next to "
          + "this nns; run scripts/nns kernel install from an nns checkout, or set NNS_JUPYTER "
          + "to its scripts/jupyter folder\n")
      return 1
    }
    let python = Environment.get("NNS_PYTHON").flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
    let argv = command(folder: folder, nns: nns, user: user, python: python)
    output.flush()
    guard let status = spawn(argv) else {
      output.writeError(
        "error: nns kernel install: cannot run \(python) (the kernel is a Python package: "
          + "install Python 3, or set NNS_PYTHON to the Python to use)\n")
      return 1
    }
    return status
  }

  /// Runs a program (found on `PATH`) with the process's standard streams and waits for it.
  /// - Returns: its exit status (128 + the signal when a signal ended it), or nil when it could
  ///   not be started.
  static func spawn(_ argv: [String]) -> Int32? {
    var pointers: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    var pid = pid_t()
    let rc = posix_spawnp(&pid, argv[0], nil, nil, pointers, environ)
    guard rc == 0 else { return nil }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      if errno != EINTR { return nil }
    }
    let signal = status & 0x7f
    if signal != 0 { return 128 + signal }
    let code = (status >> 8) & 0xff
    return code
  }
}
