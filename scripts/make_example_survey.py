"""Regenerate Örnekköy's survey files: fictional but plausible self-assessment answers.

Three files in three real-world shapes: a Google Forms export of staff answers (Turkish labels,
full statement text as headers), an .xlsx of further staff answers (statement ids, numbers), and a
Turkish Excel CSV of civic-actor answers (';' delimiter, Windows-1254, some decimal commas).
Staff rate the municipality higher than civic actors do (the usual perception gap); inclusion,
feedback and monitoring are the weakest dimensions.
"""

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from roadmap.domain.catalogues import instrument

BASE = {
    "strategy": 3.4,
    "structures": 3.0,
    "skills": 2.8,
    "transparency": 3.6,
    "consultation": 3.1,
    "feedback": 2.4,
    "inclusion": 2.2,
    "digital": 2.5,
    "cooperation": 3.2,
    "monitoring": 2.3,
}
DIRECTORATES = [
    "Strateji Geliştirme",
    "Kültür ve Sosyal İşler",
    "Fen İşleri",
    "Zabıta",
    "İmar ve Şehircilik",
    "Bilgi İşlem",
    "Basın Yayın ve Halkla İlişkiler",
    "Kadın ve Aile Hizmetleri",
]
CIVIC_ORGS = [
    "Örnekköy Gençlik Derneği",
    "Engelsiz Yaşam Derneği",
    "Örnekköy Kent Konseyi",
    "Kadın Emeği Kooperatifi",
    "Yeşil Mahalle Sosyal Girişimi",
    "Dijital Haklar Derneği",
    "Örnekköy Üniversitesi Gönüllülük Kulübü",
    "Kent Konseyi Gençlik Meclisi",
    "Cumhuriyet Mahallesi Muhtarlığı",
]
OUT = Path(__file__).resolve().parent.parent / "examples" / "ornekkoy"


def answers(rng: random.Random, shift: float) -> list[int | None]:
    values: list[int | None] = []
    for dimension in instrument().dimensions:
        for _ in dimension.statements:
            if rng.random() < 0.04:
                values.append(None)  # "Fikrim yok"
            else:
                values.append(min(5, max(1, round(BASE[dimension.id] + shift + rng.gauss(0, 0.8)))))
    return values


def main() -> None:
    rng = random.Random(2026)
    tool = instrument()
    statements = [s for d in tool.dimensions for s in d.statements]
    labels = {value: names["tr"] for value, names in tool.scale.items()}

    start = datetime(2026, 10, 6, 9, 12, 4)
    with open(OUT / "anket-personel-google-formlar.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Zaman damgası", "Müdürlüğünüz", *[s.tr for s in statements]])
        for n in range(25):
            stamp = start + timedelta(minutes=37 * n, seconds=rng.randint(0, 59))
            cells = [labels[v] if v else "Fikrim yok" for v in answers(rng, 0.0)]
            writer.writerow([f"{stamp:%d.%m.%Y %H:%M:%S}", rng.choice(DIRECTORATES), *cells])

    book = Workbook()
    sheet = book.active
    sheet.title = "Yanıtlar"
    sheet.append(["respondent", *[s.id for s in statements]])
    for n in range(1, 16):
        sheet.append([f"P-{n:03d}", *answers(rng, 0.05)])
    book.save(OUT / "anket-personel-ek.xlsx")

    with open(OUT / "anket-sivil-aktorler.csv", "w", newline="", encoding="cp1254") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Katılımcı No", "Kurum", *[s.id for s in statements]])
        for n in range(1, 26):
            cells = [
                "" if v is None else (f"{v},0" if rng.random() < 0.15 else str(v)) for v in answers(rng, -0.7)
            ]
            writer.writerow([f"S-{n:03d}", CIVIC_ORGS[n % len(CIVIC_ORGS)], *cells])


if __name__ == "__main__":
    main()
