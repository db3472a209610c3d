"""Consultant review: versions, comment threads, diffs in words, the review queue, Word comments round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from roadmap.domain.diff import describe_changes
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput, PermissionDenied
from roadmap.pipeline import build_roadmap_document
from roadmap.render.word import clean
from roadmap.render.word_comments import read_word_comments
from roadmap.services import review
from roadmap.services import stages as svc
from roadmap.services.exports import export_versions, import_word_comments

# --- diff in words --------------------------------------------------------------------------------


def test_diff_says_what_was_added_removed_and_changed():
    before = {
        "stakeholders": [
            {"name": "Gençlik Derneği", "power": 2, "interest": 4, "level": "consult"},
            {"name": "Spor Kulübü", "power": 1, "interest": 2},
        ]
    }
    after = {
        "stakeholders": [
            {"name": "Gençlik Derneği", "power": 3, "interest": 4, "level": "involve"},
            {"name": "Kadın Kooperatifi", "power": 1, "interest": 5},
        ]
    }
    assert describe_changes(Stage.STAKEHOLDERS, before, after) == [
        "paydaş eklendi: Kadın Kooperatifi",
        "paydaş çıkarıldı: Spor Kulübü",
        "paydaş 'Gençlik Derneği' › güç: 2 → 3",
        "paydaş 'Gençlik Derneği' › katılım düzeyi: consult → involve",
    ]


def test_diff_follows_nested_records_and_ignores_order():
    goal = {
        "title": "Dijital katılım",
        "actions": [
            {"title": "Portal", "indicators": [{"name": "Kullanıcı", "target": 3.0, "unit": "bin"}]},
            {"title": "Canlı yayın", "indicators": []},
        ],
    }
    changed = {
        "title": "Dijital katılım",
        "actions": [
            {"title": "Canlı yayın", "indicators": []},
            {"title": "Portal", "indicators": [{"name": "Kullanıcı", "target": 5.0, "unit": "bin"}]},
        ],
    }
    assert describe_changes(Stage.ROADMAP, {"goals": [goal]}, {"goals": [changed]}) == [
        "amaç 'Dijital katılım' › eylem 'Portal' › gösterge 'Kullanıcı' › hedef: 3 → 5"
    ]
    assert describe_changes(Stage.ROADMAP, {"goals": [goal]}, {"goals": [goal]}) == ["Değişiklik yok."]


def test_diff_between_a_submission_and_the_current_draft(example):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="T4 tarihi değişecek.")
    view = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    view.content["meetings"][3]["day"] = "2026-12-17"
    svc.update_stage(TEAM, SLUG, Stage.CONSULTATIONS, view.content, view.version)
    lines = [line.render("tr") for line in review.stage_diff(TEAM, SLUG, Stage.CONSULTATIONS, "1", "current")]
    assert lines == [
        "toplantı 'Yol haritası taslağının paylaşım toplantısı' › tarih: 2026-12-10 → 2026-12-17"
    ]
    with pytest.raises(Exception, match="1 kez gönderildi"):
        review.stage_diff(TEAM, SLUG, Stage.CONSULTATIONS, "7", "current")


# --- comment threads and the queue ----------------------------------------------------------------


def test_comment_thread_with_reply_and_resolve(example):
    first = review.add_comment(
        CONSULTANT, SLUG, Stage.ROADMAP, "Eylem 2.1'in hedefi düşük.", field="eylem 2.1"
    )
    review.reply(TEAM, SLUG, first, "Hedefi 60'tan 80'e çıkardık.")
    (thread,) = review.threads(TEAM, SLUG)
    assert (thread.stage, thread.field, thread.author_name) == (Stage.ROADMAP, "eylem 2.1", "Deniz Arslan")
    assert [r.text for r in thread.replies] == ["Hedefi 60'tan 80'e çıkardık."]
    status = {row.stage: row.open_comments for row in svc.status_report(TEAM, SLUG).stages}
    assert status[Stage.ROADMAP] == 1
    with pytest.raises(PermissionDenied):
        review.resolve(TEAM, SLUG, first)  # a team member cannot close the consultant's comment
    review.resolve(CONSULTANT, SLUG, first)
    assert review.threads(TEAM, SLUG) == [] and len(review.threads(TEAM, SLUG, include_resolved=True)) == 1


def test_review_queue_lists_what_waits_for_the_consultant_oldest_first(example):
    svc.open_stage_early(CONSULTANT, SLUG, Stage.ROADMAP)
    svc.submit_stage(TEAM, SLUG, Stage.ROADMAP)
    review.add_comment(CONSULTANT, SLUG, Stage.ROADMAP, "Bütçeler kontrol edilecek.")
    queue = review.review_queue(CONSULTANT)
    assert [(q.slug, q.stage, q.open_comments) for q in queue] == [
        (SLUG, Stage.CONSULTATIONS, 0),
        (SLUG, Stage.ROADMAP, 1),
    ]
    with pytest.raises(PermissionDenied):
        review.review_queue(TEAM)


# --- Word comments out and back in ----------------------------------------------------------------


def annotate(path: Path, heading: str, text: str, author: str, out: Path) -> Path:
    """Do what a reviewer does in Word: comment on a paragraph under a chapter heading."""
    document = Document(str(path))
    paragraphs = document.paragraphs
    start = next(
        i for i, p in enumerate(paragraphs) if p.text == heading and p.style.name.startswith("Heading")
    )
    target: Paragraph = next(p for p in paragraphs[start + 1 :] if p.runs and p.text.strip())
    document.add_comment(target.runs, text=text, author=author, initials="MY")
    document.save(str(out))
    return out


def test_review_comments_travel_to_word_and_reviewer_comments_come_back(example, tmp_path):
    review.add_comment(
        CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Muhtarlıkların ilgisi yeniden değerlendirilmeli."
    )
    clean_export = build_roadmap_document(SLUG, out=tmp_path / "temiz.docx")
    assert len(Document(str(clean_export.path)).comments) == 0
    result = build_roadmap_document(SLUG, out=tmp_path / "yorumlu.docx", with_comments=True)
    identifier, exported = read_word_comments(result.path)
    assert identifier == f"roadmap:{SLUG}:2"
    assert [(c.author, c.text.splitlines()[0], c.heading) for c in exported] == [
        ("Deniz Arslan", "Muhtarlıkların ilgisi yeniden değerlendirilmeli.", "Paydaş Haritası")
    ]
    annotated = annotate(
        result.path,
        "Eylem Planı",
        "2.2 için bütçe kaynağı belirtilmeli.",
        "Meltem Yazar",
        tmp_path / "danisman.docx",
    )
    imported = import_word_comments(CONSULTANT, SLUG, annotated)
    assert (imported.version, imported.added, imported.skipped) == (2, 1, 1)
    came_back = [t for t in review.threads(TEAM, SLUG) if t.source == "word"]
    assert [(t.stage, t.author_name, t.field, t.text) for t in came_back] == [
        (Stage.ROADMAP, "Meltem Yazar", "Eylem Planı", "2.2 için bütçe kaynağı belirtilmeli.")
    ]
    again = import_word_comments(CONSULTANT, SLUG, annotated)
    assert (again.added, again.skipped) == (0, 2)
    assert [v.number for v in export_versions(TEAM, SLUG)] == [1, 2]


def test_documents_from_elsewhere_are_refused(example, tmp_path):
    exported = build_roadmap_document(SLUG, out=tmp_path / "v1.docx").path

    def with_identifier(value: str) -> Path:
        document = Document(str(exported))
        document.core_properties.identifier = value
        path = tmp_path / f"{abs(hash(value))}.docx"
        document.save(str(path))
        return path

    with pytest.raises(InvalidInput, match="'baskakoy' belediyesine ait"):
        import_word_comments(COORDINATOR, SLUG, with_identifier("roadmap:baskakoy:1"))
    with pytest.raises(InvalidInput, match=r"sürümü \(9\) kayıtlı dışa aktarmalar arasında yok"):
        import_word_comments(COORDINATOR, SLUG, with_identifier("roadmap:ornekkoy:9"))
    stranger = Document()
    stranger.add_paragraph("Başka bir belediyenin eylem planı")
    stranger.save(str(tmp_path / "baska.docx"))
    with pytest.raises(InvalidInput, match="bu araçla dışa aktarılmış bir yol haritası değil"):
        import_word_comments(COORDINATOR, SLUG, tmp_path / "baska.docx")
    not_docx = tmp_path / "not.docx"
    not_docx.write_text("merhaba", encoding="utf-8")
    with pytest.raises(InvalidInput, match="Word belgesi"):
        import_word_comments(COORDINATOR, SLUG, not_docx)


# --- document quality -----------------------------------------------------------------------------


def test_text_word_cannot_hold_is_cleaned():
    assert clean("Satır\x0bsonu\x00") == "Satırsonu"
    long_word = "a" * 100
    assert clean(long_word).replace("\u200b", "") == long_word and clean(long_word).count("\u200b") == 2
    assert clean("Katılım 🎉") == "Katılım 🎉"


def test_custom_template_styles_are_used(example, tmp_path):
    template = Document(str(Path(__file__).resolve().parents[2] / "templates" / "reference.docx"))
    template.styles["Normal"].font.name = "DejaVu Serif"
    template.sections[0].header.paragraphs[0].text = "T.C. ÖRNEKKÖY BELEDİYESİ"
    template.save(str(tmp_path / "antetli.docx"))
    result = build_roadmap_document(
        SLUG, out=tmp_path / "antetli-yol-haritasi.docx", reference=tmp_path / "antetli.docx"
    )
    document = Document(str(result.path))
    assert document.styles["Normal"].font.name == "DejaVu Serif"
    with pytest.raises(InvalidInput, match="şablon"):
        build_roadmap_document(SLUG, out=tmp_path / "x.docx", reference=tmp_path / "yok.docx")


@pytest.mark.libreoffice
@pytest.mark.skipif(
    __import__("shutil").which("soffice") is None, reason="LibreOffice is installed by make test"
)
def test_a_document_saved_again_by_libreoffice_keeps_its_identity_and_comments(example, tmp_path):
    import subprocess

    review.add_comment(CONSULTANT, SLUG, Stage.NEEDS, "Sivil aktör yanıtları artırılmalı.")
    exported = build_roadmap_document(SLUG, out=tmp_path / "yorumlu.docx", with_comments=True).path
    annotated = annotate(
        exported,
        "Odak Alanları ve Seçim Gerekçeleri",
        "Gerekçeler kısa.",
        "Meltem Yazar",
        tmp_path / "danisman.docx",
    )
    resaved = tmp_path / "libreoffice"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "docx",
            "--outdir",
            str(resaved),
            str(annotated),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    imported = import_word_comments(CONSULTANT, SLUG, resaved / "danisman.docx")
    assert (imported.version, imported.added, imported.skipped) == (1, 1, 1)
    (focus,) = [t for t in review.threads(TEAM, SLUG) if t.source == "word"]
    assert (focus.stage, focus.author_name) == (Stage.FOCUS, "Meltem Yazar")


def test_a_comment_about_one_record_sits_on_that_records_line_in_word(example, tmp_path):
    stakeholder = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"][3]
    review.add_comment(
        CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Bu paydaşın gücü düşük mü?", record_id=stakeholder["id"]
    )
    path = build_roadmap_document(SLUG, out=tmp_path / "yorumlu.docx", with_comments=True).path
    body = Document(str(path)).element.body
    anchored = [
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in body.iter(qn("w:p"))
        if p.find(".//" + qn("w:commentRangeStart")) is not None
    ]
    assert len(anchored) == 1 and stakeholder["name"] in anchored[0]
    again = import_word_comments(CONSULTANT, SLUG, path)  # our own comment is known, not added twice
    assert again.added == 0
