"""Regenerate examples/ornekkoy/katilim-T2.xlsx: the youth workshop's sign-in sheet (42 people).

Columns as a municipality's form has them; some people did not tick consent, so the annex
names only the others. Two rows carry a written suggestion.
"""

import random
from pathlib import Path

from openpyxl import Workbook

FIRST = [
    "Ahmet",
    "Ayşe",
    "Mehmet",
    "Zeynep",
    "Mustafa",
    "Elif",
    "Can",
    "Deniz",
    "Ece",
    "Burak",
    "Selin",
    "Emre",
    "Merve",
    "Kerem",
    "İrem",
    "Onur",
    "Gizem",
    "Barış",
    "Nazlı",
    "Oğuz",
    "Şule",
    "Çağla",
    "Ilgın",
    "Umut",
]
LAST = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Aydın",
    "Öztürk",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Koç",
    "Kurt",
    "Özdemir",
    "Şimşek",
    "Polat",
    "Erdem",
    "Güneş",
]
ORGS = [
    "Örnekköy Gençlik Derneği",
    "Örnekköy Üniversitesi Gönüllülük Kulübü",
    "Kent Konseyi Gençlik Meclisi",
    "Engelsiz Yaşam Derneği",
    "Örnekköy Anadolu Lisesi",
    "",
]
WOMEN_NAMES = {
    "Ayşe",
    "Zeynep",
    "Elif",
    "Ece",
    "Selin",
    "Merve",
    "İrem",
    "Gizem",
    "Nazlı",
    "Şule",
    "Çağla",
    "Ilgın",
}


def main() -> None:
    rng = random.Random(42)
    book = Workbook()
    sheet = book.active
    sheet.title = "Katılım Listesi"
    sheet.append(
        [
            "Sıra",
            "Ad Soyad",
            "Kurum",
            "Cinsiyet",
            "Yaş",
            "Engelli",
            "Adımın paylaşılmasına izin veriyorum",
            "Görüş / öneri",
            "Odak alanı",
            "İmza",
        ]
    )
    seen = set()
    for number in range(1, 43):
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if (first, last) not in seen:
                seen.add((first, last))
                break
        woman = first in WOMEN_NAMES
        age = rng.randint(15, 28) if number <= 35 else rng.randint(31, 55)
        note, focus = "", ""
        if number == 7:
            note, focus = (
                "Gençlik meclisi kararları okul panolarında da duyurulsun.",
                "Gençlik meclisi ve gençlerin katılımı",
            )
        if number == 19:
            note, focus = "Meclis toplantılarına işaret dili tercümanı gelsin.", "genclik-meclisi"
        sheet.append(
            [
                number,
                f"{first} {last}",
                rng.choice(ORGS),
                "Kadın" if woman else "Erkek",
                age,
                "Evet" if number in (4, 21, 33) else "Hayır",
                "Evet" if rng.random() < 0.7 else "Hayır",
                note,
                focus,
                "",
            ]
        )
    out = Path(__file__).resolve().parent.parent / "examples" / "ornekkoy" / "katilim-T2.xlsx"
    book.save(out)
    print(out)


if __name__ == "__main__":
    main()
