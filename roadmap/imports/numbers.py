"""Whole numbers as people type them in a cell: "17", "17,0", "17 yaş", "onyedi", "on yedi", "seventeen".

Only what is unambiguous: a fraction ("3,5"), a range ("17-18") or a word we do not know is not a
number, and the caller says so with the row and column.
"""

from __future__ import annotations

import re

from roadmap.text import fold_name

_TURKISH = {
    "sifir": 0,
    "bir": 1,
    "iki": 2,
    "uc": 3,
    "dort": 4,
    "bes": 5,
    "alti": 6,
    "yedi": 7,
    "sekiz": 8,
    "dokuz": 9,
    "on": 10,
    "yirmi": 20,
    "otuz": 30,
    "kirk": 40,
    "elli": 50,
    "altmis": 60,
    "yetmis": 70,
    "seksen": 80,
    "doksan": 90,
}
_ENGLISH = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_HUNDRED = {"yuz": 100, "hundred": 100}
_WORDS = _TURKISH | _ENGLISH | _HUNDRED
NUMBER_WORDS = frozenset(_WORDS)  # the words a number is written with (folded: "uc", "alti", "ten")
# Turkish writes numbers as one word as often as not ("onyedi", "yirmibeş"): longest names first.
_TOKEN = re.compile("|".join(sorted(_WORDS, key=len, reverse=True)))
_UNITS = re.compile(r"\s*(yasinda|yasindayim|yas|yasli|years? old|years?|yo|puan|points?|kisi|people)$")


def _from_words(text: str) -> int | None:
    spaced = re.sub(r"[\s\-]+", " ", text).replace(" and ", " ").strip()
    tokens: list[str] = []
    for part in spaced.split():
        position = 0
        while position < len(part):
            found = _TOKEN.match(part, position)
            if not found:
                return None
            tokens.append(found.group())
            position = found.end()
    if not tokens:
        return None
    total, current, last = 0, 0, None
    for token in tokens:
        value = _WORDS[token]
        if value == 100:
            current = (current or 1) * 100
            total, current = total + current, 0
        elif last is not None and last < 10 and value < 100:  # "iki üç": two numbers, not one
            return None
        elif last is not None and 10 <= last < 100 and value >= 10 and last % 10 == 0 and value % 10 == 0:
            return None  # "on yirmi"
        else:
            current += value
        last = value if value != 100 else None
    return total + current


def whole_number(text: str) -> int | None:
    """The whole number a cell means, or ``None`` if it means none for sure."""
    folded = _UNITS.sub("", fold_name(text)).strip()
    if not folded:
        return None
    plain = re.fullmatch(r"[+]?(\d+)(?:[.,]0+)?", folded)
    if plain:
        return int(plain.group(1))
    return _from_words(folded)
