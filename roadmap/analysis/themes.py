"""Themes in what people said: Turkish-aware lexical features, clustering and names from the inputs'
own words. Pure and deterministic: sentence vectors come in from the caller (``roadmap.embeddings``),
the random state is a seed, and nothing is read or fetched here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel

from roadmap.text import fold_name, shorten, tr_lower

Matrix = NDArray[np.float64]
Lexical = Literal["none", "stems", "prefix", "chars"]

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
# Words that say nothing about a theme: function words, and the verbs of asking that every input uses
# ("olsun", "yapılsın"). Compared folded (no accents), so typed without Turkish letters they match too.
STOPWORDS = frozenset(
    fold_name(w)
    for w in """
    ve veya ile ama fakat ancak de da ki bu şu o bir iki her hiç çok daha en az gibi için icin kadar
    sonra önce ya ne neden nasıl hangi kim biz siz onlar ben sen bizim sizin onların bize size
    mı mi mu mü değil yok var olsun olsa olarak olan olmalı olması olmadığı olabilir olur oluyor
    yapılsın yapılmalı yapılması yapılabilir yapılıyor yapsın yapalım edilsin edilmeli edilmesi
    verilsin verilmeli verilmiyor açılsın kurulsun sağlansın artırılsın konsun ayrılsın lazım gerek
    gerekiyor istiyoruz bekliyoruz belediye belediyenin belediyede belediyeye belediyemiz
    tüm bütün herkes kimse sadece bile artık zaten hem ise diye göre başka ayrıca
    """.split()  # noqa: SIM905 -- a list of words reads better as words
)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import snowballstemmer

    return snowballstemmer.stemmer("turkish")


def words(text: str) -> list[str]:
    """The words of ``text`` in Turkish lower case, apostrophe suffixes cut ("Beyaz Masa'ya" → masa)."""
    return [w.split("'")[0] for w in WORD.findall(tr_lower(text.replace("’", "'")))]


def stem(word: str, how: Literal["stems", "prefix"] = "stems") -> str:
    """A key shared by a word's inflected forms, folded so that "taşıma" and "tasima" agree: the
    Turkish Snowball stem, or the first five letters (a known, robust stand-in for Turkish stems)."""
    if how == "prefix":
        return fold_name(word)[:5]
    return fold_name(_stemmer().stemWord(word))  # type: ignore[attr-defined]


def content_words(text: str) -> list[str]:
    """The words that may name a theme: no function words, at least three letters."""
    return [w for w in words(text) if len(w) >= 3 and fold_name(w) not in STOPWORDS]


def restore_letters(texts: Sequence[str]) -> list[str]:
    """Each text with words typed without Turkish letters ("tasima") written as the same word is
    written elsewhere in ``texts`` with them ("taşıma"): the models read Turkish spelling better."""
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for word in words(text):
            forms.setdefault(fold_name(word), Counter())[word] += 1

    def spelled(match: re.Match[str]) -> str:
        word = match.group(0)
        folded = fold_name(word)
        known = forms.get(folded)
        if not known or tr_lower(word) != folded:  # only words typed in plain ASCII letters
            return word
        return max(known, key=lambda w: (w != fold_name(w), known[w], w))

    return [re.sub(r"[^\W\d_]+", spelled, text) for text in texts]


def prepare(texts: Sequence[str]) -> list[str]:
    """What the sentence model reads: Turkish letters restored, and only the words that carry the
    concern (the request's "olsun", "yapılsın", "belediye" say the same thing in every input)."""
    return [" ".join(content_words(text)) or text for text in restore_letters(texts)]


def _l2(matrix: Matrix) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def lexical_features(texts: Sequence[str], how: Lexical) -> Matrix | None:
    """TF-IDF rows (L2-normalised) of stems, five-letter prefixes or character n-grams of the folded
    text; ``None`` for ``"none"``."""
    if how == "none":
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer

    if how == "chars":
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        matrix = vectorizer.fit_transform([fold_name(t) for t in texts])
    else:
        docs = [[stem(w, how) for w in content_words(t)] for t in texts]
        if not any(docs):  # only function words ("olsun"): nothing lexical to compare
            return None
        vectorizer = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True)
        matrix = vectorizer.fit_transform(docs)
    return np.asarray(matrix.toarray(), dtype=np.float64)


