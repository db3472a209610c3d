"""The web app through FastAPI's TestClient: who may see what, CSRF, throttling, uploads, escaping."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM, use_data_dir
from fastapi.testclient import TestClient

from roadmap.domain.stages import Role, Stage
from roadmap.pipeline import build_roadmap_document
from roadmap.services import stages as svc
from roadmap.services.accounts import set_password
from roadmap.services.checks import check_roadmap
from roadmap.services.municipalities import add_municipality, add_user, assign_consultant
from roadmap.web import security
from roadmap.web.app import create_app

PASSWORD = "ornek-parola-2026"
OTHER = "baskakoy"
OTHER_TEAM = "ali@baskakoy.bel.tr"
OTHER_CONSULTANT = "baska.danisman@katiliyoruz.example.org"


@pytest.fixture(scope="session")
def web_template(example_template, tmp_path_factory):
    """Once per session: the example, a second municipality with its own team and consultant,
    passwords for all, and one exported document each (copied for every test by ``web``)."""
    directory = tmp_path_factory.mktemp("web-template")
    shutil.copy(example_template, directory / "roadmap.db")
    use_data_dir(directory)
    add_municipality(COORDINATOR, OTHER, "Başkaköy Belediyesi", "Bursa")
    add_user(COORDINATOR, OTHER_TEAM, "Ali Veli", Role.TEAM_MEMBER, OTHER)
    add_user(COORDINATOR, OTHER_CONSULTANT, "Deniz Danışman", Role.CONSULTANT)
    assign_consultant(COORDINATOR, OTHER, OTHER_CONSULTANT)
    for email in (TEAM, CONSULTANT, COORDINATOR, OTHER_TEAM, OTHER_CONSULTANT):
        set_password(COORDINATOR, email, PASSWORD)
    for slug in (SLUG, OTHER):
        build_roadmap_document(slug, out=directory / f"{slug}.docx")
    return directory / "roadmap.db"


@pytest.fixture
def web(web_template, tmp_path):
    shutil.copy(web_template, tmp_path / "roadmap.db")
    shutil.copytree(web_template.parent / "files", tmp_path / "files")  # the exported documents
    use_data_dir(tmp_path)
    security.reset_sign_in_limits()
    yield tmp_path
    security.reset_sign_in_limits()


def client() -> TestClient:
    return TestClient(create_app(), base_url="http://testserver", follow_redirects=False)


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def signed_in(email: str) -> TestClient:
    browser = client()
    response = browser.post(
        "/login",
        data={
            "email": email,
            "password": PASSWORD,
            "next": "/",
            "csrf_token": token(browser.get("/login").text),
        },
    )
    assert response.status_code == 303, response.text
    return browser


PAGES = [
    "/m/{slug}",
    *[f"/m/{{slug}}/stages/{n}" for n in range(7)],
    "/m/{slug}/history",
    "/m/{slug}/stages/0/diff",
    "/m/{slug}/exports/1.docx",
]
# who sees which municipality: the example (ornekkoy) and the other one (baskakoy)
MATRIX = [
    (TEAM, {SLUG: 200, OTHER: 404}),
    (CONSULTANT, {SLUG: 200, OTHER: 404}),
    (OTHER_TEAM, {SLUG: 404, OTHER: 200}),
    (OTHER_CONSULTANT, {SLUG: 404, OTHER: 200}),
    (COORDINATOR, {SLUG: 200, OTHER: 200}),
]


@pytest.mark.parametrize("email, expected", MATRIX, ids=[m[0].split("@")[0] for m in MATRIX])
def test_every_page_answers_each_role_for_each_municipality(web, email, expected):
    browser = signed_in(email)
    for slug, status in expected.items():
        for pattern in PAGES:
            path = pattern.format(slug=slug)
            assert browser.get(path).status_code == status, (email, path)
        assert browser.get(f"/m/{slug}/charts/radar.png").status_code == (status if slug == SLUG else 404)


@pytest.mark.parametrize("email", [TEAM, CONSULTANT, OTHER_CONSULTANT])
def test_changes_to_a_municipality_one_may_not_see_are_refused_as_not_found(web, email):
    browser = signed_in(email)
    csrf = token(browser.get("/").text if browser.get("/").status_code == 200 else browser.get("/login").text)
    target = OTHER if email != OTHER_CONSULTANT else SLUG
    before = svc.show_stage(COORDINATOR, target, Stage.TEAM)
    posts = [
        (
            f"/m/{target}/stages/0",
            {"version": str(before.version), "members.count": "1", "members.0.name": "Saldırgan"},
        ),
        (f"/m/{target}/stages/0/submit", {}),
        (f"/m/{target}/stages/0/review", {"decision": "approve"}),
        (f"/m/{target}/stages/0/comments", {"text": "görmemem gereken yer"}),
        (f"/m/{target}/export", {"lang": "tr"}),
    ]
    for path, data in posts:
        assert browser.post(path, data={**data, "csrf_token": csrf}).status_code == 404, path
    after = svc.show_stage(COORDINATOR, target, Stage.TEAM)
    assert after.version == before.version and after.content == before.content


def test_pages_need_a_sign_in_and_the_wrong_password_gets_one_turkish_line(web):
    browser = client()
    response = browser.get("/m/ornekkoy/stages/3")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/m/ornekkoy/stages/3"
    page = browser.get("/login").text
    wrong = browser.post("/login", data={"email": TEAM, "password": "yanlış", "csrf_token": token(page)})
    assert wrong.status_code == 401 and "E-posta ya da parola hatalı." in wrong.text
    unknown = browser.post(
        "/login", data={"email": "kimse@yok.org", "password": "yanlış", "csrf_token": token(page)}
    )
    assert unknown.status_code == 401 and "E-posta ya da parola hatalı." in unknown.text


def test_the_session_cookie_is_http_only_and_same_site_and_pages_send_security_headers(web):
    browser = client()
    page = browser.get("/login")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    response = browser.post(
        "/login", data={"email": TEAM, "password": PASSWORD, "csrf_token": token(page.text)}
    )
    cookie = next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("roadmap_session=")
    )
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


def test_a_form_without_the_browsers_csrf_token_is_refused_and_changes_nothing(web):
    browser = signed_in(TEAM)
    svc.open_stage_early(CONSULTANT, SLUG, Stage.ROADMAP)
    before = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    data = {"version": str(before.version), "vision": "Başka bir vizyon"}
    assert browser.post("/m/ornekkoy/stages/5", data=data).status_code == 403
    assert browser.post("/m/ornekkoy/stages/5", data={**data, "csrf_token": "uydurma"}).status_code == 403
    other = signed_in(CONSULTANT)  # a valid token, but another browser's
    stolen = token(other.get("/m/ornekkoy").text)
    assert browser.post("/m/ornekkoy/stages/5", data={**data, "csrf_token": stolen}).status_code == 403
    assert svc.show_stage(TEAM, SLUG, Stage.ROADMAP).content == before.content
    assert client().post("/login", data={"email": TEAM, "password": PASSWORD}).status_code == 403


def test_sign_in_is_throttled_after_five_attempts_a_minute_even_with_the_right_password(web):
    browser = client()
    csrf = token(browser.get("/login").text)
    for _ in range(5):
        assert (
            browser.post("/login", data={"email": TEAM, "password": "yanlış", "csrf_token": csrf}).status_code
            == 401
        )
    blocked = browser.post("/login", data={"email": TEAM, "password": PASSWORD, "csrf_token": csrf})
    assert blocked.status_code == 429 and "bir dakika sonra" in blocked.text


def test_a_stakeholders_name_with_html_is_shown_as_text_never_run(web):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Yeni paydaş eklenecek")
    browser = signed_in(TEAM)
    page = browser.get("/m/ornekkoy/stages/3").text
    count = int(re.search(r'name="stakeholders.count" value="(\d+)"', page).group(1))  # type: ignore[union-attr]
    stored = len(svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"])
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = browser.post(
        "/m/ornekkoy/stages/3",
        data={
            "csrf_token": token(page),
            "version": re.search(r'name="version" value="(\d+)"', page).group(1),  # type: ignore[union-attr]
            "stakeholders.count": str(count),
            f"stakeholders.{stored}.name": evil,
            f"stakeholders.{stored}.type": "cso",
        },
    )
    assert response.status_code == 303, response.text
    names = [s["name"] for s in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]]
    assert evil in names
    shown = browser.get("/m/ornekkoy/stages/3").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in shown and "<script>alert" not in shown
    assert "<img src=x" not in shown


def test_an_invalid_field_is_marked_in_turkish_beside_it_and_nothing_is_saved(web):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.TEAM, "E-postalar güncellenecek")
    browser = signed_in(TEAM)
    page = browser.get("/m/ornekkoy/stages/0").text
    before = svc.show_stage(TEAM, SLUG, Stage.TEAM)
    response = browser.post(
        "/m/ornekkoy/stages/0",
        data={
            "csrf_token": token(page),
            "version": str(before.version),
            "members.count": "9",
            "members.6.name": "X",  # too short
            "members.6.directorate": "Fen İşleri Müdürlüğü",
            "hours.count": "0",
        },
    )
    assert response.status_code == 422
    assert 'id="f-members-6-name-error">En az 2 karakter olmalı.' in response.text
    assert svc.show_stage(TEAM, SLUG, Stage.TEAM).version == before.version


def _stale_edit(lang: str = "tr"):  # type: ignore[no-untyped-def]
    """Two browsers of one team open stage 0; the first saves, then the second saves the same version."""
    svc.reopen_stage(CONSULTANT, SLUG, Stage.TEAM, "Güncelleme")
    first, second = signed_in(TEAM), signed_in(TEAM)
    if lang != "tr":
        second.get(f"/lang/{lang}?next=/m/ornekkoy")
    page = first.get("/m/ornekkoy/stages/0").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    data = {"version": version, "hours.count": "0"}
    assert first.post("/m/ornekkoy/stages/0", data={**data, "csrf_token": token(page)}).status_code == 303
    return second.post(
        "/m/ornekkoy/stages/0", data={**data, "csrf_token": token(second.get("/m/ornekkoy").text)}
    )


def test_a_stale_form_is_refused_with_a_clear_message(web):
    stale = _stale_edit()  # the form again, with the second person's text and why
    assert stale.status_code == 409 and "bu aşamayı siz düzenlerken kaydetti" in stale.text


def test_uploads_are_previewed_row_by_row_limited_in_size_and_type_and_stored_only_when_confirmed(
    web, tmp_path
):
    from roadmap.settings import EXAMPLES_DIR

    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Liste yeniden yüklenecek")
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/3").text)
    big = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={"file": ("buyuk.csv", b"a" * (20 * 1024 * 1024 + 300_000), "text/csv")},  # counted while saved
    )
    assert big.status_code == 422 and "20 MB" in big.text
    wrong = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={"file": ("virus.exe", b"MZ", "application/octet-stream")},
    )
    assert wrong.status_code == 422 and "virus.exe" in wrong.text

    broken = "Ad,Tür,Güç (etki),İlgi\nYeni Dernek,stk,9,2\n".encode()
    refused = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={"file": ("liste.csv", broken, "text/csv")},
    )
    assert refused.status_code == 422 and "satır 2" in refused.text.lower()

    before = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    listing = (
        EXAMPLES_DIR / "ornekkoy" / "paydaslar.csv"
    ).read_bytes() + "Yeni Gençlik Derneği,stk,,,,3,4,,,\n".encode()
    preview = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf, "merge": "1"},
        files={"file": ("paydaslar.csv", listing, "text/csv")},
    )
    assert preview.status_code == 200 and "Onayla ve kaydet" in preview.text
    assert svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).version == before.version  # nothing yet
    upload_token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)  # type: ignore[union-attr]
    done = browser.post(
        "/m/ornekkoy/stages/3/upload/confirm", data={"csrf_token": csrf, "token": upload_token, "merge": "1"}
    )
    assert done.status_code == 303
    names = [s["name"] for s in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]]
    assert "Yeni Gençlik Derneği" in names
    again = browser.post(
        "/m/ornekkoy/stages/3/upload/confirm", data={"csrf_token": csrf, "token": upload_token}
    )
    assert again.status_code == 404  # a preview is used once
    traversal = browser.post(
        "/m/ornekkoy/stages/3/upload/confirm", data={"csrf_token": csrf, "token": "../../roadmap"}
    )
    assert traversal.status_code == 404


def test_a_consultant_reviews_from_the_queue_and_a_team_member_has_no_queue_or_cohort(web):
    consultant = signed_in(CONSULTANT)
    queue = consultant.get("/review").text
    assert "/m/ornekkoy/stages/4" in queue
    csrf = token(queue)
    response = consultant.post(
        "/m/ornekkoy/stages/4/review", data={"csrf_token": csrf, "decision": "changes", "comment": ""}
    )
    assert response.status_code == 422  # a change request needs a comment: the page again, said beside it
    response = consultant.post(
        "/m/ornekkoy/stages/4/review",
        data={
            "csrf_token": csrf,
            "decision": "changes",
            "comment": "T3 toplantısının katılımcı sayısını ekleyin.",
        },
    )
    assert response.status_code == 303
    assert svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).status.value == "changes_requested"
    team = signed_in(TEAM)
    assert "T3 toplantısının katılımcı sayısını ekleyin." in team.get("/m/ornekkoy/stages/4").text
    assert team.get("/review").status_code == 403 and team.get("/cohort").status_code == 403


def test_the_interface_speaks_english_when_asked(web):
    browser = signed_in(TEAM)
    browser.get("/lang/en?next=/m/ornekkoy")
    page = browser.get("/m/ornekkoy").text
    assert "Team working hours" in page and 'lang="en"' in page
    assert browser.get("/lang/en?next=https://evil.example/").headers["location"] == "/"


def test_a_training_room_behind_one_address_can_all_sign_in(web):
    for email in (TEAM, CONSULTANT, COORDINATOR, OTHER_TEAM, OTHER_CONSULTANT, TEAM, CONSULTANT):
        signed_in(email)  # seven people (and two twice) from one address within the minute


SHELL_WORDS = re.compile(
    r"(?<![\w-])--[a-z][a-z-]+|(?<![\w/.-])-m\b|\broadmap (stage|init|import|export|municipality|cohort)\b|ROADMAP_"
)
TURKISH_LETTERS = re.compile("[çğıöşüÇĞİÖŞÜ]")


def _visible_text(html: str) -> str:
    """What a reader sees of a page's main part: no tags, no scripts, no user data (names of people)."""
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S))


