"""Every message the product can say exists in Turkish and English, and speaks to the reader, not to a shell."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from roadmap.cli import app as cli_app
from roadmap.cli import explain
from roadmap.errors import NotFound, TransitionRefused
from roadmap.i18n import LANGUAGES, Message, catalogue_keys, msg, plural, template, translate

ROOT = Path(__file__).resolve().parents[2]
TURKISH_LETTERS = re.compile("[çğıöşüÇĞİÖŞÜâîû]")
# Keys only the terminal shows: they may name a command or a flag.
TERMINAL_ONLY = ("cli.", "hint.", "demo.", "generate.")
# Functions and exceptions whose first argument is a message key (also the keywords of `make messages`).
KEYWORDS = {
    name: (1,)
    for name in (
        "_", "gettext", "msg", "say", "translate", "message", "record_text", "keyed_error", "RoadmapError",
        "NotFound", "InvalidInput", "PermissionDenied", "StaleVersion", "TransitionRefused", "ExportRace",
        "MissingFile", "CorruptFile", "StoreUnavailable",
    )
}  # fmt: skip


def _commands() -> set[str]:
    names = {c.name or c.callback.__name__ for c in cli_app.registered_commands if c.callback}
    return {n.replace("_", "-") for n in names} | {g.name for g in cli_app.registered_groups if g.name}


def _keys_in_code() -> dict[str, str]:
    found: dict[str, str] = {}
    method_map = [("roadmap/**.py", "python"), ("flows/**.py", "python"), ("templates/web/**.html", "jinja2")]
    for filename, _lineno, key, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS, options_map={"templates/web/**.html": {}}
    ):
        key = key[0] if isinstance(key, tuple) else key
        if key and re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", key):
            found.setdefault(key, filename)
    return found


def _sample_params(text: str) -> dict[str, object]:
    return {
        name: 2 if name == "count" else f"<{name}>"
        for _, name, _, _ in string.Formatter().parse(text)
        if name
    }


def test_both_languages_have_the_same_messages():
    assert catalogue_keys("tr") - catalogue_keys("en") == set()
    assert catalogue_keys("en") - catalogue_keys("tr") == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_key_means_two_things_in_a_catalogue(lang):
    """Two features that chose the same key would show one's text for the other's (the last one wins)."""
    catalogue = Path(__file__).parents[2] / "roadmap" / "locale" / lang / "LC_MESSAGES" / "roadmap.po"
    keys = re.findall(r'^msgid "(.+)"$', catalogue.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert sorted({k for k in keys if keys.count(k) > 1}) == []


def test_every_key_the_code_and_templates_ask_for_is_in_both_catalogues():
    used = _keys_in_code()
    assert len(used) > 300  # the extraction itself works
    for lang in LANGUAGES:
        missing = {key: where for key, where in used.items() if key not in catalogue_keys(lang)}
        assert missing == {}, f"{lang}: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders_with_its_parameters(lang):
    for key in catalogue_keys(lang):
        text = template(key, lang)
        assert text.strip(), key
        translate(key, lang, **_sample_params(text))


def test_english_product_text_has_no_turkish_in_it():
    turkish = {
        key: template(key, "en")
        for key in catalogue_keys("en")
        if TURKISH_LETTERS.search(template(key, "en"))
    }
    assert turkish == {}


def test_messages_a_page_can_show_name_no_command_flag_or_variable():
    # "To see them: roadmap municipality list", "'roadmap init'", ".venv/bin/roadmap serve"; not "the roadmap needs"
    shell = r"(^|[:'\"`/(]\s*)roadmap (" + "|".join(sorted(_commands())) + r")\b"
    command = re.compile(shell + r"|(^|\s)--?[a-z]|ROADMAP_[A-Z]")
    for lang in LANGUAGES:
        for key in catalogue_keys(lang):
            if key.startswith(TERMINAL_ONLY):
                continue
            assert not command.search(template(key, lang)), f"{lang} {key}: {template(key, lang)}"


def test_counts_take_the_plural_form():
    assert plural("web.history.submissions", 1, "en") == "1 submission"
    assert plural("web.history.submissions", 2, "en") == "2 submissions"
    assert plural("web.history.submissions", 2, "tr") == "2 gönderim"


def test_a_refusal_is_said_in_the_readers_language_and_the_terminal_adds_its_hint():
    refused = TransitionRefused("refused.comment_required", action=msg("action.request_changes"))
    assert refused.text("en") == "Write an explanation (comment) for requesting changes."
    assert refused.text("tr") == "Bu işlem (değişiklik isteme) için bir açıklama (yorum) yazmanız gerekiyor."
    assert '-m "..."' in explain(refused, "en")
    assert "-m" not in refused.text("en")


def test_nested_messages_and_lists_of_them_are_rendered_in_the_same_language():
    refusal = Message("refused.role", {"role": msg("role.team_member"), "action": msg("action.approve"),
                                       "allowed": [msg("role.consultant"), msg("role.coordinator")]})  # fmt: skip
    assert refusal.render("en") == (
        "A team member cannot do approving; who can: consultant, programme coordinator."
    )
    assert "danışman" in refusal.render("tr")


def test_an_error_keeps_its_key_and_parameters_for_every_edge():
    error = NotFound("notfound.municipality", slug="yokkoy")
    assert error.key == "notfound.municipality"
    assert error.text("en") == "No municipality called 'yokkoy'."
    assert "yokkoy" in str(error)  # logs and flow states read the Turkish text
