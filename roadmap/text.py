"""Turkish-aware text: casing, name folding, sorting, dates and money (messages: ``roadmap.i18n``)."""

from __future__ import annotations

import threading
import unicodedata
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import icu
from babel.dates import format_date
from babel.numbers import format_decimal

from roadmap.domain.schedule import month_start
from roadmap.settings import Language

ISTANBUL = ZoneInfo("Europe/Istanbul")
TURKISH = icu.Locale("tr_TR")
_local = threading.local()  # an ICU collator is not to be shared between threads: one per thread


def tr_upper(text: str) -> str:
    """Upper-case with Turkish rules (ICU): ``istanbul`` → ``İSTANBUL``."""
    return str(icu.UnicodeString(text).toUpper(TURKISH))


def tr_lower(text: str) -> str:
    """Lower-case with Turkish rules (ICU): ``IŞIK`` → ``ışık``."""
    return str(icu.UnicodeString(text).toLower(TURKISH))


def upper(text: str, lang: Language) -> str:
    return tr_upper(text) if lang == "tr" else text.upper()


@lru_cache(maxsize=8192)  # pure, and asked for the same names again and again (checks, imports)
def fold_name(text: str) -> str:
    """A key for matching names: Turkish lower case, no accents, single spaces."""
    lowered = tr_lower(text)  # İ → i and I → ı before normalising splits İ into I + a dot
    stripped = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    # Compatibility forms (𝑨, Ⅳ, ﬁ) only become plain letters in NFKD: lower those as well.
    return " ".join(tr_lower(stripped).replace("ı", "i").split())


def shorten(text: str, limit: int = 60) -> str:
    """A long text cut at ``limit`` characters with an ellipsis, to name a record in one line."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _collator() -> icu.Collator:
    collator = getattr(_local, "collator", None)
    if collator is None:
        collator = _local.collator = icu.Collator.createInstance(TURKISH)
        collator.setStrength(icu.Collator.SECONDARY)  # case does not order names; accents and letters do
    return collator


def tr_sort_key(text: str) -> bytes:
    """Sort in Turkish alphabet order (a b c ç d … ı i … ö p … ş t u ü v y z) by ICU's Turkish
    collation, case-insensitively; "Kâtip" sorts beside "Katip"."""
    return bytes(_collator().getSortKey(text))


def local_time(moment: datetime) -> str:
    """A stored (UTC) moment as Turkish local time, ``2026-11-25 23:14``."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone(ISTANBUL):%Y-%m-%d %H:%M}"


def local_day(moment: datetime) -> date:
    """The day a stored (UTC) moment falls on in Türkiye."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(ISTANBUL).date()


def long_date(value: date, lang: Language) -> str:
    """``30 Ağustos 2021`` / ``30 August 2021``."""
    return format_date(value, "d MMMM y", locale=lang)


def quarter_name(label: str, lang: Language) -> str:
    """A monitoring period as readers write it: ``2027-Q1`` → ``Ocak–Mart 2027`` / ``January–March 2027``."""
    year, _, number = label.partition("-Q")
    if not (year.isdigit() and number in ("1", "2", "3", "4")):
        return label
    first = 3 * int(number) - 2
    months = [format_date(date(int(year), m, 1), "LLLL", locale=lang) for m in (first, first + 2)]
    return f"{months[0]}–{months[1]} {year}"


def month_year(value: date, lang: Language) -> str:
    return format_date(value, "MMMM y", locale=lang)


def money(amount: float, lang: Language) -> str:
    """Money as municipal budgets write it: ``1.250.000 TL``; in English by its code, ``1,250,000 TRY``."""
    return f"{format_decimal(amount, format='#,##0', locale=lang)} {'TL' if lang == 'tr' else 'TRY'}"


def number(value: float, lang: Language, digits: int = 1) -> str:
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=lang)


def hours(value: float, lang: Language) -> str:
    """Hours as people log them: "3,5" and "67", never "4" for three and a half."""
    return format_decimal(value, format="#,##0.#", locale=lang)


PERCENT_UNITS = {"%", "yüzde", "percent", "per cent"}


def quantity(value: float | None, unit: str, lang: Language) -> str:
    """A measured value with its unit as each language writes it: "%20" in Turkish, "20%" in English,
    "150 kişi" otherwise; whole numbers without decimals, others with one."""
    if value is None:
        return "—"
    shown = number(value, lang, 0 if float(value).is_integer() else 1)
    if unit.strip().lower() in PERCENT_UNITS:
        return f"%{shown}" if lang == "tr" else f"{shown}%"
    return f"{shown} {unit}".strip()


def change(baseline: float | None, target: float | None, unit: str, lang: Language) -> str:
    """From a baseline to a target: "%20 → %100" (the sign on each), "0 → 150 kişi" (the unit once)."""
    if unit.strip().lower() in PERCENT_UNITS:
        return f"{quantity(baseline, unit, lang)} → {quantity(target, unit, lang)}"
    return f"{quantity(baseline, '', lang)} → {quantity(target, unit, lang)}"


def month_short(start: date, month: int, lang: Language) -> str:
    """The calendar month of the plan's month ``month`` (1 = the start's), short: "Oca 2027"."""
    return format_date(month_start(start, month), "MMM y", locale=lang)
