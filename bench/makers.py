"""Real PDF, DOCX and HTML files made from texts of the bundled corpus, for the tests and benchmarks.

Each document re-publishes sections of a law that the test index does not hold (the index has only
the Conflict of Interest Act), under a directive-like title and numbering, so a question answered from
it can only be answered by it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.settings import REPO_ROOT
from indexer.parsers.justice_xml import parse as parse_law

CORPUS = REPO_ROOT / "corpus"


@dataclass(frozen=True)
class Section:
    label: str
    note: str
    text: str


def law_sections(lang: str, stem: str, labels: Sequence[str], limit: int = 1400) -> list[Section]:
    doc = parse_law(CORPUS / "federal" / lang / f"{stem}.xml")
    by_label = {p.label: p for p in doc.provisions}
    out = []
    for label in labels:
        provision = by_label[label]
        text = " ".join(b.text for b in provision.blocks)
        out.append(
            Section(
                label, provision.marginal_note, text[:limit].rsplit(" ", 1)[0] if len(text) > limit else text
            )
        )
    return out


def _latin1(text: str) -> str:
    """fpdf2's core fonts are Latin-1: typographic quotes and ligatures become their plain forms."""
    table = {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "œ": "oe",
        "Œ": "OE",
        "…": "...",
        " ": " ",
    }
    return "".join(table.get(c, c) for c in text).encode("latin-1", "replace").decode("latin-1")


def make_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    title: str = "",
    header: str = "",
    numbered: bool = True,
    owner_password: str | None = None,
    user_password: str | None = None,
) -> Path:
    """One list of paragraphs per page; a running header and "Page n of N" footers like real documents."""
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(_latin1(title))
    if owner_password is not None:
        pdf.set_encryption(owner_password=owner_password, user_password=user_password)
    pdf.set_auto_page_break(True, margin=15)
    for number, paragraphs in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        if header:
            pdf.multi_cell(0, 5, _latin1(header), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        if numbered:
            pdf.set_font("Helvetica", size=9)
            pdf.multi_cell(0, 5, f"Page {number} of {len(pages)}", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path, text: str) -> Path:
    """A PDF whose page is only an image of text: no text layer (what a scanner produces)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 400), "white")
    ImageDraw.Draw(image).text((40, 40), text, fill="black")
    png = path.with_suffix(".png")
    image.save(png)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(png), x=10, y=10, w=190)
    pdf.output(str(path))
    png.unlink()
    return path


def directive_pdf(path: Path) -> Path:
    """« Directive sur la divulgation d'actes répréhensibles » — articles 1–7 from the PSDPA (fr), s. 8–14."""
    sections = law_sections("fr", "P-31.9", ["8", "9", "10", "11", "12", "13", "14"])
    title = "Directive sur la divulgation d'actes répréhensibles au Secrétariat"
    paragraphs = [title, "Chapitre 1 - Dispositions générales"]
    for n, section in enumerate(sections, start=1):
        if n == 5:
            paragraphs.append("Chapitre 2 - Divulgations")
        paragraphs += [f"Article {n} - {section.note}", section.text]
    half = len(paragraphs) // 2
    return make_pdf(path, [paragraphs[:half], paragraphs[half:]], title=title, header=title)


def guide_pdf(path: Path) -> Path:
    """ "Guide to Access Requests" — one topic per page, no article numbers (cited by page), from A-1 (en)."""
    sections = law_sections("en", "A-1", ["4", "6", "7", "9", "10"], limit=900)
    title = "Guide to Access Requests"
    pages = [[title, "This guide explains how the Secretariat handles requests for access to its records."]]
    pages += [[section.note, section.text] for section in sections]
    return make_pdf(path, pages, title=title, header=f"{title} - Secretariat")


def code_docx(path: Path) -> Path:
    """« Code d'éthique des commissaires » (Word): Heading 1 chapters, Heading 2 articles, from P-33.01 (fr)."""
    import docx

    sections = law_sections("fr", "P-33.01", ["11", "12", "13", "14"])
    document = docx.Document()
    document.core_properties.title = "Code d'éthique des commissaires"
    document.add_heading("Code d'éthique des commissaires", level=0)
    document.add_paragraph(
        "Le présent code énonce les règles de conduite des commissaires et du personnel de la Commission."
    )
    for n, section in enumerate(sections, start=1):
        if n in (1, 3):
            document.add_heading("Chapitre 1 — Mission" if n == 1 else "Chapitre 2 — Délégation", level=1)
        document.add_heading(f"Article {n} — {section.note}", level=2)
        document.add_paragraph(section.text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Instance", "Courriel"
    table.cell(1, 0).text, table.cell(1, 1).text = "Registraire", "registraire@example.org"
    document.save(str(path))
    return path


def numbered_docx(
    path: Path, items: Sequence[str], title: str = "Lignes directrices sur le télétravail"
) -> Path:
    """Paragraphs numbered by Word itself ("List Number": the numbers are not in the text)."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=0)
    for item in items:
        document.add_paragraph(item, style="List Number")
    document.save(str(path))
    return path


def privacy_html(path: Path) -> Path:
    """ "Privacy Code for Secretariat Staff" — a web page with menus and footer; sections from P-21 (en)."""
    sections = law_sections("en", "P-21", ["4", "5", "6", "7"])
    body = "\n".join(
        f"<h2>Section {n} – {html.escape(s.note)}</h2>\n<p>{html.escape(s.text)}</p>"
        for n, s in enumerate(sections, start=1)
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Privacy Code for Secretariat Staff - Secretariat</title>
<script>var tracking = "Section 99 – tracking code";</script><style>h2 {{ color: red }}</style></head>
<body>
<header><a href="/">Home</a> <a href="/fr">Français</a> Secretariat of ethics</header>
<nav class="breadcrumb"><ul><li>Home</li><li>Policies</li><li>Privacy</li></ul></nav>
<div id="cookie-banner">We use cookies to improve the site.</div>
<main>
<h1>Privacy Code for Secretariat Staff</h1>
<p>This code sets out how staff of the Secretariat collect, use and keep personal information.</p>
{body}
</main>
<aside>Related links: Access to information, Open government</aside>
<footer>© Secretariat 2024 · Terms and conditions · Contact us</footer>
</body></html>"""
    path.write_text(page, encoding="utf-8")
    return path


def navigation_only_html(path: Path) -> Path:
    path.write_text(
        """<!DOCTYPE html><html><head><title>Menu</title></head><body>
<header>Secretariat of ethics</header>
<nav><ul><li><a href="/a">Directives</a></li><li><a href="/b">Guides</a></li><li><a href="/c">Contact</a></li></ul></nav>
<footer>© Secretariat 2024 · Terms and conditions · Privacy · Accessibility · Contact us</footer>
</body></html>""",
        encoding="utf-8",
    )
    return path
