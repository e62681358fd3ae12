"""The duplicate engine on each phenomenon of West African re-registrations, one at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from support.registers import generate_register

from models.duplicates import DEFAULT_THRESHOLD, DuplicateIndex, PersonRecord, Reason
from models.duplicates.normalise import name_words, phone_digits, significant
from models.duplicates.phonetic import phonetic_key
from models.jobs import Job


def _background() -> list[PersonRecord]:
    """A few hundred other people so that name frequencies are those of a real register."""
    reg = generate_register(400, seed=5, repeat_share=0.0, twin_share=0.0)
    return [r for r in reg.records]


BACKGROUND = _background()
NEXT_ID = 10_000


def person(
    family: str,
    given: str,
    born: dt.date | int | None = dt.date(1990, 3, 12),
    *,
    id: int = 0,
    sex: str = "M",
    nationality: str = "GMB",
    phone: str | None = None,
    document: str | None = None,
    place: str | None = None,
) -> PersonRecord:
    if isinstance(born, int):
        birth, precision = dt.date(born, 1, 1), "year"
    else:
        birth, precision = born, "day"
    return PersonRecord(
        id=id,
        family_name=family,
        given_names=given,
        sex=sex,
        birth_date=birth,
        birth_precision=precision,
        nationality=nationality,
        phone=phone,
        document_number=document,
        place_of_origin=place,
    )


def score(a: PersonRecord, b: PersonRecord) -> float:
    """The score of ``b`` checked live against a register holding ``a``."""
    a = PersonRecord(**{**_fields(a), "id": NEXT_ID})
    index = DuplicateIndex.build([*BACKGROUND, a])
    found = [m for m in index.candidates_for(b, threshold=0.0, limit=50) if NEXT_ID in (m.a, m.b)]
    return found[0].score if found else 0.0


def _fields(r: PersonRecord) -> dict[str, object]:
    return {name: getattr(r, name) for name in PersonRecord.__slots__}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Diallo", "Jallow"),
        ("Diallo", "Jalloh"),
        ("Cissé", "Sisay"),
        ("Cissé", "Ceesay"),
        ("Kouyaté", "Kuyateh"),
        ("Touré", "Ture"),
        ("Coulibaly", "Kulibali"),
        ("Thierno", "Cherno"),
        ("Thiam", "Cham"),
        ("Ndiaye", "Njie"),
        ("N'Diaye", "Ndiaye"),
        ("Diouf", "Joof"),
        ("Abdoulaye", "Abdulai"),
        ("Ousmane", "Usman"),
        ("Alhassane", "Alasan"),
        ("Cheikh", "Sheikh"),
        ("Seydou", "Saidu"),
        ("Sankoh", "Sanko"),
        ("Philippe", "Filipe"),
        ("Mbaye", "Mbye"),
    ],
)
def test_phonetic_key_joins_french_and_english_spellings(a: str, b: str) -> None:
    fold = dict(significant(name_words(a)))
    other = dict(significant(name_words(b)))
    assert phonetic_key(next(iter(fold.values()))) == phonetic_key(next(iter(other.values())))


@pytest.mark.parametrize(("a", "b"), [("Diallo", "Diop"), ("Traoré", "Touré"), ("Camara", "Keita")])
def test_phonetic_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert phonetic_key(name_words(a)[0][1]) != phonetic_key(name_words(b)[0][1])


def test_titles_particles_and_detached_prefixes_are_folded() -> None:
    assert [f for _, f in significant(name_words("El Hadji Malick"))] == ["malick"]
    assert [f for _, f in significant(name_words("N DIAYE"))] == ["ndiaye"]
    assert [f for _, f in significant(name_words("Ould Mohamed"))] == ["mohamed"]


def test_jallow_matches_diallo_with_reasons_in_both_languages() -> None:
    a = person("DIALLO", "Mamadou", dt.date(1990, 3, 12), place="Brikama")
    b = person("Jallow", "Mamadou", 1990, place="Brikama")
    assert score(a, b) >= DEFAULT_THRESHOLD
    index = DuplicateIndex.build([*BACKGROUND, PersonRecord(**{**_fields(a), "id": NEXT_ID})])
    match = index.candidates_for(b, limit=1)[0]
    assert (match.a, match.b) == (0, NEXT_ID)
    english = match.explain("en")
    french = match.explain("fr")
    assert "names Jallow ~ DIALLO" in english
    assert "born 1990 / 12-03-1990" in english
    assert "noms Jallow ~ DIALLO" in french
    assert "né(e) 1990 / 12-03-1990" in french
    assert "same place of origin Brikama" in english


def test_cisse_matches_sisay_written_in_swapped_columns() -> None:
    a = person("Cissé", "Fatou", dt.date(1996, 5, 4), sex="F", nationality="SEN")
    b = person("Fatou", "SISAY", dt.date(1996, 5, 4), sex="F", nationality="SEN")
    assert score(a, b) >= DEFAULT_THRESHOLD
    index = DuplicateIndex.build([*BACKGROUND, PersonRecord(**{**_fields(a), "id": NEXT_ID})])
    codes = {r.code for r in index.candidates_for(b, limit=1)[0].reasons}
    assert {"names_similar", "names_swapped", "same_birth_date"} <= codes


def test_dropped_middle_name_and_year_only_birth_still_match() -> None:
    a = person("Kouyaté", "Lamine Sékou", dt.date(1988, 11, 23), nationality="MLI", place="Kita")
    b = person("KUYATEH", "Lamin", 1988, nationality="MLI", place="Kita")
    assert score(a, b) >= DEFAULT_THRESHOLD


def test_day_and_month_swapped_match() -> None:
    a = person("Keita", "Moussa", dt.date(1993, 4, 7), nationality="MLI")
    b = person("Keïta", "Musa", dt.date(1993, 7, 4), nationality="MLI")
    assert score(a, b) >= DEFAULT_THRESHOLD


def test_a_year_apart_with_same_day_and_month_match() -> None:
    a = person("Bangoura", "Ibrahima", dt.date(1995, 8, 19), nationality="GIN")
    b = person("Bangura", "Ibrahim", dt.date(1996, 8, 19), nationality="GIN")
    assert score(a, b) >= DEFAULT_THRESHOLD


def test_same_phone_and_typo_match() -> None:
    a = person("Coulibaly", "Bakary", dt.date(1999, 2, 1), nationality="MLI", phone="+22376123456")
    b = person("Coulibay", "Bakary", 1999, nationality="MLI", phone="0022376123456")
    assert score(a, b) >= DEFAULT_THRESHOLD


def test_two_mamadou_traore_born_on_different_days_are_not_matched() -> None:
    a = person("Traoré", "Mamadou", dt.date(1991, 5, 14), nationality="MLI", place="Kayes")
    b = person("TRAORE", "Mamadou", dt.date(1994, 10, 2), nationality="MLI", place="Kayes")
    assert score(a, b) < DEFAULT_THRESHOLD


def test_same_name_and_nationality_alone_is_not_a_match() -> None:
    a = person("Traoré", "Mamadou", None, nationality="MLI")
    b = person("Traoré", "Mamadou", None, nationality="MLI")
    assert score(a, b) < DEFAULT_THRESHOLD


def test_different_sex_pulls_the_score_down() -> None:
    a = person("Diallo", "Adama", dt.date(2000, 6, 6), sex="M", nationality="GIN")
    same = person("Diallo", "Adama", dt.date(2000, 6, 6), sex="M", nationality="GIN")
    other = person("Diallo", "Adama", dt.date(2000, 6, 6), sex="F", nationality="GIN")
    assert score(a, other) < score(a, same)
    assert score(a, other) < DEFAULT_THRESHOLD


def test_different_phone_and_document_pull_the_score_down() -> None:
    a = person("Bah", "Alpha", 1997, nationality="GIN", phone="+224620000001", document="G1234567")
    b = person("Bah", "Alpha", 1997, nationality="GIN")
    c = person("Bah", "Alpha", 1997, nationality="GIN", phone="+224621999999", document="G7654321")
    assert score(a, c) < score(a, b)
    assert score(a, c) < DEFAULT_THRESHOLD


def test_siblings_sharing_family_name_and_phone_are_not_matched() -> None:
    a = person("Sesay", "Ibrahim", dt.date(1998, 2, 2), nationality="SLE", phone="+23276111222")
    b = person("Sesay", "Foday", dt.date(2001, 9, 9), nationality="SLE", phone="+23276111222")
    assert score(a, b) < DEFAULT_THRESHOLD


def test_rare_name_agreement_weighs_more_than_common() -> None:
    """Agreeing on Kuyateh says more than agreeing on Traoré (frequencies of the register)."""
    common_a = person("Traoré", "Mamadou", dt.date(1990, 3, 12), nationality="MLI")
    common_b = person("Traoré", "Mamadou", dt.date(1990, 12, 3), nationality="MLI")
    rare_a = person("Kuyateh", "Yankuba", dt.date(1990, 3, 12), nationality="MLI")
    rare_b = person("Kuyateh", "Yankuba", dt.date(1990, 12, 3), nationality="MLI")
    assert score(rare_a, rare_b) > score(common_a, common_b)


def test_scan_finds_pairs_without_comparing_all_pairs() -> None:
    reg = generate_register(2000, seed=3)
    index = DuplicateIndex.build(reg.records)
    matches = index.scan()
    assert index.last_scan_pairs < len(reg.records) * 10  # nowhere near n * (n - 1) / 2
    assert all(m.a < m.b and 0 <= m.score <= 1 and m.reasons for m in matches)
    found = {(m.a, m.b) for m in matches}
    assert len(found & reg.duplicate_pairs) >= 0.9 * len(reg.duplicate_pairs)


def test_incremental_add_is_seen_by_scan_and_live_check() -> None:
    index = DuplicateIndex.build(BACKGROUND)
    new = person("Kamara", "Fatmata", dt.date(1999, 9, 9), id=NEXT_ID, sex="F", nationality="SLE")
    again = person("Camara", "Fatoumata", dt.date(1999, 9, 9), id=NEXT_ID + 1, sex="F",
                   nationality="SLE")  # fmt: skip
    index.add(new)
    assert [(m.a, m.b) for m in index.candidates_for(again)] == [(NEXT_ID, NEXT_ID + 1)]
    index.add(again)
    assert (NEXT_ID, NEXT_ID + 1) in {(m.a, m.b) for m in index.scan()}
    # An indexed record is not its own duplicate.
    assert [(m.a, m.b) for m in index.candidates_for(again)] == [(NEXT_ID, NEXT_ID + 1)]


def test_progress_and_cancel() -> None:
    reg = generate_register(1500, seed=4)
    index = DuplicateIndex.build(reg.records)
    seen: list[tuple[int, int]] = []
    index.scan(job=Job(progress=lambda done, total: seen.append((done, total))))
    assert seen and seen[-1][0] == seen[-1][1] == index.last_scan_pairs
    assert index.last_scan_complete
    index.scan(job=Job(cancelled=lambda: True))
    assert not index.last_scan_complete


def test_reason_text_falls_back_to_english_and_keeps_parameters() -> None:
    reason = Reason("same_phone")
    assert reason.text("en") == "same phone"
    assert reason.text("fr") == "même téléphone"
    assert Reason("birth_day_month_swapped", {"a": "04-07-1993", "b": "07-04-1993"}).text("fr") == (
        "jour et mois inversés 04-07-1993 / 07-04-1993"
    )


def test_compound_given_name_written_as_one_word_matches() -> None:
    a = person("Traoré", "Abdoul Aziz", dt.date(1990, 5, 6), nationality="MLI")
    b = person("Traore", "Abdoulaziz", 1990, nationality="MLI")
    assert score(a, b) >= DEFAULT_THRESHOLD


def test_titles_do_not_count_as_names() -> None:
    a = person("Diop", "El Hadji Malick", dt.date(1985, 1, 20), nationality="SEN")
    b = person("DIOP", "Malick", dt.date(1985, 1, 20), nationality="SEN")
    index = DuplicateIndex.build([*BACKGROUND, PersonRecord(**{**_fields(a), "id": NEXT_ID})])
    match = index.candidates_for(b, limit=1)[0]
    assert match.score >= DEFAULT_THRESHOLD
    assert "only on one side" not in match.explain("en")


@pytest.mark.parametrize(
    "written", ["+223 76 12 34 56", "0022376123456", "76 12 34 56", "+223-76-12-34-56"]
)
def test_phones_compare_on_national_digits(written: str) -> None:
    assert phone_digits(written) == "76123456"
    assert phone_digits("+224 620 00 00 01") != phone_digits(written)


def test_a_placeholder_phone_shared_by_thousands_does_not_pair_them_all() -> None:
    reg = generate_register(3000, seed=8)
    placeholder = [PersonRecord(**{**_fields(r), "phone": "+22300000000"}) for r in reg.records]
    index = DuplicateIndex.build(placeholder)
    index.scan()
    assert index.last_scan_pairs < 3000 * 60  # windowed, not 4.5 million pairs
    # and a shared placeholder is weak evidence: the register's own frequencies say so
    flagged = {(m.a, m.b) for m in index.scan()}
    assert len(flagged - reg.duplicate_pairs) <= 0.1 * len(flagged)


def test_adding_an_edited_record_again_replaces_it() -> None:
    index = DuplicateIndex.build(BACKGROUND)
    first = person("Kamara", "Fatmata", dt.date(1999, 9, 9), id=NEXT_ID, sex="F", nationality="SLE")
    index.add(first)
    index.add(PersonRecord(**{**_fields(first), "phone": "+23276000111"}))
    assert all(m.a != m.b for m in index.scan(threshold=0.0))
    probe = person("Kamara", "Fatmata", dt.date(1999, 9, 9), id=-1, sex="F", nationality="SLE")
    assert [m.b for m in index.candidates_for(probe)] == [NEXT_ID]
