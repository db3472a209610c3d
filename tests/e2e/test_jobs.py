"""Rebuilding a cohort from the web: a recorded job that a worker does, and a page that shows it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_web import signed_in, token, web, web_template  # noqa: F401  (fixtures)

from roadmap.errors import PermissionDenied
from roadmap.runner import Engine, choose_engine
from roadmap.services.cohorts import add_to_cohort, create_cohort
from roadmap.services.exports import export_versions
from roadmap.services.jobs import cohort_jobs, request_cohort_build, run_next_job
from roadmap.store.db import unit_of_work
from roadmap.store.tables import BuildJob

COHORT = "katiliyoruz-2026"
WEB = Path(__file__).resolve().parents[2] / "roadmap" / "web"


@pytest.fixture
def cohort(web):  # noqa: F811  (the fixture imported above)
    starts = date.today() - timedelta(days=60)
    create_cohort(COORDINATOR, COHORT, "KATILIYORUZ 2026", starts, starts + timedelta(days=300))
    add_to_cohort(COORDINATOR, COHORT, [SLUG, "baskakoy"], [CONSULTANT])
    return COHORT


def test_the_rebuild_button_records_a_job_and_builds_nothing_itself(cohort):
    before = len(export_versions(COORDINATOR, SLUG))
    browser = signed_in(COORDINATOR)
    csrf = token(browser.get(f"/cohort?cohort={cohort}").text)
    pressed = browser.post(f"/cohort/{cohort}/build", data={"csrf_token": csrf})
    assert pressed.status_code == 303
    browser.post(f"/cohort/{cohort}/build", data={"csrf_token": csrf})  # pressed twice: still one job
    jobs = cohort_jobs(COORDINATOR, cohort, limit=5)
    assert [j.state for j in jobs] == ["queued"]
    assert len(export_versions(COORDINATOR, SLUG)) == before  # the request built nothing
    page = browser.get(f"/cohort?cohort={cohort}").text
    assert "bir çalışan sürecin almasını bekliyor" in page and 'hx-trigger="every 3s"' in page


def test_a_worker_does_the_job_and_the_page_shows_its_progress_and_outcome(cohort):
    job = request_cohort_build(COORDINATOR, cohort)
    finished = run_next_job(engine=Engine.INLINE)
    assert finished is not None and finished.id == job.id
    assert (finished.state, finished.total, finished.done, finished.failed) == ("done", 2, 2, 0)
    assert finished.built + finished.unchanged == 2
    assert run_next_job() is None  # nothing left
    browser = signed_in(COORDINATOR)
    box = browser.get(f"/cohort/{cohort}/jobs").text
    assert "Bitti" in box and "hx-trigger" not in box  # a finished job is not polled any more
    browser.get("/lang/en?next=/cohort")
    assert "documents built" in browser.get(f"/cohort?cohort={cohort}").text


def test_a_job_that_cannot_be_done_is_recorded_as_failed_with_its_reason(cohort):
    with unit_of_work() as session:
        session.add(BuildJob(kind="cohort_build", target="silinmis-kohort", requested_by=COORDINATOR))
    finished = run_next_job(engine=Engine.INLINE)
    assert finished is not None and finished.state == "failed" and "silinmis-kohort" in finished.error


def test_only_a_coordinator_may_ask_for_a_rebuild(cohort):
    for who in (TEAM, CONSULTANT):
        with pytest.raises(PermissionDenied):
            request_cohort_build(who, cohort)
    team = signed_in(TEAM)
    refused = team.post(f"/cohort/{cohort}/build", data={"csrf_token": token(team.get("/m/ornekkoy").text)})
    assert refused.status_code == 403
    assert cohort_jobs(COORDINATOR, cohort) == []


def test_the_worker_command_does_the_queued_jobs_and_stops(cohort):
    request_cohort_build(COORDINATOR, cohort)
    done = subprocess.run(
        [sys.executable, "-m", "roadmap", "worker", "--once"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "1 iş yapıldı." in done.stdout
    assert cohort_jobs(COORDINATOR, cohort)[0].state == "done"


def test_the_web_app_starts_no_threads_or_processes():
    forbidden = {"threading", "multiprocessing", "concurrent.futures", "subprocess"}
    for path in WEB.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not imported & forbidden, path.name
        assert not re.search(r"\bbuild_many\b|\bbuild_cohort\b", path.read_text(encoding="utf-8")), path.name


def test_the_runner_chooses_flows_when_a_prefect_server_is_in_reach(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert choose_engine() == Engine.INLINE and choose_engine(many=True) == Engine.POOL
    assert choose_engine(Engine.DEPLOYMENT) == Engine.DEPLOYMENT
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert choose_engine() == Engine.FLOW


def test_rebuild_all_asks_first_saying_how_many_documents_then_shows_the_jobs_progress(cohort):
    browser = signed_in(COORDINATOR)
    cohort_page = browser.get(f"/cohort?cohort={cohort}").text
    assert (
        f'href="/cohort/{cohort}/build"' in cohort_page
    )  # a link to the question, not a button that starts it
    asked = browser.get(f"/cohort/{cohort}/build").text
    assert "KATILIYORUZ 2026 kohortundaki 2 belediyenin yol haritası belgesi yeniden oluşturulacak." in asked
    assert "önceki belgeler silinmez" in asked and "Vazgeç" in asked
    assert cohort_jobs(COORDINATOR, cohort) == []  # asking started nothing
    started = browser.post(f"/cohort/{cohort}/build", data={"csrf_token": token(asked)})
    assert started.headers["location"] == f"/cohort/{cohort}/jobs"
    waiting = browser.get(started.headers["location"]).text
    assert "2 belediye sırada bekliyor." in waiting and '<progress max="2" value="0"' in waiting
    assert '<noscript><meta http-equiv="refresh"' in waiting  # without JavaScript, the page refreshes itself
    assert "bir yeniden oluşturma işi zaten sırada" in browser.get(f"/cohort/{cohort}/build").text
    run_next_job(engine=Engine.INLINE)
    finished = browser.get(f"/cohort/{cohort}/jobs").text
    assert "Bitti" in finished and "refresh" not in finished and "<progress" not in finished
    polled = browser.get(f"/cohort/{cohort}/jobs", headers={"HX-Request": "true"}).text
    assert polled.lstrip().startswith('<section class="card job" id="job"')  # htmx gets the box alone


def test_the_english_job_page_counts_in_the_singular_and_plural(cohort):
    create_cohort(COORDINATOR, "tek", "Tek", date.today(), date.today() + timedelta(days=300))
    add_to_cohort(COORDINATOR, "tek", ["baskakoy"], [])
    browser = signed_in(COORDINATOR)
    browser.get("/lang/en?next=/cohort")
    asked = browser.get("/cohort/tek/build").text
    assert "The roadmap documents of 1 municipality in Tek will be rebuilt." in asked
    assert "Rebuild 1 municipality&#39;s document" in asked
    browser.post("/cohort/tek/build", data={"csrf_token": token(asked)})
    assert "1 municipality waiting." in browser.get("/cohort/tek/jobs").text
    run_next_job(engine=Engine.INLINE)
    done = browser.get("/cohort/tek/jobs").text
    assert re.search(
        r"Finished \([^)]*\): 1 document built, 0 skipped as unchanged, 0 failed\.", done
    ) or re.search(r"Finished \([^)]*\): 0 documents built, 1 skipped as unchanged, 0 failed\.", done)
