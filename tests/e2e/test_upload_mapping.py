"""Uploads in the browser without a dead end: a file the readers cannot place gets a mapping step in the
page, the preview says what each column is and shows the first rows, every message names the person's
own file, and a wrong or missing file comes back beside the file field."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import CONSULTANT, SLUG, TEAM
from test_web import _visible_text, signed_in, token, web, web_template  # noqa: F401

from roadmap.domain.stages import Stage
from roadmap.imports.files import read_mapping
from roadmap.services import stages as svc
from roadmap.settings import EXAMPLES_DIR

FORMS_EXPORT = EXAMPLES_DIR / "ornekkoy" / "anket-personel-google-formlar.csv"
RENAMED = {  # how a form's author reworded three questions, and the statement each still is
    "Stratejik planımızda sivil katılıma ilişkin somut amaç ve hedefler yer alıyor.": (
        "Stratejik planda katılım hedefleri var",
        "strategy_1",
    ),
    "Bilgi edinme başvuruları zamanında ve eksiksiz yanıtlanıyor.": (
        "Bilgi edinme başvurularına zamanında yanıt veriliyor",
        "transparency_2",
    ),
    "Yurttaşlar önerilerinin sonucunu izleyebiliyor.": ("Soru 18", "feedback_3"),
}


def reworded_forms_export() -> bytes:
    """The example's Google Forms export as a form whose author reworded three questions and wrote
    "Çok katılıyorum" for the scale's top point: a file no reader can place on its own."""
    header, *rows = FORMS_EXPORT.read_text(encoding="utf-8-sig").splitlines()
    for statement, (written, _) in RENAMED.items():
        header = header.replace(statement, written)
    rows = [row.replace("Kesinlikle katılıyorum", "Çok katılıyorum") for row in rows]
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def form_fields(page: str, action: str) -> dict[str, str]:
    """What a browser without JavaScript posts from the form with this action: hidden fields and
    each select's selected option (the first, if none is marked)."""
    form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    fields = {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    }
    for name, options in re.findall(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, flags=re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options) or re.search(
            r'<option value="([^"]*)"', options
        )
        fields[name] = html.unescape(chosen.group(1)) if chosen else ""
    return fields


def uploads_of(data_dir: Path) -> list[Path]:
    folder = data_dir / "uploads"
    return [p for p in folder.glob("*/*") if p.is_file()] if folder.is_dir() else []


@pytest.fixture
def needs_open(web):  # noqa: F811
    svc.reopen_stage(CONSULTANT, SLUG, Stage.NEEDS, "Yeni yanıtlar")
    return web


