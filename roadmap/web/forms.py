"""Stage forms for the browser: what each stage's form shows, and how a posted form becomes content.

A form is a list of fields and row groups (``Rows``) declared per stage. Field names are paths into
the stage's content (``members.2.email``). A posted form is laid *over* the stored content: fields the
form does not show (a meeting's participant list from an attendance sheet, say) are kept, rows are
matched by position (the optimistic lock guarantees the positions did not move), a row whose
"remove" box is ticked is dropped, and a blank new row is ignored.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.numbers import format_decimal
from pydantic import ValidationError

from roadmap.domain.catalogues import Programme, bundled_programme
from roadmap.domain.content import InputResponse, ParticipationLevel, SharingAudience, StakeholderType
from roadmap.domain.stages import Stage
from roadmap.domain.validation import ProgrammeRules
from roadmap.errors import validation_reason
from roadmap.i18n import render
from roadmap.render.texts import DocumentTexts
from roadmap.settings import Language
from roadmap.text import long_date

Options = Callable[["FormContext"], list[tuple[str, str]]]


@dataclass(frozen=True)
class FormContext:
    lang: Language
    content: dict[str, Any]
    focus: dict[str, str]  # the municipality's selected focus areas: code -> title
    editable: bool = True  # read-only forms show what is stored, without empty or suggested rows
    actions: Mapping[str, str] = field(default_factory=dict)  # the roadmap's actions: id -> "1.2 title"
    programme: Programme = field(default_factory=bundled_programme)  # the cohort's instrument and catalogue
    # The checklist's points beside each record: record id (or focus code) -> [(severity or "resolved", text)]
    notes: Mapping[str, list[tuple[str, str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = (
        "text"  # text textarea email number date time checkbox select multi lines records hidden shown
    )
    options: Options | None = None
    parts: tuple[str, ...] = ()  # for "records": the keys of each line, "a | b | c"
    label: str = ""  # the label's key if not the field's name (field.<label>)

    @property
    def label_key(self) -> str:
        return f"field.{self.label or self.name}"


@dataclass(frozen=True)
class Rows:
    name: str
    fields: tuple[Field | Rows, ...]
    blank: int = 2
    layout: str = "table"  # or "cards" for wide items
    keep_if: tuple[str, ...] = ()  # a new row is kept only if one of these is filled in
    seed: Callable[[FormContext, list[dict[str, Any]]], list[dict[str, Any]]] | None = (
        None  # suggested new rows
    )
    minimum: int = 0  # rows the stage needs (team members): enough blank rows to reach it, and one more

    def blanks(self, stored: int) -> int:
        """How many blank rows to show below ``stored`` rows (a form without JavaScript cannot add any)."""
        return max(self.blank, self.minimum - stored + 1) if self.minimum else self.blank


def _scores(_: FormContext) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


def _enum(group: str, values: list[str], empty: bool = True) -> Options:
    """Choices labelled as the document labels them (``labels.<group>`` in templates/document)."""

    def options(ctx: FormContext) -> list[tuple[str, str]]:
        texts = DocumentTexts(ctx.lang)
        found = [(v, texts.label(group, v)) for v in values]
        return ([("", "—")] if empty else []) + found

    return options


def _focus(ctx: FormContext) -> list[tuple[str, str]]:
    return list(ctx.focus.items())


def _focus_or_none(ctx: FormContext) -> list[tuple[str, str]]:
    return [("", "—"), *ctx.focus.items()]


def _actions(ctx: FormContext) -> list[tuple[str, str]]:
    """The roadmap's actions by id; a link the plan no longer has stays visible as it was written."""
    linked = {
        str(given.get("action"))
        for meeting in ctx.content.get("meetings") or []
        for given in meeting.get("inputs") or []
        if given.get("action")
    }
    return [("", "—"), *ctx.actions.items(), *((value, value) for value in sorted(linked - set(ctx.actions)))]


def _dimensions(ctx: FormContext) -> list[tuple[str, str]]:
    return [("", "—")] + [(d.id, d.title(ctx.lang)) for d in ctx.programme.instrument.dimensions]


def _goals(ctx: FormContext) -> list[tuple[str, str]]:
    goals = ctx.content.get("strategic_goals") or []
    return [("", "—")] + [(g["ref"], f"{g['ref']}: {g['title']}") for g in goals if g.get("ref")]


