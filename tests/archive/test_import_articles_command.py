"""`import_articles` over files of every kind: what it stores, what it says, and its progress."""

import gzip
import json
import os
from datetime import date
from io import StringIO

from django.core.management import call_command

from libya_archive.archive.models import Article
from tests.archive.formats.documents import PARAGRAPH, docx, pdf, text_image
from tests.archive.formats.news_pages import drupal, story, wordpress
from tests.archive.formats.test_feeds import FULL_TEXT, rss, rss_item
from tests.archive.formats.test_warc import undated_page, warc


def run_import(*arguments, stdout=None) -> tuple[str, str]:
    out, err = stdout or StringIO(), StringIO()
    call_command("import_articles", *[str(a) for a in arguments], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_folder_of_every_format_imports_each_and_counts_them_by_format(gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قوات حفتر تقترب من سرت.", encoding="utf-8")
    (tmp_path / "page.html").write_bytes(wordpress(story(0)))
    (tmp_path / "news.rss").write_bytes(rss(rss_item("لجنة جديدة للحوار", content=FULL_TEXT), rss_item("بلا نص")))
    (tmp_path / "crawl.warc.gz").write_bytes(
        warc(
            ("https://alahrar.example/story-5/", "text/html", wordpress(story(5)), "200 OK"),
            ("https://drupal.example/node/3", "text/html", undated_page(), "200 OK"),
        )
    )
    (tmp_path / "report.pdf").write_bytes(pdf([PARAGRAPH[:3], PARAGRAPH[3:]]))
    (tmp_path / "note.docx").write_bytes(docx(["مذكرة عن الأوضاع في مصراتة."], title="مذكرة"))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 and then nothing")
    out, err = run_import(tmp_path, "--workers", "2")
    assert out.strip().splitlines()[-7:] == [
        "docx: 1 imported, 0 updated, 0 unchanged, 0 skipped",
        "feed: 1 imported, 0 updated, 0 unchanged, 1 skipped",
        "html: 1 imported, 0 updated, 0 unchanged, 0 skipped",
        "pdf: 1 imported, 0 updated, 0 unchanged, 1 skipped",
        "txt: 1 imported, 0 updated, 0 unchanged, 0 skipped",
        "warc: 2 imported, 0 updated, 0 unchanged, 0 skipped",
        "7 imported, 0 updated, 0 unchanged, 2 skipped",
    ]
    assert f"skipped {tmp_path / 'news.rss'}#2: the entry has no text" in err
    assert f"skipped {tmp_path / 'broken.pdf'}: not a readable PDF" in err

    stored = {a.source_name: a for a in Article.objects.all()}
    assert sorted(stored) == ["a.txt", "crawl.warc.gz#3", "crawl.warc.gz#5", "news.rss#1", "note.docx", "page.html", "report.pdf"]
    assert {name: a.source_format for name, a in stored.items()} == {
        "a.txt": "txt", "crawl.warc.gz#3": "warc", "crawl.warc.gz#5": "warc", "news.rss#1": "feed",
        "note.docx": "docx", "page.html": "html", "report.pdf": "pdf",
    }  # fmt: skip
    page = stored["page.html"]
    assert (page.title, page.published_on, page.author, page.url) == (
        story(0).title, story(0).published_on, "محمد علي", "https://alahrar.example/story-0/"
    )
    assert stored["crawl.warc.gz#3"].url == "https://alahrar.example/story-5/"
    undated = stored["crawl.warc.gz#5"]
    assert (undated.published_on, undated.url) == (date(2024, 3, 5), "https://drupal.example/node/3")
    assert f"imported {tmp_path / 'crawl.warc.gz'}#5: the page states no date; the date is when it was captured (2024-03-05)" in err
    assert stored["news.rss#1"].source == "بوابة الوسط"
    assert stored["note.docx"].title == "مذكرة"
    assert stored["report.pdf"].body.startswith(PARAGRAPH[0])


def test_reimporting_pages_and_archives_changes_nothing(gazetteer, tmp_path):
    (tmp_path / "page.html").write_bytes(drupal(story(2)))
    (tmp_path / "crawl.warc").write_bytes(warc(("https://alahrar.example/story-1/", "text/html", wordpress(story(1)), "200 OK"), gzip=False))
    run_import(tmp_path)
    out, _ = run_import(tmp_path)
    assert out.strip().endswith("0 imported, 0 updated, 2 unchanged, 0 skipped")


def test_files_of_kinds_it_does_not_read_are_said_to_be_passed_over_by_kind(gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قوات حفتر تقترب من سرت.", encoding="utf-8")
    (tmp_path / "minutes.odt").write_bytes(b"PK")
    (tmp_path / "box").mkdir()
    (tmp_path / "box" / "agenda.ODT").write_bytes(b"PK")
    (tmp_path / "box" / "README").write_text("notes", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "._a.txt").write_bytes(b"\x00\x05\x16\x07 Mac OS X attributes")  # hidden: no article
    out, err = run_import(tmp_path)
    assert err.strip() == "passed over 3 files of kinds it does not read (no suffix 1, .odt 2); docs/importing.md lists those it reads"
    assert out.strip().endswith("1 imported, 0 updated, 0 unchanged, 0 skipped")


def test_an_image_is_read_by_ocr_and_its_article_page_says_so(gazetteer, tesseract, tmp_path, client):
    (tmp_path / "scan.png").write_bytes(text_image(PARAGRAPH, scanned=True))
    out, err = run_import(tmp_path)
    assert out.strip().endswith("1 imported, 0 updated, 0 unchanged, 0 skipped"), err
    article = Article.objects.get()
    assert (article.source_name, article.source_format) == ("scan.png", "ocr")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "مقروء آليًّا من صورة أو مسح ضوئي (OCR)" in page and "scan.png" in page


def test_without_the_arabic_model_a_scan_is_skipped_with_what_to_install_and_the_rest_import(
    gazetteer, without_arabic_model, tmp_path
):
    (tmp_path / "a.txt").write_text("قوات حفتر تقترب من سرت.", encoding="utf-8")
    (tmp_path / "scan.png").write_bytes(text_image(PARAGRAPH[:2]))
    out, err = run_import(tmp_path)
    assert out.strip().endswith("1 imported, 0 updated, 0 unchanged, 1 skipped")
    assert f"skipped {tmp_path / 'scan.png'}: OCR needs Tesseract's Arabic model (ara), which is not installed" in err


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_progress_is_a_bar_redrawn_in_place(gazetteer, tmp_path, monkeypatch):
    from libya_archive.archive.management.commands.import_articles import Progress

    monkeypatch.setattr(Progress, "REDRAW_SECONDS", 0.0)
    records = [json.dumps({"body": f"نص الخبر رقم {n}."}, ensure_ascii=False) for n in range(4)]
    (tmp_path / "news.jsonl").write_text("\n".join(records), encoding="utf-8")
    out, _ = run_import(tmp_path, stdout=Terminal())
    assert "\r[" + "#" * 15 + "." * 15 + "] 2 of 4 (50%) articles, " in out
    assert "\r[" + "#" * 30 + "] 4 of 4 (100%) articles, " in out
    assert out.endswith("\r\033[K4 imported, 0 updated, 0 unchanged, 0 skipped\n"), "the bar is cleared before the summary"


def test_a_file_a_readers_library_fails_on_unforeseen_is_reported_and_the_rest_import(gazetteer, tmp_path, monkeypatch):
    from libya_archive.archive.formats import docx as docx_reader

    def fails(raw):
        raise IndexError("list index out of range")

    monkeypatch.setattr(docx_reader, "extract", fails)
    (tmp_path / "a.txt").write_text("قوات حفتر تقترب من سرت.", encoding="utf-8")
    (tmp_path / "note.docx").write_bytes(docx(["مذكرة."]))
    out, err = run_import(tmp_path)
    assert out.strip().endswith("1 imported, 0 updated, 0 unchanged, 1 skipped")
    assert f"skipped {tmp_path / 'note.docx'}: could not be read (IndexError: list index out of range)" in err


def test_an_import_analyses_in_a_process_a_core_unless_told(gazetteer, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("قوات حفتر تقترب من سرت.", encoding="utf-8")
    asked = []

    def import_paths(paths, *, workers, bulk):
        asked.append(workers)
        return iter(())

    monkeypatch.setattr("os.cpu_count", lambda: 3)
    monkeypatch.setattr("libya_archive.archive.management.commands.import_articles.import_paths", import_paths)
    run_import(tmp_path)
    run_import(tmp_path, "--workers", "1")
    assert asked == [3, 1]


def test_a_file_whose_name_is_not_utf8_is_imported_under_its_name_read_as_windows_arabic(gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قوات حفتر تقترب من سرت.", encoding="utf-8")
    # Older Windows tools write Arabic names in Windows-1256; one name here is half UTF-8.
    (tmp_path / os.fsdecode("خبر-ليبيا.txt".encode("cp1256"))).write_text("وصل الوفد إلى طرابلس.", encoding="utf-8")
    (tmp_path / os.fsdecode("تقرير-".encode() + "مصراتة.txt".encode("cp1256"))).write_text("وصل الوفد إلى مصراتة.", encoding="utf-8")
    # The same name in two folders, once in each encoding: two articles, neither updating the other.
    for folder, encoding in (("one", "utf-8"), ("two", "cp1256")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / os.fsdecode("بيان.txt".encode(encoding))).write_text(f"بيان من {folder}.", encoding="utf-8")
    out, err = run_import(tmp_path)
    assert "5 imported" in out and err == ""
    assert sorted(Article.objects.values_list("source_name", flat=True)) == [
        "a.txt", "one/بيان.txt", "two/بيان.txt", "تقرير-مصراتة.txt", "خبر-ليبيا.txt"
    ]  # fmt: skip


def test_a_file_under_two_folders_given_is_imported_and_counted_once(gazetteer, tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("قوات حفتر تقترب من سرت.", encoding="utf-8")
    (tmp_path / "sub" / "notes.odt").write_bytes(b"PK")
    monkeypatch.chdir(tmp_path)  # the same file by a path relative to here
    out, err = run_import(tmp_path, tmp_path / "sub", tmp_path / "sub" / "a.txt", "sub/a.txt")
    assert out.strip().splitlines()[-1] == "1 imported, 0 updated, 0 unchanged, 0 skipped"
    assert "passed over 1 files of kinds it does not read (.odt 1)" in err


def test_files_that_only_look_like_images_or_web_archives_say_so_in_the_imports_words_alone(gazetteer, tmp_path):
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b")" * 200)
    (tmp_path / "scan.tiff").write_bytes(b"II*\x00\x08\x00\x00\x00" + b"\x00" * 40)
    (tmp_path / "crawl.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<html>"))
    (tmp_path / "binary.warc.gz").write_bytes(gzip.compress(bytes(range(256)) * 4))
    (tmp_path / "empty.html").write_bytes(b"")
    _, err = run_import(tmp_path)
    assert sorted(err.strip().splitlines()) == [
        f"skipped {tmp_path / 'binary.warc.gz'}: not a readable WARC file at its start (Unknown archive format)",
        f"skipped {tmp_path / 'crawl.warc.gz'}: not a readable WARC file at its start (no WARC record where one should be)",
        f"skipped {tmp_path / 'empty.html'}: not an HTML page",
        f"skipped {tmp_path / 'scan.png'}: not a readable image: its bytes are no PNG, JPEG, TIFF or WebP image",
        f"skipped {tmp_path / 'scan.tiff'}: not a readable image: its bytes are no PNG, JPEG, TIFF or WebP image",
    ]
