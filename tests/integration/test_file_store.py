"""Documents live in the file store (a folder or S3), the database keeps their hashes; both stores
pass the same tests (``any_store``: the local folder, then S3 on a real server on loopback)."""

from __future__ import annotations

import base64
import hashlib
from datetime import date

import pytest
from alembic import command
from conftest import BACKEND, CONSULTANT, COORDINATOR, SLUG, TEAM, use_data_dir, use_s3_store
from docx import Document
from PIL import Image
from sqlalchemy import inspect
from sqlmodel import select

from roadmap.domain.stages import Stage
from roadmap.errors import NotFound, PermissionDenied
from roadmap.pipeline import build_roadmap_document, load_roadmap
from roadmap.services import stages as svc
from roadmap.services.bundle import export_bundle, import_bundle
from roadmap.services.cohorts import add_to_cohort, create_cohort, set_cohort_partners
from roadmap.services.exports import export_document, export_versions
from roadmap.services.files import check_store, prune_exports
from roadmap.settings import get_settings
from roadmap.store.db import _alembic_config, get_engine, init_database, unit_of_work
from roadmap.store.files import CorruptFile, FileStore, MissingFile, StoreUnavailable, file_store, store_at
from roadmap.store.tables import AuditRecord, Cohort, StoredFile


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export(tmp_path, lang: str = "tr", name: str = "yol.docx") -> int:
    return build_roadmap_document(SLUG, lang=lang, out=tmp_path / lang / name).number  # type: ignore[arg-type]


def objects(store: FileStore) -> list[str]:
    import obstore

    return sorted(item["path"] for batch in obstore.list(store.backend) for item in batch)


def test_the_same_bytes_are_kept_once_under_their_hash(empty_db, any_store):
    store = file_store()
    first, again = store.put(b"Yol haritasi"), store.put(b"Yol haritasi")
    assert first == again == sha256(b"Yol haritasi")
    assert objects(store) == [f"{first[:2]}/{first}"]
    assert store.get(first) == b"Yol haritasi" and store.size(first) == 12


def test_a_file_changed_in_the_store_is_refused_when_read(empty_db, any_store):
    store = file_store()
    kept = store.put(b"asil belge")
    import obstore

    obstore.put(store.backend, FileStore.key(kept), b"degistirilmis belge")
    with pytest.raises(CorruptFile) as refused:
        store.get(kept, "ornekkoy-yol-haritasi-v1-tr.docx")
    assert "ornekkoy-yol-haritasi-v1-tr.docx" in str(refused.value)


def test_a_store_that_cannot_be_reached_or_has_no_bucket_is_a_clear_error(empty_db, s3_server):
    for location, endpoint in (
        ("s3://roadmap-yok/x", s3_server),
        ("s3://roadmap-kapali/x", "http://127.0.0.1:9"),
    ):
        with pytest.raises(StoreUnavailable) as refused:
            store_at(location, endpoint).put(b"belge")
        assert location in str(refused.value) and "Dosya deposuna ulaşılamadı" in str(refused.value)


def test_an_export_keeps_its_document_in_the_store_and_only_hashes_in_the_database(
    example, any_store, tmp_path
):
    number = export(tmp_path)
    on_disk = (tmp_path / "tr" / "yol.docx").read_bytes()
    document, name = export_document(TEAM, SLUG, number)
    assert document == on_disk and name == f"{SLUG}-yol-haritasi-v1-tr.docx"
    columns = {c["name"] for c in inspect(get_engine()).get_columns("roadmap_export")}
    assert "document" not in columns and "data" not in columns
    with unit_of_work() as session:
        kinds = {f.sha256: f.media_type for f in session.exec(select(StoredFile)).all()}
    assert kinds[sha256(on_disk)].endswith("wordprocessingml.document")
    assert sorted(kinds.values()).count("application/json") == 1  # the data it was built from


def test_a_missing_document_is_a_clear_error_naming_it(example, any_store, tmp_path):
    number = export(tmp_path)
    file_store().delete(sha256((tmp_path / "tr" / "yol.docx").read_bytes()))
    with pytest.raises(MissingFile) as missing:
        export_document(TEAM, SLUG, number)
    assert f"{SLUG}-yol-haritasi-v1-tr.docx" in str(missing.value) and "dosya deposunda yok" in str(
        missing.value
    )
    report = check_store(COORDINATOR)
    assert [p.found for p in report.problems] == [None] and report.files == 2


def test_a_bundle_restored_on_a_second_machine_with_its_own_store_gives_the_same_documents(
    example, any_store, tmp_path, request
):
    numbers = [export(tmp_path, "tr"), export(tmp_path, "en")]
    originals = {n: export_document(TEAM, SLUG, n)[0] for n in numbers}
    data = load_roadmap(SLUG).data
    export_bundle(COORDINATOR, SLUG, tmp_path / "yedek.json")
    first = file_store()
    for kept in objects(first):  # the first machine's store is gone: the bundle must carry the documents
        first.delete(kept.split("/")[-1])

    use_data_dir(tmp_path / "second")
    if any_store == "s3":
        use_s3_store(request.getfixturevalue("s3_server"), prefix="second")
    init_database()
    import_bundle(None, tmp_path / "yedek.json")
    assert file_store().location != first.location
    restored = {n: export_document(TEAM, SLUG, n)[0] for n in numbers}
    assert {n: sha256(d) for n, d in restored.items()} == {n: sha256(d) for n, d in originals.items()}
    assert [v.version for v in export_versions(TEAM, SLUG)] == [1, 1]
    assert load_roadmap(SLUG).data == data
    assert check_store(COORDINATOR).problems == []


