"""The command line as scripts use it: arguments, JSON, exit codes, one-line errors."""