def _catalogue_rows(ctx: FormContext, existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every catalogue area not yet among the candidates, offered as a row to tick."""
    present = {row.get("code") for row in existing}
    return [{"code": code} for code in ctx.programme.catalogue if code not in present]


FORMS: dict[Stage, tuple[Field | Rows, ...]] = {
    Stage.TEAM: (
        Rows(
            "members",
            (
                Field("name"),
                Field("directorate"),
                Field("role"),
                Field("email", "email"),
                Field("phone"),
                Field("is_coordinator", "checkbox"),
            ),
            blank=3,
            keep_if=("name", "directorate"),
            minimum=ProgrammeRules().min_members,
        ),
        Rows(
            "hours",
            (Field("day", "date"), Field("member"), Field("hours", "number"), Field("activity")),
            blank=3,
            keep_if=("day", "member", "hours"),
        ),
    ),
    Stage.NEEDS: (Field("notes", "textarea"),),
    Stage.FOCUS: (
        Rows("strategic_goals", (Field("ref"), Field("title")), blank=2, keep_if=("ref", "title")),
        Field("local_priorities", "lines"),
        Field("weights.need", "number"),
        Field("weights.strategy", "number"),
        Field("weights.local", "number"),
        Field("weights.feasibility", "number"),
        Rows(
            "candidates",
            (
                Field("code", "shown", label="area"),
                Field("selected", "checkbox"),
                Field("justification", "textarea"),
                Field("linked_dimension", "select", _dimensions),
                Field("strategic_goal", "select", _goals),
                Field("local_priority", "select", lambda ctx: _scores(ctx)[1:]),
                Field("feasibility", "select", lambda ctx: _scores(ctx)[1:]),
            ),
            blank=0,
            layout="cards",
            keep_if=("selected", "justification"),
            seed=_catalogue_rows,
        ),
    ),
    Stage.STAKEHOLDERS: (
        Rows(
            "stakeholders",
            (
                Field("name"),
                Field("type", "select", _enum("type", [t.value for t in StakeholderType], False)),
                Field("contact_person"),
                Field("email", "email"),
                Field("phone"),
                Field("power", "select", _scores),
                Field("interest", "select", _scores),
                Field("level", "select", _enum("level", [v.value for v in ParticipationLevel])),
                Field("focus_areas", "multi", _focus),
                Field("notes"),
                Field("public_consent", "checkbox"),
            ),
            blank=3,
            keep_if=("name",),
        ),
    ),
    Stage.CONSULTATIONS: (
        Rows(
            "meetings",
            (
                Field("code"),
                Field("title"),
                Field("audience", "select", _enum("audience", ["internal", "external"], False)),
                Field("held", "checkbox"),
                Field("day", "date"),
                Field("time", "time"),
                Field("place"),
                Field("online_link"),
                Field("facilitator"),
                Field("focus_areas", "multi", _focus),
                Field("agenda", "lines"),
                Field("invited", "lines"),
                Field("attended", "lines"),
                Field("participants.total", "number"),
                Field("participants.women", "number"),
                Field("participants.youth", "number"),
                Field("participants.disability", "number"),
                Rows(
                    "inputs",
                    (
                        Field("text", "textarea"),
                        Field("source"),
                        Field("focus_area", "select", _focus_or_none),
                        Field("response", "select", _enum("response", [r.value for r in InputResponse])),
                        Field("reason"),
                        Field("action", "select", _actions),
                    ),
                    blank=2,
                    keep_if=("text",),
                ),
                # Who signed in: named in the document only with consent, a minor with a guardian's too
                Rows(
                    "people",
                    (
                        Field("name"),
                        Field("organisation"),
                        Field("age", "number"),
                        Field("consent", "checkbox"),
                        Field("guardian_consent", "checkbox"),
                    ),
                    blank=0,
                    keep_if=("name",),
                ),
            ),
            blank=1,
            layout="cards",
            keep_if=("title", "day"),
        ),
    ),
    Stage.ROADMAP: (
        Field("start", "date"),
        Field("months", "number"),
        Field("vision", "textarea"),
        Field("summary", "textarea"),
        Field("foreword.text", "textarea"),
        Field("foreword.signatory"),
        Field("foreword.title"),
        Rows(
            "goals",
            (
                Field("focus_area", "select", _focus_or_none),
                Field("title"),
                Rows(
                    "actions",
                    (
                        Field("title"),
                        Field("description", "textarea"),
                        Field("responsible"),
                        Field("partners", "lines"),
                        Field("start_month", "number"),
                        Field("end_month", "number"),
                        Field("recurs_every", "number"),
                        Field("budget_try", "number"),
                        Field("funding"),
                        Field("staff"),
                        Field("in_kind"),
                        Field(
                            "indicators",
                            "records",
                            parts=(
                                "name",
                                "unit",
                                "baseline",
                                "target",
                                "kind",
                                "data_source",
                                "frequency",
                                "responsible",
                                "milestones",
                            ),
                        ),
                        Field("risks", "records", parts=("risk", "mitigation")),
                    ),
                    blank=1,
                    layout="cards",
                    keep_if=("title",),
                ),
            ),
            blank=1,
            layout="cards",
            keep_if=("title",),
        ),
        Field("monitoring.reviewer"),
        Field("monitoring.frequency"),
        Field("monitoring.with_whom"),
        Field("monitoring.method", "textarea"),
        Field("institutionalisation.unit"),
        Field("institutionalisation.decision"),
        Field("institutionalisation.coordinator_role", "textarea"),
        Field("deferred", "textarea"),
        Field("acknowledgements", "textarea"),
        Rows("sharing", (Field("audience"), Field("channel"), Field("when")), blank=2, keep_if=("audience",)),
    ),
    Stage.SHARE: (
        Rows(
            "shares",
            (
                Field("audience", label="share_audience"),
                Field(
                    "kind",
                    "select",
                    _enum("share_kind", [k.value for k in SharingAudience]),
                    label="share_kind",
                ),
                Field("channel"),
                Field("day", "date"),
                Field("done", "checkbox"),
                Field("response", "textarea", label="share_response"),
            ),
            blank=2,
            keep_if=("audience",),
        ),
    ),
}


# --- reading values ------------------------------------------------------------------


def get_path(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set a value; ``None`` (an emptied choice, date or number) removes it so the default applies."""
    *parents, last = path.split(".")
    for part in parents:
        if not isinstance(data.get(part), dict):
            data[part] = {}
        data = data[part]
    if value is None:
        data.pop(last, None)
    else:
        data[last] = value


def shown_value(item: Field, value: Any) -> Any:
    """How a stored value appears in its form control."""
    if item.kind == "lines":
        return "\n".join(value or [])
    if item.kind == "records":
        lines = []
        for record in value or []:
            parts = ["" if record.get(p) is None else _plain(record.get(p)) for p in item.parts]
            while parts and not parts[-1]:
                parts.pop()
            lines.append(" | ".join(parts))
        return "\n".join(lines)
    if item.kind == "time" and isinstance(value, str):
        return value[:5]
    if value is None:
        return ""
    return _plain(value)


def option_texts(item: Field, ctx: FormContext, values: Any) -> str:
    """The chosen options' labels as a reader sees them, for a read-only stage ("" when none)."""
    labels = dict(item.options(ctx)) if item.options else {}
    chosen = values if isinstance(values, list) else [values]
    return ", ".join(
        labels.get(str(v), str(v)) for v in chosen if v not in (None, "") and labels.get(str(v)) != "—"
    )


def read_text(item: Field, value: Any, lang: Language) -> str:
    """A stored value as a read-only page writes it: dates in words, numbers as the reader's language
    writes them ("3,5"); "" when empty."""
    if value in (None, ""):
        return ""
    if item.kind == "date":
        try:
            return long_date(value if isinstance(value, date) else date.fromisoformat(str(value)), lang)
        except ValueError:
            return str(value)
    if item.kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return format_decimal(value, format="#,##0.##", locale=lang)
    return str(shown_value(item, value))


def has_errors(errors: Mapping[str, str], prefix: str) -> bool:
    """Whether a field under this row has an error (its folded section then opens)."""
    return any(name.startswith(prefix) for name in errors)


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _posted(item: Field, form: Any, name: str) -> Any:
    if item.kind == "checkbox":
        return name in form
    if item.kind == "multi":
        return [v for v in form.getlist(name) if v]
    raw = str(form.get(name, "")).replace("\r\n", "\n").strip()
    if item.kind == "lines":
        return [line.strip() for line in raw.split("\n") if line.strip()]
    if item.kind == "records":
        records = []
        for line in raw.split("\n"):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            records.append({key: value for key, value in zip(item.parts, parts, strict=False) if value})
        return records
    if item.kind == "number":
        return raw.replace(",", ".") if raw else None
    if item.kind in ("date", "time", "select") and not raw:
        return None
    return raw


def _present(item: Field, form: Any, name: str) -> bool:
    """Was this field on the posted form? (A field it did not show keeps its stored value.)

    An unticked box and an empty multiple choice send nothing, so the form marks them as shown.
    """
    if item.kind in ("checkbox", "multi"):
        return f"{name}.shown" in form
    return name in form


def _filled(item: Field | Rows, form: Any, prefix: str) -> bool:
    if isinstance(item, Rows):
        return False
    value = _posted(item, form, prefix + item.name)
    return bool(value) and value != "0"


def overlay(
    items: tuple[Field | Rows, ...], stored: dict[str, Any], form: Any, prefix: str = ""
) -> dict[str, Any]:
    """The stored content with the posted form laid over it (see the module's docstring)."""
    result = copy.deepcopy(stored)
    for item in items:
        if isinstance(item, Rows):
            old = list(stored.get(item.name) or [])
            count = _count(form, f"{prefix}{item.name}.count", len(old))
            rows = []
            for index in range(count):
                row_prefix = f"{prefix}{item.name}.{index}."
                if f"{row_prefix}_remove" in form:
                    continue
                base = old[index] if index < len(old) else {}
                if index >= len(old):  # a suggested or blank row: its shown fields come from the form
                    base = {
                        f.name: form.get(row_prefix + f.name)
                        for f in item.fields
                        if isinstance(f, Field) and f.kind == "shown" and form.get(row_prefix + f.name)
                    }
                    keep = item.keep_if or tuple(f.name for f in item.fields if isinstance(f, Field))
                    fields = {f.name: f for f in item.fields if isinstance(f, Field)}
                    if not any(_filled(fields[k], form, row_prefix) for k in keep if k in fields):
                        continue
                rows.append(overlay(item.fields, base, form, row_prefix))
            result[item.name] = rows
        elif item.kind != "shown" and _present(item, form, prefix + item.name):
            value = _posted(item, form, prefix + item.name)
            if item.kind == "records":  # "a | b" lines keep the ids of the records they were shown from
                earlier = get_path(stored, item.name) or []
                value = [
                    {"id": earlier[n]["id"], **record}
                    if n < len(earlier) and earlier[n].get("id")
                    else record
                    for n, record in enumerate(value)
                ]
            _set_path(result, item.name, value)
    return result


def _count(form: Any, name: str, default: int) -> int:
    try:
        return max(0, min(int(form.get(name, default)), 5000))
    except (TypeError, ValueError):
        return default


# --- errors in the reader's language --------------------------------------------------


def field_errors(error: ValidationError, lang: Language) -> dict[str, str]:
    """Each invalid field's path (``members.2.email``) and what is wrong with it, in Turkish or English."""
    found: dict[str, str] = {}
    for item in error.errors():
        path = ".".join(str(p) for p in item["loc"])
        found.setdefault(path, render(validation_reason(item), lang))
    return found


def error_label(translate: Callable[..., str], path: str) -> str:
    """A readable name for an error's path: "members.2.email" -> "E-posta (3. satır)"."""
    parts = path.split(".")
    rows = [int(p) + 1 for p in parts if p.isdigit()]
    names = [p for p in parts if not p.isdigit()]
    for key in (".".join(names[-2:]), names[-1] if names else ""):
        try:
            label = translate(f"field.{key}")
        except KeyError:
            continue
        if label == f"field.{key}":  # not in the catalogue: gettext hands the key back
            continue
        return f"{label} ({translate('web.row', number=rows[-1])})" if rows else label
    return path


def rows_for(item: Rows, stored: dict[str, Any], ctx: FormContext) -> list[dict[str, Any]]:
    """The rows a form shows: the stored ones, suggested ones, then blank ones."""
    rows = list(stored.get(item.name) or [])
    if not ctx.editable:
        return rows
    extra = item.seed(ctx, rows) if item.seed else []
    return rows + extra + [{} for _ in range(item.blanks(len(rows)))]
