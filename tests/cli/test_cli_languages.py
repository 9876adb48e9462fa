"""The command line speaks the language chosen in config.toml, else CASEWORKER_LANG or the
system's: plain output of `deadlines`, `risk` and `case show` in Russian and Kazakh; JSON
keys, flags and stored values stay English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from caseworker.core.drafts import EventDraft
from tests.conftest import PASSPHRASE
from tests.support.case_factory import seed_cases, simple_draft
from tests.support.cli_helpers import run_cli


@pytest.fixture
def case_id(data_dir, monkeypatch):
    from caseworker.cases.validation import validate_case

    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    draft = simple_draft("Yerzhanat Abai")
    at = (datetime.now(UTC) + timedelta(hours=-30 + 5)).strftime("%Y-%m-%dT%H:%M+05:00")
    draft.events = [EventDraft("detained", at, location_id="KZ-DET-ZHARKENT-IVS")]
    validate_case(draft, "Asia/Almaty", datetime.now(UTC))
    [case_id] = seed_cases(data_dir, draft)
    return case_id


def _out(capsys, *args: str) -> str:
    result = run_cli(capsys, *args)
    assert result.code == 0, result.err
    return result.out


def test_deadlines_risk_and_a_case_in_russian(capsys, case_id, monkeypatch):
    monkeypatch.setenv("CASEWORKER_LANG", "ru")
    deadlines = _out(capsys, "deadlines", "--overdue")
    assert "Правовое основание:" in deadlines and "по времени Almaty" in deadlines
    assert "просрочено на " in deadlines or "через " in deadlines
    # the clocks' actions and legal bases from the data file's Russian fields
    assert "Выясните, экстрадиционное ли это задержание" in deadlines
    assert "Правовое основание: Ст. 587 УПК." in deadlines
    risk = _out(capsys, "risk", case_id[:8])
    assert risk.startswith("Признаки риска: ") and "Тревожные признаки:" in risk
    assert "Содержится в пределах 50 км от пункта пропуска на границе с Китаем" in risk
    shown = _out(capsys, "case", "show", case_id[:8])
    assert shown.startswith(f"Дело {case_id}  (Открыто, Неизвестно)")
    assert "имя: Yerzhanat Abai" in shown
    # what scripts read stays as it is
    assert '"status": "open"' in _out(capsys, "case", "show", case_id[:8], "--json")


def test_config_chooses_over_the_environment(capsys, case_id, data_dir, monkeypatch):
    monkeypatch.setenv("CASEWORKER_LANG", "ru")
    config = data_dir / "config.toml"
    config.write_text('language = "kk"\n', encoding="utf-8")
    shown = _out(capsys, "case", "show", case_id[:8])
    assert shown.startswith(f"Іс {case_id}  (Ашық, Белгісіз)")
    assert "Тәуекел белгілері: " in shown
    assert "Қытаймен шекаралық өткелден 50 км шегінде ұсталып отыр" in shown


def test_a_language_caseworker_does_not_have_is_refused_by_name(capsys, case_id, data_dir):
    (data_dir / "config.toml").write_text('language = "de"\n', encoding="utf-8")
    result = run_cli(capsys, "case", "list")
    assert result.code == 2
    assert "language" in result.err and "en, kk, ru" in result.err
    assert "Traceback" not in result.err


def test_help_and_argparses_own_words_in_russian(capsys, data_dir, monkeypatch):
    monkeypatch.setenv("CASEWORKER_LANG", "ru")
    result = run_cli(capsys, "--help")
    assert result.code == 0
    assert result.out.startswith("использование: caseworker [-h]")
    assert "Автономное зашифрованное ведение дел." in result.out
    assert "позиционные аргументы:" in result.out and "параметры:" in result.out
    assert "показать эту справку и выйти" in result.out
    assert "создать зашифрованное хранилище в папке данных" in result.out  # `init`
    shown = run_cli(capsys, "case", "show", "--help").out
    assert shown.startswith("использование: caseworker case show")
    assert "одно дело полностью" in shown and "вывести JSON" in shown
    assert "идентификатор дела (первые шесть или больше символов)" in shown
    # flags, metavariables and command names stay as they are typed
    assert "--json" in shown and "ID" in shown
    missing = run_cli(capsys, "case", "show")
    assert missing.code == 2
    assert missing.err == ("caseworker: нужны следующие аргументы: ID (см. 'caseworker case "
                           "show --help')\n")
    wrong = run_cli(capsys, "case", "frob")
    assert "недопустимый выбор: 'frob'" in wrong.err


def test_help_in_english_is_as_it_was(capsys, data_dir, monkeypatch):
    monkeypatch.setenv("CASEWORKER_LANG", "en")
    result = run_cli(capsys, "case", "show", "--help")
    assert result.out.startswith("usage: caseworker case show")
    assert "positional arguments:" in result.out and "options:" in result.out
    assert "show this help message and exit" in result.out
    assert run_cli(capsys, "case", "show").err.startswith(
        "caseworker: the following arguments are required: ID")


def test_a_case_shows_its_dates_the_russian_way(capsys, case_id, monkeypatch):
    import re

    monkeypatch.setenv("CASEWORKER_LANG", "ru")
    shown = _out(capsys, "case", "show", case_id[:8])
    assert re.search(r"^  \d\d\.\d\d\.\d{4} \d\d:\d\d  Задержан", shown, re.M), shown
    # the checklist's due times too
    assert re.search(r"^  \S+ +\d\d\.\d\d\.\d{4} \d\d:\d\d  ", shown, re.M), shown
    # JSON keeps ISO
    assert re.search(r'"at": "\d{4}-\d\d-\d\dT', _out(capsys, "case", "show", case_id[:8],
                                                      "--json"))
