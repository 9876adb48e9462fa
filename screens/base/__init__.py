"""What every screen may use: messages to the app, small dialogs, reloading on return.

- `messages`: StoreUnlocked, failure_text — what screens tell the app.
- `modals`: ConfirmModal, DuplicateModal — one question each.
- `reloading`: ReloadsOnReturn — screens that reload when shown again.
"""
