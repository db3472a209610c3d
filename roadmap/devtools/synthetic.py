"""Synthetic municipalities for benchmarks and load tests (never product data).

``generate_cohort(count, seed)`` creates ``count`` municipalities with plausible Turkish names and kinds
(büyükşehir, il, ilçe, belde), coordination teams, survey responses, focus areas, stakeholders, meetings
and roadmap actions, at mixed stages of progress. The same seed gives the same data, byte for byte:
every random choice comes from one ``random.Random(seed)`` and every date from the cohort's start.
Content is built as the pydantic stage models, so it passes the same validation as a person's input.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from pydantic import BaseModel
from sqlmodel import Session

from roadmap.domain.catalogues import FocusArea, focus_catalogue, instrument
from roadmap.domain.content import (
    Consultations,
    Content,
    CoordinationTeam,
    FocusAreas,
    FocusCandidate,
    Goal,
    HeadCount,
    HoursEntry,
    Indicator,
    InputResponse,
    Meeting,
    MeetingInput,
    MonitoringPlan,
    NeedsAnalysis,
    ParticipationLevel,
    RespondentGroup,
    Risk,
    RoadmapAction,
    RoadmapPlan,
    ShareStage,
    Sharing,
    SharingPlanItem,
    Stakeholder,
    StakeholderMap,
    StakeholderType,
    StrategicGoal,
    SurveyResponse,
    TeamMember,
    renumber_records,
)
from roadmap.domain.stages import Role, Stage, Status
from roadmap.errors import RoadmapError
from roadmap.services.cohorts import find_cohort
from roadmap.services.municipalities import find_municipality, upsert_user
from roadmap.store.db import unit_of_work
from roadmap.store.repository import stage_records, store_content
from roadmap.store.tables import AuditRecord, Cohort, CohortConsultant, Municipality, User
from roadmap.text import fold_name

PROVINCES = [
    "Adana",
    "Adıyaman",
    "Afyonkarahisar",
    "Ağrı",
    "Amasya",
    "Ankara",
    "Antalya",
    "Artvin",
    "Aydın",
    "Balıkesir",
    "Bilecik",
    "Bingöl",
    "Bitlis",
    "Bolu",
    "Burdur",
    "Bursa",
    "Çanakkale",
    "Çankırı",
    "Çorum",
    "Denizli",
    "Diyarbakır",
    "Edirne",
    "Elazığ",
    "Erzincan",
    "Erzurum",
    "Eskişehir",
    "Gaziantep",
    "Giresun",
    "Gümüşhane",
    "Hakkâri",
    "Hatay",
    "Isparta",
    "Mersin",
    "İstanbul",
    "İzmir",
    "Kars",
    "Kastamonu",
    "Kayseri",
    "Kırklareli",
    "Kırşehir",
    "Kocaeli",
    "Konya",
    "Kütahya",
    "Malatya",
    "Manisa",
    "Kahramanmaraş",
    "Mardin",
    "Muğla",
    "Muş",
    "Nevşehir",
    "Niğde",
    "Ordu",
    "Rize",
    "Sakarya",
    "Samsun",
    "Siirt",
    "Sinop",
    "Sivas",
    "Tekirdağ",
    "Tokat",
    "Trabzon",
    "Tunceli",
    "Şanlıurfa",
    "Uşak",
    "Van",
    "Yozgat",
    "Zonguldak",
    "Aksaray",
    "Bayburt",
    "Karaman",
    "Kırıkkale",
    "Batman",
    "Şırnak",
    "Bartın",
    "Ardahan",
    "Iğdır",
    "Yalova",
    "Karabük",
    "Kilis",
    "Osmaniye",
    "Düzce",
]
METROPOLITAN = set(
    [
        "Adana",
        "Ankara",
        "Antalya",
        "Aydın",
        "Balıkesir",
        "Bursa",
        "Denizli",
        "Diyarbakır",
        "Erzurum",
        "Eskişehir",
        "Gaziantep",
        "Hatay",
        "Mersin",
        "İstanbul",
        "İzmir",
        "Kahramanmaraş",
        "Kayseri",
        "Kocaeli",
        "Konya",
        "Malatya",
        "Manisa",
        "Mardin",
        "Muğla",
        "Ordu",
        "Sakarya",
        "Samsun",
        "Şanlıurfa",
        "Tekirdağ",
        "Trabzon",
        "Van",
    ]
)
PLACE_START = [
    "Yeni",
    "Eski",
    "Kara",
    "Ak",
    "Gök",
    "Sarı",
    "Kızıl",
    "Çam",
    "Göl",
    "Dere",
    "Taş",
    "Kuru",
    "Uzun",
    "Orta",
    "Yukarı",
    "Aşağı",
    "Bağ",
    "Pınar",
    "Çınar",
    "Ilıca",
    "Sultan",
    "Han",
    "Kale",
    "Güzel",
    "Bahçe",
    "Değirmen",
    "Kuyu",
    "Elma",
    "Ceviz",
    "Dikmen",
]
PLACE_END = [
    "köy",
    "ova",
    "pınar",
    "tepe",
    "yurt",
    "dere",
    "kent",
    "hisar",
    "çay",
    "bağ",
    "ören",
    "yayla",
    "saray",
    "su",
    "kaya",
    "alan",
    "dağ",
]
FIRST_NAMES = [
    "Ayşe",
    "Fatma",
    "Zeynep",
    "Elif",
    "Emine",
    "Hatice",
    "Merve",
    "Esra",
    "Selin",
    "Büşra",
    "Derya",
    "Gül",
    "Sevgi",
    "Özlem",
    "Nur",
    "Mehmet",
    "Mustafa",
    "Ahmet",
    "Ali",
    "Hüseyin",
    "Hasan",
    "İbrahim",
    "Murat",
    "Emre",
    "Burak",
    "Can",
    "Serkan",
    "Yusuf",
    "Ömer",
    "Kemal",
]
SURNAMES = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
    "Polat",
    "Korkmaz",
    "Güneş",
    "Erdoğan",
    "Aktaş",
    "Bulut",
    "Keskin",
    "Ünal",
    "Tekin",
    "Avcı",
]
DIRECTORATES = (
    "Strateji Geliştirme Müdürlüğü",
    "Yazı İşleri Müdürlüğü",
    "Kültür ve Sosyal İşler Müdürlüğü",
    "Basın Yayın ve Halkla İlişkiler Müdürlüğü",
    "Bilgi İşlem Müdürlüğü",
    "Kadın ve Aile Hizmetleri Müdürlüğü",
    "Gençlik ve Spor Hizmetleri Müdürlüğü",
    "Sosyal Destek Hizmetleri Müdürlüğü",
    "Fen İşleri Müdürlüğü",
    "İnsan Kaynakları ve Eğitim Müdürlüğü",
    "Mali Hizmetler Müdürlüğü",
    "Çevre Koruma ve Kontrol Müdürlüğü",
)
# (name pattern, type): {place} is the municipality's place name, {hood} a neighbourhood.
EXTERNAL = (
    ("{place} Kadın Dayanışma Derneği", StakeholderType.CSO),
    ("{place} Gençlik ve Spor Kulübü Derneği", StakeholderType.CSO),
    ("{place} Engelliler Derneği", StakeholderType.CSO),
    ("{place} Çevre Gönüllüleri Derneği", StakeholderType.CSO),
    ("{place} Yaşlılara Destek Vakfı", StakeholderType.CSO),
    ("{place} Kadın Girişimciler Kooperatifi", StakeholderType.SOCIAL_ENTERPRISE),
    ("{place} Esnaf ve Sanatkârlar Odası", StakeholderType.PRIVATE),
    ("{place} Ticaret ve Sanayi Odası", StakeholderType.PRIVATE),
    ("{place} Halk Eğitim Merkezi", StakeholderType.PUBLIC),
    ("{place} İlçe Milli Eğitim Müdürlüğü", StakeholderType.PUBLIC),
    ("{place} Meslek Yüksekokulu", StakeholderType.UNIVERSITY),
    ("{place} Yerel Haber", StakeholderType.MEDIA),
    ("{hood} Mahallesi Muhtarlığı", StakeholderType.MUHTAR),
    ("{hood} Mahallesi Gönüllüleri", StakeholderType.OTHER),
)
HOODS = [
    "Cumhuriyet",
    "Atatürk",
    "Fatih",
    "Yavuz",
    "Selim",
    "Mimar",
    "Sinan",
    "Hürriyet",
    "İstiklal",
    "Barış",
    "Zafer",
    "Esentepe",
    "Gazi",
    "Yunus",
    "Emre",
]
KINDS = ("büyükşehir", "il", "ilçe", "belde")
STAGE_WEIGHTS = (4, 10, 14, 16, 18, 16, 12, 10)  # approved stages 0..7: most cohorts are mid-way


class GeneratedCohort(BaseModel):
    cohort: str
    created: int
    by_kind: dict[str, int]
    by_stage: dict[int, int]


def _places(rng: random.Random, count: int) -> list[tuple[str, str, str, str]]:
    """(slug, name, kind, province), all distinct, in Turkey's proportions (81 of 1,390 are provinces)."""
    provinces = PROVINCES[: max(1, round(count * len(PROVINCES) / 1390))]
    result: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    for province in provinces:
        kind = "büyükşehir" if province in METROPOLITAN else "il"
        suffix = " Büyükşehir Belediyesi" if kind == "büyükşehir" else " Belediyesi"
        slug = fold_name(province).replace(" ", "-")
        seen.add(slug)
        result.append((slug, province + suffix, kind, province))
    while len(result) < count:
        place = rng.choice(PLACE_START) + rng.choice(PLACE_END)
        province = rng.choice(PROVINCES)
        slug = f"{fold_name(place)}-{fold_name(province)}".replace(" ", "-")
        if slug in seen:
            continue
        seen.add(slug)
        kind = "ilçe" if rng.random() < 0.72 else "belde"
        result.append((slug, f"{place} Belediyesi", kind, province))
    rng.shuffle(result)
    return result


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _team(rng: random.Random, domain: str, start: date) -> CoordinationTeam:
    directorates = rng.sample(DIRECTORATES, rng.randint(3, 6))
    members = []
    for position in range(rng.randint(4, 8)):
        name = _person(rng)
        members.append(
            TeamMember(
                name=name,
                directorate=directorates[position % len(directorates)],
                role="Koordinatör" if position == 0 else "Ekip üyesi",
                email=f"{fold_name(name).replace(' ', '.')}{position}@{domain}",
                is_coordinator=position == 0,
            )
        )
    hours = [
        HoursEntry(
            day=start + timedelta(days=7 * week),
            member=rng.choice(members).name,
            hours=rng.choice((2, 3, 4, 6)),
            activity=rng.choice(("Ekip toplantısı", "Anket hazırlığı", "Paydaş görüşmesi", "Rapor yazımı")),
        )
        for week in range(rng.randint(8, 30))
    ]
    return CoordinationTeam(members=members, hours=hours)


