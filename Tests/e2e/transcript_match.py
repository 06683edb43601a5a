"""SPEC §9's rule for comparing output with a saved transcript, as `nns notebook --check` applies
it (Sources/NNSREPL/NumericMatch.swift; docs/NOTEBOOKS.md states it), for the Jupyter tests.

Text must match exactly; numbers match when they agree to a relative 1e-4 or an absolute 1e-6
(NaN matches NaN, infinities match by sign). A number is an optional sign, digits with an
optional fraction and exponent, or nan/inf, standing on its own (digits that continue a word,
`f32`, `w1`, `3px`, are text). Only whether there is white space between two tokens is compared,
not how much, and next to a number not even that. Comparing a whole cell's output at once
covers rows that wrap elsewhere: a line break is white space.
"""

import re

RELATIVE = 1e-4
ABSOLUTE = 1e-6

_SPACE = " \t\n\r"


def _is_word(c):
    return c.isdigit() or ("A" <= c <= "Z") or ("a" <= c <= "z") or c == "_" or ord(c) >= 128


_NUMBER = re.compile(r"[-+]?(?:nan|inf|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")


def tokens(text):
    """Numbers (floats), ' ' for a run of white space, and the text between them (str)."""
    out = []
    start = 0
    i = 0
    n = len(text)

    def flush(end):
        if end > start:
            out.append(("text", text[start:end]))

    while i < n:
        c = text[i]
        if c in _SPACE:
            flush(i)
            j = i
            while j < n and text[j] in _SPACE:
                j += 1
            out.append(("space", None))
            i = start = j
            continue
        number = _number_at(text, i)
        if number is not None:
            value, end = number
            flush(i)
            out.append(("number", value))
            i = start = end
            continue
        i += 1
    flush(n)
    return out


def _number_at(text, i):
    if i > 0 and (_is_word(text[i - 1]) or text[i - 1] == "."):
        return None
    m = _NUMBER.match(text, i)
    if not m:
        return None
    end = m.end()
    body = m.group(0).lstrip("+-")
    if body in ("nan", "inf"):
        if end < len(text) and _is_word(text[end]):
            return None
        negative = m.group(0).startswith("-")
        return (float("nan") if body == "nan" else (float("-inf") if negative else float("inf")), end)
    if end < len(text) and _is_word(text[end]):
        return None
    try:
        return float(m.group(0)), end
    except ValueError:
        return None


def _without_padding(toks):
    def is_number(k):
        return 0 <= k < len(toks) and toks[k][0] == "number"

    return [t for k, t in enumerate(toks) if not (t[0] == "space" and (is_number(k - 1) or is_number(k + 1)))]


def close(x, y):
    if x == y or (x != x and y != y):
        return True
    if x in (float("inf"), float("-inf")) or y in (float("inf"), float("-inf")) or x != x or y != y:
        return False
    d = abs(x - y)
    return d <= ABSOLUTE or d <= RELATIVE * max(abs(x), abs(y))


def equal(a, b):
    """Whether two texts match under the rule."""
    if a == b:
        return True
    ta, tb = _without_padding(tokens(a)), _without_padding(tokens(b))
    if len(ta) != len(tb):
        return False
    for (ka, va), (kb, vb) in zip(ta, tb):
        if ka != kb:
            return False
        if ka == "number" and not close(va, vb):
            return False
        if ka == "text" and va != vb:
            return False
    return True


_FENCE = re.compile(r"^(`{3,})(\w*)$")


def output_blocks(markdown):
    """The `text` blocks of a transcript that follow a code block, in order: the outputs of the
    cells that wrote something (docs/NOTEBOOKS.md, "The transcript")."""
    blocks = []
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group(1), m.group(2)
        j = i + 1
        while j < len(lines) and lines[j] != fence:
            j += 1
        blocks.append((info, "\n".join(lines[i + 1 : j]), i))
        i = j + 1
    outputs = []
    for k, (info, body, _) in enumerate(blocks):
        if info == "text" and k > 0 and blocks[k - 1][0] == "nns":
            outputs.append(body + "\n")
    return outputs


_LOCATION = re.compile(r"(?:<repl\[\d+\]>|[\w.+-]+\.nns):\d+:\d+")


def without_locations(text):
    """Error locations set aside: a kernel names a cell `<repl[N]>` with lines counted in the
    cell, a transcript names the notebook file with its lines."""
    return _LOCATION.sub("<location>", text)