def test_an_english_consultant_is_refused_in_english_without_a_command_line_flag(web):
    consultant = signed_in(CONSULTANT)
    consultant.get("/lang/en?next=/review")
    csrf = token(consultant.get("/review").text)
    refused = consultant.post(
        "/m/ornekkoy/stages/4/review", data={"csrf_token": csrf, "decision": "changes", "comment": ""}
    )
    assert refused.status_code == 422
    text = _visible_text(refused.text)
    assert "Write an explanation (comment) for requesting changes." in text
    assert not SHELL_WORDS.search(text)
    turkish = signed_in(CONSULTANT)
    refused = turkish.post(
        "/m/ornekkoy/stages/4/review",
        data={"csrf_token": token(turkish.get("/review").text), "decision": "changes", "comment": ""},
    )
    assert "Bu işlem (değişiklik isteme) için bir açıklama (yorum) yazmanız gerekiyor." in refused.text


def test_a_stale_edit_tells_an_english_reader_what_to_do_in_the_page_not_in_a_shell(web):
    stale = _stale_edit("en")
    assert stale.status_code == 409
    text = _visible_text(stale.text)
    assert "saved this stage while you were editing it" in text
    assert not SHELL_WORDS.search(text), text


def test_a_refused_upload_names_the_persons_file_never_a_server_path(web):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.NEEDS, "Yeni yanıtlar")
    browser = signed_in(TEAM)
    browser.get("/lang/en?next=/m/ornekkoy")
    csrf = token(browser.get("/m/ornekkoy/stages/1").text)
    survey = "Zaman damgası;Bilinmeyen soru\n01.11.2026 10:00:00;4\n".encode("utf-8-sig")
    refused = browser.post(
        "/m/ornekkoy/stages/1/upload",
        data={"csrf_token": csrf, "group": "staff"},
        files={"file": ("personel anketi.csv", survey, "text/csv")},
    )
    assert refused.status_code == 422
    text = _visible_text(refused.text)
    assert "personel anketi.csv" in text
    assert str(web) not in refused.text and "uploads" not in text
    assert not SHELL_WORDS.search(text), text


