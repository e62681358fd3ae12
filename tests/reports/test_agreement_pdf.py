from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from agreement_samples import KEY, sample
from pypdf import PdfReader

from models.errors import Unusable
from models.jobs import Cancelled, Job
from reports.agreement_code import check, parse_code, parse_payload
from reports.agreement_pdf import render_agreement, render_batch

A4_W, A4_H = 595.28, 841.89
MM = 72 / 25.4


def pdf_text(path: Path, *args: str) -> str:
    out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def pages_text(path: Path) -> list[str]:
    """Text of each page (pdftotext separates pages with form feeds), spaces normalised."""
    text = pdf_text(path).replace("\u202f", " ").replace("\u00a0", " ")
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_agreement_text_amounts_and_pages(tmp_path: Path) -> None:
    doc = sample()
    out = tmp_path / "a.pdf"
    render_agreement(doc, out)
    pages = pages_text(out)
    assert len(pages) == 2
    text = " ".join(pages)
    for expected in (
        "CONVENTION DE SUBVENTION DE RÉINTÉGRATION",
        "Bureau de pays – Mali",
        "KÉÏTA Aminata Françoise N’Diaye",
        "Convention n° BKO-AGR-2025-000123",
        "Passeport n° AA0123456",
        "7 mars 1994",
        "1 968 000 XOF",
        "un million neuf cent soixante-huit mille francs CFA",
        "1 180 800",
        "À la signature de la présente convention",
        "Ne pas vendre, louer ni céder les biens",
        "Le bénéficiaire",
        "Pour le Bureau",
        "Le témoin",
        "Empreinte du pouce",
        "Fait à Bamako, le 14 mars 2025",
    ):
        assert expected in text, expected
    assert "Page 1 / 2" in pages[0] and "Page 2 / 2" in pages[1]
    # the verification code is in every page's footer and printed in clear near the QR code
    assert all(doc.verification_code in page for page in pages)
    assert "COPIE" not in text


def test_english_gnf_amount_in_words(tmp_path: Path) -> None:
    doc = sample(lang="en", currency="GNF", amounts=[Decimal(4000000), Decimal(500000)])
    out = tmp_path / "en.pdf"
    render_agreement(doc, out)
    text = " ".join(pages_text(out))
    assert "REINTEGRATION GRANT AGREEMENT" in text
    assert "4,500,000 GNF" in text
    assert "four million five hundred thousand Guinean francs" in text
    assert "7 March 1994" in text and "Female" in text
    assert "Read and approved" in text


def test_fonts_are_embedded(tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    render_agreement(sample(long_name=True), out)
    reader = PdfReader(out)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object()["/FontDescriptor"]
                if descendants
                else font.get("/FontDescriptor")
            )
            fonts[font["/BaseFont"]] = descriptor is not None and "/FontFile2" in descriptor
    assert fonts and all(fonts.values()), fonts
    assert all("DejaVu" in name or "RGMSans" in name for name in fonts), fonts


def _decode_qr(pdf: Path, page: int, tmp_path: Path) -> str:
    prefix = tmp_path / f"p{page}"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", str(pdf), str(prefix)],
        check=True,
    )
    png = next(tmp_path.glob(f"p{page}*.png"))
    out = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_qr_code_decodes_to_the_verification_code(tmp_path: Path) -> None:
    doc = sample()
    out = tmp_path / "a.pdf"
    render_agreement(doc, out)
    scanned = _decode_qr(out, 2, tmp_path)
    assert scanned == doc.qr_payload
    assert parse_payload(scanned) == (doc.agreement_number, doc.verification_code)
    assert parse_code(scanned) == doc.verification_code
    assert check(KEY, doc.content(), scanned)


def test_copy_is_marked_on_every_page(tmp_path: Path) -> None:
    out = tmp_path / "copy.pdf"
    render_agreement(sample(copy_number=2), out)
    pages = pages_text(out)
    assert all("COPIE / COPY 2" in page for page in pages)


