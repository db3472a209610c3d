"""What the browser tests share: a live server on a free port, a signed-in tab that photographs
every page it visits, an axe-core scan and the phone-width check.

Every page is checked at the two widths people use (a 1366 px laptop and a 390 px phone): axe-core
(bundled by axe-playwright-python) must find no serious or critical violation, and the page must not
be wider than the window.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PASSWORD = "yenikoy-parola-2026"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def live_server() -> Iterator[str]:
    """The web app on a free port for the length of a test (use it inside a fixture)."""
    import uvicorn

    from roadmap.web import security
    from roadmap.web.app import create_app

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (scripts/install-system-deps.sh installs it)")
    security.reset_sign_in_limits()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--lang=tr-TR"])


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page, each as 'rule: first element'."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']}: {v['nodes'][0]['target'] if v['nodes'] else ''} ({v['help']})"
        for v in found
        if v.get("impact") in ("serious", "critical")
    ]


OVERFLOW = """() => {
  if (document.documentElement.scrollWidth <= window.innerWidth + 1) return [];
  const inScroll = (el) => el.parentElement && el.parentElement.closest('.scroll');
  return [...document.querySelectorAll('body *')]
    .filter((el) => !inScroll(el) && el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
    .slice(0, 3)
    .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : '')
      + ' (' + Math.round(el.getBoundingClientRect().right) + 'px)');
}"""


def wider_than_window(page: Any) -> list[str]:
    """The elements that stick out past the window's right edge (empty when the page fits)."""
    found = list(page.evaluate(OVERFLOW))
    if not found and page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
        found = ["the page (no single element found)"]
    return found


class Person:
    """One browser tab signed in as one person; every page it lands on is photographed.

    With ``audit`` set, each page visited with ``go`` is also scanned by axe-core and measured at
    laptop and phone width; what fails is collected in ``problems`` (the test asserts it is empty).
    """

    def __init__(  # type: ignore[no-untyped-def]
        self, browser, base: str, email: str, tag: str, password: str = PASSWORD, audit: bool = False
    ) -> None:
        self.context = browser.new_context(viewport=LAPTOP, locale="tr-TR", accept_downloads=True)
        self.page = self.context.new_page()
        self.base, self.tag, self.shots, self.audit = base, tag, 0, audit
        self.problems: list[str] = []
        self.audited: set[str] = set()
        self.go("/login")
        self.page.fill("#email", email)
        self.page.fill("#password", password)
        self.page.click("button.primary")
        self.snap("signed-in")

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
        self.snap(name)
        if self.audit:
            self.check(name)

    def check(self, name: str) -> None:
        """Scan the page as it is now at both widths (once per page name), photographing the phone view."""
        if name in self.audited:
            return
        self.audited.add(name)
        for size, width in ((LAPTOP, "laptop"), (PHONE, "phone")):
            self.page.set_viewport_size(size)
            self.problems += [f"{name} @{width}: {v}" for v in serious_violations(self.page)]
            if wide := wider_than_window(self.page):
                self.problems.append(f"{name} @{width}: wider than the window: {', '.join(wide)}")
        self.page.screenshot(path=str(SHOTS / f"{self.tag}-{name}-390.png"), full_page=True)
        self.page.set_viewport_size(LAPTOP)

    def snap(self, name: str) -> None:
        self.shots += 1
        self.page.screenshot(path=str(SHOTS / f"{self.tag}-{self.shots:02d}-{name}.png"), full_page=True)

    def click(self, selector: str, name: str) -> None:
        self.page.click(selector)
        self.page.wait_for_load_state()
        self.snap(name)

    def status(self) -> str:
        return str(self.page.inner_text(".stage-head .badge"))