def _needs(rng: random.Random) -> NeedsAnalysis:
    tool = instrument()
    level = {d.id: rng.uniform(1.6, 4.4) for d in tool.dimensions}
    responses = []
    for group, count, shift in (
        (RespondentGroup.STAFF, rng.randint(10, 40), 0.3),
        (RespondentGroup.CIVIC, rng.randint(0, 25), -0.4),
    ):
        for n in range(count):
            answers: dict[str, int | None] = {}
            for dimension in tool.dimensions:
                for statement in dimension.statements:
                    score = round(level[dimension.id] + shift + rng.gauss(0, 0.8))
                    answers[statement.id] = None if rng.random() < 0.03 else min(5, max(1, score))
            responses.append(
                SurveyResponse(respondent=f"{group.value}-{n + 1:03d}", group=group, answers=answers)
            )
    return NeedsAnalysis(responses=responses)


def _focus(rng: random.Random, catalogue: dict[str, FocusArea]) -> FocusAreas:
    goals = [
        StrategicGoal(
            ref="SP Amaç 1", title="Katılımcı ve hesap verebilir bir yönetim anlayışını kurumsallaştırmak"
        ),
        StrategicGoal(ref="SP Amaç 2", title="Dezavantajlı grupların kent yaşamına katılımını artırmak"),
    ]
    codes = rng.sample(sorted(catalogue), rng.randint(4, 7))
    chosen = set(codes[: rng.randint(2, 4)])
    candidates = []
    for code in codes:
        area = catalogue[code]
        candidates.append(
            FocusCandidate(
                code=code,
                selected=code in chosen,
                justification=(
                    f"İhtiyaç analizinde {area.tr.lower()} ile ilgili boyutlar düşük puan aldı; "
                    "sivil aktörler de bu alanda iş birliği talep etti."
                )
                if code in chosen
                else "",
                linked_dimension=area.dimensions[0] if area.dimensions else "",
                strategic_goal=rng.choice(goals).ref,
                local_priority=rng.randint(2, 5),
                feasibility=rng.randint(2, 5),
            )
        )
    return FocusAreas(
        strategic_goals=goals,
        local_priorities=["Gençlerin karar süreçlerinde yer almaması", "Taleplere geri dönüş yapılmaması"],
        candidates=candidates,
    )


