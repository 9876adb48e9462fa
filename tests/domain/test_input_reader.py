"""The one reader of untrusted structured input (caseworker/core/input_checks.py): each
kind of check, paths and labels for nested fields, unknown keys, true and false refused
as numbers, no value ever repeated, and collecting every problem or stopping at the
first."""

from __future__ import annotations

import math

import pytest

from caseworker.core.input_checks import InvalidInput, Problem, Reader, entry_name, labelled
from caseworker.core.user_errors import UserError

CANARY = "CANARY-Ержанат-7731"


def _said(read: Reader) -> list[str]:
    return [str(problem) for problem in read.problems]


# -- each kind of check ----------------------------------------------------------------


def test_text_is_trimmed_and_checked_for_type_presence_and_length():
    read = Reader(limit=10)
    assert read.text("name", "  Ali  ") == "Ali"
    assert read.text("name", "  Ali  ", strip=False) == "  Ali  "
    assert read.text("name", None) == "" and read.problems == []
    assert read.text("name", 5) == ""
    read.text("given", "   ", required=True)
    read.text("surname", None, required=True)
    read.text("note", "x" * 11)
    read.text("title", "x" * 30, limit=40)
    assert _said(read) == ["name: must be text", "given: is required", "surname: is required",
                           "note: is too long (at most 10 characters)"]


def test_whole_numbers_refuse_true_and_false_floats_and_text():
    read = Reader()
    assert read.whole("days", 7, low=1, high=400) == 7
    assert read.whole("days", 0) == 0
    assert read.whole("days", None) is None and read.problems == []
    for value in (True, False, 7.0, "7"):
        assert read.whole("days", value, low=1, high=400) is None
    assert read.whole("days", 401, low=1, high=400) is None
    assert read.whole("points", -21, low=-20, high=-1) is None
    assert read.whole("count", 2**60) is None
    assert read.whole("hours", None, required=True) is None
    assert _said(read) == ["days: must be a whole number from 1 to 400"] * 5 + [
        "points: must be a whole number from -20 to -1", "count: is too large a number",
        "hours: is required"]


def test_numbers_take_whole_and_decimal_but_not_true_or_what_is_not_finite():
    read = Reader()
    assert read.number("lat", 44) == 44 and read.number("lat", 44.5, -90, 90) == 44.5
    for value in (True, math.nan, math.inf, "44.5", [44]):
        assert read.number("lat", value, -90, 90) is None
    assert read.number("lat", 90.5, -90, 90) is None
    assert read.number("km", -1, low=0) is None
    assert read.number("km", 5, high=1) is None
    assert _said(read) == ["lat: must be a number from -90 to 90"] * 6 + [
        "km: must be a number of at least 0", "km: must be a number of at most 1"]


def test_true_or_false_is_only_true_or_false():
    read = Reader()
    assert read.flag("verified", True) is True and read.flag("verified", False) is False
    for value in (1, 0, "true", "yes"):
        assert read.flag("verified", value) is None
    read.flag("closed", None, required=True)
    assert _said(read) == ["verified: must be true or false"] * 4 + ["closed: is required"]


def test_choices_are_listed_or_not_and_never_crash_on_a_list():
    read = Reader()
    assert read.choice("unit", "hours", ("hours", "days")) == "hours"
    read.choice("unit", "weeks", ("hours", "days"))
    read.choice("unit", ["hours"], {"hours": "Hours", "days": "Days"})
    read.choice("sex", "x", ("female", "male"), listed=False)
    assert _said(read) == ["unit: must be one of: hours, days"] * 2 + [
        "sex: is not one of the values this app knows"]


def test_lists_of_text_are_checked_entry_by_entry():
    read = Reader(limit=5)
    assert read.texts("tags", [" a ", "b"]) == ["a", "b"]
    assert read.texts("tags", None) == []
    assert read.texts("tags", "a") == []
    read.texts("tags", ["a", 3, "toolong"])
    read.texts("sources", [], least=1)
    assert read.texts("aliases", ["a", "b", "c"], most=2) == ["a", "b"]
    assert _said(read) == ["tags: must be a list of text", "tags[1]: must be text",
                           "tags[2]: is too long (at most 5 characters)",
                           "sources: must list at least one entry",
                           "aliases: has too many entries (at most 2)"]


