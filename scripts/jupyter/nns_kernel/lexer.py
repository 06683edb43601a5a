"""A Pygments lexer for nns (registered as `nns` through the package's entry point), so that
`jupyter console`, nbconvert and Sphinx highlight nns cells."""

from pygments.lexer import RegexLexer, bygroups, include, words
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

__all__ = ["NNSLexer"]


class NNSLexer(RegexLexer):
    """nns: `#` comments (`# %%` cell markers, `## ` doc comments, `#!` checks, `#?` hints),
    `"..."` strings with `{expr}` interpolation, numbers with `_`, keywords, operators."""

    name = "nns"
    aliases = ["nns"]
    filenames = ["*.nns"]
    mimetypes = ["text/x-nns"]

    tokens = {
        "root": [
            (r"\n", Whitespace),
            (r"[ \t]+", Whitespace),
            (r"^#\s?%%.*$", Comment.Preproc),
            (r"##.*$", Comment.Special),
            (r"#[!?].*$", Comment.Special),
            (r"#.*$", Comment.Single),
            (r'"', String.Double, "string"),
            (r"\d[\d_]*(\.[\d_]*)?([eE][+-]?\d+)?", Number),
            (r"\.\d[\d_]*([eE][+-]?\d+)?", Number),
            (words(("true", "false", "none"), suffix=r"\b"), Keyword.Constant),
            (words(("and", "or", "not", "in"), suffix=r"\b"), Operator.Word),
            (r"(fn)(\s+)([A-Za-z_]\w*)", bygroups(Keyword.Declaration, Whitespace, Name.Function)),
            (words(("fn",), suffix=r"\b"), Keyword.Declaration),
            (
                words(
                    ("if", "else", "while", "for", "return", "break", "continue", "include"),
                    suffix=r"\b",
                ),
                Keyword,
            ),
            (r"[A-Za-z_]\w*(?=\()", Name.Function),
            (r"[A-Za-z_]\w*", Name),
            (r"==|!=|<=|>=|[-+*/%^@<>=]", Operator),
            (r"[()\[\]{},;:.]", Punctuation),
            (r".", Text),
        ],
        "string": [
            (r'\\[nt"\\{}]', String.Escape),
            (r"\{", String.Interpol, "interpolation"),
            (r'[^"\\{]+', String.Double),
            (r'"', String.Double, "#pop"),
            (r"\\", String.Double),
        ],
        "interpolation": [
            (r"\}", String.Interpol, "#pop"),
            (r":[\d.]*[feg]?(?=\})", String.Interpol),
            include("root"),
        ],
    }
