"""Themes on Örnekköy's consultation: people's choices survive new inputs, consultants may edit them,
the command lists them as JSON, and nothing goes to the network."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Any

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM

from roadmap.domain.stages import Stage
from roadmap.domain.themes import ThemeEdit
from roadmap.errors import StaleVersion
from roadmap.services import stages, themes


@pytest.fixture
def open_consultations(example):
    """Stage 4 back with the team (the example has it submitted)."""
    stages.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Temaları ekleyin.")
    return example


def _version() -> int:
    return stages.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).version


def _add_input(text: str) -> str:
    view = stages.show_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    content: dict[str, Any] = view.content
    meeting = next(m for m in content["meetings"] if m["held"])
    meeting["inputs"].append({"text": text, "source": ""})
    stages.update_stage(TEAM, SLUG, Stage.CONSULTATIONS, content, view.version)
    stored = stages.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).content
    return next(i["id"] for m in stored["meetings"] for i in m["inputs"] if i["text"] == text)


def test_accepted_and_renamed_themes_survive_new_inputs(open_consultations):
    suggested = themes.store_suggestions(TEAM, SLUG)
    assert len(suggested) >= 2 and not any(t.accepted for t in suggested)
    first, second = suggested[0], suggested[1]
    themes.edit_theme(TEAM, SLUG, ThemeEdit(action="accept", theme=first.id), _version())
    themes.edit_theme(
        TEAM, SLUG, ThemeEdit(action="rename", theme=first.id, name="Katılım kanalları"), _version()
    )
    themes.edit_theme(CONSULTANT, SLUG, ThemeEdit(action="accept", theme=second.id), _version())

    _add_input("Gençlik meclisi toplantıları okul çıkışına denk gelsin, hafta içi akşam olsun.")
    after = themes.store_suggestions(TEAM, SLUG)

    kept = {t.id: t for t in after if t.accepted}
    assert kept[first.id].name == "Katılım kanalları"
    assert kept[first.id].inputs[: len(first.inputs)] == first.inputs
    assert kept[second.id].inputs[: len(second.inputs)] == second.inputs
    _, report = themes.theme_synthesis(TEAM, SLUG, refresh=False)
    assert {t.id for t in report.themes if t.accepted} == {first.id, second.id}


def test_merging_two_themes_leaves_one_with_every_input(open_consultations):
    suggested = themes.store_suggestions(TEAM, SLUG)
    first, second = suggested[0], suggested[1]
    merged = themes.edit_theme(
        TEAM, SLUG, ThemeEdit(action="merge", theme=second.id, into=first.id), _version()
    )
    into = next(t for t in merged if t.id == first.id)
    assert set(first.inputs) | set(second.inputs) == set(into.inputs)
    assert second.id not in {t.id for t in merged}


def test_a_stale_theme_edit_is_refused(open_consultations):
    suggested = themes.store_suggestions(TEAM, SLUG)
    stale = _version() - 1
    with pytest.raises(StaleVersion):
        themes.edit_theme(TEAM, SLUG, ThemeEdit(action="accept", theme=suggested[0].id), stale)


def _network_blocked() -> list[str]:
    """``unshare -rn`` (no network namespace) where the machine allows it."""
    if (
        shutil.which("unshare")
        and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
    ):
        return ["unshare", "-rn"]
    return []


# Any connection, name lookup or listening socket the process tries stops it (Python's audit events).
GUARD = """
import socket, sys
def refuse(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.bind", "socket.sendto"):
        raise RuntimeError(f"network used: {event}")
sys.addaudithook(refuse)
try:
    socket.create_connection(("127.0.0.1", 9), timeout=1)
except RuntimeError:
    print("guard works", file=sys.stderr)
from roadmap.cli import main
sys.argv = ["roadmap", "themes", "ornekkoy", "--json"]
main()
"""


def test_themes_are_computed_with_the_network_refused_and_listed_as_json(example):
    import json

    env = dict(os.environ, ROADMAP_USER=TEAM, HF_HUB_OFFLINE="1")
    result = subprocess.run(
        [*_network_blocked(), sys.executable, "-c", GUARD],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "guard works" in result.stderr
    report = json.loads(result.stdout)
    texts = {i["text"] for t in report["themes"] for i in t["inputs"]}
    assert "Gençlik meclisine küçük proje bütçesi ayrılsın." in texts  # verbatim
    assert all(t["name"] and t["inputs"][0]["id"] for t in report["themes"])
    assert {"by_meeting", "by_stakeholder_type", "focus_areas", "dimensions"} <= set(report["themes"][0])
    assert "themes_without_action" in report and "focus_without_input" in report


def test_themes_that_recur_across_a_cohort_are_listed_with_their_municipalities(open_consultations):
    from datetime import date

    from roadmap.analysis.synthesis import recurring_topics
    from roadmap.domain.content import Theme
    from roadmap.services import cohorts

    found = {
        "ornekkoy": [Theme(name="gençlik meclisi, bütçe", accepted=True)],
        "baskakoy": [Theme(name="Gençler, spor", accepted=True), Theme(name="otobüs", accepted=True)],
    }
    topics = recurring_topics(found)
    assert [t.municipalities for t in topics] == [["baskakoy", "ornekkoy"]]
    assert topics[0].word in {"gençlik", "gençler"}  # as one of them wrote it
    assert topics[0].themes == ["baskakoy: Gençler, spor", "ornekkoy: gençlik meclisi, bütçe"]

    suggested = themes.store_suggestions(TEAM, SLUG)
    themes.edit_theme(TEAM, SLUG, ThemeEdit(action="accept", theme=suggested[0].id), _version())
    cohorts.create_cohort(COORDINATOR, "kohort", "Kohort", date(2026, 3, 1), date(2026, 12, 1))
    cohorts.add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    assert themes.cohort_themes(COORDINATOR, "kohort", least=1)[0].municipalities == [SLUG]


def test_the_cohort_flow_task_suggests_themes_for_each_municipality(example):
    from flows.themes import municipality_themes

    found = municipality_themes.fn([SLUG, "yokkoy"])
    assert list(found) == [SLUG] and all(t.name and t.inputs for t in found[SLUG])


def test_the_document_shows_accepted_themes_only_with_their_inputs_quoted(open_consultations):
    from docx import Document

    from roadmap.pipeline import build_roadmap_document

    suggested = themes.store_suggestions(TEAM, SLUG)
    chosen, left = suggested[0], suggested[1]
    themes.edit_theme(TEAM, SLUG, ThemeEdit(action="accept", theme=chosen.id), _version())
    themes.edit_theme(
        TEAM, SLUG, ThemeEdit(action="rename", theme=chosen.id, name="Kabul edilen tema"), _version()
    )
    themes.edit_theme(
        TEAM, SLUG, ThemeEdit(action="rename", theme=left.id, name="Öneri olarak kalan"), _version()
    )

    built = build_roadmap_document(SLUG, lang="tr")
    paragraphs = [p.text for p in Document(str(built.path)).paragraphs]
    assert "Görüşlerdeki temalar" in paragraphs and "Kabul edilen tema" in paragraphs
    assert not any("Öneri olarak kalan" in p for p in paragraphs)
    _, report = themes.theme_synthesis(TEAM, SLUG, refresh=False)
    quoted = next(t for t in report.themes if t.id == chosen.id).inputs
    for given in quoted:
        assert any(p.startswith(f"“{given.text}” ({given.code},") for p in paragraphs)
