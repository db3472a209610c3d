"""Regenerate examples/ornekkoy/survey.csv: fictional but plausible self-assessment answers.

Staff rate the municipality higher than civic actors do (the usual perception gap), and
inclusion, digital participation and feedback are the weakest dimensions.
"""

import csv
import random
from pathlib import Path

from roadmap.domain.catalogues import instrument

BASE = {
    "strategy": 3.4, "structures": 3.0, "skills": 2.8, "transparency": 3.6, "consultation": 3.1,
    "feedback": 2.4, "inclusion": 2.2, "digital": 2.5, "cooperation": 3.2, "monitoring": 2.3,
}
CIVIC_ORGS = [
    "Örnekköy Gençlik Derneği", "Engelsiz Yaşam Derneği", "Örnekköy Kent Konseyi",
    "Kadın Emeği Kooperatifi", "Yeşil Mahalle Sosyal Girişimi", "Dijital Haklar Derneği",
]


def main() -> None:
    rng = random.Random(2026)
    tool = instrument()
    path = Path(__file__).resolve().parent.parent / "examples" / "ornekkoy" / "survey.csv"
    ids = [s.id for d in tool.dimensions for s in d.statements]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "group", "organisation", *ids])
        rows = [("staff", f"P{n:02d}", "Örnekköy Belediyesi") for n in range(1, 15)]
        rows += [("civic", f"S{n:02d}", org) for n, org in enumerate(CIVIC_ORGS, start=1)]
        for group, respondent, organisation in rows:
            shift = 0.0 if group == "staff" else -0.7
            answers = []
            for d in tool.dimensions:
                for _ in d.statements:
                    if rng.random() < 0.04:
                        answers.append("")  # "Fikrim yok": no answer
                        continue
                    value = round(BASE[d.id] + shift + rng.gauss(0, 0.8))
                    answers.append(str(min(5, max(1, value))))
            writer.writerow([respondent, group, organisation, *answers])


if __name__ == "__main__":
    main()