def test_an_upload_with_a_title_row_and_a_mapping_file_is_previewed_as_read_and_stored_so(web, tmp_path):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Liste yeniden yüklenecek")
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/3").text)
    listing = (
        "Örnekköy Belediyesi Paydaş Listesi;;;\r\n"
        "Kurumun Unvanı;TÜRÜ;ETKİ DÜZEYİ;İlgilendiği alanlar;\r\n"
        "Mahalle Gönüllüleri Derneği;Dernek;orta;Gençlik Meclisi;\r\n"
    ).encode("cp1254")
    refused = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={"file": ("liste.csv", listing, "text/csv")},
    )
    assert refused.status_code == 422  # not read yet: the page asks what the column is, the nearest chosen
    assert "<q>Kurumun Unvanı</q>" in refused.text
    assert '<option value="name" selected>Paydaşın (kurumun) adı</option>' in refused.text
    mapping = "columns:\n  Kurumun Unvanı: name\n".encode()
    preview = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={
            "file": ("liste.csv", listing, "text/csv"),
            "mapping": ("eslestirme.yaml", mapping, "application/yaml"),
        },
    )
    assert preview.status_code == 200, preview.text
    assert "Başlık satırı 2. satırda bulundu" in preview.text
    assert (
        "&#39;Gençlik Meclisi&#39;, &#39;Gençlik meclisi ve gençlerin katılımı&#39; olarak okundu"
        in preview.text
    )
    upload_token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)  # type: ignore[union-attr]
    done = browser.post(
        "/m/ornekkoy/stages/3/upload/confirm", data={"csrf_token": csrf, "token": upload_token}
    )
    assert done.status_code == 303
    stored = {s["name"]: s for s in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]}
    assert stored["Mahalle Gönüllüleri Derneği"]["focus_areas"] == ["genclik-meclisi"]
    wrong = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={"file": ("liste.csv", listing, "text/csv"), "mapping": ("m.exe", b"MZ", "x")},
    )
    assert wrong.status_code == 422 and "m.exe" in wrong.text


