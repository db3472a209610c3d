"""What people do with suggested themes: accept, rename, merge, split and move inputs. Each edit takes
the stage's themes and returns new ones; refusals are keyed errors the edges translate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from roadmap.domain.content import Theme, new_record_id
from roadmap.errors import InvalidInput, NotFound

Action = Literal["accept", "unaccept", "rename", "merge", "split", "move"]


class ThemeEdit(BaseModel):
    """One edit, as a form or a command sends it."""

    action: Action
    theme: str  # the theme's id
    name: str = Field(default="", max_length=200)  # rename; the new theme's name for split
    into: str = ""  # merge: the theme that takes this one's inputs; move: where the inputs go
    inputs: list[str] = []  # split and move: the inputs concerned


def _find(themes: Sequence[Theme], theme_id: str) -> Theme:
    found = next((t for t in themes if t.id == theme_id), None)
    if found is None:
        raise NotFound("themes.unknown", theme=theme_id)
    return found


def _without(inputs: Sequence[str], gone: Sequence[str]) -> list[str]:
    return [i for i in inputs if i not in gone]


def _union(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return list(first) + [i for i in second if i not in first]


def apply_edit(
    themes: Sequence[Theme],
    edit: ThemeEdit,
    name_for: Callable[[list[str]], str],
    make_id: Callable[[], str] = new_record_id,
) -> list[Theme]:
    """The themes after ``edit``. ``name_for`` names a theme split off from the ids of its inputs,
    from their own words, when the person gave no name. Empty themes disappear."""
    theme = _find(themes, edit.theme)
    result = [t.model_copy(deep=True) for t in themes]
    this = next(t for t in result if t.id == theme.id)
    if edit.action in ("accept", "unaccept"):
        this.accepted = edit.action == "accept"
    elif edit.action == "rename":
        name = " ".join(edit.name.split())
        if len(name) < 2:
            raise InvalidInput("themes.name_required")
        this.name = name
    elif edit.action == "merge":
        other = next((t for t in result if t.id == edit.into and t.id != this.id), None)
        if other is None:
            raise NotFound("themes.unknown", theme=edit.into or "—")
        other.inputs = _union(other.inputs, this.inputs)
        other.accepted = other.accepted or this.accepted
        this.inputs = []
    elif edit.action in ("split", "move"):
        chosen = [i for i in this.inputs if i in edit.inputs]
        if not chosen:
            raise InvalidInput("themes.no_inputs_chosen")
        if edit.action == "split":
            name = " ".join(edit.name.split()) or name_for(chosen)
            # a part of an accepted theme is accepted too: people made it, a refresh must not undo it
            split_off = Theme(id=make_id(), name=name, inputs=chosen, accepted=this.accepted)
            result.insert(result.index(this) + 1, split_off)
        else:
            target = next((t for t in result if t.id == edit.into and t.id != this.id), None)
            if target is None:
                raise NotFound("themes.unknown", theme=edit.into or "—")
            target.inputs = _union(target.inputs, chosen)
        this.inputs = _without(this.inputs, chosen)
    return [t for t in result if t.inputs]
