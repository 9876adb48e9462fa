"""Lock files, wheelhouses and the Windows and macOS code paths."""
