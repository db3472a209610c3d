"""Publishing a release: only approved roadmaps, only the allow-listed fields, immutable and numbered.

The privacy tests build the example's public edition for real (python-docx, LibreOffice for the tagged
PDF) and scan every file it produces for what must never be published.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from docx import Document
from sqlmodel import select

from roadmap.domain.publication import PublicRoadmap
from roadmap.domain.stages import Stage
from roadmap.domain.translation import in_english
from roadmap.errors import InvalidInput, NotFound, PermissionDenied, TransitionRefused
from roadmap.pipeline import load_roadmap
from roadmap.render.open_data import json_schema, shipped_schema
from roadmap.render.pdf import libreoffice_available
from roadmap.services import stages as svc
from roadmap.services.releases import (
    public_file,
    public_page,
    publish_release,
    release_history,
    withdraw_release,
)
from roadmap.store.db import unit_of_work
from roadmap.store.tables import RoadmapRelease

# What a person's contact looks like in Turkey: an e-mail, a phone number (0 or +90, then 10 digits).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?:\+90|\b0)[\s(]*\d{3}[\s)]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b")


def approve_all(who: str = TEAM) -> None:
    """The example with stages 4 and 5 approved too: ready to publish."""
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True)
    svc.submit_stage(TEAM, SLUG, Stage.ROADMAP)
    svc.review_stage(CONSULTANT, SLUG, Stage.ROADMAP, approve=True)


@pytest.fixture
def approved(example: Path) -> Path:
    approve_all()
    return example


def docx_text(blob: bytes) -> str:
    document = Document(io.BytesIO(blob))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    properties = document.core_properties
    parts += [
        properties.title or "",
        properties.author or "",
        properties.subject or "",
        properties.comments or "",
    ]
    return "\n".join(parts)


def pdf_text(blob: bytes, tmp_path: Path) -> str:
    path = tmp_path / "scan.pdf"
    path.write_bytes(blob)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def texts_of(files: dict[str, bytes], tmp_path: Path) -> dict[str, str]:
    """Every file of a release as the text someone could read in it."""
    read = {}
    for name, blob in files.items():
        if name.endswith(".docx"):
            read[name] = docx_text(blob)
        elif name.endswith(".pdf"):
            read[name] = pdf_text(blob, tmp_path)
        else:
            read[name] = blob.decode("utf-8-sig")
    return read


def release_files(slug: str, number: int) -> dict[str, bytes]:
    page = public_page(slug, number=number)
    return {name: public_file(slug, number, name) for name in page.release.files}


def words(text: str) -> str:
    return " ".join(text.split())


def never_published(data) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """What the example holds that no public file may show, by why."""
    people = [p for m in data.consultations.meetings for p in m.people]
    everyone_invited = {name for m in data.consultations.meetings for name in m.invited}
    attended = {name for m in data.consultations.meetings for name in m.attended}
    consenting = {s.name for s in data.stakeholders.stakeholders if s.public_consent}
    external = [s for s in data.stakeholders.stakeholders if not s.internal]
    units = " ".join(s.name for s in data.stakeholders.stakeholders if s.internal)  # "Yazı İşleri" is a unit
    return {
        "minor": {p.name for p in people if p.age is not None and p.age < 18},
        "no consent": {p.name for p in people if not p.consent},
        "participant": {p.name for p in people},
        "contact person": {
            s.contact_person
            for s in data.stakeholders.stakeholders
            if " " in s.contact_person and s.contact_person not in units
        },
        "not invited": {s.name for s in external if s.name not in everyone_invited} - consenting,
        "did not come": (everyone_invited - attended) - consenting,
        "phone": {m.phone for m in data.team.members if m.phone} | {s.phone for s in external if s.phone},
    }


def test_the_example_holds_what_the_privacy_scan_looks_for(approved):
    """The scan below would prove nothing if the example had no minors, refusals or absent invitees."""
    hidden = never_published(load_roadmap(SLUG).data)
    assert hidden["minor"] and hidden["no consent"] and hidden["contact person"]
    assert hidden["not invited"] and hidden["did not come"] and hidden["phone"]


@pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice makes the tagged PDF")
def test_no_file_of_a_release_shows_contacts_minors_refusals_or_who_was_not_invited(approved, tmp_path):
    release = publish_release(TEAM, SLUG, pdf=True, out=tmp_path / "out")
    assert release.number == 1 and release.languages == ["tr", "en"]
    files = release_files(SLUG, 1)
    assert {"roadmap-tr.docx", "roadmap-tr.pdf", "roadmap-en.docx", "roadmap-en.pdf", "roadmap-tr.json",
            "actions-tr.csv", "indicators-tr.csv", "meetings-tr.csv", "inputs-tr.csv", "README-tr.md",
            "README-en.md", "release.schema.json"} <= set(files)  # fmt: skip
    assert sorted(p.name for p in release.paths) == sorted(files)  # --out has the same files
    data = load_roadmap(SLUG).data
    hidden = never_published(data)
    for name, text in texts_of(files, tmp_path).items():
        assert not EMAIL.findall(text), (name, EMAIL.findall(text)[:3])
        assert not PHONE.findall(text), (name, PHONE.findall(text)[:3])
        flat = words(text)
        for why, values in hidden.items():
            for value in values:
                assert value not in flat, f"{name} shows {value!r} ({why})"
        assert "davet edilmedi" not in flat and "not invited" not in flat.lower()
    # …while the plan is all there: every action and indicator, in each language's files.
    english, _ = in_english(data)
    for lang, edition in (("tr", data), ("en", english)):
        document = words(texts_of({"x.docx": files[f"roadmap-{lang}.docx"]}, tmp_path)["x.docx"])
        pdf = words(pdf_text(files[f"roadmap-{lang}.pdf"], tmp_path))
        actions_csv = files[f"actions-{lang}.csv"].decode("utf-8-sig")
        indicators_csv = files[f"indicators-{lang}.csv"].decode("utf-8-sig")
        for _, action in edition.plan.actions():
            assert action.title in document and action.title in actions_csv
            assert words(action.title)[:40] in pdf
            for indicator in action.indicators:
                assert indicator.name in document and indicator.name in indicators_csv


def test_open_data_validates_against_the_schema_shipped_with_the_product(approved):
    publish_release(TEAM, SLUG, pdf=False)
    files = release_files(SLUG, 1)
    schema = json.loads(files["release.schema.json"])
    assert schema == shipped_schema() == json_schema()  # the shipped file is the model's schema
    jsonschema.Draft202012Validator.check_schema(schema)
    for lang in ("tr", "en"):
        document = json.loads(files[f"roadmap-{lang}.json"])
        jsonschema.validate(document, schema)
        assert document["licence"] == "CC-BY-4.0" and document["release"] == 1
    broken = json.loads(files["roadmap-tr.json"])
    broken["actions"][0]["email"] = "ayse@ornekkoy.bel.tr"  # a field outside the allow-list
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_indicators_follow_iati_with_targets_per_period_and_actions_ogp(approved):
    publish_release(TEAM, SLUG, pdf=False)
    published = json.loads(release_files(SLUG, 1)["roadmap-tr.json"])
    assert published.pop("$schema").endswith("release.schema.json")
    document = PublicRoadmap.model_validate(published)
    action = document.actions[1]  # 1.2: the kent konseyi's opinions on the council's agenda
    assert action.code == "1.2" and action.lead and action.start and action.end
    assert action.answers_inputs, "an action says which consultation inputs it answers"
    (indicator,) = action.indicators
    assert (indicator.baseline, indicator.target) == (20, 100)
    assert [(p.label, p.target) for p in indicator.periods] == [("2027", 60), ("2028", 100)]
    rows = list(csv.DictReader(io.StringIO(release_files(SLUG, 1)["indicators-tr.csv"].decode("utf-8-sig"))))
    assert {r["period"] for r in rows if r["id"] == indicator.id} == {"2027", "2028"}
    named = {o.name for o in document.organisations}
    assert "Örnekköy Gençlik Derneği" in named and "Çevre Gönüllüleri Platformu" not in named
    assert sum(c.count for c in document.stakeholder_counts) == document.stakeholders_total


def test_publishing_waits_until_stages_0_to_5_are_approved(example):
    with pytest.raises(TransitionRefused) as refused:
        publish_release(TEAM, SLUG, pdf=False)
    assert "4, 5" in refused.value.text("tr")
    assert release_history(TEAM, SLUG) == []


def test_a_consultant_may_not_publish_and_another_municipality_learns_nothing(approved):
    with pytest.raises(PermissionDenied):
        publish_release(CONSULTANT, SLUG, pdf=False)
    assert publish_release(COORDINATOR, SLUG, pdf=False).number == 1


def test_a_release_is_immutable_and_a_new_approval_makes_the_next_one(approved):
    first = publish_release(TEAM, SLUG, pdf=False)
    with pytest.raises(TransitionRefused):  # nothing public changed: no second release of the same
        publish_release(TEAM, SLUG, pdf=False)
    svc.reopen_stage(CONSULTANT, SLUG, Stage.ROADMAP, "Vizyon güncellenecek")
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    svc.update_stage(
        TEAM, SLUG, Stage.ROADMAP, {**view.content, "vision": "Yeni vizyon metni."}, view.version
    )
    assert public_page(SLUG).roadmap.vision != "Yeni vizyon metni."  # a draft never reaches the public
    svc.submit_stage(TEAM, SLUG, Stage.ROADMAP)
    svc.review_stage(CONSULTANT, SLUG, Stage.ROADMAP, approve=True)
    second = publish_release(TEAM, SLUG, pdf=False)
    assert (first.number, second.number) == (1, 2)
    assert public_page(SLUG).roadmap.vision == "Yeni vizyon metni."
    assert public_page(SLUG, number=1).roadmap.vision != "Yeni vizyon metni."  # release 1 as it was


def test_withdrawing_needs_a_reason_is_audited_and_leaves_a_notice(approved):
    publish_release(TEAM, SLUG, pdf=False)
    with pytest.raises(InvalidInput):
        withdraw_release(TEAM, SLUG, 1, " ")
    withdraw_release(TEAM, SLUG, 1, "Bütçe tablosunda hata vardı")
    page = public_page(SLUG, number=1)
    assert page.roadmap is None and page.release.withdrawal_reason == "Bütçe tablosunda hata vardı"
    with pytest.raises(NotFound):  # its files are no longer given out
        public_file(SLUG, 1, "roadmap-tr.json")
    trail = [(a.action, a.comment) for a in svc.audit_trail(COORDINATOR, SLUG)]
    assert ("publish", "1") in trail and ("withdraw", "1: Bütçe tablosunda hata vardı") in trail
    with pytest.raises(TransitionRefused):
        withdraw_release(TEAM, SLUG, 1, "Yine")
    assert publish_release(TEAM, SLUG, pdf=False).number == 2  # the same content may come back


def test_an_unpublished_municipality_has_no_public_page(example):
    with pytest.raises(NotFound):
        public_page(SLUG)
    with pytest.raises(NotFound):
        public_page("yok-boyle-bir-belediye")


def test_the_cohort_report_says_who_published_and_when(approved):
    from datetime import date

    from roadmap.render.cohort_report import report_rows
    from roadmap.services.cohorts import add_to_cohort, cohort_progress, create_cohort

    create_cohort(COORDINATOR, "kohort", "Kohort", date(2026, 1, 1), date(2026, 12, 31))
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    (row,) = report_rows(cohort_progress(COORDINATOR, "kohort"), "tr")
    assert row["Yayım"] == ""
    publish_release(TEAM, SLUG, pdf=False)
    (row,) = report_rows(cohort_progress(COORDINATOR, "kohort"), "tr")
    assert row["Yayım"].startswith("Yayım 1, ") and row["Yayım"].endswith("(Ayşe Yılmaz)")


def test_the_sharing_log_feeds_the_release_the_sharing_chapter_and_the_cohort_report(approved, tmp_path):
    from datetime import date

    from test_document import full_text

    from roadmap.pipeline import build_roadmap_document
    from roadmap.render.cohort_report import report_rows
    from roadmap.services.cohorts import add_to_cohort, cohort_progress, create_cohort

    view = svc.show_stage(TEAM, SLUG, Stage.SHARE)
    shares = [
        {"audience": "Örnekköy Belediye Meclisi", "kind": "council", "channel": "Meclis sunumu",
         "day": "2027-01-06", "done": True, "response": "Meclis yol haritasını oy birliğiyle benimsedi."},
        {"audience": "UCLG-MEWA", "kind": "international", "channel": "E-posta", "done": False},
    ]  # fmt: skip
    svc.update_stage(TEAM, SLUG, Stage.SHARE, {**view.content, "shares": shares}, view.version)
    publish_release(TEAM, SLUG, pdf=False)
    document = public_page(SLUG).roadmap
    assert [(s.audience, s.kind, s.response) for s in document.shares] == [
        ("Örnekköy Belediye Meclisi", "council", "Meclis yol haritasını oy birliğiyle benimsedi.")
    ]  # only what was done: a plan to share is not a share
    public_docx = docx_text(release_files(SLUG, 1)["roadmap-tr.docx"])
    assert "Meclis yol haritasını oy birliğiyle benimsedi." in public_docx
    working = build_roadmap_document(SLUG, out=tmp_path / "calisma.docx")
    text = full_text(working.path)
    assert (
        "Meclis yol haritasını oy birliğiyle benimsedi." in text
        and "Örnekköy Belediye Meclisi (Belediye meclisi)" in text
    )
    create_cohort(COORDINATOR, "kohort", "Kohort", date(2026, 1, 1), date(2026, 12, 31))
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    (row,) = report_rows(cohort_progress(COORDINATOR, "kohort"), "tr")
    assert row["Paylaşım"] == 1


def test_a_name_an_address_or_a_number_written_into_a_free_text_is_taken_out(example):
    from roadmap.domain.publication import publishable

    data = load_roadmap(SLUG).data
    minor = next(p for m in data.consultations.meetings for p in m.people if p.age is not None and p.age < 18)
    contact = next(
        s for s in data.stakeholders.stakeholders if not s.public_consent and " " in s.contact_person
    )
    data.plan.vision = f"Bilgi için {contact.contact_person}: iletisim@ornekkoy.bel.tr, 0 (532) 123 45 67."
    meeting = data.consultations.held()[1]
    meeting.inputs[0].text = f"{minor.name.upper()} gençlik meclisinin hafta sonu toplanmasını önerdi."
    public = publishable(data, "tr", {}, {}, {})
    dumped = public.model_dump_json()
    assert contact.contact_person not in dumped and minor.name.upper() not in dumped
    assert "iletisim@" not in dumped and "123 45 67" not in dumped
    assert public.vision == "Bilgi için […]: […], […]."
    assert public.inputs[len(data.consultations.held()[0].inputs)].text.startswith("[…] gençlik meclisinin")


def test_a_text_that_a_spreadsheet_would_run_as_a_formula_stays_text_in_the_csv(example):
    from roadmap.render.open_data import roadmap_csvs
    from roadmap.services.releases import _public_roadmap

    data = load_roadmap(SLUG).data
    data.plan.goals[0].actions[0].title = '=HYPERLINK("http://kotu.example","tıkla")'
    rows = list(
        csv.reader(io.StringIO(roadmap_csvs(_public_roadmap(data, "tr"))["actions"].decode("utf-8-sig")))
    )
    assert rows[1][4] == '\'=HYPERLINK("http://kotu.example","tıkla")'


def test_a_roadmap_reopened_while_its_release_is_written_is_not_published(approved, monkeypatch):
    import roadmap.services.releases as releases_module

    written = releases_module._files

    def reopen_meanwhile(roadmaps, pdf):  # type: ignore[no-untyped-def]
        files = written(roadmaps, pdf)
        svc.reopen_stage(CONSULTANT, SLUG, Stage.ROADMAP, "Bütçe yeniden hesaplanacak")
        return files

    monkeypatch.setattr(releases_module, "_files", reopen_meanwhile)
    with pytest.raises(TransitionRefused) as refused:
        publish_release(TEAM, SLUG, pdf=False)
    assert refused.value.key == "refused.publish_changed"
    assert release_history(TEAM, SLUG) == []


def test_a_releases_files_live_in_the_file_store_and_pruning_drafts_never_removes_them(approved):
    from roadmap.pipeline import build_roadmap_document
    from roadmap.services.files import check_store, prune_exports
    from roadmap.store.files import file_store

    record = publish_release(TEAM, SLUG, pdf=False)
    for _ in range(3):  # drafts enough for retention to prune some
        build_roadmap_document(SLUG, actor=TEAM)
    before = release_files(SLUG, record.number)
    stored = public_page(SLUG, number=record.number).release.files
    for name in stored:  # every file is in the store under its own hash
        assert file_store().size(public_file_hash(name, record.number)) == len(before[name])
    plan = prune_exports(COORDINATOR, apply=True, keep=1)
    assert plan.applied
    assert release_files(SLUG, record.number) == before  # nothing published was pruned
    assert not check_store(COORDINATOR).problems


def public_file_hash(name: str, number: int) -> str:
    with unit_of_work() as session:
        row = session.exec(select(RoadmapRelease).where(RoadmapRelease.number == number)).one()
        return str(row.files[name]["sha256"])


def test_a_bundle_carries_the_releases_and_a_replacing_restore_keeps_the_public_page(approved, tmp_path):
    from roadmap.services.bundle import export_bundle, import_bundle

    first = publish_release(TEAM, SLUG, pdf=False)
    withdraw_release(COORDINATOR, SLUG, first.number, "Yanlış gösterge değerleri yayımlandı.")
    svc.reopen_stage(CONSULTANT, SLUG, Stage.ROADMAP, "Gösterge değerleri düzeltilecek.")
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    content = {**view.content, "vision": "Her mahallede bir katılım masası kuran bir belediye."}
    svc.update_stage(TEAM, SLUG, Stage.ROADMAP, content, view.version)
    svc.submit_stage(TEAM, SLUG, Stage.ROADMAP)
    svc.review_stage(CONSULTANT, SLUG, Stage.ROADMAP, approve=True)
    second = publish_release(TEAM, SLUG, pdf=False)
    before = release_files(SLUG, second.number)
    page = public_page(SLUG)
    history = release_history(COORDINATOR, SLUG)

    bundle = tmp_path / "yedek.json"
    export_bundle(COORDINATOR, SLUG, bundle)
    import_bundle(COORDINATOR, bundle, replace=True)  # the municipality and its releases, replaced

    assert public_page(SLUG) == page  # the same current release, the withdrawn one still listed
    assert release_files(SLUG, second.number) == before  # every file, byte for byte
    restored = release_history(COORDINATOR, SLUG)
    assert [r.withdrawn for r in restored] == [True, False]
    assert [r.model_dump(exclude={"paths"}) for r in restored] == [
        r.model_dump(exclude={"paths"}) for r in history
    ]  # who published, who withdrew and why, and when


def test_a_name_is_scrubbed_however_it_is_spaced_or_ordered():
    from roadmap.domain.publication import REDACTED, Scrubber

    scrub = Scrubber({"Ayşe Yılmaz"})
    for written in (
        "Ayşe Yılmaz",
        "Ayşe  Yılmaz",
        "Ayşe\nYılmaz",
        "Yılmaz, Ayşe",
        "Yılmaz Ayşe",
        "ayşe yılmaz",
    ):
        assert scrub(f"Toplantıyı {written} yönetti.") == f"Toplantıyı {REDACTED} yönetti.", written
    assert scrub("Ayşegül Yılmazer geldi.") == "Ayşegül Yılmazer geldi."  # another name is not a match


def test_a_withdrawal_reason_naming_a_person_is_shown_publicly_without_the_name(approved):
    from roadmap.domain.publication import REDACTED

    publish_release(TEAM, SLUG, pdf=False)
    person = "Ayşe Yılmaz"  # the team member the example names
    withdraw_release(TEAM, SLUG, 1, f"{person} adı ve 0532 111 22 33 numarası yayımlanmıştı.")
    shown = public_page(SLUG, number=1).release.withdrawal_reason
    assert person not in shown and "0532" not in shown and shown.count(REDACTED) == 2