def test_a_sign_in_sheet_with_characters_no_document_can_hold_is_refused_not_a_server_error(web):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Liste eklenecek.")
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/4").text)
    sheet = "Ad Soyad,Kurum,Görüş\nAyşe\x07Kaya,Kent Konseyi,iyi\nAli Veli,Esnaf Odası,\ufffe\n".encode()
    answer = browser.post(
        "/m/ornekkoy/stages/4/upload",
        data={"csrf_token": csrf, "meeting": "T4"},
        files={"file": ("imza.csv", sheet, "text/csv")},
    )
    assert answer.status_code == 422
    assert (
        "Satır 2, sütun &#39;Ad Soyad&#39;" in answer.text and "Satır 3, sütun &#39;Görüş&#39;" in answer.text
    )


def test_the_checklist_shows_beside_its_record_and_a_reason_or_a_waiver_is_recorded_from_the_page(web):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Yeni görüşü yanıtlayın.")
    view = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    content = view.content
    content["meetings"][2]["inputs"].append({"id": "yanitsiz", "text": "Mahalle meclisleri kurulsun."})
    content["meetings"][3]["invited"].remove("Örnekköy Kaymakamlığı")
    svc.update_stage(TEAM, SLUG, Stage.CONSULTATIONS, content, view.version)
    team = signed_in(TEAM)
    page = team.get(f"/m/{SLUG}/stages/4").text
    assert 'id="checks"' in page and "[inputs.no_response]" in page
    assert '<a href="#r-yanitsiz">' in page  # the list links to the record …
    beside = page.split('id="r-yanitsiz"')[1].split("</tr>")[1]
    assert "inputs.no_response" in beside  # … and the point shows beside it in the form
    key = next(f.key for f in svc.status_report(TEAM, SLUG).checks if f.code == "consult.key_not_invited")
    answered = team.post(
        f"/m/{SLUG}/checks/explain",
        data={"stage": "4", "key": key, "text": "Kaymakamlık yazılı görüş verdi.", "csrf_token": token(page)},
    )
    assert answered.status_code == 303
    page = team.get(f"/m/{SLUG}/stages/4").text
    assert "Kaymakamlık yazılı görüş verdi." in page  # closed, with the team's reason
    svc.submit_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    consultant = signed_in(CONSULTANT)
    queue = consultant.get("/review").text
    assert "1 engelleyici" in queue  # the submission's open points, counted in the review queue
    page = consultant.get(f"/m/{SLUG}/stages/4").text
    assert "Muaf tut" in page  # the consultant may waive a blocking point here
    waived = consultant.post(
        f"/m/{SLUG}/checks/waive",
        data={
            "stage": "4",
            "key": "inputs.no_response:yanitsiz",
            "comment": "Görüş bir sonraki dönemde ele alınacak.",
            "csrf_token": token(page),
        },
    )
    assert waived.status_code == 303
    assert "Görüş bir sonraki dönemde ele alınacak." in consultant.get(f"/m/{SLUG}/stages/4").text
    report = check_roadmap(CONSULTANT, SLUG)
    assert not [f for f in report.blocking() if f.code == "inputs.no_response"]


