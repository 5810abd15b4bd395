"""Reading a library document: its text for search, its page count and a small cover, from its bytes.

`read_document(file, content_type)` takes a stored file (or its bytes) and the content type its upload
check found by its bytes (citynet/grants/uploads.py: never the name), and returns a `Reading`. It runs in
the background task (tasks/extraction.py), never in a request: reading a PDF of hundreds of pages takes
seconds.

Files come from people, so nothing in them is trusted:
- every format is read with a bounded budget: at most MAX_BYTES of file, MAX_PAGES pages, MAX_CELLS
  spreadsheet cells, MAX_SECONDS of reading (checked between pages, sheets and rows: a single hostile
  page can still take its own time, which is why this runs in the worker and not in a request) and
  MAX_CHARS characters of text kept (search needs the words, not every copy of them);
- office documents are ZIP files: their members' declared sizes are checked before any library opens
  them (zipfile never inflates a member past its declared size, so the check holds), against ZIP bombs;
- XML is parsed only where entities cannot be declared (below, for OpenDocument);
- whatever a parser raises on a broken or hostile file becomes `ReadingFailed`, with a sentence saying
  what went wrong; the task marks the version "could not be read" and the worker carries on.

Which library reads what, and why:
- PDF text and page count: pypdf, pure Python (no binary to keep patched), reads damaged files leniently
  (`strict=False`) and opens PDFs protected only against changes (an empty user password); a PDF that
  needs a password to open is refused.
- PDF cover: pypdfium2 (Chrome's PDFium, prebuilt wheels): pypdf cannot render a page. Its failure only
  costs the cover: the text is still read.
- DOCX: python-docx, the body's paragraphs and tables in document order (its XML parser does not resolve
  entities).
- XLSX: openpyxl in read-only mode (streams the sheets rather than building them in memory), cell values
  as last computed (`data_only`), its declared dimensions ignored (a sheet may claim a million rows). It
  parses through defusedxml when that is installed (it is, through Wagtail's Willow).
- ODT: the standard library (zipfile, xml.etree.ElementTree): one XML member, `content.xml`, is all the
  text, which needs no third-party library. ElementTree's expat would expand entities declared in a
  DOCTYPE (the "billion laughs"), and defusedxml is not one of our own dependencies, so the XML is
  decoded as UTF-8 (what OpenDocument requires) and refused when it holds a DOCTYPE at all, before the
  very same text is parsed: without a DOCTYPE there is no entity to expand and no external one to fetch.
Office documents keep no page count: the one in their metadata is the authoring program's estimate.
"""

import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
READABLE_TYPES = frozenset({PDF, DOCX, XLSX, ODT})

MAX_BYTES = 100 * 1024 * 1024  # a file larger than this is not read at all
MAX_CHARS = 2_000_000  # text kept for search (a 500-page report is about 1.5 million characters)
MAX_PAGES = 500  # PDF pages read
MAX_CELLS = 200_000  # spreadsheet cells read
MAX_SECONDS = 120.0  # reading stops (keeping what it has) after this long
MAX_UNZIPPED = 200 * 1024 * 1024  # an office document's members, inflated, all together
MAX_MEMBERS = 5_000  # an office document's members
MAX_XML = 50 * 1024 * 1024  # an OpenDocument's content.xml
COVER_WIDTH = 300  # pixels
COVER_MAX_HEIGHT = 600  # pixels: a very tall first page is scaled to this height instead


class ReadingFailed(Exception):
    """The file could not be read; `str(error)` says why, in a sentence for the staff's eyes."""


@dataclass(frozen=True)
class Reading:
    """What a document holds: its text (at most MAX_CHARS), its page count (PDF only) and its cover as PNG
    bytes (PDF only, None when it could not be drawn). `truncated`: the text stopped at a limit."""

    text: str
    page_count: int | None = None
    cover_png: bytes | None = None
    truncated: bool = False


def is_readable(content_type: str) -> bool:
    """Whether read_document reads files of this content type."""
    return _kind(content_type) in READABLE_TYPES