def test_items_keep_the_first_entries_of_a_long_list():
    read = Reader()
    assert read.items("events", list(range(5)), most=3) == [0, 1, 2]
    assert _said(read) == ["events: has too many entries (at most 3)"]


# -- tables, unknown keys, presence ----------------------------------------------------


def test_a_table_names_unknown_and_missing_keys_and_reads_each_key_with_a_default():
    read = Reader()
    table = read.table("", {"status": " open ", "colour": "red", "id": "x", "days": None},
                       {"status", "days", "person"}, required={"person", "days"},
                       ignored={"id"})
    assert table.text("status") == "open"
    assert table.text("situation", "unknown") == "unknown"
    assert table.whole("days", 3) == 3  # null is left out
    assert "status" in table and "days" not in table and "situation" not in table
    assert _said(read) == ["colour: is not a known field", "days: is required",
                           "person: is required"]


def test_what_is_not_a_table_is_said_in_the_words_of_its_format():
    toml, json = Reader(), Reader(objects=True)
    assert list(toml.table("clock", [1])) == []
    json.table("", "text")
    json.rows("events", {"type": "x"})
    toml.rows("clock", ["x"])
    assert _said(toml) == ["clock: must be a table", "clock[0]: must be a table"]
    assert _said(json) == ["(top level): must be an object", "events: must be a list of objects"]


def test_an_unknown_key_is_named_but_not_at_length():
    read = Reader()
    read.table("person", {"k" * 500: 1}, {"names"})
    [problem] = read.problems
    assert problem.path == "person." + "k" * 40 and len(str(problem)) < 80


def test_any_key_is_allowed_when_none_are_listed():
    read = Reader()
    keymap = read.table("keymap", {"app.lock": "f9", "app.quit": ""})
    assert {key: keymap.text(key, required=True) for key in keymap} == {
        "app.lock": "f9", "app.quit": ""}
    assert _said(read) == ["keymap.app.quit: is required"]


# -- paths, labels and the entry a path lies in ----------------------------------------


def test_nested_fields_are_named_by_their_path():
    read = Reader(objects=True)
    top = read.table("", {"events": [{"at": "2025"}, {"at": 5}, {"type": 1, "where": ""}]},
                     {"events"})
    for event in top.rows("events", {"type", "at"}):
        event.text("at")
        event.text("type")
    person = top.table("person", {"age"})
    assert person.path == "person" and person.at("age") == "person.age"
    # The rows' keys are checked as the list is read, before any row's values.
    assert _said(read) == ["events[2].where: is not a known field", "events[1].at: must be text",
                           "events[2].type: must be text"]
    assert read.problems[1].path == "events[1].at"


def test_nested_fields_are_named_by_their_labels_where_people_never_see_keys():
    labels = {"person": "", "location": "place"}
    assert labelled("events[2].location", labels) == "events, row 3, place"
    assert labelled("person.names[0].given_name", labels) == "names, row 1, given name"
    read = Reader(labels=labels)
    read.text("events[2].location", 5)
    [problem] = read.problems
    assert str(problem) == "events, row 3, place: must be text"
    assert problem.path == "events[2].location"  # what a form finds the field by


def test_the_entry_a_path_lies_in_comes_first():
    read = Reader(within="clock KZ-A2")
    read.whole("duration", "48", low=1, high=400)
    read.table("", None)
    assert _said(read) == ["clock KZ-A2, duration: must be a whole number from 1 to 400",
                           "clock KZ-A2: must be a table"]
    labelled_read = Reader(within="event", labels={})
    labelled_read.text("location_text", 1)
    assert _said(labelled_read) == ["event, location text: must be text"]


