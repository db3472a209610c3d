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
from typer import _click
from typer.core import TyperGroup

from roadmap.domain.stages import Stage
from roadmap.errors import RoadmapError
from roadmap.i18n import DEFAULT_LANGUAGE, has_message, translate
from roadmap.settings import Language, get_settings

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
translations_app = typer.Typer(help="İngilizce sürüm için çeviriler.", no_args_is_help=True)
app.add_typer(translations_app, name="translations")
notifications_app = typer.Typer(help="Bildirimler (e-posta).", no_args_is_help=True)
app.add_typer(notifications_app, name="notifications")


class _ShowByDefault(TyperGroup):
    """``roadmap stakeholders SLUG`` shows the register as before; ``reassess`` and ``rounds`` are
    the group's other commands."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


stakeholders_app = typer.Typer(
    cls=_ShowByDefault, help="Paydaş haritası ve yeniden değerlendirme turları.", no_args_is_help=True
)
app.add_typer(stakeholders_app, name="stakeholders")

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


class _Reader:
    """Who reads this command's output: their language, from --lang or ROADMAP_LANGUAGE."""

    lang: Language | None = None


reader = _Reader()


def _lang() -> Language:
    if reader.lang:
        return reader.lang
    try:
        return get_settings().language
    except ValidationError:  # a bad ROADMAP_LANGUAGE is reported by main(); speak Turkish meanwhile
        return DEFAULT_LANGUAGE


def say(key: str, /, **params: Any) -> str:
    """A catalogue sentence in the language of the person at the terminal."""
    return translate(key, _lang(), **params)


def explain(error: RoadmapError, lang: Language) -> str:
    """A refusal as the terminal shows it: the product's words, then the CLI's own hint if it has one."""
    text = error.text(lang)
    hint = f"hint.{error.key}"
    if has_message(hint):
        text += " " + translate(hint, lang, **error.message.params)
    return "\n".join([text, *(f"  - {detail}" for detail in error.details(lang))])


def _stage_name(stage: Stage) -> str:
    return say(f"stage.{stage.key}")


@app.callback()
def _options(
    lang: Annotated[Lang | None, typer.Option("--lang", help="Dil: tr (varsayılan) ya da en.")] = None,
) -> None:
    reader.lang = lang.value if lang else None


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
        code = app(standalone_mode=False)  # a command's typer.Exit(N) comes back as its return value
        if isinstance(code, int) and code:
            sys.exit(code)
    except RoadmapError as error:
        errors.print(f"[bold red]{say('cli.error')}:[/] {explain(error, _lang())}", highlight=False)
        sys.exit(1)
    except (OperationalError, ProgrammingError):
        missing = RoadmapError("notfound.database", url=get_settings().resolved_database_url())
        errors.print(explain(missing, _lang()), highlight=False)
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
from roadmap.cli import workflow, views, reviewing, imports, cohorts, checking  # noqa: E402,F401,I001
from roadmap.cli import translating, admin, storing, publishing, themes  # noqa: E402,F401,I001
from roadmap.cli import rounds, monitoring, amendments, calls, programme, actors, support  # noqa: E402,F401,I001
