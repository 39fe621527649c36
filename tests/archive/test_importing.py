from datetime import date

import pytest
from django.core.management import call_command

from libya_archive.archive.importing import ArticleFileError, parse_article, title_from_body
from libya_archive.archive.models import ActorMention, Article

from tests.conftest import SEED_ARTICLES


def run_import(*arguments) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_articles", *[str(a) for a in arguments], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_importing_the_seeds_stores_five_linked_articles(gazetteer):
    out, err = run_import(SEED_ARTICLES[0].parent)
    assert out.strip().endswith("5 imported, 0 updated, 0 unchanged, 0 skipped")
    assert err == ""
    assert sorted(Article.objects.values_list("source_name", flat=True)) == [p.name for p in SEED_ARTICLES]
    sirte = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    assert sirte.actormentions.filter(actor__slug="khalifa-haftar").count() >= 5


def test_a_second_import_of_the_same_files_imports_nothing(seed_archive):
    out, _ = run_import(seed_archive)
    assert "0 imported, 0 updated, 5 unchanged, 0 skipped" in out
    assert Article.objects.count() == 5


def test_reimporting_a_changed_file_updates_its_article(seed_archive):
    path = seed_archive / "004_642d7e427d294f99.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nوصل فابيوس إلى طرابلس.", encoding="utf-8")
    out, _ = run_import(seed_archive)
    assert "0 imported, 1 updated, 4 unchanged, 0 skipped" in out
    article = Article.objects.get(source_name=path.name)
    assert article.body.endswith("وصل فابيوس إلى طرابلس.")
    assert article.actormentions.filter(actor__slug="laurent-fabius").exists()


def test_broken_files_are_reported_by_name_and_skipped_while_the_rest_import(gazetteer, tmp_path):
    (tmp_path / "good.txt").write_text("قوات حفتر تقترب من سرت.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Sirte café".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    out, err = run_import(tmp_path)
    assert "1 imported, 0 updated, 0 unchanged, 3 skipped" in out
    assert "latin1.txt: not UTF-8 text" in err
    assert "empty.txt: the file is empty" in err
    assert "binary.txt: not a text file" in err
    assert list(Article.objects.values_list("source_name", flat=True)) == ["good.txt"]


def test_a_missing_path_is_reported_not_fatal(gazetteer, tmp_path):
    out, err = run_import(tmp_path / "nowhere.txt")
    assert "1 skipped" in out
    assert "nowhere.txt" in err


def test_the_same_content_under_another_name_is_skipped(gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("نص واحد عن سرت.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("نص واحد عن سرت.", encoding="utf-8")
    out, err = run_import(tmp_path)
    assert "1 imported, 0 updated, 0 unchanged, 1 skipped" in out
    assert "b.txt: same content as a.txt" in err


def test_a_metadata_header_sets_title_date_source_and_url():
    parsed = parse_article(
        "---\ntitle: معركة سرت\ndate: 2016-05-10\nsource: The Telegraph\nurl: https://example.org/a\n---\nنص المقالة.\r\n".encode()
    )
    assert parsed.title == "معركة سرت"
    assert parsed.published_on == date(2016, 5, 10)
    assert parsed.source == "The Telegraph"
    assert parsed.url == "https://example.org/a"
    assert parsed.body == "نص المقالة."


@pytest.mark.parametrize(
    "header, message",
    [
        ("date: 10/05/2016", "is not YYYY-MM-DD"),
        ("author: someone", "unknown metadata header line"),
        ("url: not a url", "is not a valid URL"),
    ],
)
def test_a_bad_header_names_what_is_wrong(header, message):
    with pytest.raises(ArticleFileError, match=message):
        parse_article(f"---\n{header}\n---\nنص.".encode())


def test_without_a_title_the_first_sentence_is_the_title():
    assert title_from_body("غيرت السيطرة على مطار سرت الصراع. ثم جملة أخرى.") == "غيرت السيطرة على مطار سرت الصراع"


def test_a_long_first_sentence_is_cut_at_a_word():
    title = title_from_body("كلمة " * 60)
    assert len(title) <= 121 and title.endswith("كلمة…")


def test_a_failure_while_writing_rolls_back_every_article_of_the_batch(gazetteer, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("حفتر في سرت.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("داعش في سرت.", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("libya_archive.archive.importing.replace_mentions", broken)
    with pytest.raises(RuntimeError):
        run_import(tmp_path)
    assert not Article.objects.exists()
    assert not ActorMention.objects.exists()


def test_a_batch_that_cannot_be_written_is_written_file_by_file(gazetteer, tmp_path, monkeypatch):
    """Another import storing one of the files first makes the batch fail; the rest still land."""
    from django.db import IntegrityError

    from libya_archive.archive import importing

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"مقالة {name} عن سرت.", encoding="utf-8")
    real_write = importing.write_batch

    def fails_for_batches(batch):
        if len(batch) > 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real_write(batch)

    monkeypatch.setattr(importing, "write_batch", fails_for_batches)
    out, _ = run_import(tmp_path)
    assert "3 imported, 0 updated, 0 unchanged, 0 skipped" in out
    assert Article.objects.count() == 3


def test_importing_with_worker_processes_stores_the_same_articles_and_links(gazetteer, tmp_path):
    for path in SEED_ARTICLES:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00broken")
    out, err = run_import(tmp_path, "--workers", "2")
    assert "5 imported, 0 updated, 0 unchanged, 1 skipped" in out
    assert "broken.txt" in err
    sirte = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    assert sirte.actormentions.filter(actor__slug="khalifa-haftar").count() >= 5


def test_odd_but_readable_files_import_and_unreadable_ones_say_why(gazetteer, tmp_path):
    (tmp_path / "utf16.txt").write_bytes("حفتر يصل إلى سرت.".encode("utf-16"))
    (tmp_path / "crlf.txt").write_bytes("السطر الأول عن سرت.\r\nالسطر الثاني.\r\n".encode())
    (tmp_path / "bidi.txt").write_text("داعش\u202e في سرت\u200b والمشير حفتر\u2066 هناك.", encoding="utf-8")
    (tmp_path / "huge.txt").write_bytes(("كلمة " * 1_200_000).encode())
    out, err = run_import(tmp_path)
    assert "3 imported, 0 updated, 0 unchanged, 1 skipped" in out
    assert "huge.txt: too large for an article (" in err and "the limit is 5 MB" in err
    assert Article.objects.get(source_name="utf16.txt").body == "حفتر يصل إلى سرت."
    assert Article.objects.get(source_name="crlf.txt").body == "السطر الأول عن سرت.\nالسطر الثاني."
    bidi = Article.objects.get(source_name="bidi.txt")
    assert bidi.body == "داعش في سرت والمشير حفتر هناك."
    assert [bidi.body[m.start : m.end] for m in bidi.actormentions.all()] == ["داعش", "حفتر"]