def test_an_entry_is_called_by_its_id_only_when_that_is_text():
    assert entry_name({"id": " KZ-A2 "}) == "KZ-A2" and entry_name({"id": "x" * 99}) == "x" * 40
    for entry in ({"id": {"x": CANARY}}, {"id": ""}, {}, [CANARY]):
        assert entry_name(entry) == "(no id)"


# -- collecting every problem, or stopping at the first --------------------------------


class _Refused(ValueError):
    pass


def test_a_collecting_reader_reads_on_and_lists_every_problem():
    read = Reader()
    fields = read.table("", {"a": True, "b": "x", "c": 1.5, "d": 3}, {"a", "b", "c", "d"})
    fields.whole("a")
    fields.flag("b")
    fields.text("c")
    fields.choice("d", (1, 2))
    assert len(read.problems) == 4
    error = InvalidInput(read.problems)
    assert str(error) == "a: must be a whole number (and 3 more)"
    assert error.problems == read.problems and isinstance(error, UserError)


def test_a_stopping_reader_raises_the_first_problem_in_the_callers_words():
    def refused(problem: Problem) -> Exception:
        return _Refused(f"the file was not used: {problem}")

    read = Reader(within="rule R-1", stop=refused)
    fields = read.table("", {"points": True, "text": 5}, {"points", "text"})
    with pytest.raises(_Refused) as raised:
        fields.whole("points", low=1, high=20)
    assert str(raised.value) == ("the file was not used: rule R-1, points: "
                                 "must be a whole number from 1 to 20")
    assert read.problems == []
    with pytest.raises(_Refused, match="R-1, colour: is not a known field"):
        read.table("", {"size": 1, "colour": 2}, set())


def test_warnings_are_kept_apart_from_problems():
    read = Reader()
    read.warn("person.documents[0].number", "differs from the birth date entered")
    assert read.problems == [] and [w.path for w in read.warnings] == [
        "person.documents[0].number"]


# -- no value is ever repeated ---------------------------------------------------------


def _every_check(read: Reader) -> None:
    """Each check of the reader, handed the canary where the check cannot take it."""
    read.text("a", CANARY, limit=3)
    read.text("b", [CANARY])
    read.whole("c", CANARY, low=1, high=2)
    read.number("d", CANARY, low=1, high=2)
    read.flag("e", CANARY)
    read.choice("f", CANARY, ("x", "y"))
    read.choice("g", CANARY, ("x",), listed=False)
    read.texts("h", CANARY)
    read.texts("i", [CANARY, {CANARY: CANARY}], limit=3, most=1)
    read.list("j", CANARY, least=2)
    table = read.table("k", {"known": CANARY, "other": CANARY}, {"known", "nested"},
                       required={"missing"})
    table.whole("known")
    table.choice("known", ("x",))
    nested = read.table("l", {"rows": [CANARY, {"x": CANARY}]}, {"rows"})
    for entry in nested.rows("rows", {"y"}):
        entry.text("x")
    read.table("m", CANARY)
    read.rows("n", CANARY)


@pytest.mark.parametrize("reader", [
    Reader(), Reader(objects=True), Reader(labels={}), Reader(within="clock X", limit=None)])
def test_no_message_repeats_a_value(reader):
    _every_check(reader)
    assert len(reader.problems) >= 18
    said = [str(p) for p in reader.problems] + [str(InvalidInput(reader.problems))]
    assert not [line for line in said if CANARY in line or CANARY[:10] in line]


def test_a_stopping_reader_repeats_no_value_either():
    def refused(problem: Problem) -> Exception:
        return _Refused(str(problem))

    read = Reader(stop=refused)
    checks = [lambda: read.text("a", CANARY, limit=3), lambda: read.whole("b", CANARY),
              lambda: read.choice("c", CANARY, ("x",)), lambda: read.texts("d", [CANARY, 1]),
              lambda: read.table("e", {"x": CANARY}, {"y"}), lambda: read.flag("f", CANARY)]
    for check in checks:
        with pytest.raises(_Refused) as raised:
            check()
        assert CANARY not in str(raised.value)
