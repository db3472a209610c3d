"""Loading the example from its plain files, and refusing broken files without storing anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import COORDINATOR

from roadmap.cli import explain
from roadmap.devtools.example import load_example
from roadmap.errors import InvalidInput, RoadmapError
from roadmap.services.municipalities import list_municipalities
from roadmap.settings import EXAMPLES_DIR


def broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    directory = tmp_path / "ornekkoy"
    shutil.copytree(EXAMPLES_DIR / "ornekkoy", directory)
    path = directory / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return directory


def test_out_of_range_power_names_file_row_and_field_and_stores_nothing(empty_db, tmp_path):
    directory = broken_copy(
        tmp_path,
        "paydaslar.csv",
        "Örnekköy Belediye Meclisi,belediye meclisi,Meclis Başkanvekili,meclis@ornekkoy.bel.tr,,5,",
        "Örnekköy Belediye Meclisi,belediye meclisi,Meclis Başkanvekili,meclis@ornekkoy.bel.tr,,9,",
    )
    with pytest.raises(InvalidInput) as refused:
        load_example(directory)
    assert "Satır 12, sütun 'Güç (etki)': '9' 1–5 arası bir sayı ya da düşük/orta/yüksek olmalı" in str(
        refused.value
    )
    with pytest.raises(RoadmapError):  # nobody was created, not even the coordinator account
        list_municipalities(COORDINATOR)


def test_cp1254_file_from_turkish_excel_is_read(empty_db, tmp_path):
    directory = broken_copy(tmp_path, "team.csv", "", "")
    team = directory / "team.csv"
    team.write_bytes(team.read_text(encoding="utf-8").replace(",", ";").encode("cp1254"))
    load_example(directory)
    from roadmap.domain.stages import Stage
    from roadmap.services.stages import show_stage

    members = show_stage(COORDINATOR, "ornekkoy", Stage.TEAM).content["members"]
    assert [m["name"] for m in members][:2] == ["Ayşe Yılmaz", "Mehmet Demir"]
    assert members[0]["directorate"] == "Strateji Geliştirme Müdürlüğü"


def test_loading_twice_needs_replace(example):
    with pytest.raises(RoadmapError) as refused:
        load_example()
    assert "--replace" in explain(refused.value, "tr")
    load_example(replace=True)
    assert [m.slug for m in list_municipalities(COORDINATOR)] == ["ornekkoy"]