def test_a_minors_guardian_consent_is_recorded_in_the_meetings_form_and_clears_the_point(web):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Katılımcı listesi.")
    view = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    content = view.content
    people = content["meetings"][1]["people"]
    people.append({"id": "ogrenci", "name": "Elif Kaya", "age": 15, "consent": True})
    svc.update_stage(TEAM, SLUG, Stage.CONSULTATIONS, content, view.version)
    team = signed_in(TEAM)
    page = team.get(f"/m/{SLUG}/stages/4").text
    row = page.split('id="r-ogrenci"')[1]
    assert "privacy.minor_named" in row.split("</tr>")[1]  # beside her row in the participant list
    index = len(people) - 1
    field = f"meetings.1.people.{index}.guardian_consent"
    saved = team.post(
        f"/m/{SLUG}/stages/4",
        data={"version": str(view.version + 1), field: "1", f"{field}.shown": "1", "csrf_token": token(page)},
    )
    assert saved.status_code == 303, saved.text
    stored = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).content["meetings"][1]["people"][index]
    assert stored["guardian_consent"] is True and stored["name"] == "Elif Kaya"
    assert not [f for f in check_roadmap(TEAM, SLUG).findings if f.code == "privacy.minor_named"]


def test_a_stage_is_translated_side_by_side_and_a_text_changed_meanwhile_is_not_saved(web):
    team = signed_in(TEAM)
    page = team.get(f"/m/{SLUG}/stages/5/translate").text
    assert "Kent konseyi sekretaryasının güçlendirilmesi" in page  # the Turkish …
    assert "Strengthening the City Council (Kent Konseyi) secretariat" in page  # … and its English beside it
    data = {
        "source:eylem-1-1/title": "Kent konseyi sekretaryasının güçlendirilmesi",
        "en:eylem-1-1/title": "A stronger City Council (Kent Konseyi) secretariat",
        "source:eylem-1-2/title": "Bir eski Türkçe başlık",  # the Turkish changed while the page was open
        "en:eylem-1-2/title": "An English title of an older Turkish",
        "csrf_token": token(page),
    }
    assert team.post(f"/m/{SLUG}/stages/5/translate", data=data).status_code == 303
    page = team.get(f"/m/{SLUG}/stages/5/translate").text
    assert "A stronger City Council (Kent Konseyi) secretariat" in page
    assert "An English title of an older Turkish" not in page
    assert "1 metnin Türkçesi siz çevirirken değişti" in page
    consultant = signed_in(CONSULTANT).get(f"/m/{SLUG}/stages/5/translate").text
    assert "A stronger City Council (Kent Konseyi) secretariat" in consultant
    assert "Çevirileri kaydet" not in consultant  # a consultant reads; the team writes