def read_document(file, content_type: str) -> Reading:
    """The text, page count and cover of `file` (bytes, or a binary file object read from its start), a
    document of `content_type`. Raises ReadingFailed when it cannot be read."""
    kind = _kind(content_type)
    readers = {PDF: _read_pdf, DOCX: _read_docx, XLSX: _read_xlsx, ODT: _read_odt}
    if kind not in readers:
        raise ReadingFailed(_("Files of this kind (%(type)s) are not read.") % {"type": kind or "?"})
    data = _bytes_of(file)
    if not data:
        raise ReadingFailed(_("The file is empty."))
    return readers[kind](data)


# --- Budgets -------------------------------------------------------------------------------------------


def _kind(content_type: str) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _bytes_of(file) -> bytes:
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ReadingFailed(_("The file is too large to be read (more than %(size)s MB).") % {"size": MAX_BYTES >> 20})
    return data


# Characters PostgreSQL cannot store in text (NUL) and other control characters PDFs are full of.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Text:
    """Text gathered piece by piece until MAX_CHARS, or until the time budget runs out."""

    def __init__(self):
        self.pieces: list[str] = []
        self.size = 0
        self.truncated = False
        self.started = time.monotonic()

    @property
    def full(self) -> bool:
        if not self.truncated and time.monotonic() - self.started > MAX_SECONDS:
            self.truncated = True
        return self.truncated

    def add(self, piece: str | None) -> None:
        if not piece or self.full:
            return
        # Lone surrogates (from broken font maps) cannot be encoded for the database: replaced.
        piece = _CONTROL.sub(" ", piece).encode("utf-8", "replace").decode("utf-8").strip()
        if not piece:
            return
        room = MAX_CHARS - self.size
        if len(piece) >= room:
            piece = piece[:room]
            self.truncated = True
        self.pieces.append(piece)
        self.size += len(piece) + 1  # the line break that joins it

    def text(self) -> str:
        return "\n".join(self.pieces)[:MAX_CHARS]


def _zip_of(data: bytes) -> zipfile.ZipFile:
    """An office document's ZIP container, once its declared sizes are within the budget."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ReadingFailed(_("The file is damaged or not an office document.")) from error
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise ReadingFailed(_("The document unpacks to more than can be read."))
    return archive


# --- PDF -------------------------------------------------------------------------------------------------


def _read_pdf(data: bytes) -> Reading:
    from pypdf import PasswordType, PdfReader

    text = _Text()
    # pypdf raises almost anything on a hostile file (its own errors, KeyError, ValueError, TypeError,
    # RecursionError, zlib.error, ...): a broken file is not a bug of ours, so every error means "broken".
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ReadingFailed(_("The PDF is protected by a password."))
        page_count = len(reader.pages)
    except ReadingFailed:
        raise
    except Exception as error:  # any error of the parser: see above
        logger.info("library: unreadable PDF: %r", error)
        raise ReadingFailed(_("The PDF is damaged or protected and could not be read.")) from error
    if not 0 < page_count <= 1_000_000:
        raise ReadingFailed(_("The PDF has no pages that can be read."))
    for number in range(min(page_count, MAX_PAGES)):
        if text.full:
            break
        try:
            text.add(reader.pages[number].extract_text())
        except Exception as error:  # one broken page costs its own text, not the document's
            logger.info("library: PDF page %s unreadable: %r", number + 1, error)
    return Reading(
        text=text.text(),
        page_count=page_count,
        cover_png=_pdf_cover(data),
        truncated=text.truncated or page_count > MAX_PAGES,
    )


def _pdf_cover(data: bytes) -> bytes | None:
    """The first page as a PNG at most COVER_WIDTH wide (and COVER_MAX_HEIGHT high), or None."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
        try:
            page = document[0]
            width, height = page.get_size()
            if width <= 0 or height <= 0:
                return None
            scale = min(COVER_WIDTH / width, COVER_MAX_HEIGHT / height)
            image = page.render(scale=scale).to_pil()
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG", optimize=True)
            return out.getvalue()
        finally:
            document.close()
    except Exception as error:  # PDFium's errors (and Pillow's) cost the cover only
        logger.info("library: no cover drawn: %r", error)
        return None


# --- Office documents ---------------------------------------------------------------------------------