def test_long_name_12_items_6_instalments_stay_on_the_page(tmp_path: Path) -> None:
    doc = sample(long_name=True, items=12, instalments=6)
    out = tmp_path / "long.pdf"
    render_agreement(doc, out)
    pages = pages_text(out)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in page
    # content-stream order keeps each cell's lines together: every text is there in full
    raw = squeeze(pdf_text(out, "-raw"))
    assert squeeze(doc.returnee.full_name) in raw.replace("-", "") or squeeze(
        doc.returnee.full_name
    ).replace("-", "") in raw.replace("-", "")
    for item in doc.items:
        assert squeeze(item.description) in raw, item.description
        if item.supplier:
            assert squeeze(item.supplier) in raw
    amounts = " ".join(pages)
    for item in doc.items:
        assert f"{int(item.amount):,}".replace(",", " ") in amounts
    for inst in doc.instalments:
        assert f"{int(inst.amount):,}".replace(",", " ") in amounts
    assert "un million huit cent soixante mille francs CFA" in amounts
    assert doc.verification_code in pages[-1]
    # the header row of the items table is repeated where the table splits
    assert sum(page.count("Montant (XOF)") for page in pages) >= 3
    # no word outside the printable area
    bbox = pdf_text(out, "-bbox")
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', bbox
    )
    assert len(words) > 500
    for x0, y0, x1, y1 in ((float(a), float(b), float(c), float(d)) for a, b, c, d in words):
        assert x0 >= 17 * MM and x1 <= A4_W - 17 * MM, (x0, x1)
        assert y0 >= 8 * MM and y1 <= A4_H - 8 * MM, (y0, y1)


def test_batch_numbers_pages_per_agreement(tmp_path: Path) -> None:
    docs = [sample(1), sample(2, long_name=True, items=12, instalments=6), sample(3, lang="en")]
    seen: list[tuple[int, int]] = []
    out = tmp_path / "batch.pdf"
    assert render_batch(docs, out, job=Job(progress=lambda d, t: seen.append((d, t)))) == 3
    assert seen == [(1, 3), (2, 3), (3, 3)]
    pages = pages_text(out)
    footers = [re.search(r"(BKO-AGR-2025-\d+).*Page (\d+) / (\d+)", page) for page in pages]
    assert all(footers)
    numbers = [(m.group(1), int(m.group(2)), int(m.group(3))) for m in footers if m]
    assert numbers[0] == ("BKO-AGR-2025-000001", 1, 2)
    assert numbers[1] == ("BKO-AGR-2025-000001", 2, 2)
    long = [n for n in numbers if n[0] == "BKO-AGR-2025-000002"]
    assert [n[1] for n in long] == list(range(1, len(long) + 1))
    assert all(n[2] == len(long) for n in long)
    assert numbers[-1][0] == "BKO-AGR-2025-000003" and numbers[-1][1] == numbers[-1][2]
    assert len(PdfReader(out).pages) == len(pages)


def test_cancelled_batch_leaves_no_file(tmp_path: Path) -> None:
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    out = tmp_path / "cancelled.pdf"
    with pytest.raises(Cancelled):
        render_batch([sample(1), sample(2), sample(3)], out, job=Job(cancelled=cancelled))
    assert not out.exists()


def test_long_name_stays_in_its_signature_column(tmp_path: Path) -> None:
    doc = sample(long_name=True, items=12, instalments=6)
    out = tmp_path / "long.pdf"
    render_agreement(doc, out)
    last = pdf_text(out, "-bbox").split("<page ")[-1]
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<', last
    )
    column_right = 18 * MM + (A4_W - 36 * MM) / 3
    name_words = [w for w in words if "COULIBALY" in w[2] or "Ramatoulaye" in w[2]]
    assert len(name_words) >= 2
    for _x0, x1, text in name_words:
        assert float(x1) <= column_right, text
    officer = [w for w in words if w[2] == "Diabaté"]
    assert officer and float(officer[0][0]) > column_right


def test_admin_adapted_template_is_used(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "resources" / "agreements" / "fr.toml"
    folder = tmp_path / "texts"
    folder.mkdir()
    adapted = shipped.read_text(encoding="utf-8").replace(
        'title = "CONVENTION DE SUBVENTION DE RÉINTÉGRATION"',
        'title = "CONTRAT D’AIDE À LA RÉINSERTION – {case_number}"',
    )
    assert adapted != shipped.read_text(encoding="utf-8")
    (folder / "fr.toml").write_text(adapted, encoding="utf-8")
    out = tmp_path / "a.pdf"
    render_agreement(sample(), out, templates=folder)
    text = " ".join(pages_text(out))
    assert "CONTRAT D’AIDE À LA RÉINSERTION – BKO-2025-000123" in text
    # English agreements still use the shipped text
    render_agreement(sample(lang="en"), out, templates=folder)
    assert "REINTEGRATION GRANT AGREEMENT" in " ".join(pages_text(out))


def test_broken_templates_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "fr.toml").write_text('[document]\ntitle = "unterminated\n', encoding="utf-8")
    with pytest.raises(Unusable, match="fr.toml"):
        render_agreement(sample(), tmp_path / "a.pdf", templates=folder)
    (folder / "fr.toml").write_text('[document]\ntitle = "Titre"\n', encoding="utf-8")
    with pytest.raises(Unusable, match="subtitle"):
        render_agreement(sample(), tmp_path / "a.pdf", templates=folder)
    assert not (tmp_path / "a.pdf").exists()
