"""Values kept per process until anything is written to the database (the change stamp moves).

For pages derived from many rows, such as a cohort of 1,400 municipalities, where a key made of each
row's version would cost as much as the page. A write anywhere, by any process, moves the stamp
(``store.db``), so a kept value is never older than the last commit: the next request after a write
computes it afresh. Whatever is kept is shared between requests: callers read it and never change it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlmodel import Session

from roadmap.settings import get_settings
from roadmap.store.db import change_stamp, unit_of_work

T = TypeVar("T")
# Values per process: a cohort's status for 1,400 municipalities is about 2 MB, a page 20-170 KB.
KEPT = 256

_kept: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_lock = threading.Lock()


def current_stamp() -> tuple[Hashable, ...]:
    """The database and its change stamp now, read in a transaction of its own (held no longer)."""
    with unit_of_work() as session:
        return (get_settings().resolved_database_url(), *change_stamp(session))


def kept(session: Session, key: tuple[Hashable, ...], make: Callable[[], T]) -> T:
    """``make()``, or the value it gave for ``key`` if nothing has been written since."""
    return kept_as_of((get_settings().resolved_database_url(), *change_stamp(session)), key, make)


def kept_as_of(stamp: tuple[Hashable, ...], key: tuple[Hashable, ...], make: Callable[[], T]) -> T:
    """``make()``, or the value it gave for ``key`` at ``stamp``; ``make`` must read the database no
    earlier than the stamp was read, so that what is kept is never older than its stamp says."""
    full = (*stamp, *key)
    with _lock:
        if full in _kept:
            _kept.move_to_end(full)
            found: T = _kept[full]
            return found
    value = make()  # two requests at once may both compute it; the last one is kept
    with _lock:
        _kept[full] = value
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return value
