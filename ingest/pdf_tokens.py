"""Loading, faster: a drop-in tokenizer for pypdf's page content streams.

pypdf spends about two thirds of `extract_text` tokenizing content streams one byte at a time
(`read_non_whitespace`, `read_object`), and that made PDF parsing cost as much CPU as embedding.
The tokens that dominate real pages are operators, numbers, hex strings, escape-free literal
strings, plain names and arrays of those; this module reads them straight from the bytes with
regular expressions, building the very same pypdf objects with the same constructors, and hands
every other token (escaped strings, "#" names, dictionaries, inline images, arrays holding null or
a comment, anything odd) to pypdf's own reader at the same position. Limits are charged exactly as
pypdf charges them, so hostile files fail the same way.

The fast path never costs text. `install()` swaps the method in only when the installed pypdf has
every private piece it uses, with the parameters it passes (feature detection, not a version
number: pypdf moves these between releases, e.g. 7 turned `ContentStream._read_inline_image` into
`_image_inline.read_inline_image`). And whatever the fast path still cannot handle on a stream (a
function gone or changed since, a token it misreads) hands the whole stream to pypdf's own parser,
which then gives pypdf's operations or raises pypdf's error. Tests compare the text of every page of
real PDFs both ways.
"""
from __future__ import annotations

import inspect
import re
from io import BytesIO

# Bump when the fast path changes what it reads: documents that had pages fail are then re-read
# (see ingest.load.reader_signature).
VERSION = "tokens2"