def test_a_survey_the_readers_cannot_place_is_mapped_in_the_page_and_imported(needs_open):
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/1").text)
    before = len(svc.show_stage(TEAM, SLUG, Stage.NEEDS).content["responses"])

    asked = browser.post(
        "/m/ornekkoy/stages/1/upload",
        data={"csrf_token": csrf, "group": "staff"},
        files={"file": ("personel anketi.csv", reworded_forms_export(), "text/csv")},
    )
    assert asked.status_code == 422
    page = asked.text
    text = _visible_text(page)
    assert "personel anketi.csv: bazı sütunlar ya da değerler okunamadı" in text
    for written, _ in RENAMED.values():  # one question per reworded column
        assert f"<q>{written}</q>" in page
    # Statements are offered by their wording, grouped by dimension; the nearest guess is chosen.
    assert '<optgroup label="Strateji ve yasal çerçeve">' in page
    assert '<option value="transparency_2" selected>Bilgi edinme başvuruları zamanında' in page
    assert '<option value="ignore">Yok say (bu sütun kullanılmaz)</option>' in page
    # The answer word not on the scale is asked once, with the scale's points.
    assert page.count("<q>Çok katılıyorum</q>") == 1
    assert re.search(r"\d+ sütunda, satır 4, 6, 7", page)  # where it was written
    assert '<option value="5">5 – Kesinlikle katılıyorum</option>' in page
    assert "--mapping" not in text and "eşleme dosyasında" not in text

    choices = form_fields(page, "/m/ornekkoy/stages/1/upload/mapping")
    for index in range(len(RENAMED)):
        header = choices[f"header-{index}"]
        choices[f"column-{index}"] = next(code for written, code in RENAMED.values() if written == header)
    answer = next(k for k, v in choices.items() if k.startswith("written-") and v == "Çok katılıyorum")
    choices["value-" + answer.removeprefix("written-")] = "5"
    preview = browser.post("/m/ornekkoy/stages/1/upload/mapping", data=choices)

    assert preview.status_code == 200, _visible_text(preview.text)
    shown = _visible_text(preview.text)
    assert "Onayla ve kaydet" in shown
    # The mapping is kept beside the upload, in the format a mapping file has (and the CLI reads).
    (kept,) = [p for p in uploads_of(needs_open) if p.suffix == ".yaml"]
    mapping = read_mapping(kept)
    assert mapping.column("Soru 18") == "feedback_3" and mapping.column(
        "Stratejik planda katılım hedefleri var"
    )
    assert mapping.values["answers"] == {"Çok katılıyorum": 5}
    link = re.search(r'href="(/m/ornekkoy/stages/1/upload/[^"]+/mapping\.yaml)" download', preview.text)
    assert link and "Bu yüklemenin eşleştirme dosyasını indir" in shown
    download = browser.get(link.group(1))  # to send with the next export: the same file
    assert download.status_code == 200 and download.content == kept.read_bytes()
    # Each column is named by its statement's wording, with its dimension and code beside it.
    row = preview.text.split("<td>Soru 18</td>", 1)[1].split("</tr>", 1)[0]
    assert "Yurttaşlar önerilerinin sonucunu izleyebiliyor." in row and "feedback_3" in row
    # The first rows as read: the answer word and the scale point it counts as.
    assert "Satır 2" in shown and "Satır 4" in shown and "Satır 5" not in shown
    first = preview.text.split("<td>Stratejik planda katılım hedefleri var</td>", 1)[1].split("</tr>", 1)[0]
    assert 'Çok katılıyorum <span class="muted">→ 5</span>' in first

    done = browser.post(
        "/m/ornekkoy/stages/1/upload/confirm",
        data=form_fields(preview.text, "/m/ornekkoy/stages/1/upload/confirm"),
    )
    assert done.status_code == 303
    responses = svc.show_stage(TEAM, SLUG, Stage.NEEDS).content["responses"]
    assert len(responses) >= before
    stored = [r for r in responses if r["respondent"] == "06.10.2026 09:12:11"]
    assert stored and stored[0]["answers"]["strategy_1"] == 5 and stored[0]["answers"]["feedback_3"] == 3
    assert uploads_of(needs_open) == []  # the upload and its mapping are gone once stored


def test_a_choice_not_offered_is_not_taken_and_the_question_is_asked_again(needs_open):
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/1").text)
    asked = browser.post(
        "/m/ornekkoy/stages/1/upload",
        data={"csrf_token": csrf, "group": "staff"},
        files={"file": ("anket.csv", reworded_forms_export(), "text/csv")},
    )
    choices = form_fields(asked.text, "/m/ornekkoy/stages/1/upload/mapping")
    choices |= {"column-0": "../../etc/passwd", "column-1": "", "column-2": "strategy_9"}
    again = browser.post("/m/ornekkoy/stages/1/upload/mapping", data=choices)
    assert again.status_code == 422
    assert "<q>Stratejik planda katılım hedefleri var</q>" in again.text
    (kept,) = [p for p in uploads_of(needs_open) if p.suffix == ".yaml"]
    assert "passwd" not in kept.read_text(encoding="utf-8") and "strategy_9" not in kept.read_text(
        encoding="utf-8"
    )


