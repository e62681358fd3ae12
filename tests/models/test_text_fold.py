"""One folding of letters: the search key, header matching and duplicate detection agree, and an
older database's search keys are recomputed by the upgrade (0004_search_fold)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import sqlcipher3
from sqlalchemy import select

from models.database import Database
from models.entities import Returnee
from models.text import fold, fold_compact, fold_letters, fold_words, search_key

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
PASSPHRASE = "rgm 0.1.0 fixture passphrase"


def test_every_fold_spells_out_the_same_letters() -> None:
    name = "Søren Łukasz Ðorđe Þór Straße Æsa Œuvre Işık"
    letters = "soren lukasz dorde thor strasse aesa oeuvre isik"
    assert fold_letters(name) == letters
    assert fold(name) == letters
    assert fold_words(name) == letters


def test_each_fold_keeps_its_own_separators() -> None:
    assert fold("N’Diaye-Koné") == "ndiaye kone"  # search: apostrophes dropped
    assert fold_words("N’Diaye-Koné (épouse)") == "n diaye kone epouse"  # headers: words
    assert fold_compact("Côte d'Ivoire") == fold_compact("cote divoire") == "cotedivoire"
    assert search_key("Ødegård", "Ása", "+22370000000", "ML 12") == "odegard asa 22370000000 ml12"


def test_text_folding_has_one_home() -> None:
    # models/text.py folds text; a second fold() (there were three) is how keys came to differ
    offenders = []
    for folder in ("models", "reports", "ui", "desktop"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == ROOT / "models" / "text.py" or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if "NFKD" in text:
                offenders.append(f"{path.name}: decomposes letters itself")
            for node in ast.walk(ast.parse(text)):
                names = (
                    [node.name]
                    if isinstance(node, ast.FunctionDef)
                    else [getattr(t, "id", "") for t in node.targets]
                    if isinstance(node, ast.Assign)
                    else []
                )
                if "fold" in names:
                    offenders.append(f"{path.name}:{node.lineno}: defines fold")
    assert not (ROOT / "models" / "textfold.py").exists()
    assert offenders == []


def test_the_upgrade_recomputes_the_search_keys_of_special_letters(tmp_path: Path) -> None:
    copy = tmp_path / "office" / "rgm.db"
    copy.parent.mkdir()
    shutil.copyfile(DATA / "rgm-0.1.0.db", copy)
    conn = sqlcipher3.connect(str(copy))
    try:
        conn.execute(f'PRAGMA key = "{PASSPHRASE}"')
        rid, plain = conn.execute("SELECT id, search_key FROM returnees ORDER BY id").fetchone()
        # the key 0.1.0 stored for such a name kept the letter as it was
        conn.execute(
            "UPDATE returnees SET family_name = 'Søren', search_key = 'søren' WHERE id = ?",
            (rid,),
        )
        conn.commit()
    finally:
        conn.close()
    db = Database.sqlite(copy, PASSPHRASE).open()
    try:
        with db.reading() as s:
            keys = dict(s.execute(select(Returnee.id, Returnee.search_key)).tuples().all())
            r = s.get(Returnee, rid)
            assert r is not None
            assert keys[rid] == search_key(r.family_name, r.given_names, r.phone, r.document_number)
            assert keys[rid].startswith("soren ")
            assert plain  # an ASCII name's key is left as it was
    finally:
        db.close()
