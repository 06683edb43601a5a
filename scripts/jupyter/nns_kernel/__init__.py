"""A Jupyter kernel for nns: a bridge to one long-lived `nns kernel serve` process.

The kernel (`NNSKernel`) is built on ipykernel's wrapper-kernel API; `NNSProcess` speaks the
JSON Lines protocol of `nns kernel serve` (docs/NOTEBOOKS.md, "The kernel's protocol");
`NNSLexer` highlights nns code for Pygments.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
