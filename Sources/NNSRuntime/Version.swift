/// The nns version, shown by `nns --version` and the REPL's banner.
public enum Version {
  /// The version number.
  public static let string = "0.1.0"
}
