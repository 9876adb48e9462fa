"""The app's own screens.

- `dashboard`: DashboardScreen — every open case, most urgent first.
- `unlock`: UnlockForm, LockScreen — the passphrase form, and the cover while locked.
- `create_store`: CreateStoreScreen — the first run.
- `help`: HelpScreen — every key of the screen underneath.
- `case_finder`: CaseFinder — cases in the command palette.
- `wipe`: WipeCountdown — the panic wipe's three seconds to cancel.
- `settings`: SettingsModal — the settings kept inside the store.
- `desk_setup`: DeskSetup, DeskChoice, FieldProblem — the first run's choice to set up an
  intake desk.
- `language_choice`: LanguageModal, ask_language — the language, asked in all three.
"""
