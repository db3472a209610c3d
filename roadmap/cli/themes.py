"""Themes in what people said: ``roadmap themes``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from roadmap.cli import Actor, Slug, _lang, app, console, say


@app.command()
def themes(
    slug: Slug,
    actor: Actor = None,
    as_json: Annotated[bool, typer.Option("--json", help="Makinenin okuyacağı JSON olarak yaz.")] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Önerileri aşamaya kaydet (kabul edilmiş temalar değişmez).")
    ] = False,
) -> None:
    """Görüş ve önerilerdeki temalar: adları, girdileri (aynen), toplantı ve paydaş türüne göre
    sayıları, dokundukları odak alanları ve boyutlar, boşluklar. Model bu makinede çalışır.

    Örnek: roadmap themes ornekkoy --json
    """
    from roadmap.domain.catalogues import focus_titles
    from roadmap.render.texts import DocumentTexts
    from roadmap.services.themes import store_suggestions, theme_synthesis

    if save:
        store_suggestions(actor, slug)
    data, result = theme_synthesis(actor, slug, refresh=not save)
    if as_json:
        sys.stdout.write(json.dumps(result.model_dump(), ensure_ascii=False, indent=2) + "\n")
        return
    lang = _lang()
    labels = DocumentTexts(lang)
    titles = focus_titles(data.focus, lang, data.catalogues.catalogue)
    dimension_titles = {d.id: d.title(lang) for d in data.catalogues.instrument.dimensions}
    console.print(f"[bold]{say('themes.title', name=data.name, count=len(result.themes))}[/]")
    for number, theme in enumerate(result.themes, start=1):
        state = say("themes.accepted") if theme.accepted else say("themes.suggested")
        console.print(f"\n[bold]{number}. {theme.name}[/] ({state})", highlight=False)
        for given in theme.inputs:
            console.print(f"  {given.code}  “{given.text}”", highlight=False)
        meetings = ", ".join(f"{m}: {n}" for m, n in theme.by_meeting.items())
        kinds = ", ".join(
            f"{labels.label('type', k) if k != 'unknown' else say('themes.unknown_type')}: {n}"
            for k, n in theme.by_stakeholder_type.items()
        )
        console.print("  " + say("themes.by_meeting", counts=meetings), highlight=False)
        console.print("  " + say("themes.by_type", counts=kinds), highlight=False)
        areas = ", ".join(titles.get(c, c) for c in theme.focus_areas) or "—"
        console.print(
            "  "
            + say(
                "themes.focus",
                areas=areas,
                dimensions=", ".join(dimension_titles.get(d, d) for d in theme.dimensions) or "—",
            ),
            highlight=False,
        )
    names = {t.id: t.name for t in result.themes}
    gaps = [names[i] for i in result.themes_without_action]
    console.print("\n" + say("themes.without_action", names=", ".join(gaps) or "—"), highlight=False)
    console.print(
        say(
            "themes.focus_without_input",
            areas=", ".join(titles.get(c, c) for c in result.focus_without_input) or "—",
        ),
        highlight=False,
    )
