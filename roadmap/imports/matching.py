"""What people write, matched to what we know: column headers to fields, cell values to catalogues.

A text matches in the first of these ways that finds one answer:

1. the same after a Turkish-aware fold ("İLGİ DÜZEYİ" is "ilgi duzeyi"), trailing ':', '*', '?' dropped;
2. the same words in another order ("Düzeyi etki" is "etki düzeyi");
3. (for values that may be shortened) every word of it in one known name and in no other
   ("Gençlik Meclisi" is "Gençlik meclisi ve gençlerin katılımı");
4. a near match by rapidfuzz's edit distance, sure enough ("Etki düzyi") and not shared with another.

A text that comes close to a known name without being sure gets that name as a suggestion, so the
reader is asked "did you mean …?" instead of being told only that it is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from rapidfuzz import fuzz, process

from roadmap.text import fold_name

T = TypeVar("T")
How = Literal["exact", "words", "part", "near"]

SURE = 90  # rapidfuzz score (0–100) from which a near match is taken
CLOSE = 72  # from which it is offered as "did you mean …?"
MIN_PART = 2  # words a shortened value needs at least (one word alone is too often shared)
MEMO = 10_000  # matches remembered, so a long-running server does not grow without end


def key(text: str) -> str:
    """How headers and values are compared: Turkish-aware fold, tidy slashes, no trailing marks."""
    folded = re.sub(r"\s*/\s*", "/", fold_name(text))
    return re.sub(r"[\s.:?!*]+$", "", folded)


def words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[^\w]+", key(text)) if w)


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """What a text was taken to mean (``value``), how, and the names it came close to."""

    value: T | None = None
    how: How | None = None
    named: str = ""  # the known name it matched, as written in the vocabulary
    suggestions: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.how is not None


@dataclass(slots=True)
class Vocabulary(Generic[T]):
    """Known names and what each means; ``shortened`` lets a value name only part of a long title."""

    names: dict[str, T] = field(default_factory=dict)  # name as written → meaning
    shortened: bool = False
    labels: dict[T, str] = field(
        default_factory=dict
    )  # how a meaning is named to the reader, if not by its name
    _exact: dict[str, tuple[str, T]] = field(default_factory=dict, init=False)
    _sorted: dict[tuple[str, ...], list[tuple[str, T]]] = field(default_factory=dict, init=False)
    _keys: list[str] = field(default_factory=list, init=False)
    _of_key: list[tuple[str, T]] = field(default_factory=list, init=False)
    _seen: dict[str, Match[T]] = field(default_factory=dict, init=False)  # a file repeats its values

    def __post_init__(self) -> None:
        for name, meaning in self.names.items():
            self._add(name, meaning)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, T]], shortened: bool = False) -> Vocabulary[T]:
        return cls(dict(pairs), shortened)

    def add(self, name: str, meaning: T) -> None:
        self.names[name] = meaning
        self._add(name, meaning)

    def _add(self, name: str, meaning: T) -> None:
        folded = key(name)
        if not folded:
            return
        self._exact.setdefault(folded, (name, meaning))
        self._sorted.setdefault(tuple(sorted(words(name))), []).append((name, meaning))
        self._keys.append(folded)
        self._of_key.append((name, meaning))
        self._seen.clear()

    def match(self, text: str) -> Match[T]:
        found = self._seen.get(text)
        if found is None:
            if len(self._seen) > MEMO:
                self._seen.clear()
            found = self._seen[text] = self._match(text)
        return found

    def _match(self, text: str) -> Match[T]:
        folded = key(text)
        if not folded:
            return Match()
        if folded in self._exact:
            return self._found(*self._exact[folded], "exact")
        own = words(text)
        same_words = self._sorted.get(tuple(sorted(own)), [])
        if _one_meaning(same_words):
            return self._found(*same_words[0], "words")
        if self.shortened and len(own) >= MIN_PART:
            containing = [(n, m) for n, m in self._of_key if set(own) <= set(words(n))]
            if _one_meaning(containing):
                return self._found(*containing[0], "part")
            if containing:
                return Match(suggestions=self._distinct(containing))
        return self._near(folded)

    def recognises(self, text: str) -> bool:
        """Does ``text`` name something known as it is or in another word order (no guess)?
        What finds a header row under a title."""
        return self.match(text).how in {"exact", "words"}

    def _found(self, name: str, meaning: T, how: How) -> Match[T]:
        return Match(meaning, how, self.labels.get(meaning, name))

    def _near(self, folded: str) -> Match[T]:
        found = process.extract(folded, self._keys, scorer=fuzz.ratio, limit=8, score_cutoff=CLOSE)
        if not found:
            return Match()
        best = found[0][1]
        sure = [self._of_key[index] for _, score, index in found if score >= SURE and score == best]
        if best >= SURE and _one_meaning(sure):
            return self._found(*sure[0], "near")
        return Match(suggestions=self._distinct([self._of_key[index] for _, _, index in found]))

    def _distinct(self, pairs: list[tuple[str, T]], limit: int = 3) -> tuple[str, ...]:
        """One name for each meaning (the first, which is the best match), at most ``limit`` of them."""
        chosen: dict[str, str] = {}
        for name, meaning in pairs:
            chosen.setdefault(repr(meaning), self.labels.get(meaning, name))
        return tuple(chosen.values())[:limit]


def _one_meaning(pairs: list[tuple[str, T]]) -> bool:
    return bool(pairs) and all(meaning == pairs[0][1] for _, meaning in pairs)
