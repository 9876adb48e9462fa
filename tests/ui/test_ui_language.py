"""Choosing the language: asked on the first screen in all three languages when nothing has
chosen one, and later from the command palette; kept in config.toml."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from caseworker.core.config import load_config, save_language
from caseworker.core.i18n import use_language
from screens.exchange.export_form import ExportScreen
from screens.places.place_form import PlaceFormScreen
from screens.shell.create_store import CreateStoreScreen
from screens.shell.language_choice import QUESTION, LanguageModal
from screens.shell.settings import SettingsModal
from tests.support.helpers import wait_for
from tests.support.ui_fixtures import SIZE, make_app, unlock


async def test_the_first_screen_asks_and_is_drawn_in_the_language_chosen(tmp_path,
                                                                          monkeypatch):
    monkeypatch.delenv("CASEWORKER_LANG")
    fresh = tmp_path / "fresh"
    app = make_app(fresh)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, LanguageModal))
            assert str(app.screen.query_one(".question", Static).render()) == QUESTION
            await pilot.press("escape")  # there is no language yet to keep
            assert isinstance(app.screen, LanguageModal)
            await pilot.press("down", "enter")  # English, then Қазақша
            await wait_for(pilot, lambda: isinstance(app.screen, CreateStoreScreen)
                           and "жасаңыз" in str(app.screen.query_one("#title").render()))
            assert app.focused is app.screen.query_one("#name")
    finally:
        use_language("en")
    assert load_config(fresh).language == "kk"


async def test_a_language_chosen_before_is_not_asked_again(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEWORKER_LANG")
    save_language(tmp_path / "fresh", "en")
    app = make_app(tmp_path / "fresh", config=load_config(tmp_path / "fresh"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CreateStoreScreen))
        await pilot.pause()
        assert not isinstance(app.screen, LanguageModal)


async def test_the_palette_changes_the_language_for_the_next_start(data_dir):
    app = make_app(data_dir)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await unlock(pilot)
            app.action_language()
            await wait_for(pilot, lambda: isinstance(app.screen, LanguageModal)
                           and app.screen.query(OptionList))
            options = app.screen.query_one(OptionList)
            assert [str(options.get_option_at_index(i).prompt) for i in range(3)] == [
                "English", "Қазақша", "Русский"]
            await pilot.press("down", "down", "enter")
            await wait_for(pilot, lambda: not isinstance(app.screen, LanguageModal))
            assert any("следующем запуске" in str(n.message) for n in app._notifications)
    finally:
        use_language("en")
    assert load_config(data_dir).language == "ru"


def test_saving_the_language_keeps_every_other_line(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('# mine\ndefault_zone = "Asia/Tashkent"\nlanguage = "kk"\n\n'
                      '[keymap]\n"dashboard.new" = "n,f3"\n', encoding="utf-8")
    save_language(tmp_path, "ru")
    text = config.read_text(encoding="utf-8")
    assert text.count("language") == 1 and 'language = "ru"' in text
    loaded = load_config(tmp_path)
    assert (loaded.language, loaded.default_zone) == ("ru", "Asia/Tashkent")
    assert loaded.keymap == {"dashboard.new": "n,f3"} and text.startswith("# mine\n")
    (tmp_path / "new").mkdir()
    save_language(tmp_path / "new", "kk")
    assert load_config(tmp_path / "new").language == "kk"
    assert "[keymap]" in (tmp_path / "new" / "config.toml").read_text(encoding="utf-8")


def _words(screen) -> str:
    """Every text the screen's Statics and Labels show, with its title."""
    return "\n".join([str(screen.title), *(str(w.render()) for w in screen.query(Static))])


# What each of these screens shows in Kazakh and in Russian: its title, then a label.
IN_THEIR_LANGUAGE = {
    "kk": {"unlock": "Құлыпты ашу үшін Enter басыңыз.",
           "export": ("Пакет экспорттау", "Кімге", "ctrl+s немесе F2: пакетті жазу"),
           "place": ("Орын қосу", "Қысқа атауы", "Ұстайтын орган"),
           "settings": ("Шифрланған қоймада сақталатын баптаулар",
                        "Өзгерістер тарихындағы атыңыз")},
    "ru": {"unlock": "Нажмите Enter, чтобы разблокировать.",
           "export": ("Экспорт пакета", "Кому", "ctrl+s или F2: записать пакет"),
           "place": ("Добавить место", "Краткое название", "Кто содержит"),
           "settings": ("Настройки в зашифрованном хранилище",
                        "Ваше имя в истории изменений")},
}


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_the_forms_are_drawn_in_the_language_chosen(data_dir, language):
    wanted = IN_THEIR_LANGUAGE[language]
    use_language(language)
    app = make_app(data_dir)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: wanted["unlock"] in _words(app.screen))
            await unlock(pilot)
            app.push_screen(ExportScreen(app.workspace))
            await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen)
                           and wanted["export"][0] in _words(app.screen))
            assert all(text in _words(app.screen) for text in wanted["export"])
            await pilot.press("escape")
            app.push_screen(PlaceFormScreen(app.workspace))
            await wait_for(pilot, lambda: isinstance(app.screen, PlaceFormScreen)
                           and wanted["place"][0] in _words(app.screen))
            assert all(text in _words(app.screen) for text in wanted["place"])
            await pilot.press("escape")
            app.action_settings()
            await wait_for(pilot, lambda: isinstance(app.screen, SettingsModal)
                           and wanted["settings"][0] in _words(app.screen))
            assert all(text in _words(app.screen) for text in wanted["settings"])
            assert "Settings kept" not in _words(app.screen)
    finally:
        use_language("en")
