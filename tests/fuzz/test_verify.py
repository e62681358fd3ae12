"""Property: ``verify`` of an agreement code answers any text typed or scanned with a
verification result or one clear refusal, never another error. ``RGM_FUZZ_EXAMPLES`` sets the
examples."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.database import Database, raw_key
from models.errors import Refused, Unusable
from models.office_setup import initialise
from reports import agreements
from reports.agreement_code import ALPHABET

EXAMPLES = int(os.environ.get("RGM_FUZZ_EXAMPLES", "30"))
KEY = b"k" * 32

_TMP = tempfile.TemporaryDirectory(prefix="rgm-fuzz-")
_DB = Database.sqlite(Path(_TMP.name) / "verify.db", raw_key(secrets.token_hex(32))).open()
initialise(_DB, code="BKO", name="Bamako", country="MLI", admin="admin", password="admin-pw-1")

code_like = st.text(alphabet=ALPHABET + "-oOiIlL :_.·\t", min_size=10, max_size=20)
texts = st.one_of(
    st.text(max_size=200),
    code_like,
    st.builds(lambda n, c: f"RGM1:{n}:{c}", st.text(max_size=40), code_like),
    st.builds(lambda parts: ":".join(parts), st.lists(st.text(max_size=10), max_size=6)),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_is_verified_or_refused_never_a_crash(text: str) -> None:
    try:
        result = agreements.verify(_DB, KEY, text)
    except (Refused, Unusable) as refusal:
        assert str(refusal) and "\n" not in str(refusal)
    else:
        assert not result.valid  # nothing was issued in this database
