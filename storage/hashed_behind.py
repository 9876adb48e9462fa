"""SHA-256 of a stream, computed in a thread while the stream goes on being encrypted or
written: hashlib lets go of the interpreter lock while it hashes, so on two cores the
hash costs the stream almost nothing (docs/architecture.md §13)."""

from __future__ import annotations

import hashlib
import queue
import threading

QUEUED_CHUNKS = 4  # at most this many chunks (of 1 MiB, as callers read) wait in memory


class HashedBehind:
    """`update` as hashlib's, but the hashing happens in a thread; `hexdigest` waits for
    it. Chunks are copied when queued: callers pass buffers they go on to reuse. Used as a
    context manager, so the thread ends however the stream does."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self._chunks: queue.Queue[bytes | None] = queue.Queue(QUEUED_CHUNKS)
        self._hasher = threading.Thread(target=self._hash, name="sha256", daemon=True)
        self._hasher.start()
        self._done: str | None = None

    def __enter__(self) -> HashedBehind:
        return self

    def __exit__(self, *failure) -> None:
        self.hexdigest()  # the thread ends here too when the stream failed half-way

    def update(self, data) -> None:
        if self._done is not None:
            raise RuntimeError("the digest was already taken")
        self._chunks.put(bytes(data))

    def hexdigest(self) -> str:
        if self._done is None:
            self._chunks.put(None)
            self._hasher.join()
            self._done = self._digest.hexdigest()
        return self._done

    def _hash(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            self._digest.update(chunk)
