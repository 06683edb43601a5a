# Shared set-up for scripts/nns and scripts/test: system packages, then a
# release build when it is missing or older than the sources.
# Sourced, not run. Everything it prints goes to stderr so that nns's own
# output stays clean.

NNS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NNS_BIN="$NNS_ROOT/.build/release/nns"

nns_need_packages() {
  local missing=()
  local pkg
  for pkg in libopenblas-dev libreadline-dev; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "nns: installing ${missing[*]} ..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >&2 || {
      echo "nns: apt-get install ${missing[*]} failed" >&2
      return 1
    }
  else
    echo "nns: missing system packages: ${missing[*]}" >&2
    echo "nns: run: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
}

# Builds the release binary when it is missing or any source is newer.
nns_build_release() {
  if [ -x "$NNS_BIN" ] && [ -z "$(cd "$NNS_ROOT" && find Sources stdlib Package.swift -newer "$NNS_BIN" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "nns: building (release) ..." >&2
  (cd "$NNS_ROOT" && swift build -c release --product nns >&2) || {
    echo "nns: build failed" >&2
    return 1
  }
  touch "$NNS_BIN"
}
