from rag.cli.text import safe


def test_plain_names_are_unchanged():
    assert safe("Jahresbericht 2023 – Übersicht (final).pdf") == "Jahresbericht 2023 – Übersicht (final).pdf"


def test_what_could_drive_the_terminal_is_escaped():
    assert safe("a\x1b]0;owned\x07b.pdf") == "a\\x1b]0;owned\\x07b.pdf"
    assert safe("one\nrag: failed: forged") == "one\\x0arag: failed: forged"
    assert safe("\x9b2J\u202etxt.exe") == "\\x9b2J\\u202etxt.exe"  # C1 CSI, a right-to-left override


def test_bytes_that_are_not_utf8_show_as_the_bytes():
    assert safe("caf\udce9\udcff.md") == "caf\\xe9\\xff.md"