def test_a_mapping_file_sent_with_the_upload_still_answers_for_the_page(needs_open):
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/1").text)
    mapping = "columns:\n" + "".join(f"  {written}: {code}\n" for written, code in RENAMED.values())
    mapping += "values:\n  answers:\n    Çok katılıyorum: 5\n"
    preview = browser.post(
        "/m/ornekkoy/stages/1/upload",
        data={"csrf_token": csrf, "group": "staff"},
        files={
            "file": ("anket.csv", reworded_forms_export(), "text/csv"),
            "mapping": ("eslestirme.yaml", mapping.encode(), "application/yaml"),
        },
    )
    assert preview.status_code == 200, _visible_text(preview.text)
    assert "Onayla ve kaydet" in preview.text


def test_a_stakeholder_type_no_one_knows_is_chosen_from_the_types_and_people_are_masked(web):  # noqa: F811
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Liste yeniden yüklenecek")
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/3").text)
    listing = (
        "Ad;Tür;İletişim kişisi;E-posta;Güç;İlgi\n"
        "Yeşil Vadi Kooperatifi;Birlik;Hatice Demir;hatice.demir@yesilvadi.org;3;4\n"
        "Mahalle Gönüllüleri Derneği;Dernek;Mert Can;mert@gonulluler.org;2;5\n"
    ).encode()
    asked = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={"file": ("liste.csv", listing, "text/csv")},
    )
    assert asked.status_code == 422
    assert "<q>Birlik</q>" in asked.text and "Tür sütunu, satır 2" in asked.text
    assert '<option value="social_enterprise">' in asked.text
    choices = form_fields(asked.text, "/m/ornekkoy/stages/3/upload/mapping") | {
        "value-0": "social_enterprise"
    }
    preview = browser.post("/m/ornekkoy/stages/3/upload/mapping", data=choices)
    assert preview.status_code == 200, _visible_text(preview.text)
    shown = _visible_text(preview.text)
    assert "İletişim kişisi" in shown and "H••• D•••" in shown and "h•••@yesilvadi.org" in shown
    assert "Hatice" not in preview.text and "hatice.demir" not in preview.text
    assert "Paydaş türü" in shown  # the field by its name, not its code
    done = browser.post(
        "/m/ornekkoy/stages/3/upload/confirm",
        data=form_fields(preview.text, "/m/ornekkoy/stages/3/upload/confirm"),
    )
    assert done.status_code == 303
    stored = {s["name"]: s for s in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]}
    assert stored["Yeşil Vadi Kooperatifi"]["type"] == "social_enterprise"


def test_a_wrong_or_missing_file_comes_back_beside_the_file_field(web):  # noqa: F811
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Liste yeniden yüklenecek")
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/3").text)
    wrong = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf, "merge": "1"},
        files={"file": ("paydaşlar.pdf", b"%PDF-1.4", "application/pdf")},
    )
    assert wrong.status_code == 422
    field = wrong.text.split('id="upload-file"', 1)[1].split("</div>", 1)[0]
    assert 'aria-invalid="true"' in field and 'aria-describedby="upload-file-error"' in field
    assert "paydaşlar.pdf: bu dosya türü kabul edilmiyor" in html.unescape(field)
    assert 'name="merge" value="1" checked' in wrong.text  # the person's other choices are kept
    assert "Ana sayfa" not in _visible_text(wrong.text)
    missing = browser.post(
        "/m/ornekkoy/stages/3/upload", data={"csrf_token": csrf}, files={"file": ("", b"", "text/csv")}
    )
    assert missing.status_code == 422
    assert "Bir dosya seçin." in missing.text.split('id="upload-file"', 1)[1].split("</div>", 1)[0]
    bad_mapping = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={
            "file": ("liste.csv", b"Ad;T\xc3\xbcr\nDernek;stk\n", "text/csv"),
            "mapping": ("m.txt", b"x", "text/plain"),
        },
    )
    assert bad_mapping.status_code == 422
    assert "m.txt" in bad_mapping.text.split('id="upload-mapping"', 1)[1].split("</div>", 1)[0]
    assert uploads_of(web) == []  # nothing refused is kept


