"""A new team's form has room for the team the programme asks for, with or without JavaScript."""

from __future__ import annotations

import re

from test_web import OTHER, OTHER_TEAM, signed_in, token, web, web_template  # noqa: F401  (fixtures)

from roadmap.domain.stages import Stage
from roadmap.services import stages as svc

MEMBERS = [
    ("Ali Veli", "Fen İşleri Müdürlüğü"),
    ("Ayşe Kaya", "Kültür ve Sosyal İşler Müdürlüğü"),
    ("Mehmet Demir", "Strateji Geliştirme Müdürlüğü"),
    ("Zeynep Şahin", "Basın Yayın ve Halkla İlişkiler Müdürlüğü"),
]


def _member_rows(page: str) -> int:
    return len(re.findall(r'name="members\.\d+\.name"', page))


def test_a_new_team_sees_enough_empty_rows_for_the_four_members_it_needs_and_one_more(web):  # noqa: F811
    browser = signed_in(OTHER_TEAM)
    page = browser.get(f"/m/{OTHER}/stages/0").text
    assert _member_rows(page) == 5  # four required, and one more
    assert 'data-add-row="members"' in page and 'src="/static/rows.js"' in page
    form = {"csrf_token": token(page), "version": re.search(r'name="version" value="(\d+)"', page).group(1)}  # type: ignore[union-attr]
    form |= {"members.count": "5", "hours.count": "3"}
    for i, (name, directorate) in enumerate(MEMBERS):
        form |= {f"members.{i}.name": name, f"members.{i}.directorate": directorate}
    saved = browser.post(f"/m/{OTHER}/stages/0", data=form)
    assert saved.status_code == 303, saved.text[:2000]
    assert [m["name"] for m in svc.show_stage(OTHER_TEAM, OTHER, Stage.TEAM).content["members"]] == [
        name for name, _ in MEMBERS
    ]
    after = browser.get(f"/m/{OTHER}/stages/0").text
    assert _member_rows(after) == 4 + 3  # the four saved, and blank rows to add more


def test_the_add_row_script_is_served_from_this_site(web):  # noqa: F811
    script = signed_in(OTHER_TEAM).get("/static/rows.js")
    assert script.status_code == 200 and "data-add-row" in script.text
