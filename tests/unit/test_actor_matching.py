"""Which directory records are one organisation: Turkish-aware names, registry numbers, websites."""

from __future__ import annotations

import pytest
from pydantic_core import PydanticCustomError

from roadmap.analysis.actors import Organisation, name_key, same_as
from roadmap.domain.actors import derbis_number, mersis_number


def test_names_fold_turkish_letters_case_and_common_abbreviations_the_same_way():
    assert (
        name_key("IŞIK GENÇLİK DERNEĞİ") == name_key("Işık Gençlik Dern.") == name_key("isik genclik dernegi")
    )
    assert name_key("Kadın Emeği Kooperatifi") == name_key("KADIN EMEĞİ KOOP.")


def test_one_name_in_two_provinces_is_two_organisations_but_a_registry_number_is_one():
    izmir = Organisation("Kadın Dayanışma Derneği", province="İzmir")
    ankara = Organisation("Kadın Dayanışma Derneği", province="Ankara")
    assert same_as(izmir, [(0, ankara)]) is None
    numbered = Organisation("KDD", province="Ankara", derbis="06-001-002")
    assert same_as(Organisation("Kadın Dayanışma D.", derbis="06-001-002"), [(0, numbered)]) == (0, "same")


def test_pages_on_a_shared_host_are_different_organisations():
    one = Organisation("Birinci Dernek", website="https://www.facebook.com/birincidernek")
    two = Organisation("İkinci Vakıf", website="facebook.com/ikincivakif/")
    assert same_as(one, [(0, two)]) is None
    again = Organisation("1. Dernek", website="http://facebook.com/BirinciDernek?ref=x")
    assert same_as(again, [(0, one)]) == (0, "same")


def test_names_that_differ_in_a_number_are_two_organisations():
    one = Organisation("Atatürk 1 Nolu Mahalle Derneği", "Ankara")
    assert same_as(Organisation("Atatürk 2 Nolu Mahalle Derneği", "Ankara"), [(0, one)]) is None


def test_a_nearly_alike_name_is_only_probably_the_same():
    assert same_as(
        Organisation("Acik Veri Platfomu", "İstanbul"), [(0, Organisation("Açık Veri Platformu", "İstanbul"))]
    ) == (0, "near")


@pytest.mark.parametrize(
    "written, stored", [("06-012-345", "06-012-345"), ("06 012 345", "06-012-345"), ("06.012.3", "06-012-3")]
)
def test_derbis_numbers_are_read_as_people_write_them(written, stored):
    assert derbis_number(written) == stored


@pytest.mark.parametrize("written", ["99-012-345", "6-12-345", "ABC"])
def test_a_derbis_number_of_the_wrong_shape_is_refused(written):
    with pytest.raises(PydanticCustomError) as refused:
        derbis_number(written)
    assert refused.value.type == "actors.error.derbis"


def test_mersis_numbers_are_sixteen_digits_starting_with_zero():
    assert mersis_number("0123 4567 8901 2345") == "0123456789012345"
    with pytest.raises(PydanticCustomError) as refused:
        mersis_number("1234567890123456")
    assert refused.value.type == "actors.error.mersis"