def _finish_the_roadmap() -> None:
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True)
    svc.submit_stage(TEAM, SLUG, Stage.ROADMAP)
    svc.review_stage(CONSULTANT, SLUG, Stage.ROADMAP, approve=True, comment="Uygundur.")


def test_pruning_keeps_approved_versions_and_the_last_drafts_and_says_what_it_frees(
    example, any_store, tmp_path
):
    for _ in range(4):
        export(tmp_path)  # four drafts: #1–#4
    _finish_the_roadmap()
    export(tmp_path, name="son.docx")  # #5, approved: kept for good
    export(tmp_path)  # #6, approved as well
    sizes = {n: len(export_document(TEAM, SLUG, n)[0]) for n in range(1, 7)}

    plan = prune_exports(COORDINATOR, keep=2)  # a dry run: nothing goes
    assert [(e.number, plan.applied) for e in plan.exports] == [(1, False), (2, False)]
    assert plan.bytes == sizes[1] + sizes[2]  # the drafts' data is the same as #3's: it stays
    assert len(export_versions(TEAM, SLUG)) == 6

    done = prune_exports(COORDINATOR, apply=True, keep=2)
    assert done.applied and done.files == 2
    assert [(v.number, v.draft) for v in export_versions(TEAM, SLUG)] == [
        (3, True),
        (4, True),
        (5, False),
        (6, False),
    ]
    with pytest.raises(NotFound):
        export_document(TEAM, SLUG, 1)
    # four documents, and two states of the data: the drafts' and the approved one
    assert check_store(COORDINATOR).problems == [] and check_store(COORDINATOR).files == 6
    with unit_of_work() as session:
        audit = session.exec(select(AuditRecord).where(AuditRecord.action == "prune")).one()
    assert audit.actor == COORDINATOR and audit.comment == "#1, #2"
    assert prune_exports(COORDINATOR, keep=2).exports == []


def test_pruning_is_the_programmes_work(example):
    with pytest.raises(PermissionDenied):
        prune_exports(CONSULTANT, apply=True)


@pytest.mark.skipif(BACKEND != "sqlite", reason="measures the SQLite file")
def test_the_database_stays_small_while_documents_are_built(example, tmp_path):
    database = example / "roadmap.db"
    before = database.stat().st_size
    for lang in ("tr", "en", "tr"):
        export(tmp_path, lang)
    documents = sum(len(export_document(TEAM, SLUG, n)[0]) for n in (1, 2, 3))
    grown = database.stat().st_size - before
    # Before the store an export added its document (~100 KB) and its data (~40 KB) to the database.
    assert documents > 200_000 and grown <= 3 * 8192, grown


def partners_of_a_cohort(tmp_path) -> bytes:
    """Örnekköy in a cohort whose partner has a logo; returns the logo's bytes."""
    logo = tmp_path / "ndi.png"
    Image.new("RGB", (120, 40), "navy").save(logo)
    create_cohort(COORDINATOR, "ortakli", "KATILIYORUZ 2027", date(2027, 1, 1), date(2027, 12, 31))
    add_to_cohort(COORDINATOR, "ortakli", [SLUG], [])
    set_cohort_partners(COORDINATOR, "ortakli", [("NDI Türkiye", logo), ("Kent Konseyleri", None)])
    return logo.read_bytes()


def stored_partners() -> list[dict]:
    with unit_of_work() as session:
        return session.exec(select(Cohort.partners).where(Cohort.slug == "ortakli")).one()  # type: ignore[return-value]


def test_a_cohorts_logo_is_a_stored_file_on_every_cover_and_pruning_keeps_it(example, any_store, tmp_path):
    logo = partners_of_a_cohort(tmp_path)
    assert stored_partners() == [
        {"name": "NDI Türkiye", "logo_sha256": sha256(logo)},
        {"name": "Kent Konseyleri", "logo_sha256": ""},
    ]
    assert file_store().get(sha256(logo)) == logo
    for _ in range(3):
        export(tmp_path)
    assert prune_exports(COORDINATOR, apply=True, keep=1).files == 2  # two old documents, not the logo
    document = Document(str(build_roadmap_document(SLUG, out=tmp_path / "kapak.docx").path))
    assert logo in [part.blob for part in document.part.package.iter_parts()]


def test_migrations_move_documents_into_the_database_and_out_again(example, any_store, tmp_path):
    logo = partners_of_a_cohort(tmp_path)
    numbers = [export(tmp_path, "tr"), export(tmp_path, "en")]
    originals = {n: export_document(TEAM, SLUG, n)[0] for n in numbers}
    config = _alembic_config(get_settings().resolved_database_url())

    command.downgrade(config, "0011")
    columns = {c["name"] for c in inspect(get_engine()).get_columns("roadmap_export")}
    assert {"document", "data"} <= columns and "stored_file" not in inspect(get_engine()).get_table_names()
    assert stored_partners()[0] == {"name": "NDI Türkiye", "logo": base64.b64encode(logo).decode("ascii")}
    store = file_store()
    for kept in objects(store):  # the documents are back in the database: the store may be lost
        store.delete(kept.split("/")[-1])

    init_database()  # up to 0013 again: the documents move to the store
    assert {n: export_document(TEAM, SLUG, n)[0] for n in numbers} == originals
    # two documents, the one state of the data they were built from, and the logo
    assert len(objects(store)) == 4 and store.get(sha256(logo)) == logo
    assert stored_partners()[0] == {"name": "NDI Türkiye", "logo_sha256": sha256(logo)}
    assert check_store(COORDINATOR).problems == []
