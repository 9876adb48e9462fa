"""Crashes, fuzzing, concurrency, long runs, and no plaintext or network anywhere."""