def test_five_good_sign_ins_in_a_minute_lock_no_one_out(web):
    for _ in range(6):  # a person on a laptop, a phone and a tablet, signing in again and again
        signed_in(TEAM)


def test_the_coordinators_search_folds_turkish_case_and_diacritics_and_finds_slugs(web):
    from datetime import date

    from roadmap.services.cohorts import add_to_cohort, create_cohort

    create_cohort(COORDINATOR, "arama", "Arama", date(2026, 9, 1), date(2027, 8, 31))
    add_to_cohort(COORDINATOR, "arama", [SLUG, OTHER], [])
    browser = signed_in(COORDINATOR)
    for query in ("ornekkoy", "ÖRNEKKÖY", "örnekköy", "ornekil", "ÖRNEKİL"):
        page = browser.get("/cohort", params={"cohort": "arama", "q": query}).text
        assert "Örnekköy Belediyesi" in page and "Başkaköy Belediyesi" not in page, query
    page = browser.get("/cohort", params={"cohort": "arama", "q": "BURSA"}).text
    assert "Başkaköy Belediyesi" in page and "Örnekköy Belediyesi" not in page


def test_changes_requested_without_a_comment_show_the_same_page_with_the_error_beside_the_box(web):
    consultant = signed_in(CONSULTANT)
    page = consultant.get(f"/m/{SLUG}/stages/4").text
    response = consultant.post(
        f"/m/{SLUG}/stages/4/review", data={"decision": "changes", "comment": " ", "csrf_token": token(page)}
    )
    assert response.status_code == 422
    assert 'id="review-comment-error"' in response.text and 'id="checks"' in response.text  # the stage page
    assert svc.show_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS).status.value == "submitted"


def test_the_audit_trail_speaks_the_readers_language(web):
    page = signed_in(TEAM).get(f"/m/{SLUG}/history").text
    assert "onaylama (gönderildi → onaylandı)" in page and "düzenleme" in page
    assert "(submitted → approved)" not in page and ">update<" not in page


def test_switching_language_keeps_the_pages_filters(web):
    browser = signed_in(COORDINATOR)
    page = browser.get("/cohort", params={"q": "ornek", "sort": "stage"}).text
    link = re.search(r'href="(/lang/en\?next=[^"]+)"', page).group(1)  # type: ignore[union-attr]
    switched = browser.get(link.replace("&amp;", "&"))
    assert switched.status_code == 303 and switched.headers["location"] == "/cohort?q=ornek&sort=stage"


