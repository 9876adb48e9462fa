"""Bundles between installs: keys, the file format, export, import, merge, conflicts.

- `install_keys`: ensure_own_keys, add_contact — this install's keys and its contacts.
- `minisign`: sign, verify — Ed25519 signatures in minisign's format.
- `acknowledgement`: write_acknowledgement, read_acknowledgement, Received — the signed
  list of bundles an office received from its desks.
- `bundle_format`, `bundle_manifest`, `bundle_records`: the file and its parts.
- `shared_records`: SHARED_TABLES, row_values, record_label — the records that travel,
  checked column by column, and what a person calls each kind.
- `signed_history`: sign_own_revisions, upgrade_history, make_grant — revisions signed
  in batches by the install that made them, and grants of what contacts may change.
- `redaction_trust`: check_redactions — whose purges are carried out here.
- `revision_trust`: check_vouching, check_signed, check_scope — whether a bundle's
  revisions may be taken: signed by their install, and within their signer's scope.
- `bundle_selection`: records_of_cases, changed_since — which records a bundle carries.
- `bundle_export`: export_bundle — writing a bundle.
- `bundle_import`: open_bundle, plan_import, apply_bundle — reading one.
- `bundle_contents`: write_contents, take_contents, keep_contents, apply_with_contents,
  contents_folder, Carried — evidence files' contents beside a bundle, when asked, checked
  against their records' SHA-256 before anything is imported.
- `revision_merge`: History, Merged — two versions of one record, field by field.
- `bundle_merge`: plan_records, apply_outcomes — a bundle's histories into the store.
- `conflict_inbox`: open_conflicts, settle — fields two installs changed differently, until
  settled.
- `bundle_summary`: describe_plan — an import plan in words.
- `erasure`: purge, records_of_case, finish_erasure — erasing records for good: purges
  that travel as redactions.
- `bundle_erasures`: plan_erasures, apply_erasures — the purges a bundle carries, taken out
  of the ordinary merge and carried out here.
- `travel`: prepare_travel, finish_travel — everything to the office, then only the cases
  marked to travel kept here.
"""
