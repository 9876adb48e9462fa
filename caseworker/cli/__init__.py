"""The command line: the TUI's entry point and the scriptable face of Caseworker.

Each `*_commands` module declares its commands in `register`, beside their handlers; the
handlers import the store's code when they run, so building the parser (for `--help` or a
usage error) loads neither the database nor Textual.

- `main`: main, build_parser, command_modules, describe_failure — the parser built from the
  command modules, dispatch, and every failure as one line and an exit code.
- `arguments`: OneLineParser, global_options, command, actions, json_option, limit,
  byte_size, free_text — what every command shares on the command line.
- `output`: print_json, print_lines, confirm, show_progress — JSON for scripts, plain lines
  for people, a yes asked on the terminal, a count that rewrites itself.
- `passphrase_input`: existing_passphrase, new_passphrase, read_passphrase_file,
  take_from_environment — where a passphrase comes from: a file, the environment (taken
  out of it) or the terminal.
- `unlocked`: unlocked_store, command_name, author — the store opened for one command
  (refused on an intake desk unless allowed there), and who its changes are by.
- `store_commands`: register, init, status, change_passphrase, rekey, set_duress,
  change_settings, prepare_travel, finish_travel, wipe_store — `init`, `status`,
  `passphrase`, `rekey`, `duress`, `settings`, `travel` and `wipe`: the store's own life
  cycle.
- `case_commands`: register, add_case, list_cases, show_case, purge_case,
  add_event_to_case — `case add|list|show|purge` and `event add`.
- `match_commands`: register, match — `match NAME`: persons on file who may be that person.
- `deadline_commands`: register, deadlines, window — `deadlines`: open checklist items
  across open cases, or as a calendar file.
- `clock_commands`: register, list_clocks, set_clocks — `clocks list|set`: the clock
  templates in effect.
- `key_commands`: register, show_keys, list_keys, add_contact_key, remove_contact_key —
  `keys`: this install's keys and its contacts.
- `bundle_commands`: register, export, verify, import_, list_conflicts, settle_conflict —
  `bundle export|verify|import` and `conflicts list|settle`.
- `risk_commands`: register, risk, describe_assessment — `risk ID`: a case's risk
  indicators.
- `location_commands`: register, search_locations, show_location — `locations
  search|show`.
- `file_commands`: register, add_file, list_files, export_file, purge_file — `file
  add|list|export|purge`: evidence files kept on a case.
- `desk_commands`: register, add_intake, list_receipts, take_acknowledgement — `intake
  add` and `receipts list|ack` on an intake desk.
- `inbox_commands`: register, import_intakes, list_intakes, accept_intake, attach_intake,
  acknowledge — `inbox import|list|accept|attach|ack`: the office's side of the desk.
"""
