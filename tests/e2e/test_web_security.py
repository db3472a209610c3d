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
    ("GET", "/m/{slug}/monitoring"): FOREIGN,
    ("GET", "/m/{slug}/monitoring/{action_code}"): FOREIGN,
    ("POST", "/m/{slug}/monitoring/{action_code}/checkin"): FOREIGN,
    ("POST", "/m/{slug}/monitoring/{action_code}/verify"): FOREIGN,
    ("GET", "/m/{slug}/monitoring/evidence/{sha256}"): FOREIGN,
    ("GET", "/m/{slug}/monitoring/workbook.xlsx"): FOREIGN,
    ("GET", "/m/{slug}/monitoring/report.docx"): FOREIGN,
    ("POST", "/m/{slug}/monitoring/workbook"): FOREIGN,
    ("POST", "/m/{slug}/monitoring/indicators"): FOREIGN,
    ("POST", "/m/{slug}/monitoring/{action_code}/amend"): FOREIGN,
    ("POST", "/m/{slug}/monitoring/amendments/{number}"): FOREIGN,
    ("POST", "/m/{slug}/releases/{number}/withdraw"): FOREIGN,
    ("GET", "/m/{slug}/stakeholders/rounds"): FOREIGN,
    ("POST", "/m/{slug}/stakeholders/rounds"): FOREIGN,
    ("POST", "/m/{slug}/stakeholders/rounds/{code}"): FOREIGN,
    ("GET", "/m/{slug}/stakeholders/rounds/{code}/grid.png"): FOREIGN,
    # Civic actors: the programme's directory (everyone signed in browses; programme staff edit, which the
    # service refuses to others), and each municipality's matches, introductions and support applications.
    ("GET", "/actors"): "signed in: organisations that consented to sharing",
    ("POST", "/actors"): "role: coordinator",
    ("POST", "/actors/import"): "role: coordinator",
    ("POST", "/support"): "role: coordinator",
    ("GET", "/actors/{number}"): "signed in: organisations that consented to sharing",
    ("POST", "/actors/{number}"): "role: coordinator",
    ("GET", "/m/{slug}/actors"): FOREIGN,
    ("POST", "/m/{slug}/actors/introduce"): FOREIGN,
    ("POST", "/m/{slug}/actors/register"): FOREIGN,
    ("POST", "/m/{slug}/actors/partner"): FOREIGN,
    ("POST", "/m/{slug}/introductions/{number}"): FOREIGN,
    ("POST", "/m/{slug}/introductions/{number}/meeting"): FOREIGN,
    ("GET", "/support"): "signed in: the calls, and the applications one may see",
    ("GET", "/m/{slug}/support"): FOREIGN,
    ("POST", "/m/{slug}/support"): FOREIGN,
    ("GET", "/m/{slug}/support/{number}"): FOREIGN,
    ("POST", "/m/{slug}/support/{number}/review"): FOREIGN,
    ("POST", "/m/{slug}/support/{number}/conflict"): FOREIGN,
    ("POST", "/m/{slug}/support/{number}/decide"): FOREIGN,
    ("POST", "/m/{slug}/support/{number}/award"): FOREIGN,
    # Published releases, for anyone without signing in: they read releases only, never a draft.
    ("GET", "/apply/{key}"): "public: a call's application form (no sign-in, throttled)",
    ("POST", "/apply/{key}"): "public: a call's application form (no sign-in, throttled)",
    ("GET", "/apply/{key}/d/{secret}"): "public: one's own draft by its private link",
    ("POST", "/apply/{key}/d/{secret}"): "public: one's own draft by its private link",
    ("GET", "/apply/confirm/{secret}"): "public (a one-time link)",
    ("POST", "/apply/confirm/{secret}"): "public (a one-time link)",
    ("GET", "/events"): "the events of one's own cohorts",
    ("POST", "/events"): "role: coordinator",
    ("GET", "/events/{event_id}"): "the events of one's own cohorts (others: not found)",
    ("POST", "/events/{event_id}/register"): "team members, the events of their own cohort",
    ("POST", "/events/{event_id}/tick"): "role: coordinator",
    ("POST", "/events/{event_id}/attendance"): "role: coordinator",
    ("GET", "/checkin/{code}"): "team members, the events of their own cohort",
    ("POST", "/checkin/{code}"): "team members, the events of their own cohort",
    ("GET", "/m/{slug}/hours"): FOREIGN,
    ("GET", "/m/{slug}/consulting"): FOREIGN,
    ("POST", "/m/{slug}/consulting"): FOREIGN,
    ("GET", "/m/{slug}/application"): FOREIGN,
    ("GET", "/calendar"): "own calendar",
    ("POST", "/calendar/feed"): "own calendar",
    ("GET", "/calendar/{secret}.ics"): "public (a private link to one person's calendar)",
    ("GET", "/calls"): "role: coordinator",
    ("POST", "/calls"): "role: coordinator",
    ("GET", "/calls/{key}"): "role: coordinator",
    ("GET", "/calls/{key}/applications/{number}"): "role: coordinator",
    ("POST", "/calls/{key}/applications/{number}/score"): "role: coordinator",
    ("POST", "/calls/{key}/applications/{number}/accept"): "role: coordinator",
    ("POST", "/calls/{key}/applications/{number}/reject"): "role: coordinator",
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
    return path.format(
        slug=OTHER, number=3, name="grid", code="tr", token="x", action_code="1.1", sha256="0" * 64
    )


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
        "/calls",
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