def test_half_hours_are_shown_as_logged(web):
    from roadmap.text import hours

    assert hours(3.5, "tr") == "3,5" and hours(67, "tr") == "67" and hours(1250.5, "en") == "1,250.5"
    assert "Ekip çalışma saati: 67 / 100 saat" in signed_in(TEAM).get(f"/m/{SLUG}").text


def test_an_edit_conflict_keeps_the_second_persons_text_and_saving_again_keeps_it(web):
    svc.open_stage_early(COORDINATOR, SLUG, Stage.ROADMAP, "Eylem planına erken başlansın.")
    browser = signed_in(TEAM)
    page = browser.get(f"/m/{SLUG}/stages/5").text
    opened = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    meanwhile = {**opened.content, "vision": "Başka birinin kaydettiği vizyon."}
    svc.update_stage(COORDINATOR, SLUG, Stage.ROADMAP, meanwhile, opened.version)  # someone saves first
    mine = "Benim yazdığım vizyon: her mahallede bir katılım masası."
    form = {"version": str(opened.version), "vision": mine, "csrf_token": token(page)}
    conflict = browser.post(f"/m/{SLUG}/stages/5", data=form)
    assert conflict.status_code == 409
    assert mine in conflict.text and 'id="conflict"' in conflict.text  # their text is kept, and said why
    assert "Başka birinin kaydettiği vizyon." in conflict.text  # what differs from what is stored
    version = re.search(r'name="version" value="(\d+)"', conflict.text).group(1)  # type: ignore[union-attr]
    kept = browser.post(
        f"/m/{SLUG}/stages/5", data={**form, "version": version, "csrf_token": token(conflict.text)}
    )
    assert kept.status_code == 303
    assert svc.show_stage(TEAM, SLUG, Stage.ROADMAP).content["vision"] == mine


def test_the_team_sees_a_notice_when_changes_are_requested_and_opening_the_list_reads_it(web):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="T2 listesi eksik.")
    team = signed_in(TEAM)
    home = team.get(f"/m/{SLUG}").text
    assert 'href="/notifications">Bildirimler <span class="count"' in home and "(1)" in home
    listed = team.get("/notifications").text
    assert (
        "4. aşamada (Katılım toplantıları) değişiklik istendi" in listed
        and 'href="/m/ornekkoy/stages/4"' in listed
    )
    assert '<span class="count"' not in team.get(f"/m/{SLUG}").text  # read once opened


def test_show_changes_compares_the_previous_submission_with_this_one_by_default(web):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="T4'ün yeri belli değil.")
    view = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    content = view.content
    content["meetings"][3]["place"] = "Örnekköy Kültür Merkezi, Büyük Salon"
    svc.update_stage(TEAM, SLUG, Stage.CONSULTATIONS, content, view.version)
    svc.submit_stage(TEAM, SLUG, Stage.CONSULTATIONS)  # submission 2
    page = signed_in(CONSULTANT).get(f"/m/{SLUG}/stages/4/diff").text
    assert "Büyük Salon" in page and "Değişiklik yok" not in page
    assert "<option selected>1</option>" in page and "<option selected>2</option>" in page


def test_reopen_open_early_and_override_are_on_the_web_with_the_same_rules(web):
    consultant = signed_in(CONSULTANT)
    page = consultant.get(f"/m/{SLUG}/stages/2").text
    assert (
        "Aşamayı yeniden aç" in page and "Durumu zorla değiştir" not in page
    )  # a consultant does not override
    post = lambda who, number, data: who.post(  # noqa: E731
        f"/m/{SLUG}/stages/{number}/workflow", data={**data, "csrf_token": token(who.get(f"/m/{SLUG}").text)}
    )
    post(consultant, 2, {"move": "reopen", "reason": " "})  # a reason is required
    assert svc.show_stage(CONSULTANT, SLUG, Stage.FOCUS).status.value == "approved"
    post(consultant, 2, {"move": "reopen", "reason": "Stratejik plan bağlantısı düzeltilecek."})
    assert svc.show_stage(CONSULTANT, SLUG, Stage.FOCUS).status.value == "draft"
    assert svc.audit_trail(CONSULTANT, SLUG)[-1].comment == "Stratejik plan bağlantısı düzeltilecek."
    team = signed_in(TEAM)
    post(team, 1, {"move": "reopen", "reason": "Kendimiz açalım."})  # a team member may not
    assert svc.show_stage(TEAM, SLUG, Stage.NEEDS).status.value == "approved"
    post(consultant, 5, {"move": "open_early", "reason": "Eylem planına başlanabilir."})
    assert any(s.stage == Stage.ROADMAP and s.open for s in svc.status_report(TEAM, SLUG).stages)
    coordinator = signed_in(COORDINATOR)
    assert "Durumu zorla değiştir" in coordinator.get(f"/m/{SLUG}/stages/1").text
    post(coordinator, 1, {"move": "override", "to": "draft", "reason": "Anket yeniden yapılacak."})
    assert svc.show_stage(TEAM, SLUG, Stage.NEEDS).status.value == "draft"


