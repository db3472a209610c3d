"""The ``roadmap`` command: a thin skin over the services (no Prefect import here).

Shared options and the error handling live here; the commands are in the modules imported at the end.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console

from roadmap.domain.stages import Stage
from roadmap.errors import RoadmapError
from roadmap.settings import get_settings, reset_settings
from roadmap.text import say

app = typer.Typer(
    help="Sivil Katılım Güçlendirme Yol Haritası aracı.", no_args_is_help=True, pretty_exceptions_enable=False
)
example_app = typer.Typer(help="Örnek belediye.", no_args_is_help=True)
municipality_app = typer.Typer(help="Belediyeler.", no_args_is_help=True)
stage_app = typer.Typer(help="Bir aşamanın içeriği.", no_args_is_help=True)
app.add_typer(example_app, name="example")
app.add_typer(municipality_app, name="municipality")
app.add_typer(stage_app, name="stage")
import_app = typer.Typer(help="Dosyadan içe aktarma.", no_args_is_help=True)
user_app = typer.Typer(help="Hesaplar.", no_args_is_help=True)
app.add_typer(user_app, name="user")
bundle_app = typer.Typer(help="Yedekleme ve geri yükleme.", no_args_is_help=True)
app.add_typer(bundle_app, name="bundle")
comment_app = typer.Typer(help="İnceleme yorumları.", no_args_is_help=True)
app.add_typer(comment_app, name="comment")
app.add_typer(import_app, name="import")

console = Console()
errors = Console(stderr=True)

Actor = Annotated[
    str | None,
    typer.Option("--as", help="İşlemi yapan kullanıcının e-postası (ya da ROADMAP_USER)."),
]
Slug = Annotated[str, typer.Argument(help="Belediyenin kısa adı, ör. ornekkoy.")]
StageArg = Annotated[str, typer.Argument(help="Aşama numarası (0–6) ya da adı, ör. 3 veya stakeholders.")]
Comment = Annotated[str, typer.Option("-m", "--message", help="Yorum ya da gerekçe.")]


class Lang(StrEnum):
    tr = "tr"
    en = "en"


def _lang() -> Any:
    try:
        return get_settings().language
    except ValidationError:  # a bad ROADMAP_LANGUAGE is reported by main(); speak Turkish meanwhile
        return "tr"


def _stage_name(stage: Stage) -> str:
    return say(f"stage.{stage.key}")


@app.callback()
def _options(
    lang: Annotated[Lang | None, typer.Option("--lang", help="Dil: tr (varsayılan) ya da en.")] = None,
) -> None:
    if lang:
        os.environ["ROADMAP_LANGUAGE"] = lang.value
        reset_settings()


def main() -> None:
    """Entry point: domain errors become one line and exit code 1, never a traceback."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        get_settings()
    except ValidationError as error:
        problems = "; ".join(f"ROADMAP_{str(e['loc'][0]).upper()}: {e['msg']}" for e in error.errors())
        errors.print(f"[bold red]{say('cli.settings_error')}[/] {problems}", highlight=False)
        sys.exit(1)
    try:
        app(standalone_mode=False)
    except RoadmapError as error:
        errors.print(f"[bold red]{'Hata' if _lang() == 'tr' else 'Error'}:[/] {error}", highlight=False)
        sys.exit(1)
    except (OperationalError, ProgrammingError):
        errors.print(say("notfound.database", url=get_settings().resolved_database_url()))
        sys.exit(1)
    except typer.Abort:
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.TyperException as error:  # usage errors: wrong option, missing argument
        error.show()  # type: ignore[attr-defined]
        sys.exit(getattr(error, "exit_code", 2))
    except Exception as error:  # a bug of ours: say so in one line, keep the traceback for debugging
        if os.environ.get("ROADMAP_DEBUG"):
            raise
        errors.print(f"[bold red]{say('cli.unexpected')}[/] {type(error).__name__}: {error}", highlight=False)
        sys.exit(2)


# Commands register themselves on ``app`` when their modules are imported.
from roadmap.cli import workflow, views, reviewing, imports, cohorts  # noqa: E402,F401,I001
