"""Themes in what people said: the chosen pipeline on the labelled Turkish set, names from the inputs'
own words, and the edits people make (pure; the model loads once for the session)."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from roadmap.analysis.synthesis import refresh_themes
from roadmap.analysis.themes import (
    Matrix,
    choose_k,
    cluster,
    features,
    kmeans,
    lexical_features,
    prepare,
    purity,
    restore_letters,
    theme_name,
    words,
)
from roadmap.domain.content import Theme
from roadmap.domain.themes import ThemeEdit, apply_edit
from roadmap.errors import InvalidInput

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from themes import EVAL, HOLDOUT, load  # noqa: E402  (benchmarks/themes.py: the labelled sets' reader)


@lru_cache(maxsize=2)
def evaluation(path: Path = EVAL) -> tuple[list[str], list[str], Matrix]:
    from roadmap.embeddings import embed

    texts, truth = load(path)
    return texts, truth, features(texts, embed(prepare(texts)))


@pytest.mark.parametrize("path", [EVAL, HOLDOUT], ids=["evaluation set", "second set"])
def test_the_chosen_pipeline_groups_both_labelled_sets_and_beats_tfidf_by_ten_points(path):
    texts, truth, rows = evaluation(path)
    own = cluster(rows, choose_k(rows))
    baseline = lexical_features(texts, "chars")
    assert baseline is not None
    plain = purity(truth, kmeans(baseline, len(set(truth))))
    assert purity(truth, own) >= 0.75
    assert purity(truth, own) >= plain + 0.10
    assert adjusted_rand_score(truth, own) >= 0.5  # not bought with many small themes


def test_the_same_inputs_give_the_same_themes():
    _, _, rows = evaluation()
    assert cluster(rows, 7, seed=0) == cluster(rows, 7, seed=0)


def test_a_theme_is_named_with_words_its_inputs_use():
    texts, truth, _ = evaluation()
    transport = [t for t, label in zip(texts, truth, strict=True) if label == "ulasim"]
    name = theme_name(transport, texts)
    used = {w for t in transport for w in words(t)}
    assert name and all(part in used for part in name.split(", "))


def test_words_typed_without_turkish_letters_are_read_with_them():
    restored = restore_letters(["toplu tasima saatleri", "Toplu taşıma çok pahalı"])
    assert restored[0] == "toplu taşıma saatleri"


def _themes() -> list[Theme]:
    return [
        Theme(id="ulasim", name="otobüs, durak", inputs=["a", "b", "c"]),
        Theme(id="park", name="park, ağaç", inputs=["d", "e"]),
    ]


def test_merging_keeps_the_target_and_all_inputs_once():
    merged = apply_edit(_themes(), ThemeEdit(action="merge", theme="park", into="ulasim"), lambda ids: "x")
    assert [(t.id, t.inputs) for t in merged] == [("ulasim", ["a", "b", "c", "d", "e"])]


def test_splitting_moves_the_chosen_inputs_to_a_new_theme_named_from_them():
    split = apply_edit(
        _themes(),
        ThemeEdit(action="split", theme="ulasim", inputs=["c"]),
        lambda ids: f"ad {ids[0]}",
        lambda: "new",
    )
    assert [(t.id, t.name, t.inputs) for t in split] == [
        ("ulasim", "otobüs, durak", ["a", "b"]),
        ("new", "ad c", ["c"]),
        ("park", "park, ağaç", ["d", "e"]),
    ]


def test_moving_nothing_or_renaming_to_nothing_is_refused():
    with pytest.raises(InvalidInput):
        apply_edit(_themes(), ThemeEdit(action="move", theme="ulasim", into="park"), lambda ids: "")
    with pytest.raises(InvalidInput):
        apply_edit(_themes(), ThemeEdit(action="rename", theme="ulasim", name=" "), lambda ids: "")


def test_accepted_themes_keep_id_name_and_inputs_and_take_close_new_inputs():
    texts, truth, rows = evaluation()
    ids = [f"i{n}" for n in range(len(texts))]
    transport = [ids[n] for n, label in enumerate(truth) if label == "ulasim"]
    old = [n for n, i in enumerate(ids) if i not in transport[6:]]  # four transport inputs come later
    earlier = refresh_themes([], [ids[n] for n in old], [texts[n] for n in old], rows[old])
    people = [Theme(id="kabul", name="Ulaşım", inputs=transport[:6], accepted=True)]
    people += [t for t in earlier if not set(t.inputs) & set(transport[:6])]
    later = refresh_themes(people, ids, texts, rows)
    kept = later[0]
    assert (kept.id, kept.name, kept.accepted, kept.inputs[:6]) == ("kabul", "Ulaşım", True, transport[:6])
    assert set(kept.inputs[6:]) & set(transport[6:])  # a new input about transport joined it
    assert all(i in transport for i in kept.inputs)  # and nothing else did
    assert not any(t.accepted for t in later[1:])


def test_a_part_split_off_an_accepted_theme_stays_accepted():
    accepted = [Theme(id="ulasim", name="otobüs, durak", inputs=["a", "b"], accepted=True)]
    split = apply_edit(
        accepted, ThemeEdit(action="split", theme="ulasim", inputs=["b"], name="Durak"), lambda ids: ""
    )
    assert [(t.name, t.accepted) for t in split] == [("otobüs, durak", True), ("Durak", True)]


def test_inputs_with_only_function_words_still_make_a_named_theme():
    import numpy as np

    from roadmap.analysis.themes import suggest

    texts = ["olsun", "bu da olsun"]
    found = suggest(texts, features(texts, np.eye(2)))
    assert [(s.name, s.rows) for s in found] == [("olsun", [0, 1])]
