"""Property tests of every reader of typed or imported input: the case JSON importer, the
intake form's validation, places, dates, PRC ID numbers, contact keys, court dates, the
clock file, risk rules and config. Whatever comes in, the answer is a value or the
reader's own error naming the problem, never a crash; a case that passes validation
saves, and one that fails leaves the store as it was."""

from __future__ import annotations

import contextlib
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseworker.cases.case_file import draft_from_json, read_case_file
from caseworker.cases.case_write import create_case
from caseworker.cases.validation import validate_case, validate_event, validate_source
from caseworker.core.config import load_config
from caseworker.core.drafts import EventDraft, SourceDraft
from caseworker.core.partial_dates import DateProblem, parse_moment, parse_partial_date
from caseworker.core.passphrase_strength import assess
from caseworker.core.prc_id import InvalidPrcId, parse_prc_id
from caseworker.core.user_errors import UserError
from caseworker.core.vocab import (
    DOCUMENT_KINDS,
    DOCUMENT_STATUSES,
    ENTRY_METHODS,
    EVENT_TYPES,
    FUTURE_EVENT_TYPES,
    RELIABILITY,
    SEXES,
    SITUATIONS,
    STATUSES,
)
from caseworker.deadlines.checklist_items import read_authority_due
from caseworker.deadlines.clock_templates import InvalidTemplate, parse_templates
from caseworker.exchange.install_keys import parse_contact_key
from caseworker.places.place_records import PlaceDraft, validate_place
from caseworker.risk.risk_rules import InvalidRules, parse_rules
from tests.support.case_factory import NOW, ZONE, author
from tests.support.store_helpers import fingerprint

# The same examples every run, so a failure is the code's and replays.
FUZZ = settings(max_examples=int(os.environ.get("CASEWORKER_FUZZ_EXAMPLES", "100")),
                deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Text a volunteer or a file might hold: anything, and near-misses of what is expected.
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "1990", "~1985", "2019-02", "2026-13-01", "2019-02-30",
                     "Қалымбек Шахман", "哈力木别克·沙赫曼", "Qalymbek", "KZ", "CN", "kk",
                     "detained", "open", "male", "passport", "KZ-DET-ZHARKENT-IVS",
                     "2026-11-20T10:00", "2026-11-20 10:00", "Asia/Almaty", "Mars/Olympus",
                     "650102199001011234", "65010219900101123X", "https://rfa.org/x",
                     "x" * 301, "\x00", "\u202e", "[[[[[["]))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8)


def _object(keys: list[str], inner=json_values):
    return st.fixed_dictionaries({}, optional={key: inner for key in keys}) | json_values


person = _object(["sex", "birth_date", "ethnicity", "home_place", "citizenships", "languages"]) \
    .flatmap(lambda base: st.fixed_dictionaries({
        "names": st.lists(_object(["text", "script", "given", "father", "surname", "source"],
                                  texts), max_size=3) | json_values,
        "documents": st.lists(_object(["kind", "status", "number", "expires", "note"], texts),
                              max_size=2),
        "age": _object(["years", "on"]),
    }).map(lambda extra: {**base, **extra} if isinstance(base, dict) else base))

def _one_of(vocabulary) -> st.SearchStrategy:
    return st.sampled_from(sorted(vocabulary))


# Cases a form could have produced: every value from its vocabulary or a well-formed one,
# so that "a valid case saves" is reached, not only refusals.
valid_person = st.fixed_dictionaries(
    {"names": st.lists(st.fixed_dictionaries({"text": st.sampled_from(
        ["Qalymbek Shahman", "Қалымбек Шахман", "Yerzhanat Abai", "哈力木别克·沙赫曼"])}),
        min_size=1, max_size=2)},
    optional={"sex": _one_of(SEXES),
              "citizenships": st.lists(st.sampled_from(["CN", "KZ", "UZ"]), max_size=2,
                                       unique=True),
              "documents": st.lists(st.fixed_dictionaries(
                  {"kind": _one_of(DOCUMENT_KINDS), "status": _one_of(DOCUMENT_STATUSES)}),
                  max_size=2)})
valid_case_files = st.fixed_dictionaries(
    {"person": valid_person},
    optional={"status": _one_of(STATUSES), "situation": _one_of(SITUATIONS),
              "entry_method": _one_of(ENTRY_METHODS),
              "events": st.lists(st.fixed_dictionaries(
                  {"type": _one_of(set(EVENT_TYPES) - FUTURE_EVENT_TYPES),
                   "at": st.sampled_from(["2019-01-04", "2019-01", "2019-02-07T09:00+05:00"])},
                  optional={"location": st.sampled_from(["Tashkent airport", "Almaty"])}),
                  max_size=3),
              "sources": st.lists(st.fixed_dictionaries(
                  {"url": st.sampled_from(["https://rfa.org/x", "https://fergana.news/1"])},
                  optional={"reliability": _one_of(RELIABILITY)}), max_size=2, unique_by=str),
              "notes": st.text(max_size=40)})
