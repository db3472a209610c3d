"""The diff page's comparison, record by record: matched by id, renames are changes, words marked."""

from __future__ import annotations

from roadmap.domain.diff import record_changes, word_marks


def _said(value) -> str:  # type: ignore[no-untyped-def]
    return value if isinstance(value, str) else value.render("tr")


def test_a_renamed_record_is_one_change_of_its_name_matched_by_id():
    before = {"stakeholders": [{"id": "a1b2c3d4e5f6", "name": "Gençlik Derneği", "power": 2}]}
    after = {"stakeholders": [{"id": "a1b2c3d4e5f6", "name": "Gençlik ve Spor Derneği", "power": 3}]}
    changes = record_changes(before, after)
    (record,) = changes.records
    assert (record.state, _said(record.kind), record.name, record.id) == (
        "changed",
        "paydaş",
        "Gençlik ve Spor Derneği",
        "a1b2c3d4e5f6",
    )
    assert [(_said(f.field), _said(f.old), _said(f.new)) for f in record.fields] == [
        ("Ad", "Gençlik Derneği", "Gençlik ve Spor Derneği"),
        ("güç", "2", "3"),
    ]


def test_a_namesake_with_a_new_id_is_an_addition_and_nested_records_name_their_parent():
    goal = {"id": "0000000000a1", "title": "Dijital katılım", "actions": []}
    action = {"id": "0000000000b1", "title": "Portal", "responsible": "Bilgi İşlem"}
    changes = record_changes(
        {"goals": [goal], "vision": "Eski"},
        {"goals": [{**goal, "actions": [action]}], "vision": "Yeni"},
    )
    assert [(_said(f.field), f.old, f.new) for f in changes.fields] == [("vizyon", "Eski", "Yeni")]
    (added,) = changes.records  # the goal itself did not change: only its new action is listed
    assert (added.state, added.name) == ("added", "Portal")
    assert [(_said(kind), name) for kind, name in added.within] == [("amaç", "Dijital katılım")]
    assert record_changes({"goals": [goal]}, {"goals": [goal]}).empty


def test_word_marks_keep_the_common_words_and_mark_the_rest():
    old, new = word_marks("Kültür Merkezi, Küçük Salon", "Kültür Merkezi, Büyük Salon")
    assert old == [("same", "Kültür Merkezi, "), ("del", "Küçük"), ("same", " Salon")]
    assert new == [("same", "Kültür Merkezi, "), ("ins", "Büyük"), ("same", " Salon")]