def test_the_cohort_zip_says_what_it_holds_and_which_municipalities_lack_a_document(web):
    import io
    import zipfile
    from datetime import date

    from roadmap.services.cohorts import add_to_cohort, create_cohort

    add_municipality(COORDINATOR, "yenikoy", "Yeniköy Belediyesi", "Bursa")
    create_cohort(COORDINATOR, "paket", "Paket", date(2026, 9, 1), date(2027, 8, 31))
    add_to_cohort(COORDINATOR, "paket", [SLUG, OTHER, "yenikoy"], [])
    browser = signed_in(COORDINATOR)
    archive = zipfile.ZipFile(io.BytesIO(browser.get("/cohort/paket/documents.zip").content))
    readme = archive.read("OKUBENI.txt").decode("utf-8")
    assert "3 belediyeden 2 belediyenin" in readme and "- Yeniköy Belediyesi" in readme
    assert len([n for n in archive.namelist() if n.endswith(".docx")]) == 2
    create_cohort(COORDINATOR, "bos", "Boş", date(2026, 9, 1), date(2027, 8, 31))
    add_to_cohort(COORDINATOR, "bos", ["yenikoy"], [])
    empty = browser.get("/cohort/bos/documents.zip")
    assert empty.status_code == 303  # no empty file: the page says why
    assert "henüz belgesi oluşturulmuş belediye yok" in browser.get(empty.headers["location"]).text


def test_a_consultant_waives_a_stages_requirement_from_the_page_and_the_team_can_then_submit(web):
    add_municipality(COORDINATOR, "kucukkoy", "Küçükköy Belediyesi", "Örnekil")
    add_user(COORDINATOR, "ekip@kucukkoy.bel.tr", "Gül Ekip", Role.TEAM_MEMBER, "kucukkoy")
    assign_consultant(COORDINATOR, "kucukkoy", CONSULTANT)
    set_password(COORDINATOR, "ekip@kucukkoy.bel.tr", PASSWORD)
    units = ("Strateji Geliştirme Müdürlüğü", "Kültür ve Sosyal İşler Müdürlüğü", "Bilgi İşlem Müdürlüğü")
    members = [
        {"name": name, "directorate": unit, "email": f"uye{n}@kucukkoy.bel.tr", "is_coordinator": n == 0}
        for n, (name, unit) in enumerate(zip(("Gül Ekip", "Can Öz", "Nur Işık"), units, strict=True))
    ]
    svc.update_stage("ekip@kucukkoy.bel.tr", "kucukkoy", Stage.TEAM, {"members": members}, 1)
    consultant = signed_in(CONSULTANT)
    page = consultant.get("/m/kucukkoy/stages/0").text
    assert "Ekipte en az 4 kişi olmalı (şu an 3)" in page and "Bu şartı muaf tut" in page
    key = re.search(r'<select id="waive-requirement" name="key"><option value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    refused = consultant.post(
        "/m/kucukkoy/checks/waive", data={"stage": "0", "key": key, "comment": " ", "csrf_token": token(page)}
    )
    assert refused.status_code == 303 and "Bu şartı muaf tut" in consultant.get("/m/kucukkoy/stages/0").text
    reason = "Belediyede yalnızca üç müdürlük var; dördüncü üye meclisten katılacak."
    consultant.post(
        "/m/kucukkoy/checks/waive",
        data={"stage": "0", "key": key, "comment": reason, "csrf_token": token(page)},
    )
    team = signed_in("ekip@kucukkoy.bel.tr")
    page = team.get("/m/kucukkoy/stages/0").text
    assert "Muaf tutulan şartlar" in page and reason in page
    assert "Bu şartı muaf tut" not in page  # a team member may not waive
    svc.submit_stage("ekip@kucukkoy.bel.tr", "kucukkoy", Stage.TEAM)  # no longer held up
    assert svc.show_stage(CONSULTANT, "kucukkoy", Stage.TEAM).status.value == "submitted"
