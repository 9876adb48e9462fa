"""The ground every capability stands on: nothing here knows about names, places, cases or
bundles.

- `i18n`: _, ngettext, pgettext, N_, use_language — the words a person reads, in their
  language (English, Kazakh, Russian) from the catalogs in caseworker/locale.
- `local_formats`: shown_date, shown_month, shown_datetime, shown_iso, shown_number —
  dates, times and large numbers in the form of the language shown (Babel's for Kazakh
  and Russian: 11.04.2026; English keeps 2026-04-11 and 12,345).
- `user_errors`: UserError, AuthFailure — failures a person can act on; the CLI turns each
  into one line and an exit code.
- `file_input`: read_capped — a file a person names, read once and no larger than the
  largest the app writes.
- `parsing`: load_json, load_toml — JSON and TOML from outside, deep nesting refused.
- `input_checks`: Reader, Table, Problem, InvalidInput — the one reader of untrusted
  structured input: types, ranges, choices and keys, each problem naming its field.
- `partial_dates`: PartialDate, Moment — dates and moments as people report them.
- `vocab`: STATUSES, SITUATIONS, EVENT_TYPES — the fixed vocabularies (statuses, situations,
  event and place types, ...).
- `drafts`: CaseDraft, PersonDraft, EventDraft — a case as typed, before it is stored.
- `prc_id`: parse_prc_id — PRC resident identity numbers.
- `authoring`: Author, editor_for — who makes a change and when.
- `config`: Config, load_config — the harmless settings file.
- `store_settings`: read_settings, write_settings, config_with_store_settings — the
  settings that matter for security, kept inside the encrypted store.
- `process_hygiene`: harden_process — no core dumps, no debugger of the same user.
- `data_dir`: resolve_data_dir — where an install keeps its files.
- `offline`: forbid_network — no connection, ever.
- `versioned_data`: read_versioned — the shipped data files that carry a version.
- `localized_fields`: Translations, shown — the data files' texts (clock actions, risk
  rules and questions) in the language shown, from their `_kk` and `_ru` fields.
- `passphrase_strength`: assess, generate_passphrase — how guessable a new passphrase is,
  and six-word ones from the shipped word list.

Package roots here hold only a docstring: importing one module must not load its
siblings (the first frame is painted before the store's code is imported).
"""
