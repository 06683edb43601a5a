#!/usr/bin/env python3
"""Installs the nns Jupyter kernel: pip-installs this package (with ipykernel) and registers the
kernelspec `nns` (display name "nns") whose command starts the kernel with a given nns binary.

`nns kernel install [--user]` runs it (`scripts/nns kernel install --user` from a checkout).
Without --user the kernel goes to this Python environment when it is a virtual environment,
else system-wide (which may need root). --dev registers a kernelspec that runs the package
from this folder instead of installing it (the tests use it).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # scripts/jupyter


def pip_install(user, in_venv):
    """pip-installs this package and its dependencies from a copy (setuptools builds in the
    source folder, which should stay as it is); retries without build isolation (which needs
    the network to fetch setuptools) when the first try fails."""
    with tempfile.TemporaryDirectory() as scratch:
        source = os.path.join(scratch, "nns-kernel")
        shutil.copytree(
            HERE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
        )
        command = [sys.executable, "-m", "pip", "install", "--upgrade"]
        if user and not in_venv:
            command.append("--user")
        print("nns kernel install: " + " ".join(command + [HERE]), flush=True)
        if subprocess.call(command + [source]) == 0:
            return True
        print("nns kernel install: retrying without build isolation", flush=True)
        return subprocess.call(command + ["--no-build-isolation", source]) == 0


def kernelspec(nns, dev):
    """The kernel.json of the `nns` kernel."""
    env = {"NNS_BIN": nns}
    if dev:
        env["PYTHONPATH"] = HERE
    return {
        "argv": [sys.executable, "-m", "nns_kernel", "-f", "{connection_file}"],
        "display_name": "nns",
        "language": "nns",
        "interrupt_mode": "signal",
        "env": env,
        "metadata": {"debugger": False},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nns", required=True, help="the nns binary the kernel runs")
    parser.add_argument("--user", action="store_true", help="install for this user only")
    parser.add_argument("--prefix", help="register the kernelspec under this prefix")
    parser.add_argument(
        "--dev", action="store_true", help="run the package from this folder; no pip install"
    )
    args = parser.parse_args(argv)
    nns = os.path.abspath(args.nns)
    if not os.access(nns, os.X_OK):
        print(f"nns kernel install: {nns} is not an executable nns binary", file=sys.stderr)
        return 1
    in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
    if not args.dev and not pip_install(args.user, in_venv):
        print(
            "nns kernel install: pip could not install the kernel's package and ipykernel;\n"
            f"  try: {sys.executable} -m pip install {'--user ' if args.user else ''}{HERE}",
            file=sys.stderr,
        )
        return 1
    try:
        from jupyter_client.kernelspec import KernelSpecManager
    except ImportError:
        print(
            "nns kernel install: jupyter_client is missing; "
            f"{sys.executable} -m pip install ipykernel",
            file=sys.stderr,
        )
        return 1
    prefix = args.prefix
    if prefix is None and not args.user and in_venv:
        prefix = sys.prefix
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "kernel.json"), "w") as f:
            json.dump(kernelspec(nns, args.dev), f, indent=1)
        try:
            where = KernelSpecManager().install_kernel_spec(
                folder, "nns", user=args.user, prefix=prefix
            )
        except PermissionError as error:
            print(
                f"nns kernel install: cannot write {error.filename}; "
                "install for this user only: scripts/nns kernel install --user",
                file=sys.stderr,
            )
            return 1
    print(f"nns kernel install: the kernel 'nns' is registered in {where}")
    print("Start it with: jupyter lab   (or: jupyter console --kernel nns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