case_files = valid_case_files | st.fixed_dictionaries(
    {"person": person},
    optional={
        "status": texts, "situation": texts, "entry_method": texts, "route": texts,
        "reported_by": texts, "notes": texts, "tags": st.lists(texts, max_size=3),
        "consent": _object(["level", "condition"], texts),
        "events": st.lists(_object(["type", "at", "location", "note", "zone"], texts),
                           max_size=3),
        "sources": st.lists(_object(["url", "outlet", "title", "published", "language",
                                     "reliability", "note"], texts), max_size=2),
    }) | json_values


def test_a_case_file_saves_whole_or_is_refused_leaving_the_store_as_it_was(store):
    saved: list[str] = []

    @FUZZ
    @given(case_files)
    def saves_whole_or_changes_nothing(data):
        before = fingerprint(store)
        try:
            draft = draft_from_json(data)
            validate_case(draft, ZONE, NOW)
        except UserError:
            assert fingerprint(store) == before
            return
        saved.append(create_case(store, draft, author()))

    saves_whole_or_changes_nothing()
    # The property says nothing unless some of its cases were valid and saved.
    assert len(saved) >= 10, f"only {len(saved)} of the generated cases were valid"


@FUZZ
@given(st.binary(max_size=2000) | case_files.map(lambda d: json.dumps(d).encode()))
def test_any_file_given_as_a_case_is_read_or_refused_in_a_sentence(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("case") / "case.json"
    path.write_bytes(data)
    with contextlib.suppress(UserError):
        read_case_file(str(path))


@FUZZ
@given(texts, texts, texts, texts, texts)
def test_event_and_source_fields_are_checked_not_crashed_on(type_, at, location, zone, note):
    for check in (lambda: validate_event(EventDraft(type_, at, location, note, zone), ZONE, NOW),
                  lambda: validate_source(SourceDraft(url=location, published=at,
                                                      language=zone, reliability=type_))):
        with contextlib.suppress(UserError):
            check()


@FUZZ
@given(st.builds(PlaceDraft, short_name=texts, type=texts, country=texts, crossing_mode=texts,
                 names=st.dictionaries(texts, texts, max_size=3),
                 aliases=st.lists(texts, max_size=3), lat=texts | st.floats().map(str),
                 lon=texts | st.floats().map(str), precision=texts, precision_km=texts,
                 sources=st.lists(texts, max_size=2), notes=texts))
def test_a_place_form_is_checked_not_crashed_on(draft):
    try:
        values = validate_place(draft)
    except UserError:
        return
    assert -90 <= values["lat"] <= 90 and -180 <= values["lon"] <= 180


@FUZZ
@given(texts, texts)
def test_dates_ids_keys_and_passphrases_are_read_or_refused(text, zone):
    readers = [(parse_partial_date, DateProblem), (parse_prc_id, InvalidPrcId),
               (parse_contact_key, UserError), (lambda t: parse_moment(t, zone), DateProblem),
               (lambda t: read_authority_due(t, zone), UserError)]
    for read, refusal in readers:
        with contextlib.suppress(refusal):
            read(text)
    assess(text)


toml_texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(['version = "1"\n[[clock]]\nid = "X"\n', "a = " + "[" * 3000,
                     'version = "x"\n[[clock]]\n', "idle_lock_minutes = 0\n",
                     'idle_lock_minutes = 5\nuser = "' + "x" * 500 + '"\n']))


@FUZZ
@given(toml_texts)
def test_clock_files_risk_rules_and_config_are_read_or_refused(tmp_path_factory, text):
    for read, refusal in ((parse_templates, InvalidTemplate), (parse_rules, InvalidRules)):
        with contextlib.suppress(refusal):
            read(text)
    folder = tmp_path_factory.mktemp("config")
    (folder / "config.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(UserError):
        load_config(folder)


# What the property tests above found, kept as plain regressions.

def test_a_passphrase_longer_than_the_strength_checker_reads_is_assessed():
    long_one = "violet harbour lantern seventy copper meadow whistle ninety amber river willow"
    assert len(long_one) > 72 and assess(long_one).acceptable


def test_a_time_zone_name_longer_than_a_file_name_is_unknown():
    event = EventDraft("detained", "2026-11-20T10:00", zone="x" * 301)
    with pytest.raises(UserError, match="time zone"):
        validate_event(event, ZONE, NOW)
