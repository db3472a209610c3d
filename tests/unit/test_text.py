"""Turkish text rules the document and the matching depend on."""

from datetime import date

from roadmap.text import fold_name, long_date, money, tr_lower, tr_upper


def test_turkish_upper_case_keeps_the_dotted_capital_i():
    assert tr_upper("istanbul") == "İSTANBUL"
    assert tr_upper("ılgaz") == "ILGAZ"
    assert tr_upper("Örnekköy Belediyesi") == "ÖRNEKKÖY BELEDİYESİ"


def test_turkish_lower_case_keeps_the_dotless_i():
    assert tr_lower("IŞIK") == "ışık"
    assert tr_lower("İLGİ") == "ilgi"


def test_names_fold_to_the_same_key_whatever_the_casing_and_accents():
    assert (
        fold_name("NİLÜFER KENT KONSEYİ")
        == fold_name("Nilüfer Kent Konseyi")
        == fold_name("Nilufer  kent konseyi")
    )


def test_names_sort_in_turkish_alphabet_order():
    from roadmap.text import tr_sort_key

    names = ["Zabıta", "Çevre", "ılık", "İmar", "Şehir", "Cadde", "Öğrenci", "Isparta", "Irmak", "Okul"]
    assert sorted(names, key=tr_sort_key) == [
        "Cadde",
        "Çevre",
        "ılık",
        "Irmak",
        "Isparta",
        "İmar",
        "Okul",
        "Öğrenci",
        "Şehir",
        "Zabıta",
    ]


def test_dates_and_money_are_written_as_turkish_documents_write_them():
    assert long_date(date(2021, 8, 30), "tr") == "30 Ağustos 2021"
    assert long_date(date(2021, 8, 30), "en") == "30 August 2021"
    assert money(1250000, "tr") == "1.250.000 TL"
    assert money(1250000, "en") == "1,250,000 TRY"  # in English by its currency code


def test_names_with_a_circumflex_sort_beside_their_plain_spelling():
    from roadmap.text import tr_sort_key

    names = ["Kuzey", "Kâtip Çelebi Derneği", "Kale Mahallesi", "Katip Çelebi Derneği", "Kadın Kooperatifi"]
    ordered = sorted(names, key=tr_sort_key)
    assert ordered.index("Kâtip Çelebi Derneği") - ordered.index("Katip Çelebi Derneği") in (-1, 1)
    assert ordered[0] == "Kadın Kooperatifi" and ordered[-1] == "Kuzey"


def test_upper_and_lower_case_of_i_follow_turkish_even_inside_words():
    assert tr_upper("kâtip işçi") == "KÂTİP İŞÇİ"
    assert tr_lower("DİYARBAKIR ILISU") == "diyarbakır ılısu"
    assert fold_name("KÂTİP") == fold_name("katip")
