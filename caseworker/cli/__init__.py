"""The command line: the TUI's entry point and the scriptable face of Caseworker."""
