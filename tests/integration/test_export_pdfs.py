"""A PDF made for an export is part of that version: kept in the file store under its hash, named on the
export, carried by bundles, pruned with its document and checked with the store; on the local folder
store and on S3 alike (``any_store``)."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from conftest import COORDINATOR, SLUG, TEAM, use_data_dir, use_s3_store
from sqlmodel import select

from roadmap.errors import InvalidInput, NotFound
from roadmap.pipeline import build_roadmap_document
from roadmap.render.pdf import libreoffice_available
from roadmap.services.bundle import export_bundle, import_bundle
from roadmap.services.exports import export_document, export_pdf, export_versions
from roadmap.services.files import check_store, prune_exports
from roadmap.store.db import init_database, unit_of_work
from roadmap.store.files import MissingFile, file_store
from roadmap.store.tables import AuditRecord, StoredFile

pytestmark = pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice makes the PDFs")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export(tmp_path, pdf: bool = True, name: str = "yol.docx") -> int:  # type: ignore[no-untyped-def]
    return build_roadmap_document(SLUG, out=tmp_path / "out" / name, pdf=pdf).number


def stored_kinds() -> dict[str, str]:
    with unit_of_work() as session:
        return {f.sha256: f.media_type for f in session.exec(select(StoredFile)).all()}


def test_an_export_with_a_pdf_keeps_the_very_pdf_with_its_version(example, any_store, tmp_path):
    result = build_roadmap_document(SLUG, out=tmp_path / "out" / "yol.docx", pdf=True, actor=TEAM)
    assert result.pdf is not None
    on_disk = result.pdf.read_bytes()
    (version,) = export_versions(TEAM, SLUG)
    assert version.pdf_sha256 == sha256(on_disk)
    pdf, name = export_pdf(TEAM, SLUG, result.number)
    assert pdf == on_disk and pdf.startswith(b"%PDF") and name == f"{SLUG}-yol-haritasi-v1-tr.pdf"
    with unit_of_work() as session:
        stored = session.get(StoredFile, sha256(on_disk))
        (audit,) = session.exec(select(AuditRecord).where(AuditRecord.action == "export_pdf")).all()
    assert stored is not None and (stored.media_type, stored.size, stored.created_by) == (
        "application/pdf",
        len(on_disk),
        TEAM,
    )
    assert (audit.actor, audit.comment) == (TEAM, f"#{result.number}")


def test_an_export_without_a_pdf_has_none_to_download(example, tmp_path):
    number = export(tmp_path, pdf=False)
    assert export_versions(TEAM, SLUG)[0].pdf_sha256 is None
    with pytest.raises(NotFound) as missing:
        export_pdf(TEAM, SLUG, number)
    assert "PDF" in str(missing.value)
    assert export_document(TEAM, SLUG, number)[0]  # the document itself is there


def test_a_bundle_carries_the_pdf_to_a_second_data_folder_with_the_same_hash(
    example, any_store, tmp_path, request
):
    with_pdf, without = export(tmp_path), export(tmp_path, pdf=False)
    original, _ = export_pdf(TEAM, SLUG, with_pdf)
    export_bundle(COORDINATOR, SLUG, tmp_path / "yedek.json")
    first = file_store()
    for kept in list(stored_kinds()):  # the first machine's store is gone: the bundle carries the PDF
        first.delete(kept)

    use_data_dir(tmp_path / "second")
    if any_store == "s3":
        use_s3_store(request.getfixturevalue("s3_server"), prefix="second")
    init_database()
    import_bundle(None, tmp_path / "yedek.json")
    assert file_store().location != first.location
    restored, _ = export_pdf(TEAM, SLUG, with_pdf)
    assert sha256(restored) == sha256(original)
    assert {v.number: v.pdf_sha256 for v in export_versions(TEAM, SLUG)} == {
        with_pdf: sha256(original),
        without: None,
    }
    assert check_store(COORDINATOR).problems == []


def test_a_bundle_whose_pdf_was_changed_restores_nothing(example, tmp_path):
    export(tmp_path)
    export_bundle(COORDINATOR, SLUG, tmp_path / "yedek.json")
    bundle = json.loads((tmp_path / "yedek.json").read_text(encoding="utf-8"))
    bundle["municipalities"][0]["exports"][0]["pdf"] = base64.b64encode(b"%PDF-1.7 degistirildi").decode()
    (tmp_path / "changed.json").write_text(json.dumps(bundle), encoding="utf-8")

    use_data_dir(tmp_path / "second")
    init_database()
    with pytest.raises(InvalidInput) as refused:
        import_bundle(None, tmp_path / "changed.json")
    assert "PDF" in str(refused.value) and "Hiçbir şey geri yüklenmedi" in str(refused.value)
    assert stored_kinds() == {}


def test_pruning_a_draft_drops_its_pdf_and_keeps_the_pdf_of_a_kept_draft(example, any_store, tmp_path):
    pruned, kept = export(tmp_path), export(tmp_path)
    pruned_pdf = export_versions(TEAM, SLUG)[0].pdf_sha256
    kept_pdf = export_versions(TEAM, SLUG)[1].pdf_sha256
    assert pruned_pdf and kept_pdf and pruned_pdf != kept_pdf

    done = prune_exports(COORDINATOR, apply=True, keep=1)
    assert [e.number for e in done.exports] == [pruned]
    assert done.files == 2  # the pruned draft's document and its PDF (its data is the kept draft's)
    store = file_store()
    assert store.size(pruned_pdf) is None and pruned_pdf not in stored_kinds()
    assert export_pdf(TEAM, SLUG, kept)[0].startswith(b"%PDF") and store.size(kept_pdf) is not None
    with pytest.raises(NotFound):
        export_pdf(TEAM, SLUG, pruned)
    assert check_store(COORDINATOR).problems == []


def test_the_store_check_names_a_missing_pdf(example, any_store, tmp_path):
    number = export(tmp_path)
    pdf_hash = export_versions(TEAM, SLUG)[0].pdf_sha256
    assert pdf_hash is not None
    file_store().delete(pdf_hash)
    report = check_store(COORDINATOR)
    assert [(p.sha256, p.media_type, p.found) for p in report.problems] == [
        (pdf_hash, "application/pdf", None)
    ]
    with pytest.raises(MissingFile) as missing:
        export_pdf(TEAM, SLUG, number)
    assert f"{SLUG}-yol-haritasi-v{number}-tr.pdf" in str(missing.value)


def test_a_retried_pdf_step_keeps_the_versions_first_pdf_on_disk_too(example, tmp_path):
    from roadmap.pipeline import ExportOptions, write_pdf

    result = build_roadmap_document(SLUG, out=tmp_path / "out" / "yol.docx", pdf=True)
    first = export_versions(TEAM, SLUG)[0].pdf_sha256
    options = ExportOptions(lang="tr", out=result.path, reference=result.path, pdf=True)
    again = write_pdf(result.path, options, SLUG, result.number)  # as a retry of the step would
    assert again == result.pdf and again is not None
    assert export_versions(TEAM, SLUG)[0].pdf_sha256 == first == sha256(again.read_bytes())
