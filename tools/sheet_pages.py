"""How many pages each sheet of a workbook prints on through LibreOffice (a developer's tool).

    python -m tools.sheet_pages FILE.xlsx [--pdf DIR]

Each sheet is copied alone into a workbook of its own (openpyxl keeps its print settings and
charts), every copy is converted to PDF by one LibreOffice run, and the pages of each PDF are
counted. With ``--pdf DIR`` the PDFs are kept there (``pdftoppm -png -r 60`` shows them).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from pypdf import PdfReader


def to_pdf(files: list[Path], outdir: Path, timeout: int = 300) -> None:
    """Convert ``files`` to PDF in ``outdir`` with one headless LibreOffice and a fresh profile."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )


def sheet_pages(path: Path, keep: Path | None = None) -> dict[str, int]:
    """Pages printed by each sheet of ``path``, in sheet order."""
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    with tempfile.TemporaryDirectory(prefix="sheet-pages-") as tmp:
        folder = Path(tmp)
        copies = []
        for index, name in enumerate(names):
            wb = openpyxl.load_workbook(path)
            for other in [n for n in wb.sheetnames if n != name]:
                del wb[other]
            copy = folder / f"{index:02d}.xlsx"
            wb.save(copy)
            copies.append(copy)
        outdir = keep or folder
        outdir.mkdir(parents=True, exist_ok=True)
        to_pdf(copies, outdir)
        return {
            name: len(PdfReader(outdir / f"{index:02d}.pdf").pages)
            for index, name in enumerate(names)
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--pdf", type=Path, help="keep the PDF of each sheet in this folder")
    args = parser.parse_args(argv)
    pages = sheet_pages(args.file, args.pdf)
    for name, count in pages.items():
        print(f"{count:5d}  {name}")
    print(f"{sum(pages.values()):5d}  (all sheets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
