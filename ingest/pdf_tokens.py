"""Loading, faster: a drop-in tokenizer for pypdf's page content streams.

pypdf spends about two thirds of `extract_text` tokenizing content streams one byte at a time
(`read_non_whitespace`, `read_object`), and that made PDF parsing cost as much CPU as embedding.
The tokens that dominate real pages are operators, numbers, hex strings, escape-free literal
strings, plain names and arrays of those; this module reads them straight from the bytes with
regular expressions, building the very same pypdf objects with the same constructors, and hands
every other token (escaped strings, "#" names, dictionaries, inline images, arrays holding null or
a comment, anything odd) to pypdf's own reader at the same position. Limits are charged exactly as
pypdf charges them, so hostile files fail the same way.

`install()` swaps the method in on pypdf versions it was checked against (tests compare the text of
every page of real PDFs both ways); on any other version it does nothing.
"""
from __future__ import annotations

import re
from io import BytesIO

CHECKED_MAJOR_VERSIONS = {"6", "7"}

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

_original = None


def install() -> bool:
    """Use the fast tokenizer for pypdf content streams; True when installed."""
    global _original
    import pypdf
    from pypdf.generic import ContentStream

    if _original is not None:
        return True
    if pypdf.__version__.split(".")[0] not in CHECKED_MAJOR_VERSIONS:
        return False
    _bind()
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
    """Same contract as pypdf's ContentStream._parse_content_stream: fill self._operations."""

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
                image = self._read_inline_image(stream, parsing_budget=budget)
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


def _bind() -> None:
    """Import pypdf's pieces once, as module globals (the tokenizer runs per token)."""
    global ArrayObject, FloatObject, NameObject, NumberObject, IndirectPattern
    global StreamParsingBudget, read_object, read_until_regex, create_string_object, get_configuration
    from pypdf import get_configuration
    from pypdf._utils import read_until_regex
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject
    from pypdf.generic._data_structures import IndirectPattern, StreamParsingBudget, read_object
    from pypdf.generic._utils import create_string_object


def _next_newline(data: bytes, pos: int) -> int:
    cr, lf = data.find(b"\r", pos), data.find(b"\n", pos)
    if cr < 0:
        return lf
    if lf < 0:
        return cr
    return min(cr, lf)