def _read_docx(data: bytes) -> Reading:
    import docx
    from docx.table import Table

    _zip_of(data)
    text = _Text()
    try:
        document = docx.Document(io.BytesIO(data))
        for block in document.iter_inner_content():
            if text.full:
                break
            if isinstance(block, Table):
                _add_table(text, block)
            else:
                text.add(block.text)
    except Exception as error:  # python-docx and lxml raise many kinds on a broken file
        logger.info("library: unreadable DOCX: %r", error)
        raise ReadingFailed(_("The Word document is damaged and could not be read.")) from error
    return Reading(text=text.text(), truncated=text.truncated)


def _add_table(text: _Text, table) -> None:
    """A table's rows, one line each, its cells separated by tabs (a merged cell once)."""
    for row in table.rows:
        if text.full:
            return
        cells: list[str] = []
        for cell in row.cells:
            value = cell.text.strip()
            if value and (not cells or cells[-1] != value):
                cells.append(value)
        text.add("\t".join(cells))


def _read_xlsx(data: bytes) -> Reading:
    from openpyxl import load_workbook

    _zip_of(data)
    text = _Text()
    cells = 0
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                if text.full or cells >= MAX_CELLS:
                    break
                text.add(sheet.title)
                if hasattr(sheet, "reset_dimensions"):
                    sheet.reset_dimensions()  # read the cells there are, not the size the file claims
                for row in sheet.iter_rows(values_only=True):
                    cells += len(row)
                    if text.full or cells >= MAX_CELLS:
                        text.truncated = True
                        break
                    text.add("\t".join(str(value) for value in row if value is not None and value != ""))
        finally:
            workbook.close()
    except Exception as error:  # openpyxl raises many kinds on a broken file
        logger.info("library: unreadable XLSX: %r", error)
        raise ReadingFailed(_("The spreadsheet is damaged and could not be read.")) from error
    return Reading(text=text.text(), truncated=text.truncated)


# OpenDocument's text namespace: paragraphs and headings hold the text; s, tab and line-break are spaces.
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_PARAGRAPHS = {f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h"}
_SPACE, _TAB, _BREAK = f"{{{TEXT_NS}}}s", f"{{{TEXT_NS}}}tab", f"{{{TEXT_NS}}}line-break"
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)


def _read_odt(data: bytes) -> Reading:
    archive = _zip_of(data)
    try:
        info = archive.getinfo("content.xml")
    except KeyError as error:
        raise ReadingFailed(_("The OpenDocument file has no content.")) from error
    if info.file_size > MAX_XML:
        raise ReadingFailed(_("The document unpacks to more than can be read."))
    try:
        xml = archive.read(info).decode("utf-8")
    except (zipfile.BadZipFile, OSError, EOFError, UnicodeDecodeError, NotImplementedError) as error:
        raise ReadingFailed(_("The OpenDocument file is damaged and could not be read.")) from error
    if _DOCTYPE.search(xml):
        raise ReadingFailed(_("The OpenDocument file declares its own entities and is not read."))
    try:
        # Safe here: the text just checked has no DOCTYPE, hence no entity to expand (module docstring).
        root = ElementTree.fromstring(xml)  # noqa: S314
    except (ElementTree.ParseError, ValueError) as error:
        raise ReadingFailed(_("The OpenDocument file is damaged and could not be read.")) from error
    text = _Text()
    _walk_odt(root, text)
    return Reading(text=text.text(), truncated=text.truncated)


def _walk_odt(element, text: _Text) -> None:
    """Each paragraph or heading as a line, in document order (a paragraph's inner ones are its own text).

    Iterative, not recursive: a hostile file may nest elements deeper than Python's recursion limit."""
    stack = [element]
    while stack and not text.full:
        node = stack.pop()
        if node.tag in _PARAGRAPHS:
            text.add(_paragraph_text(node))
        else:
            stack.extend(reversed(list(node)))


def _paragraph_text(paragraph) -> str:
    parts: list[str] = []
    stack: list = [paragraph]
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # a tail: the text after an element, within its parent
            parts.append(node)
            continue
        if node.tag == _SPACE:
            try:
                count = int(node.get(f"{{{TEXT_NS}}}c", "1"))
            except ValueError:
                count = 1
            parts.append(" " * max(1, min(count, 100)))
        elif node.tag == _TAB:
            parts.append("\t")
        elif node.tag == _BREAK:
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        if node is not paragraph and node.tail:
            stack.append(node.tail)
        stack.extend(reversed(list(node)))
    return "".join(parts)
