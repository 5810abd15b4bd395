"""Real, small documents made in memory for tests: a PDF (WeasyPrint), a DOCX (python-docx), an XLSX
(openpyxl), an ODT (by hand: a ZIP with its XML), and PDFs that cannot be read (protected, broken).

Every text in them is plainly synthetic. Each builder returns the file's bytes.
"""

import io
import zipfile
from html import escape

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"


def pdf_bytes(*pages: str) -> bytes:
    """A PDF with one page per text given (WeasyPrint, as the site's own PDFs are made)."""
    from weasyprint import HTML

    pages = pages or ("Synthetic report on local resilience",)
    body = (
        "".join(f'<section style="page-break-after: always"><p>{escape(text)}</p></section>' for text in pages[:-1])
        + f"<section><p>{escape(pages[-1])}</p></section>"
    )
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


SYNTHETIC_PASSWORD = "synthetic-secret"


def protected_pdf_bytes(password: str = SYNTHETIC_PASSWORD) -> bytes:
    """A PDF that needs a password to open (pypdf's own encryption)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Synthetic confidential words"))))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def owner_only_pdf_bytes() -> bytes:
    """A PDF protected only against changes: anyone may open it (an empty user password)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Synthetic printable words"))))
    writer.encrypt(user_password="", owner_password="synthetic-owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def broken_pdf_bytes() -> bytes:
    """The start of a PDF and then nothing that makes sense."""
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nsynthetic garbage\n%%EOF\n"


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A Word document with these paragraphs, then a table with these rows."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: list[list], title: str = "Synthetic sheet") -> bytes:
    """A workbook with one sheet of these rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
{doctype}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
<office:body><office:text>{body}</office:text></office:body></office:document-content>"""


def odt_bytes(paragraphs: list[str], *, heading: str = "", doctype: str = "", raw_body: str = "") -> bytes:
    """An OpenDocument text: a heading, then the paragraphs (or `raw_body`, XML written by the test)."""
    body = raw_body or (
        (f'<text:h text:outline-level="1">{escape(heading)}</text:h>' if heading else "")
        + "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT)  # first and stored, as the format requires
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(
            "content.xml", ODT_CONTENT.format(doctype=doctype, body=body), compress_type=zipfile.ZIP_DEFLATED
        )
    return out.getvalue()


BILLION_LAUGHS = """<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
"""


def zip_bomb_bytes(member: str = "word/document.xml", size: int = 300 * 1024 * 1024) -> bytes:
    """A ZIP whose one member inflates to `size` bytes of zeros (a few hundred kilobytes on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive, archive.open(member, "w") as file:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(size // len(chunk)):
            file.write(chunk)
    return out.getvalue()
