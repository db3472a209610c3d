"""The web app's attack surface, generated from its routes: nothing of another municipality leaks."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from conftest import COORDINATOR, SLUG, TEAM
from test_web import OTHER, OTHER_TEAM, PASSWORD, client, signed_in, token, web, web_template  # noqa: F401

from roadmap.domain.stages import Stage
from roadmap.services import stages as svc
from roadmap.web.app import create_app

# Every route, with the answer a team member of *another* municipality gets for this one
# (404: "not found", as if it did not exist) or the reason the route is not about one municipality.
FOREIGN = 404
PUBLIC_RELEASE = "public: published releases only"
ROUTES = {
    ("GET", "/login"): "public",
    ("POST", "/login"): "public",
    ("POST", "/logout"): "own session",
    ("GET", "/lang/{code}"): "public",
    ("GET", "/"): "own home",
    ("GET", "/review"): "role: consultant, coordinator",
    ("GET", "/notifications"): "own notices",
    ("GET", "/cohort"): "role: consultant, coordinator",
    ("GET", "/cohort/{slug}/report.xlsx"): "role: coordinator",
    ("GET", "/cohort/{slug}/documents.zip"): "role: coordinator",
    ("GET", "/cohort/{slug}/build"): "role: coordinator",
    ("POST", "/cohort/{slug}/build"): "role: coordinator",
    ("GET", "/cohort/{slug}/jobs"): "role: coordinator",
    ("GET", "/cohort/{slug}/themes"): "role: coordinator",
    ("GET", "/m/{slug}"): FOREIGN,
    ("GET", "/m/{slug}/stages/{number}"): FOREIGN,
    ("POST", "/m/{slug}/stages/{number}"): FOREIGN,
    ("POST", "/m/{slug}/stages/{number}/submit"): FOREIGN,
    ("POST", "/m/{slug}/stages/{number}/review"): FOREIGN,
    ("POST", "/m/{slug}/stages/{number}/comments"): FOREIGN,
    ("POST", "/m/{slug}/stages/5/prefill"): FOREIGN,
    ("POST", "/m/{slug}/stages/{number}/workflow"): FOREIGN,
    ("POST", "/m/{slug}/checks/explain"): FOREIGN,
    ("GET", "/m/{slug}/stages/{number}/translate"): FOREIGN,
    ("POST", "/m/{slug}/stages/{number}/translate"): FOREIGN,
    ("POST", "/m/{slug}/checks/waive"): FOREIGN,
    ("POST", "/m/{slug}/themes/suggest"): FOREIGN,
    ("POST", "/m/{slug}/themes"): FOREIGN,
    ("POST", "/m/{slug}/stages/{number}/upload"): FOREIGN,
    ("POST", "/m/{slug}/stages/{number}/upload/confirm"): FOREIGN,
    ("POST", "/m/{slug}/stages/{number}/upload/mapping"): FOREIGN,
    ("POST", "/m/{slug}/stages/{number}/upload/discard"): FOREIGN,
    ("GET", "/m/{slug}/stages/{number}/upload/{token}/mapping.yaml"): FOREIGN,
    ("GET", "/m/{slug}/charts/{name}.png"): FOREIGN,
    ("GET", "/m/{slug}/history"): FOREIGN,
    ("GET", "/m/{slug}/stages/{number}/diff"): FOREIGN,
    ("POST", "/m/{slug}/export"): FOREIGN,
    ("GET", "/m/{slug}/exports/{number}.docx"): FOREIGN,
    ("GET", "/m/{slug}/exports/{number}.pdf"): FOREIGN,
    ("GET", "/admin/municipalities"): "role: coordinator",
    ("POST", "/admin/municipalities"): "role: coordinator",
    ("GET", "/admin/municipalities/{slug}"): FOREIGN,
    ("POST", "/admin/municipalities/{slug}"): FOREIGN,
    ("POST", "/admin/municipalities/{slug}/consultants"): FOREIGN,
    ("GET", "/admin/people"): "role: consultant (their municipalities), coordinator",
    ("POST", "/admin/people"): "role: consultant (their municipalities), coordinator",
    ("GET", "/admin/people/{person_id}"): "role: coordinator",
    ("POST", "/admin/people/{person_id}"): "role: coordinator",
    ("GET", "/admin/cohorts"): "role: coordinator",
    ("POST", "/admin/cohorts/{slug}"): "role: coordinator",
    ("GET", "/preferences"): "own preferences",
    ("POST", "/preferences"): "own preferences",
    ("GET", "/password/forgot"): "public (the same answer for any address)",
    ("POST", "/password/forgot"): "public (the same answer for any address)",
    ("GET", "/password/set/{token}"): "public (a one-time link)",
    ("POST", "/password/set/{token}"): "public (a one-time link)",
    ("POST", "/m/{slug}/publish"): FOREIGN,
    ("POST", "/m/{slug}/releases/{number}/withdraw"): FOREIGN,
    ("GET", "/m/{slug}/stakeholders/rounds"): FOREIGN,
    ("POST", "/m/{slug}/stakeholders/rounds"): FOREIGN,
    ("POST", "/m/{slug}/stakeholders/rounds/{code}"): FOREIGN,
    ("GET", "/m/{slug}/stakeholders/rounds/{code}/grid.png"): FOREIGN,
    # Published releases, for anyone without signing in: they read releases only, never a draft.
    ("GET", "/p"): PUBLIC_RELEASE,
    ("GET", "/p/{slug}"): PUBLIC_RELEASE,
    ("GET", "/p/{slug}/releases/{number}"): PUBLIC_RELEASE,
    ("GET", "/p/{slug}/releases/{number}/files/{name}"): PUBLIC_RELEASE,
    ("GET", "/p/{slug}/actions/{action_id}"): PUBLIC_RELEASE,
}


def _flatten(routes):  # type: ignore[no-untyped-def]
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI wraps included routers
        yield from _flatten(included.routes) if included is not None else [route]


def app_routes() -> set[tuple[str, str]]:
    found = set()
    for route in _flatten(create_app().routes):
        for method in getattr(route, "methods", None) or ():
            if method != "HEAD" and not route.path.startswith("/static"):
                found.add((method, route.path))
    return found


def test_every_route_is_classified_so_a_new_one_cannot_skip_the_matrix():
    assert app_routes() == set(ROUTES), "classify the new route in ROUTES (and test it)"


def _fill(path: str) -> str:
    return path.format(slug=OTHER, number=3, name="grid", code="tr", token="x")


@pytest.mark.parametrize("method, path", [r for r, rule in ROUTES.items() if rule == FOREIGN])
def test_a_team_member_gets_not_found_for_every_route_of_another_municipality(web, method, path):  # noqa: F811
    browser = signed_in(TEAM)
    csrf = token(browser.get(f"/m/{SLUG}").text)
    before = svc.show_stage(COORDINATOR, OTHER, Stage.STAKEHOLDERS)
    url = _fill(path)
    if method == "GET":
        response = browser.get(url)
    else:
        response = browser.post(
            url,
            data={
                "csrf_token": csrf,
                "version": str(before.version),
                "text": "x",
                "decision": "approve",
                "token": "x",
            },
            files={"file": ("liste.csv", b"Ad,T\xc3\xbcr\nDernek,stk\n", "text/csv")}
            if url.endswith("/upload")
            else None,
        )
    assert response.status_code == 404, (method, url, response.status_code)
    assert "Başkaköy" not in response.text
    assert svc.show_stage(COORDINATOR, OTHER, Stage.STAKEHOLDERS).version == before.version


@pytest.mark.parametrize(
    "path",
    [
        "/cohort/{slug}/report.xlsx",
        "/cohort/{slug}/documents.zip",
        "/cohort/{slug}/jobs",
        "/cohort/{slug}/themes",
        "/cohort/{slug}/build",
        "/review",
        "/cohort",
    ],
)
def test_a_team_member_is_refused_the_programme_pages(web, path):  # noqa: F811
    from roadmap.services.cohorts import add_to_cohort, create_cohort

    create_cohort(
        COORDINATOR,
        "kohort",
        "Kohort",
        __import__("datetime").date(2026, 1, 1),
        __import__("datetime").date(2026, 12, 31),
    )
    add_to_cohort(COORDINATOR, "kohort", [SLUG, OTHER], [])
    assert signed_in(TEAM).get(path.format(slug="kohort")).status_code == 403
    assert signed_in(COORDINATOR).get(path.format(slug="kohort")).status_code == 200


def test_signing_in_gives_a_new_session_so_a_planted_cookie_is_worthless(web):  # noqa: F811
    browser = client()
    page = browser.get("/login")
    planted = browser.cookies.get("roadmap_session")
    browser.post("/login", data={"email": TEAM, "password": PASSWORD, "csrf_token": token(page.text)})
    assert browser.cookies.get("roadmap_session") not in (None, planted)
    forged = client()
    forged.cookies.set("roadmap_session", "eyJ1aWQiOiAxfQ==.forged.signature")
    assert forged.get("/m/ornekkoy").status_code == 303  # an unsigned session is no session


def test_a_changed_password_ends_the_sessions_started_with_the_old_one(web):  # noqa: F811
    from roadmap.services.accounts import set_password

    browser = signed_in(TEAM)
    assert browser.get("/m/ornekkoy").status_code == 200
    set_password(COORDINATOR, TEAM, "yepyeni-bir-parola")
    assert browser.get("/m/ornekkoy").status_code == 303


def test_downloads_take_only_a_version_number_never_a_path(web):  # noqa: F811
    browser = signed_in(TEAM)
    for url in (
        "/m/ornekkoy/exports/..%2F..%2Fetc%2Fpasswd.docx",
        "/m/ornekkoy/exports/1%2F..%2F2.docx",
        "/m/ornekkoy/charts/..%2Fhistory.png",
    ):
        response = browser.get(url)
        assert response.status_code in (404, 422) and "root:" not in response.text
    assert browser.get("/m/ornekkoy/exports/99.docx").status_code == 404


def test_a_zip_bomb_upload_is_refused_with_a_reason_and_stores_nothing(web):  # noqa: F811
    svc.reopen_stage("danisman@katiliyoruz.example.org", SLUG, Stage.STAKEHOLDERS, "Yeni liste")
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/3").text)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    before = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    response = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={
            "file": (
                "bomba.xlsx",
                bomb.getvalue(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
    )
    assert response.status_code == 422 and "güvenlik için açılmadı" in response.text
    assert svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).version == before.version


def test_template_syntax_in_user_text_is_shown_as_written_in_the_page(web):  # noqa: F811
    svc.reopen_stage("danisman@katiliyoruz.example.org", SLUG, Stage.TEAM, "Not eklenecek")
    browser = signed_in(TEAM)
    page = browser.get("/m/ornekkoy/stages/0").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    response = browser.post(
        "/m/ornekkoy/stages/0",
        data={"csrf_token": token(page), "version": version, "members.0.role": "{{ 7*7 }} {% raw %}x"},
    )
    assert response.status_code == 303
    shown = browser.get("/m/ornekkoy/stages/0").text
    assert 'value="{{ 7*7 }} {% raw %}x"' in shown and ">49<" not in shown


def test_a_request_declaring_more_than_the_upload_limit_is_refused_before_it_is_read(web):  # noqa: F811
    browser = signed_in(TEAM)
    response = browser.post(
        "/m/ornekkoy/stages/3/upload",
        content=b"x" * 1024,
        headers={"content-length": str(200 * 1024 * 1024), "content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 413 and "20 MB" in response.text
