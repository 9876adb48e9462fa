"""The one-file executable's entry point: the same as the `caseworker` command."""

from caseworker.cli.main import entry_point

entry_point()
