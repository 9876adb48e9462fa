"""What every screen may use: messages to the app, small dialogs, reloading on return.

- `messages`: StoreUnlocked, CaseChosen, WorkFailed, ReportsFailedWork, failure_text — what
  screens tell the app, and the one sentence a failure becomes.
- `modals`: ConfirmModal, DuplicateModal — dialogs that answer one question.
- `footer`: KeyFooter, NARROW_BELOW — the compact footer of every screen, and the width
  below which a screen is laid out narrow.
- `reloading`: ReloadsOnReturn — screens that reload when shown again.
- `held_keys`: HoldsEarlyKeys — keys typed ahead of the screen wait until it is ready
  and the key before them has settled, then go where the focus is.
- `times`: shown_time, zone_name, other_clock — recorded times in the install's one zone,
  named on screen.
"""
