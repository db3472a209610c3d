"""A monitoring period is shown as its months, the way a municipal report names a quarter."""

from roadmap.text import quarter_name


def test_a_quarter_reads_as_its_months_in_turkish_and_english():
    assert quarter_name("2027-Q1", "tr") == "Ocak–Mart 2027"
    assert quarter_name("2027-Q4", "tr") == "Ekim–Aralık 2027"
    assert quarter_name("2028-Q2", "en") == "April–June 2028"


def test_anything_else_is_shown_as_it_is():
    assert quarter_name("2027-04-12", "tr") == "2027-04-12"
