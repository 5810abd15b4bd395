"""Reading documents: real small PDFs, Word, Excel and OpenDocument files give their words, a PDF its page
count and cover; protected, broken, hostile or oversized files give a clear ReadingFailed, never a crash,
and no file is read past its budget."""

import io

import pytest
from PIL import Image

from citynet.library import reading
from citynet.library.reading import ReadingFailed, read_document
from citynet.library.tests import documents
from citynet.library.tests.factories import NOT_A_DOCUMENT


@pytest.fixture(scope="module")
def two_pages() -> bytes:
    return documents.pdf_bytes("Synthetic first page about resilience", "Synthetic second page about prevention")


# --- PDF -------------------------------------------------------------------------------------------------


def test_a_pdf_gives_the_text_of_every_page_and_its_page_count(two_pages):
    found = read_document(two_pages, documents.PDF)

    assert "Synthetic first page about resilience" in found.text
    assert "Synthetic second page about prevention" in found.text
    assert found.text.index("resilience") < found.text.index("prevention")
    assert found.page_count == 2
    assert not found.truncated


def test_a_pdf_gives_a_small_png_cover_of_its_first_page(two_pages):
    found = read_document(two_pages, documents.PDF)

    image = Image.open(io.BytesIO(found.cover_png))
    assert image.format == "PNG"
    assert image.width <= reading.COVER_WIDTH
    assert image.height <= reading.COVER_MAX_HEIGHT
    assert image.width >= reading.COVER_WIDTH - 1 or image.height >= reading.COVER_MAX_HEIGHT - 1


def test_a_pdf_is_read_from_a_file_object_and_a_content_type_with_parameters(two_pages):
    found = read_document(io.BytesIO(two_pages), "Application/PDF; charset=binary")

    assert "resilience" in found.text


def test_the_text_is_still_read_when_the_cover_cannot_be_drawn(two_pages, monkeypatch):
    import pypdfium2

    def broken(*args, **kwargs):
        raise pypdfium2.PdfiumError("Synthetic rendering failure")

    monkeypatch.setattr(pypdfium2, "PdfDocument", broken)

    found = read_document(two_pages, documents.PDF)

    assert found.cover_png is None
    assert "resilience" in found.text
    assert found.page_count == 2


def test_a_pdf_that_needs_a_password_is_refused_with_a_clear_reason():
    with pytest.raises(ReadingFailed, match="password"):
        read_document(documents.protected_pdf_bytes(), documents.PDF)


def test_a_pdf_protected_only_against_changes_is_read():
    found = read_document(documents.owner_only_pdf_bytes(), documents.PDF)

    assert "Synthetic printable words" in found.text
    assert found.page_count == 1


def test_a_broken_pdf_is_refused_with_a_clear_reason():
    with pytest.raises(ReadingFailed, match="damaged"):
        read_document(documents.broken_pdf_bytes(), documents.PDF)


def test_a_page_of_html_pretending_to_be_a_pdf_is_refused():
    with pytest.raises(ReadingFailed):
        read_document(NOT_A_DOCUMENT, documents.PDF)


def test_only_the_first_pages_are_read_but_every_page_is_counted(two_pages, monkeypatch):
    monkeypatch.setattr(reading, "MAX_PAGES", 1)

    found = read_document(two_pages, documents.PDF)

    assert "first page" in found.text
    assert "second page" not in found.text
    assert found.page_count == 2
    assert found.truncated


def test_the_text_kept_is_capped(two_pages, monkeypatch):
    monkeypatch.setattr(reading, "MAX_CHARS", 12)

    found = read_document(two_pages, documents.PDF)

    assert found.text == "Synthetic fi"
    assert found.truncated


def test_reading_stops_when_its_time_is_up(two_pages, monkeypatch):
    monkeypatch.setattr(reading, "MAX_SECONDS", -1.0)

    found = read_document(two_pages, documents.PDF)

    assert found.text == ""
    assert found.truncated
    assert found.page_count == 2


def test_a_file_larger_than_the_budget_is_not_read(two_pages, monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 100)

    with pytest.raises(ReadingFailed, match="too large"):
        read_document(io.BytesIO(two_pages), documents.PDF)


def test_an_empty_file_is_refused():
    with pytest.raises(ReadingFailed, match="empty"):
        read_document(b"", documents.PDF)