def _stakeholders(
    rng: random.Random, place: str, focus: FocusAreas, team: CoordinationTeam
) -> StakeholderMap:
    codes = [c.code for c in focus.selected()]
    people: list[Stakeholder] = []
    for directorate in sorted({m.directorate for m in team.members}):
        people.append(
            Stakeholder(
                name=directorate,
                type=StakeholderType.DIRECTORATE,
                power=rng.randint(2, 5),
                interest=rng.randint(2, 5),
                focus_areas=rng.sample(codes, 1),
                level=ParticipationLevel.COLLABORATE,
            )
        )
    people.append(
        Stakeholder(
            name=f"{place} Kent Konseyi",
            type=StakeholderType.KENT_KONSEYI,
            power=4,
            interest=5,
            focus_areas=codes,
            level=ParticipationLevel.INVOLVE,
        )
    )
    names = {s.name for s in people}
    for _ in range(rng.randint(12, 45)):
        pattern, kind = rng.choice(EXTERNAL)
        name = pattern.format(place=place, hood=rng.choice(HOODS))
        if name in names:
            continue
        names.add(name)
        people.append(
            Stakeholder(
                name=name,
                type=kind,
                contact_person=_person(rng),
                power=rng.randint(1, 5),
                interest=rng.randint(1, 5),
                focus_areas=rng.sample(codes, rng.randint(1, len(codes))),
                level=rng.choice(list(ParticipationLevel)),
            )
        )
    return StakeholderMap(stakeholders=people)