_WHITESPACE = re.compile(rb"[\x00\t\n\f\r ]*")
_NUMBER_START = frozenset(b"0123456789+-.")
_OPERATOR_START = frozenset(b"'\"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_HEX_STRING = re.compile(rb"<([0-9a-fA-F\x00\t\n\f\r ]*)>")
_PLAIN_STRING = re.compile(rb"\(([^()\\]*)\)")
_PLAIN_NAME = re.compile(rb"/[!-~]{0,60}?(?=[\s()<>\[\]{}/%]|$)")
_ARRAY_SPACE = re.compile(rb"[\x00\t\n\x0b\f\r ]*")  # bytes.isspace() or pypdf WHITESPACES
_HEX_SPACE = re.compile(rb"[\x00\t\n\f\r ]")
# pypdf reads an operator in growing chunks (16, 32, 64 bytes) and gives up past 112 bytes without
# a delimiter; within this window the delimiter search gives the same token.
_OPERATOR_WINDOW = 112

_original = None  # pypdf's own ContentStream._parse_content_stream while ours is installed
_inline_image_reader = None  # set by _bind


class _Unsupported(Exception):
    """Something this pypdf does differently from what the fast path knows: pypdf's parser reads the stream."""


def install() -> bool:
    """Use the fast tokenizer for pypdf content streams; True when installed.

    False (pypdf's parser stays) when the installed pypdf lacks a piece the tokenizer needs.
    """
    global _original
    from pypdf.generic import ContentStream

    if _original is not None:
        return True
    if not _bind():
        return False
    _original = ContentStream._parse_content_stream
    ContentStream._parse_content_stream = _parse_content_stream
    return True


def uninstall() -> None:
    """Restore pypdf's own tokenizer."""
    global _original
    from pypdf.generic import ContentStream

    if _original is not None:
        ContentStream._parse_content_stream = _original
        _original = None


def _parse_content_stream(self, stream: BytesIO) -> None:
    """Same contract as pypdf's ContentStream._parse_content_stream: fill self._operations.

    Any failure of the fast path, pypdf's own "bad content" errors included, re-reads the whole
    stream with pypdf's parser: the result is then pypdf's, operations or error, by construction.
    """
    try:
        _tokenize(self, stream)
    except Exception:
        self._operations = []
        _original(self, stream)


def _tokenize(self, stream: BytesIO) -> None:
    data = stream.getvalue()
    end = len(data)
    check = self._check_limits
    budget = StreamParsingBudget(remaining_budget=get_configuration().stream_parsing_work_maximum_count)
    operations = self._operations
    encoding = self.forced_encoding
    delimiter = NameObject.delimiter_pattern
    operands: list = []
    pos = 0
    while True:
        pos = _WHITESPACE.match(data, pos).end()
        if pos >= end:
            break
        byte = data[pos]
        if byte in _OPERATOR_START:
            match = delimiter.search(data, pos, pos + _OPERATOR_WINDOW)
            if match is not None:
                operator = data[pos:match.start()]
                pos = match.start()
            else:  # long or final operator: pypdf's reader decides (it may raise)
                stream.seek(pos)
                operator = read_until_regex(stream=stream, regex=delimiter, length=self._OPERATOR_LENGTH_LIMIT)
                pos = stream.tell()
            if operator == b"BI":
                assert operands == []
                check(parsing_budget=budget, token_decrement=2)
                stream.seek(pos)
                image = _read_inline_image(self, stream, budget)
                pos = stream.tell()
                operations.append((image, b"INLINE IMAGE"))
            else:
                check(parsing_budget=budget, token_decrement=1)
                operations.append((operands, operator))
                operands = []
            continue
        if byte == 0x25:  # "%": a comment runs to the end of the line
            newline = _next_newline(data, pos)
            pos = end if newline < 0 else newline + 1
            continue
        check(parsing_budget=budget, token_decrement=1)
        if byte == 0x5B:  # "[": an array, usually a TJ's strings and kerning numbers
            operand, pos = _read_array(data, pos, stream, encoding, budget)
        else:
            operand, pos = _read_operand(data, pos, stream, encoding, budget)
        operands.append(operand)


def _read_operand(data: bytes, pos: int, stream: BytesIO, encoding, budget):
    """(object, end): a simple token read from the bytes, anything else by pypdf's reader."""
    simple = _read_simple(data, pos, encoding)
    if simple is not None:
        return simple
    stream.seek(pos)
    return read_object(stream, None, encoding, parsing_budget=budget), stream.tell()


def _read_simple(data: bytes, pos: int, encoding):
    """(object, end) for a number, hex string, escape-free literal string or plain name, else None."""
    byte = data[pos]
    if byte in _NUMBER_START:
        peek = data[pos:pos + 20]
        stop = NumberObject.NumberPattern.search(peek)
        if stop is None or IndirectPattern.match(peek) is not None:
            return None
        number = peek[:stop.start()]
        return (FloatObject(number) if b"." in number else NumberObject(number)), pos + len(number)
    if byte == 0x28:  # "(": literal string with no escapes and no nested parentheses
        match = _PLAIN_STRING.match(data, pos)
        if match is None:
            return None
        return create_string_object(match.group(1), encoding), match.end()
    if byte == 0x3C:  # "<": hex string (a "<<" dictionary fails the match)
        match = _HEX_STRING.match(data, pos)
        if match is None:
            return None
        digits = _HEX_SPACE.sub(b"", match.group(1))
        if len(digits) % 2:
            digits += b"0"
        return create_string_object(bytes.fromhex(digits.decode("ascii")), encoding), match.end()
    if byte == 0x2F:  # "/": a name without "#" escapes, short of pypdf's length limit
        match = _PLAIN_NAME.match(data, pos)
        if match is None or b"#" in match.group(0):
            return None
        return NameObject(match.group(0).decode("ascii")), match.end()
    return None


def _read_array(data: bytes, pos: int, stream: BytesIO, encoding, budget):
    """pypdf's ArrayObject.read_from_stream over bytes, charging the same limits."""
    array = ArrayObject()
    remaining = get_configuration().array_maximum_element_count
    start, end, charged = pos, len(data), 0
    pos += 1
    while True:
        pos = _ARRAY_SPACE.match(data, pos).end()
        if pos >= end:
            break
        byte = data[pos]
        if byte == 0x25 or byte == 0x6E:  # a comment or "null": let pypdf read the whole array
            budget.remaining_budget += charged
            stream.seek(start)
            array = ArrayObject.read_from_stream(stream, None, encoding, parsing_budget=budget)
            return array, stream.tell()
        if byte == 0x5D:  # "]"
            pos += 1
            break
        remaining = ArrayObject._check_limits(remaining_elements=remaining, parsing_budget=budget)
        before = budget.remaining_budget
        element, pos = _read_operand(data, pos, stream, encoding, budget)
        array.append(element)
        charged += 1 + before - budget.remaining_budget  # this element and what pypdf's reader charged
    return array, pos


def _bind() -> bool:
    """Import pypdf's pieces once, as module globals (the tokenizer runs per token).

    False when this pypdf lacks one of them, or one no longer takes the parameters we pass.
    """
    global ArrayObject, FloatObject, NameObject, NumberObject, IndirectPattern, StreamParsingBudget
    global read_object, read_until_regex, create_string_object, get_configuration, _inline_image_reader
    try:
        from pypdf import get_configuration
        from pypdf._utils import read_until_regex
        from pypdf.generic import ArrayObject, ContentStream, FloatObject, NameObject, NumberObject
        from pypdf.generic._data_structures import IndirectPattern, read_object
        from pypdf.generic._utils import StreamParsingBudget, create_string_object
    except ImportError:
        return False
    attributes = [(ContentStream, "_parse_content_stream"), (ContentStream, "_OPERATOR_LENGTH_LIMIT"),
                  (NameObject, "delimiter_pattern"), (NumberObject, "NumberPattern")]
    calls = [(read_object, ("parsing_budget",)), (ArrayObject.read_from_stream, ("parsing_budget",)),
             (read_until_regex, ("stream", "regex", "length")),
             (getattr(ContentStream, "_check_limits", None), ("parsing_budget", "token_decrement")),
             (getattr(ArrayObject, "_check_limits", None), ("remaining_elements", "parsing_budget")),
             (StreamParsingBudget, ("remaining_budget",))]
    if not all(hasattr(owner, name) for owner, name in attributes) or \
            not all(_accepts(func, names) for func, names in calls) or \
            not hasattr(get_configuration(), "stream_parsing_work_maximum_count"):
        return False
    _inline_image_reader = _find_inline_image_reader(ContentStream)
    return True


def _find_inline_image_reader(content_stream_class):
    """pypdf's reader of an inline image (after "BI"), as f(content_stream, stream, budget); None if unknown."""
    try:  # pypdf 7: a function in its own module
        from pypdf.generic._image_inline import read_inline_image
    except ImportError:
        read_inline_image = None
    if _accepts(read_inline_image, ("content_stream", "stream", "parsing_budget")):
        return lambda cs, stream, budget: read_inline_image(content_stream=cs, stream=stream, parsing_budget=budget)
    method = getattr(content_stream_class, "_read_inline_image", None)  # pypdf 6: a ContentStream method
    if _accepts(method, ("stream", "parsing_budget")):
        return lambda cs, stream, budget: cs._read_inline_image(stream, parsing_budget=budget)
    return None


def _read_inline_image(content_stream, stream: BytesIO, budget):
    if _inline_image_reader is None:
        raise _Unsupported("no inline-image reader known in this pypdf")
    return _inline_image_reader(content_stream, stream, budget)


def _accepts(func, names: tuple[str, ...]) -> bool:
    """True when func is callable with these keyword parameters."""
    try:
        parameters = inspect.signature(func).parameters
    except (TypeError, ValueError):  # None, or not introspectable
        return False
    return all(name in parameters for name in names)


def _next_newline(data: bytes, pos: int) -> int:
    cr, lf = data.find(b"\r", pos), data.find(b"\n", pos)
    if cr < 0:
        return lf
    if lf < 0:
        return cr
    return min(cr, lf)