def test_the_text_has_no_characters_the_database_cannot_store():
    text = reading._Text()
    text.add("Synthetic\x00 words\x07 with \ud800 controls")

    assert text.text() == "Synthetic  words  with ? controls"


# --- Office documents ---------------------------------------------------------------------------------


def test_a_word_document_gives_its_paragraphs_and_tables_in_order():
    data = documents.docx_bytes(
        ["Synthetic introduction", "Synthetic findings"],
        table=[["Synthetic city", "Synthetic score"], ["Durrës", "4"]],
    )

    found = read_document(data, documents.DOCX)

    assert found.text == "Synthetic introduction\nSynthetic findings\nSynthetic city\tSynthetic score\nDurrës\t4"
    assert found.page_count is None
    assert found.cover_png is None


def test_a_broken_word_document_is_refused():
    with pytest.raises(ReadingFailed):
        read_document(b"PK\x03\x04 synthetic garbage", documents.DOCX)


def test_a_zip_with_no_word_document_inside_is_refused():
    data = documents.xlsx_bytes([["Synthetic"]])

    with pytest.raises(ReadingFailed, match="Word document"):
        read_document(data, documents.DOCX)


def test_an_office_document_that_unpacks_past_the_budget_is_refused_unopened(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNZIPPED", 4 * 1024 * 1024)
    bomb = documents.zip_bomb_bytes(size=8 * 1024 * 1024)

    with pytest.raises(ReadingFailed, match="unpacks"):
        read_document(bomb, documents.DOCX)
    with pytest.raises(ReadingFailed, match="unpacks"):
        read_document(bomb, documents.XLSX)


def test_a_spreadsheet_gives_its_sheet_and_cell_values():
    data = documents.xlsx_bytes([["Synthetic municipality", "Synthetic budget"], ["Gjilan", 1500.5, None, "x"]])

    found = read_document(data, documents.XLSX)

    assert found.text == "Synthetic sheet\nSynthetic municipality\tSynthetic budget\nGjilan\t1500.5\tx"


def test_a_spreadsheet_is_read_only_up_to_its_cell_budget(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELLS", 4)
    data = documents.xlsx_bytes([["Synthetic a", "Synthetic b"], ["Synthetic c", "d"], ["Synthetic e", "f"]])

    found = read_document(data, documents.XLSX)

    assert "Synthetic a" in found.text
    assert "Synthetic e" not in found.text
    assert found.truncated


def test_an_opendocument_text_gives_its_headings_and_paragraphs():
    data = documents.odt_bytes(["Synthetic first paragraph", "Čair and Гњилане"], heading="Synthetic heading")

    found = read_document(data, documents.ODT)

    assert found.text == "Synthetic heading\nSynthetic first paragraph\nČair and Гњилане"


def test_an_opendocument_paragraph_keeps_its_spaces_tabs_and_inline_text():
    body = (
        '<text:p>Synthetic<text:s text:c="2"/>words <text:span>inside</text:span> a'
        "<text:tab/>paragraph<text:line-break/>end</text:p>"
    )

    found = read_document(documents.odt_bytes([], raw_body=body), documents.ODT)

    assert found.text == "Synthetic  words inside a\tparagraph\nend"


def test_an_opendocument_with_a_doctype_is_refused_before_any_entity_is_expanded():
    data = documents.odt_bytes(["&lol3;"], doctype=documents.BILLION_LAUGHS)

    with pytest.raises(ReadingFailed, match="entities"):
        read_document(data, documents.ODT)


def test_an_opendocument_without_content_is_refused():
    with pytest.raises(ReadingFailed, match="no content"):
        read_document(documents.docx_bytes(["Synthetic"]), documents.ODT)


def test_an_opendocument_with_broken_xml_is_refused():
    with pytest.raises(ReadingFailed, match="damaged"):
        read_document(documents.odt_bytes([], raw_body="<text:p>Synthetic unclosed"), documents.ODT)


# --- Kinds -----------------------------------------------------------------------------------------------


def test_other_kinds_of_file_are_not_read():
    assert not reading.is_readable("image/png")
    assert reading.is_readable("application/pdf")
    with pytest.raises(ReadingFailed, match="not read"):
        read_document(b"\x89PNG synthetic", "image/png")
