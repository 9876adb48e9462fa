"""Names, places, risk, deadlines, cases and exchange, tested below the user interface."""
