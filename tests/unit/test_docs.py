"""Every command a person can run is shown in the README, with an example in its help."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.cli import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, object]]:
    found = [(c.name or c.callback.__name__, c.callback) for c in app.registered_commands if not c.hidden]
    for group in app.registered_groups:
        found += [(f"{group.name} {c.name}", c.callback) for c in group.typer_instance.registered_commands]
    return found


@pytest.mark.parametrize("name, callback", commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_command_is_in_the_readme_and_its_help_has_an_example(name, callback):
    assert f"roadmap {name}" in README, f"README does not show 'roadmap {name}'"
    assert "Örnek: roadmap " in (callback.__doc__ or ""), f"'roadmap {name}' has no example in its help"
