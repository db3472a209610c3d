"""What the directory's columns cannot hold is refused with the row and the column named, on both
databases: PostgreSQL enforces a column's length, where SQLite would have kept the longer text."""

from __future__ import annotations

import pytest
from conftest import COORDINATOR
from pydantic import ValidationError

from roadmap.domain.actors import ActorFields, ActorKind
from roadmap.imports.files import RefusedFile
from roadmap.services.actors import import_actors, list_actors, save_actor

LONG_PLACE = "Çok Uzun Adlı Bir İlçe " * 6  # 138 characters: the column holds 100
LONG_SITE = "https://ornek.org/" + "sayfa/" * 40  # 258 characters: the column holds 200


def test_a_row_with_an_over_long_district_or_website_is_named_and_nothing_is_stored(example, tmp_path):
    sheet = tmp_path / "rehber.csv"
    sheet.write_text(
        "Kuruluş adı;Tür;İl;İlçe;Web sitesi\n"
        "Yeni Umut Derneği;dernek;Örnekil;Örnekköy;yeniumut.org\n"
        f"Işık Kooperatifi;kooperatif;Örnekil;{LONG_PLACE};\n"
        f"Kıyı Derneği;dernek;Örnekil;;{LONG_SITE}\n",
        encoding="utf-8",
    )
    with pytest.raises(RefusedFile) as refused:
        import_actors(COORDINATOR, sheet)
    text = refused.value.render("tr")
    assert "Satır 3, sütun 'İlçe'" in text and "En çok 100 karakter olabilir." in text
    assert "Satır 4, sütun 'Web sitesi'" in text and "En çok 200 karakter olabilir." in text
    assert list_actors(COORDINATOR) == []  # the good row was not stored either


def test_the_longest_district_and_website_the_columns_hold_are_stored_whole(example):
    place, site = "İ" * 100, "https://ornek.org/" + "a" * 182
    number = save_actor(
        COORDINATOR,
        None,
        ActorFields(name="Uzun Adres Derneği", kind=ActorKind.DERNEK, district=place, website=site),
    )
    (stored,) = [a for a in list_actors(COORDINATOR) if a.id == number]
    assert (stored.district, stored.website) == (place, site)
    with pytest.raises(ValidationError):
        ActorFields(name="Uzun Adres Derneği", kind=ActorKind.DERNEK, province=place + "i")
