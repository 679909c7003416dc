"""Text from outside (file names, messages quoting them, document snippets) made safe to print.

A file name may hold any byte but '/' and NUL: escape sequences that clear the screen or set the
terminal's title, a newline that forges an output line, bytes that aren't UTF-8 (Python reads them
as lone surrogates, which can't even be encoded for the terminal). `safe` shows all of those as
backslash escapes. JSON output is UTF-8 (non-ASCII as is, control characters escaped by json);
`json_text` turns the lone surrogates of non-UTF-8 bytes into JSON's \\udcNN escapes, which
encode where the raw surrogates would crash the write.
"""
from __future__ import annotations

import json
import unicodedata

# control characters, invisible format characters (bidi overrides), line/paragraph separators, surrogates
_UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def safe(text: str) -> str:
    """`text` with every character that could act on the terminal shown as \\xNN or \\uNNNN."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _UNSAFE else c for c in text)


def _escape(c: str) -> str:
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that isn't UTF-8, as Python's surrogateescape holds it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_text(value) -> str:
    """JSON for stdout: unescaped UTF-8, with the surrogates of non-UTF-8 file names as \\udcNN escapes."""
    return json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")