def combine(embedding: Matrix | None, lexical: Matrix | None, lexical_weight: float = 0.5) -> Matrix:
    """One row per input: the sentence vector and the lexical vector, each L2-normalised, side by side
    with the lexical block weighted; the result is L2-normalised (cosine = dot product)."""
    blocks: list[Matrix] = []
    if embedding is not None:
        blocks.append(_l2(np.asarray(embedding, dtype=np.float64)))
    if lexical is not None:
        blocks.append(_l2(lexical) * (lexical_weight if embedding is not None else 1.0))
    if not blocks:
        raise ValueError("no features")
    return _l2(np.hstack(blocks))


def features(
    texts: Sequence[str], vectors: Matrix | None, lexical: Lexical = "stems", weight: float = 0.3
) -> Matrix:
    """The pipeline's features: sentence vectors (of :func:`prepare`'d texts) beside the TF-IDF of
    the stems of the texts with their Turkish letters restored."""
    return combine(vectors, lexical_features(restore_letters(texts), lexical), weight)


def cluster(features: Matrix, k: int, seed: int = 0, neighbours: int = 8) -> list[int]:
    """Each row's theme among ``k``: spectral clustering of the graph of each input's nearest
    ``neighbours`` (labels by QR, no random restarts); agglomerative (Ward) for very few inputs."""
    n = len(features)
    if k <= 1 or n <= 1:
        return [0] * n
    k = min(k, n)
    if n < 2 * neighbours:
        from sklearn.cluster import AgglomerativeClustering

        labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(features)
        return _compact([int(x) for x in labels])
    import warnings

    from sklearn.cluster import SpectralClustering

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "graph is not fully connected": the themes are what splits it
        labels = SpectralClustering(
            n_clusters=k,
            affinity="nearest_neighbors",
            n_neighbors=neighbours,
            assign_labels="cluster_qr",
            random_state=seed,
        ).fit_predict(features)
    return _compact([int(x) for x in labels])


def _compact(labels: list[int]) -> list[int]:
    """Cluster numbers in order of first appearance: 0, 1, 2, … (stable for the same input)."""
    order: dict[int, int] = {}
    return [order.setdefault(label, len(order)) for label in labels]


def kmeans(features: Matrix, k: int, seed: int = 0) -> list[int]:
    """Plain k-means (the baseline the benchmark compares with)."""
    from sklearn.cluster import KMeans

    fitted = KMeans(n_clusters=min(k, len(features)), n_init=10, random_state=seed).fit_predict(features)
    return [int(x) for x in fitted]


