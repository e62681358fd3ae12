"""One meaning of an output path for every writer: a folder, an extension, ``-`` (#11)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models.errors import Refused
from reports.xlsx_safe import output_file, output_path

XLSX = (".xlsx",)


def test_nothing_asked_is_the_default_name_here() -> None:
    assert output_path(None, "cases.xlsx", XLSX) == Path("cases.xlsx")
    with pytest.raises(Refused, match="say where to write it"):
        output_path(None, None, (".pdf",))


def test_a_folder_means_the_default_name_inside_it(tmp_path: Path) -> None:
    assert output_path(tmp_path, "cases.xlsx", XLSX) == tmp_path / "cases.xlsx"
    new = str(tmp_path / "not-yet") + os.sep
    assert output_path(new, "cases.xlsx", XLSX) == tmp_path / "not-yet" / "cases.xlsx"


def test_a_folder_without_a_default_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Refused, match=r"is a folder: name the file to write in it \(.pdf\)"):
        output_path(tmp_path, None, (".pdf",))


def test_the_extension_decides_the_format(tmp_path: Path) -> None:
    both = (".xlsx", ".csv")
    assert output_path(tmp_path / "a.CSV", "cases.xlsx", both) == tmp_path / "a.CSV"
    for name in ("a.csv", "a.xlsx.part", "a", "a.pdf"):
        with pytest.raises(Refused, match=r"is written as .xlsx; name the file with its extension"):
            output_path(tmp_path / name, "cases.xlsx", XLSX)
    # A folder whose name looks like a file is still a folder.
    folder = tmp_path / "looks.xlsx"
    folder.mkdir()
    assert output_path(folder, "cases.xlsx", XLSX) == folder / "cases.xlsx"


def test_standard_output_only_where_supported() -> None:
    assert output_path("-", "cases.xlsx", (".xlsx", ".csv"), stdout=True) is None
    with pytest.raises(Refused, match=r"cannot go to standard output \(-\): name a file"):
        output_path("-", "cases.xlsx", XLSX)
    with pytest.raises(Refused, match="standard output"):
        output_file(Path("-"), "cases.xlsx", XLSX)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_is_not_a_file(tmp_path: Path) -> None:
    """Renaming a finished file over ``/dev/null`` (behind a .xlsx name) would replace it."""
    link = tmp_path / "null.xlsx"
    link.symlink_to("/dev/null")
    with pytest.raises(Refused, match="is not a plain file"):
        output_path(link, None, XLSX)


def test_every_writer_refuses_a_name_it_would_not_write(tmp_path: Path) -> None:
    """The writers the window calls check their path the same way as ``rgm``."""
    from reports.agreement_pdf import render_batch
    from reports.templates import write_template
    from reports.trusted_keys import write_public_key

    with pytest.raises(Refused, match="is written as .xlsx"):
        write_template("registrations", tmp_path / "t.csv", "fr")
    assert not (tmp_path / "t.csv").exists()
    assert (
        write_template("registrations", tmp_path, "fr") == tmp_path / "template-registrations.xlsx"
    )
    with pytest.raises(Refused, match="is a folder"):
        render_batch([], tmp_path)
    with pytest.raises(Refused, match="is written as .pdf"):
        render_batch([], tmp_path / "a.xlsx")
    written = write_public_key(tmp_path, "BKO", "Bureau", b"k" * 32)
    assert written == tmp_path / "BKO.pub" and written.is_file()