def _consultations(
    rng: random.Random, start: date, register: StakeholderMap, focus: FocusAreas, held: bool
) -> Consultations:
    codes = [c.code for c in focus.selected()]
    internal = [s.name for s in register.stakeholders if s.internal]
    external = [s.name for s in register.stakeholders if not s.internal]
    meetings = []
    for number in range(1, rng.randint(3, 5) + 1):
        audience = "internal" if number == 1 else "external"
        pool = internal if audience == "internal" else external
        invited = rng.sample(pool, min(len(pool), rng.randint(4, 12)))
        attended = [name for name in invited if rng.random() < 0.75]
        meetings.append(
            Meeting(
                code=f"T{number}",
                title="Müdürlüklerle iç paydaş toplantısı"
                if number == 1
                else f"Sivil toplumla istişare toplantısı {number - 1}",
                audience=audience,
                held=held,
                day=start + timedelta(days=120 + 10 * number),
                time=time(10, 0) if number % 2 else time(14, 30),
                place="Belediye Meclis Salonu" if number == 1 else "Kültür Merkezi",
                facilitator=_person(rng),
                agenda=["İhtiyaç analizi bulgularının paylaşılması", "Odak alanlarının değerlendirilmesi"],
                focus_areas=codes,
                invited=invited,
                attended=attended if held else [],
                participants=HeadCount(total=len(attended) * 2, women=len(attended)) if held else HeadCount(),
                inputs=[
                    MeetingInput(
                        text=f"{rng.choice(('Toplantılar', 'Duyurular', 'Geri bildirimler'))} "
                        f"{rng.choice(('akşam saatlerinde yapılsın', 'mahallelere taşınsın', 'SMS ile bildirilsin'))}.",
                        source=rng.choice(attended) if attended else "",
                        focus_area=rng.choice(codes),
                        response=rng.choice(list(InputResponse)),
                        reason="Ekip tarafından değerlendirildi.",
                    )
                    for _ in range(rng.randint(2, 5))
                ]
                if held
                else [],
            )
        )
    return Consultations(meetings=meetings)