@pytest.mark.parametrize(
    "name, content, said",
    [
        ("bos.csv", b"", "bos.csv: dosyada başlık satırı yok."),
        (
            "liste.csv",
            "Ad,Tür,E-posta\nYeni Dernek,stk,yanlış-adres\n,stk,\n".encode(),
            "liste.csv: 2 sorun bulundu",
        ),
        (
            "puan.csv",
            "Ad,Tür,Güç (etki),İlgi\nYeni Dernek,stk,9,2\n".encode(),
            "puan.csv: bazı sütunlar ya da değerler",
        ),
        ("tablo.xlsx", b"Ad;Tur\nDernek;stk\n", "tablo.xlsx: bu dosya bir Excel (.xlsx) dosyası değil"),
        ("kodlama.csv", "Ad;Tür\nDernek;stk\n".encode("utf-16-le"), "kodlama.csv"),
    ],
)
def test_every_refusal_names_the_persons_file_never_a_server_folder(web, name, content, said):  # noqa: F811
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Liste yeniden yüklenecek")
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/3").text)
    refused = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={"file": (name, content, "text/csv")},
    )
    assert refused.status_code == 422
    text = html.unescape(_visible_text(refused.text))
    assert said in text
    assert str(web) not in refused.text and "uploads" not in text
    assert not re.search(r"/[\w-]{20,}/", text)  # no token folder
    if "bazı sütunlar" not in said:  # a refusal no choice can fix keeps nothing
        assert uploads_of(web) == []


def test_the_mapping_step_speaks_english_to_an_english_reader(needs_open):
    browser = signed_in(TEAM)
    browser.get("/lang/en?next=/m/ornekkoy")
    csrf = token(browser.get("/m/ornekkoy/stages/1").text)
    asked = browser.post(
        "/m/ornekkoy/stages/1/upload",
        data={"csrf_token": csrf, "group": "staff"},
        files={"file": ("staff survey.csv", reworded_forms_export(), "text/csv")},
    )
    text = html.unescape(_visible_text(asked.text))
    assert "staff survey.csv: some columns or values could not be read" in text
    assert "This column holds answers but matches none of the survey's statements." in text
    assert '<optgroup label="Strategy and legal framework">' in asked.text
    assert "Freedom of information requests are answered" in asked.text  # statements in English
    assert '<option value="5">5 – Strongly agree</option>' in asked.text
    assert "Choose below what each one is" in text and "--" not in text


def test_a_sign_in_sheets_unread_consent_is_chosen_as_yes_or_no_and_names_stay_hidden(web):  # noqa: F811
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Liste eklenecek.")
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/4").text)
    sheet = "Ad Soyad;Kurum;Onay\nZeynep Kaya;Kent Konseyi;Onaylıyorum\nAli Veli;Esnaf Odası;hayır\n".encode()
    asked = browser.post(
        "/m/ornekkoy/stages/4/upload",
        data={"csrf_token": csrf, "meeting": "T4"},
        files={"file": ("imza listesi.csv", sheet, "text/csv")},
    )
    assert asked.status_code == 422 and "<q>Onaylıyorum</q>" in asked.text
    assert '<option value="evet">Evet</option>' in asked.text
    choices = form_fields(asked.text, "/m/ornekkoy/stages/4/upload/mapping") | {"value-0": "evet"}
    preview = browser.post("/m/ornekkoy/stages/4/upload/mapping", data=choices)
    assert preview.status_code == 200, _visible_text(preview.text)
    assert "Z••• K•••" in preview.text and "Zeynep" not in preview.text
    assert "Katılımcının adı soyadı" in preview.text and "Adının paylaşılmasına onay" in preview.text
