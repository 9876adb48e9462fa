"""What is wrong with a case draft is said in the language shown, looked up when the
problem is found (not when the module was imported).

The catalogs are compiled from the .po files by `make catalogs`; these tests do not depend
on which messages they hold yet: `use_language` is handed a small catalog of their own,
through the standard library's `gettext.translation` that it calls."""

from __future__ import annotations

import gettext
from datetime import UTC, datetime

import pytest

from caseworker.cases.validation import InvalidCase, validate_case
from caseworker.core import i18n
from caseworker.core.drafts import CaseDraft, EventDraft, NameDraft, PersonDraft, SourceDraft
from caseworker.core.i18n import use_language
from caseworker.core.input_checks import labelled
from caseworker.places.place_records import InvalidPlace, PlaceDraft, validate_place

NOW = datetime(2025, 5, 16, 12, 0, tzinfo=UTC)

CATALOGS = {
    "ru": {
        "is required": "обязательное поле",
        "at least one name is required: type it as written":
            "нужно хотя бы одно имя: введите его так, как оно написано",
        "that day does not exist in that month": "в этом месяце нет такого дня",
        "is in the future; only scheduled events can be":
            "дата в будущем; в будущем могут быть только назначенные события",
        "must start with http:// or https:// and have no spaces":
            "нужен адрес, который начинается с http:// или https:// и не содержит пробелов",
        "{problem} (and {n} more)": ["{problem} (и ещё {n})"] * 3,
        "row {number}": "строка {number}",
        "must be a number from {low} to {high}": "нужно число от {low} до {high}",
    },
    "kk": {
        "is required": "толтыру міндетті",
        "at least one name is required: type it as written":
            "кемінде бір есім керек: оны жазылған күйінде теріңіз",
        "that day does not exist in that month": "бұл айда мұндай күн жоқ",
        "is in the future; only scheduled events can be":
            "болашақтағы күн; болашақта тек жоспарланған оқиғалар бола алады",
        "must start with http:// or https:// and have no spaces":
            "мекенжай http:// немесе https:// деп басталып, бос орынсыз жазылуы керек",
        "{problem} (and {n} more)": ["{problem} (және тағы {n})"] * 2,
        "row {number}": "{number}-жол",
        "must be a number from {low} to {high}":
            "сан болуы керек (ең кемі {low}, ең көбі {high})",
    },
}


class _Catalog(gettext.NullTranslations):
    """A compiled catalog's lookups, from a dict; plural forms by the language's rule."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.messages = CATALOGS.get(language, {})

    def gettext(self, message: str) -> str:
        found = self.messages.get(message, message)
        return found if isinstance(found, str) else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self.messages.get(msgid1)
        if not isinstance(forms, list):
            return msgid1 if n == 1 else msgid2
        if self.language == "ru":
            form = 0 if n % 10 == 1 and n % 100 != 11 else \
                1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2
        else:
            form = 0 if n == 1 else 1
        return forms[form]


@pytest.fixture
def catalogs(monkeypatch):
    monkeypatch.setattr(i18n.gettext, "translation",
                        lambda domain, localedir, languages, fallback: _Catalog(languages[0]))
    yield
    use_language("en")


def _bad_draft() -> CaseDraft:
    """A blank name, 31 February, an arrest a year ahead and an address without http."""
    return CaseDraft(
        person=PersonDraft(names=[NameDraft(text="  ")], birth_date="31.02.2001"),
        events=[EventDraft(type="detained", at="12.05.2026")],
        sources=[SourceDraft(url="azattyq.org/a 1")])


def _problems(draft: CaseDraft) -> InvalidCase:
    with pytest.raises(InvalidCase) as raised:
        validate_case(draft, "Asia/Almaty", NOW)
    return raised.value


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_bad_draft_is_explained_in_the_language_shown(catalogs, language):
    use_language(language)
    catalog = CATALOGS[language]
    found = _problems(_bad_draft())
    assert [(p.path, p.message) for p in found.problems] == [
        ("person.names[0].text", catalog["is required"]),
        ("person.names", catalog["at least one name is required: type it as written"]),
        ("person.birth_date", catalog["that day does not exist in that month"]),
        ("events[0].at", catalog["is in the future; only scheduled events can be"]),
        ("sources[0].url", catalog["must start with http:// or https:// and have no spaces"]),
    ]
    more = catalog["{problem} (and {n} more)"][0]
    assert str(found) == more.format(problem=f"person.names[0].text: {catalog['is required']}",
                                     n=4)
    assert labelled("events[1].at", {"events": "", "at": "Когда"}) == \
        f"{catalog['row {number}'].format(number=2)}, Когда"


def test_the_language_is_the_one_shown_when_the_problem_is_found(catalogs):
    """Switching languages between two checks changes the words of the second."""
    use_language("ru")
    russian = _problems(_bad_draft()).problems[0].message
    use_language("kk")
    kazakh = _problems(_bad_draft()).problems[0].message
    use_language("en")
    english = _problems(_bad_draft()).problems[0].message
    assert (russian, kazakh, english) == ("обязательное поле", "толтыру міндетті",
                                          "is required")


def test_bounds_are_one_sentence_in_each_language(catalogs):
    """The bounds (from 0 to 1000) are part of the sentence, not English glued to it."""
    use_language("kk")
    with pytest.raises(InvalidPlace) as raised:
        validate_place(PlaceDraft(short_name="Khorgos", country="KZ", precision_km="2000"))
    assert [p.message for p in raised.value.problems] == [
        "сан болуы керек (ең кемі 0, ең көбі 1000)"]


def test_a_message_a_catalog_lacks_stays_english(catalogs):
    use_language("ru")
    draft = _bad_draft()
    draft.person.names = [NameDraft(text="Kaster Musakhanuly")]
    draft.sources = []
    draft.events = []
    draft.person.citizenships = ["Kazakhstan"]
    found = _problems(draft)
    assert [p.message for p in found.problems] == [
        "must be a two-letter country code such as CN or KZ",
        "в этом месяце нет такого дня"]
