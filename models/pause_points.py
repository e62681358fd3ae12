"""Named points in long operations where a test can stop a real ``rgm`` process.

``RGM_PAUSE_AT=<point>=<marker file>``: on reaching ``point`` the process writes its id in the
marker file and waits (up to two minutes) until the file is removed. A test waits for the marker,
then kills the process (what a power cut or a crash does at that moment) or removes the marker to
let it go on. Without the variable a point costs one dictionary look-up.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

_WAIT_SECONDS = 120.0


def reached(point: str) -> None:
    spec = os.environ.get("RGM_PAUSE_AT")
    if not spec:
        return
    wanted, _, marker = spec.partition("=")
    if wanted != point or not marker:
        return
    path = Path(marker)
    path.write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + _WAIT_SECONDS
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