def _plan(
    rng: random.Random,
    start: date,
    focus: FocusAreas,
    catalogue: dict[str, FocusArea],
    team: CoordinationTeam,
) -> RoadmapPlan:
    directorates = sorted({m.directorate for m in team.members})
    goals = []
    for candidate in focus.selected():
        area = catalogue[candidate.code]
        actions = []
        for title in area.actions_tr[: rng.randint(2, 3)]:
            first = rng.randint(1, 18)
            indicator = rng.choice(area.indicators_tr) if area.indicators_tr else f"{title} tamamlandı"
            actions.append(
                RoadmapAction(
                    title=title,
                    description=f"{title} için ekip bir uygulama planı hazırlar ve paydaşlarla birlikte yürütür.",
                    responsible=rng.choice(directorates),
                    partners=[f"{rng.choice(HOODS)} Mahallesi Muhtarlığı"],
                    start_month=first,
                    end_month=min(24, first + rng.randint(2, 10)),
                    budget_try=rng.choice((0, 25000, 60000, 120000, 250000)),
                    indicators=[
                        Indicator(name=indicator[:200], unit="adet", baseline=0, target=rng.randint(2, 40))
                    ],
                    risks=[Risk(risk="Bütçe kısıtı", mitigation="Dış kaynaklı hibe başvurusu")],
                )
            )
        goals.append(
            Goal(
                focus_area=candidate.code,
                title=f"{area.tr} alanında kalıcı bir katılım düzeni",
                actions=actions,
            )
        )
    return RoadmapPlan(
        start=start + timedelta(days=200),
        months=24,
        vision="Her yurttaşın belediyenin kararlarına anlamlı biçimde katılabildiği bir yönetim.",
        goals=goals,
        monitoring=MonitoringPlan(
            reviewer="Strateji Geliştirme Müdürlüğü", frequency="6 ayda bir", with_whom="Kent Konseyi"
        ),
        sharing=[
            SharingPlanItem(
                audience="Kent Konseyi", channel="Genel kurul sunumu", when="Onaydan sonraki ilk ay"
            )
        ],
    )


def _stage_contents(
    rng: random.Random, place: str, domain: str, start: date, progress: int
) -> dict[Stage, Content]:
    catalogue = focus_catalogue()
    team = _team(rng, domain, start)
    focus = _focus(rng, catalogue)
    register = _stakeholders(rng, place, focus, team)
    makers: dict[Stage, Callable[[], Content]] = {
        Stage.TEAM: lambda: team,
        Stage.NEEDS: lambda: _needs(rng),
        Stage.FOCUS: lambda: focus,
        Stage.STAKEHOLDERS: lambda: register,
        Stage.CONSULTATIONS: lambda: _consultations(
            rng, start, register, focus, held=progress > Stage.CONSULTATIONS
        ),
        Stage.ROADMAP: lambda: _plan(rng, start, focus, catalogue, team),
        Stage.SHARE: lambda: ShareStage(
            shares=[
                Sharing(
                    audience="Kent Konseyi", channel="Genel kurul", day=start + timedelta(days=260), done=True
                )
            ]
        ),
    }
    # Stages up to the current one have content; later ones are still empty drafts.
    contents = {stage: makers[stage]() for stage in Stage if stage <= progress}
    ids = random.Random(f"{domain}:{start}")  # record ids as reproducible as the rest (own stream)
    for content in contents.values():
        renumber_records(content, lambda: f"{ids.getrandbits(48):012x}")
    return contents


