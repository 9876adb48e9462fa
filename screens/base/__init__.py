"""What every screen may use: messages to the app, small dialogs, reloading on return.

- `messages`: StoreUnlocked, CaseChosen, WorkFailed, ReportsFailedWork, failure_text — what
  screens tell the app, and the one sentence a failure becomes.
- `modals`: ConfirmModal, DuplicateModal — dialogs that answer one question.
- `reloading`: ReloadsOnReturn — screens that reload when shown again.
"""
