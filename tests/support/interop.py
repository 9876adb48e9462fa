"""The real `age` and `minisign` for the interoperability tests: installed by `make tools`
(scripts/install-tools.sh), which `make test` runs first."""

from __future__ import annotations

import os
import shutil

import pytest

# Set by `make test`, so CI fails rather than passes without the tests that prove a
# bundle opens with the real tools; a plain `pytest` on a laptop without them skips.
REQUIRED = "CASEWORKER_REQUIRE_TOOLS"


def require_tools(*names: str) -> None:
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    reason = f"{' and '.join(missing)} not installed (make tools)"
    if os.environ.get(REQUIRED):
        pytest.fail(f"{reason}; {REQUIRED} is set, so this is a failure", pytrace=False)
    pytest.skip(reason)
