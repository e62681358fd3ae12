"""``rgm register`` checks one person with the import's own row rules (one checking function)."""

from __future__ import annotations

from support.money_cli import refused, rgm

PERSON = ["--family-name", "KEITA", "--given-names", "Moussa", "--sex", "H",
          "--birth-date", "12/03/1994", "--nationality", "Malienne"]  # fmt: skip


def test_register_refuses_what_the_import_refuses(office_env: dict[str, str]) -> None:
    env = office_env
    # A cross-field rule of the import's row reader (the command line did not know it).
    line = refused(env, "register", *PERSON, "--arrival-date", "01/01/1990", user="rita")
    assert line.startswith("rgm: --arrival-date: "), line
    # A value refused by a column reader keeps naming its option.
    line = refused(env, "register", *PERSON, "--household-size", "zz", user="rita")
    assert line.startswith("rgm: --household-size: "), line
    line = refused(env, "register", *PERSON, "--vulnerability", "flying", user="rita")
    assert line.startswith("rgm: --vulnerability: "), line
    out = rgm(env, "register", *PERSON, "--vulnerability", "MED", user="rita")
    assert "BKO-" in out
