import pytest

from libya_archive.archive.formats import Unreadable
from libya_archive.archive.formats.docx import extract
from tests.archive.formats.documents import docx


def test_a_word_document_gives_its_paragraphs_and_title():
    extracted = extract(docx(["قوات حفتر تتقدم نحو سرت.", "", "وقال المتحدث إن العمليات مستمرة."], title="تقدم نحو سرت"))
    assert (extracted.title, extracted.body) == ("تقدم نحو سرت", "قوات حفتر تتقدم نحو سرت.\n\nوقال المتحدث إن العمليات مستمرة.")


@pytest.mark.parametrize(
    "raw, reason",
    [(b"PK\x03\x04 not really a zip", "not a Word document"), (b"plain text", "not a Word document")],
)
def test_a_file_that_is_no_word_document_is_reported(raw, reason):
    with pytest.raises(Unreadable, match=reason):
        extract(raw)