def choose_k(features: Matrix, seed: int = 0, smallest: int = 2, largest: int = 12) -> int:
    """The number of themes with the best silhouette (cosine) between ``smallest`` and ``largest``,
    bounded by about one theme per four inputs; one theme for fewer than six inputs."""
    from sklearn.metrics import silhouette_score

    n = len(features)
    if n < 6:
        return 1
    top = max(smallest, min(largest, n // 4))
    best, best_score = smallest, -2.0
    for k in range(smallest, top + 1):
        labels = cluster(features, k, seed)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(features, labels, metric="cosine"))
        if score > best_score + 1e-9:
            best, best_score = k, score
    return best


def centroids(features: Matrix, groups: Sequence[Sequence[int]]) -> Matrix:
    """The normalised mean row of each group of row numbers."""
    return _l2(np.vstack([features[list(g)].mean(axis=0) for g in groups]))


def second_themes(
    features: Matrix, labels: Sequence[int], share: float = 0.9, floor: float = 0.25
) -> dict[int, list[int]]:
    """Inputs that also belong to another theme: similarity to that theme's centre at least ``share``
    of the similarity to their own, and at least ``floor``. Row number → the other themes."""
    k = max(labels) + 1 if labels else 0
    if k < 2:
        return {}
    centres = centroids(features, [[i for i, x in enumerate(labels) if x == c] for c in range(k)])
    similarity = features @ centres.T
    extra: dict[int, list[int]] = {}
    for row, own in enumerate(labels):
        mine = similarity[row, own]
        others = [
            c
            for c in np.argsort(-similarity[row])
            if c != own and similarity[row, c] >= max(floor, share * mine)
        ]
        if others:
            extra[row] = [int(c) for c in others[:1]]
    return extra


def theme_name(texts: Sequence[str], corpus: Sequence[str], size: int = 3) -> str:
    """A theme's name from its inputs' own words: the stems most typical of the theme against all the
    inputs (frequency in the theme × rarity overall), each shown as the word form people used most."""
    forms: dict[str, Counter[str]] = {}
    inside: Counter[str] = Counter()
    for text in texts:
        seen = set()
        for word in content_words(text):
            key = stem(word, "prefix")
            forms.setdefault(key, Counter())[word] += 1
            seen.add(key)
        inside.update(seen)
    everywhere: Counter[str] = Counter()
    for text in corpus:
        everywhere.update({stem(w, "prefix") for w in content_words(text)})
    n = max(len(corpus), 1)

    def weight(key: str) -> float:
        return inside[key] * float(np.log(1 + n / everywhere.get(key, 1)))

    ranked = sorted(inside, key=lambda key: (-weight(key), key))
    if not ranked:  # nothing but function words: the first input, as written, names it
        return shorten(texts[0], 60) if texts else ""
    picked = [key for key in ranked if inside[key] >= min(2, len(texts))][:size] or ranked[:size]
    return ", ".join(_favourite(forms[key]) for key in picked)


def _favourite(forms: Counter[str]) -> str:
    """The form most used; between equals, the one written with Turkish letters, then the shortest."""
    return min(forms, key=lambda w: (-forms[w], w == fold_name(w), len(w), w))


class Suggestion(BaseModel):
    """A suggested theme: its name and the row numbers of its inputs (first-choice and second)."""

    name: str
    rows: list[int]
    second: list[int] = []


def suggest(
    texts: Sequence[str],
    features: Matrix,
    corpus: Sequence[str] | None = None,
    seed: int = 0,
    k: int | None = None,
) -> list[Suggestion]:
    """Cluster ``texts`` (rows of ``features``) into named themes, the largest first; an input close to
    a second theme's centre is listed there as well."""
    if not texts:
        return []
    k = k or choose_k(features, seed)
    labels = cluster(features, k, seed)
    extra = second_themes(features, labels)
    groups: list[Suggestion] = []
    for c in range(max(labels) + 1):
        rows = [i for i, x in enumerate(labels) if x == c]
        second = [i for i, others in extra.items() if c in others]
        name = theme_name([texts[i] for i in rows], corpus or texts)
        groups.append(Suggestion(name=name, rows=rows, second=second))
    return sorted(groups, key=lambda g: (-len(g.rows), g.rows[0]))


def assign(features: Matrix, centres: Matrix, threshold: float) -> list[int | None]:
    """For each row, the closest centre's number if its cosine similarity reaches ``threshold``."""
    if len(centres) == 0:
        return [None] * len(features)
    similarity = features @ centres.T
    best = np.argmax(similarity, axis=1)
    return [int(c) if similarity[r, c] >= threshold else None for r, c in enumerate(best)]


def purity(truth: Sequence[str], labels: Sequence[int]) -> float:
    """Share of inputs whose cluster's most common true theme is their own."""
    by_cluster: dict[int, Counter[str]] = {}
    for t, c in zip(truth, labels, strict=True):
        by_cluster.setdefault(c, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in by_cluster.values()) / max(len(truth), 1)
