"""Text that may reach a Word document, a workbook or a page: refused at the boundary, once, if XML
cannot hold it (C0 control characters other than tab and line breaks, lone surrogates, U+FFFE and
U+FFFF), so that a stored text can never make an export fail."""

from __future__ import annotations

import re

from roadmap.errors import InvalidInput

XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_unsafe(text: str) -> bool:
    return XML_UNSAFE.search(text) is not None


def checked_text(value: str, field: str, limit: int = 200) -> str:
    """``value`` trimmed, if a document can hold it and it fits; otherwise refused, naming ``field``."""
    text = value.strip()
    if xml_unsafe(text):
        raise InvalidInput("input.unsafe_text", field=field)
    if len(text) > limit:
        raise InvalidInput("input.text_too_long", field=field, limit=limit)
    return text