def generate_cohort(
    count: int,
    seed: int,
    cohort_slug: str | None = None,
    starts: date = date(2026, 3, 2),
    consultants: int = 0,
) -> GeneratedCohort:
    """Create ``count`` synthetic municipalities in a new cohort; deterministic for ``seed``."""
    if count < 1:
        raise RoadmapError("generate.count")
    rng = random.Random(seed)
    slug = cohort_slug or f"sentetik-{seed}"
    consultants = consultants or max(1, count // 40)
    by_kind: dict[str, int] = dict.fromkeys(KINDS, 0)
    by_stage: dict[int, int] = {}
    with unit_of_work() as session:
        if find_cohort(session, slug) is not None:
            raise RoadmapError("cohort.exists", slug=slug)
        cohort = Cohort(
            slug=slug,
            name=f"Sentetik kohort (tohum {seed})",
            starts=starts,
            ends=starts + timedelta(days=420),
        )
        session.add(cohort)
        session.flush()
        upsert_user(session, f"koordinator@{slug}.example.org", "Kohort Koordinatörü", Role.COORDINATOR)
        advisers = [
            upsert_user(session, f"danisman{n + 1}@{slug}.example.org", _person(rng), Role.CONSULTANT)
            for n in range(consultants)
        ]
        assert cohort.id is not None  # set by the flush
        for adviser in advisers:
            assert adviser.id is not None  # upsert_user flushes
            session.add(CohortConsultant(cohort_id=cohort.id, user_id=adviser.id))
        for number, (mslug, name, kind, province) in enumerate(_places(rng, count)):
            if find_municipality(session, mslug) is not None:  # a name taken by an earlier run
                mslug = f"{mslug}-{seed}"
            progress = rng.choices(range(8), STAGE_WEIGHTS)[0]
            _create(
                session,
                rng,
                cohort,
                (mslug, name, kind, province),
                progress,
                advisers[number % len(advisers)],
            )
            by_kind[kind] += 1
            by_stage[progress] = by_stage.get(progress, 0) + 1
    return GeneratedCohort(
        cohort=slug, created=count, by_kind=by_kind, by_stage=dict(sorted(by_stage.items()))
    )


def _create(
    session: Session,
    rng: random.Random,
    cohort: Cohort,
    place: tuple[str, str, str, str],
    progress: int,
    adviser: User,
) -> None:
    slug, name, kind, province = place
    municipality = Municipality(
        slug=slug,
        name=name,
        kind=kind,
        province=province,
        programme="Sentetik veri (yük testi)",
        cohort_id=cohort.id,
    )
    session.add(municipality)
    session.flush()
    upsert_user(session, adviser.email, adviser.name, Role.CONSULTANT, municipality)
    records = stage_records(session, municipality)
    short = name.removesuffix(" Büyükşehir Belediyesi").removesuffix(" Belediyesi")
    contents = _stage_contents(rng, short, f"{slug}.bel.tr", cohort.starts, progress)
    span = (cohort.ends - cohort.starts) / len(Stage)
    for stage, content in contents.items():
        record = records[stage]
        record.data = store_content(session, record, content)
        if stage < progress:
            record.status = Status.APPROVED.value
            record.submissions = 1
        else:
            record.status = rng.choice((Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED)).value
        moment = cohort.starts + span * (int(stage) + rng.uniform(0.3, 1.4))
        record.updated_at = datetime.combine(moment, time(12), tzinfo=UTC)
        record.updated_by = "generator"
        record.version = 2
        session.add(record)
    session.add(
        AuditRecord(
            actor="generator",
            municipality_id=municipality.id,
            action="generate",
            comment=f"progress={progress}",
        )
    )
