import json
import os
import re
from datetime import date
from io import StringIO

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import CommandError, call_command
from django.db import connection

from libya_archive.archive import importing
from libya_archive.archive.cleaning import title_from_body
from libya_archive.archive.importing import WORKER_NICENESS, worker_pool
from libya_archive.archive.linking import load_gazetteer
from libya_archive.archive.models import ActorMention, Article, SearchTerm
from libya_archive.archive.parsing import ArticleFileError, parse_article, parse_record
from libya_archive.archive.postgres import analyze
from libya_archive.archive.services import articles_delete
from tests.conftest import SEED_ARTICLES


def run_import(*arguments) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_articles", *[str(a) for a in arguments], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_importing_the_seeds_stores_five_linked_articles(gazetteer):
    out, err = run_import()  # as `make run` does: the seeds by default
    assert out.strip().endswith("5 imported, 0 updated, 0 unchanged, 0 skipped")
    assert err == ""
    assert sorted(Article.objects.values_list("source_name", flat=True)) == [p.name for p in SEED_ARTICLES]
    sirte = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    assert sirte.actormentions.filter(actor__slug="khalifa-haftar").count() >= 5


def test_the_seeds_show_the_title_and_paper_their_headers_give_or_their_first_words_cut_at_a_clause(client, seed_archive):
    listed = client.get("/articles/").content.decode()
    header_title = (
        r'>أنصار القذافي ينضمون لمعركة دحر داعش في ليبيا</a><br>\s*<span class="meta">غير مؤرّخة · <bdi>The Telegraph</bdi>'
    )
    assert re.search(header_title, listed)
    # Without a header, the first sentence up to its last clause break that fits, marked cut.
    assert ">قليل من المراقبين خارج ليبيا يلاحظون أن الليبيين نجحوا تقريبا في تحقيق فوز طال انتظاره على تنظيم داعش…</a>" in listed
    assert "000_e45ed8ec14342ecb.txt" not in listed


def test_an_imported_article_is_stored_whole_and_one_saved_later_takes_the_next_id(gazetteer, tmp_path):
    from libya_archive.archive.analysis import derive
    from libya_archive.archive.linking import load_gazetteer
    from libya_archive.archive.postgres import integer_array_literal
    from tests.factories import make_article

    header = "---\ntitle: معركة سرت\ndate: 2016-05-10\nsource: The Telegraph\nurl: https://example.org/a\n---\n"
    body = "قوات حفتر في مدينة سرت.\n\tجدول\\مسار"  # a line break, a tab and a backslash
    (tmp_path / "a.txt").write_text(header + body, encoding="utf-8")
    run_import(tmp_path)
    article = Article.objects.get()
    assert (article.title, article.body, article.published_on, article.source, article.url) == (
        "معركة سرت",
        body,
        date(2016, 5, 10),
        "The Telegraph",
        "https://example.org/a",
    )
    assert article.actormentions.get().actor.slug == "khalifa-haftar"
    derived = derive(article.title, article.body, load_gazetteer())
    assert derived.search_shingles == integer_array_literal(article.search_shingles)
    assert make_article("داعش في سرت.").pk > article.pk


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


def test_reimporting_a_changed_file_moves_the_vocabulary_with_it(gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("وصل المبعوث إلى مدينة غدامس.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("المبعوث في طرابلس.", encoding="utf-8")
    run_import(tmp_path)
    (tmp_path / "a.txt").write_text("وصل المبعوث إلى مدينة زوارة.", encoding="utf-8")
    out, _ = run_import(tmp_path)
    assert "0 imported, 1 updated, 1 unchanged, 0 skipped" in out
    documents = dict(SearchTerm.objects.values_list("word", "documents"))
    assert (documents.get("غدامس"), documents.get("زوار"), documents.get("مبعوث")) == (None, 1, 2)


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


def test_a_missing_path_is_reported_and_fails_the_command_after_the_rest_is_imported(gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قوات حفتر تقترب من سرت.", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=f"no such file or folder: {tmp_path / 'nowhere.txt'}"):
        call_command("import_articles", str(tmp_path / "a.txt"), str(tmp_path / "nowhere.txt"), stdout=out, stderr=err)
    assert "1 imported, 0 updated, 0 unchanged, 1 skipped" in out.getvalue()
    assert err.getvalue() == f"skipped {tmp_path / 'nowhere.txt'}: no such file or folder\n"
    assert Article.objects.get().source_name == "a.txt"


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


def test_a_metadata_header_without_its_opening_line_is_read_as_a_header_and_said_so():
    parsed = parse_article("title: اختبار في سرت\ndate: 2016-05-10\n---\nنص المقالة.".encode())
    assert (parsed.title, parsed.published_on, parsed.body) == ("اختبار في سرت", date(2016, 5, 10), "نص المقالة.")
    assert parsed.notes == ("the metadata header had no opening '---' line",)
    # A text that only begins like one is text: a line of no key, or no '---' after it.
    assert parse_article("title: نص\nوقال إن سرت هادئة.\n---\nبقية".encode()).body.startswith("title: نص")
    assert parse_article("date: غدا\nنص المقالة.".encode()).body == "date: غدا\nنص المقالة."


def test_a_closing_line_naming_the_story_s_link_by_its_title_is_no_part_of_the_text():
    record = {"title": "النفط يتراجع نحو 1 %", "body": "تراجع النفط في ختام التعاملات. رابط الخبر بصحيفة الوئام: النفط يتراجع نحو 1 %"}
    assert parse_record(json.dumps(record, ensure_ascii=False).encode()).body == "تراجع النفط في ختام التعاملات."
    # All the text there is (a photo's page), or naming another story, it stays.
    alone = {"title": "صورة اليوم", "body": "رابط الخبر بصحيفة الوئام: صورة اليوم"}
    assert parse_record(json.dumps(alone, ensure_ascii=False).encode()).body == alone["body"]
    kept = {"title": "النفط", "body": "قال إن رابط الخبر بصحيفة الوئام: خبر آخر"}
    assert parse_record(json.dumps(kept, ensure_ascii=False).encode()).body == kept["body"]


def test_a_header_line_of_no_known_key_names_the_keys_there_are():
    with pytest.raises(ArticleFileError, match="unknown metadata header line 'writer: someone' \\(keys: title, date, source, url, author\\)"):
        parse_article("---\nwriter: someone\n---\nنص.".encode())


@pytest.mark.parametrize(
    "written, day",
    [
        ("2015-07-21", date(2015, 7, 21)),
        ("2015-07-21 02:51:32", date(2015, 7, 21)),
        ("2015-07-21T10:30:00+03:00", date(2015, 7, 21)),
        ("2015/7/21", date(2015, 7, 21)),
        ("21/07/2015", date(2015, 7, 21)),
        ("21-07-2015", date(2015, 7, 21)),
        ("20150721", date(2015, 7, 21)),
        ("٢٠١٥-٠٧-٢١", date(2015, 7, 21)),
        ("'2015-07-21'", date(2015, 7, 21)),
    ],
)
def test_a_date_is_read_as_papers_and_tools_write_it(written, day):
    parsed = parse_article(f"---\ndate: {written}\nauthor: سالم\n---\nنص.".encode())
    assert (parsed.published_on, parsed.notes, parsed.author) == (day, (), "سالم")


@pytest.mark.parametrize(
    "written, note",
    [
        ("yesterday", "the date 'yesterday' is not a date (YYYY-MM-DD) and was left out"),
        ("2015-02-30", "the date '2015-02-30' is not a date (YYYY-MM-DD) and was left out"),
        ("1436-10-05", "the date '1436-10-05' is before 1900 or in the future and was left out"),
        ("2099-01-01", "the date '2099-01-01' is before 1900 or in the future and was left out"),
    ],
)
def test_an_article_whose_date_is_none_is_kept_undated_and_says_why(written, note):
    parsed = parse_article(f"---\ndate: {written}\n---\nنص.".encode())
    assert (parsed.published_on, parsed.notes, parsed.body) == (None, (note,), "نص.")


def test_without_a_title_the_first_sentence_is_the_title():
    assert title_from_body("غيرت السيطرة على مطار سرت الصراع. ثم جملة أخرى.") == "غيرت السيطرة على مطار سرت الصراع"


def test_a_long_first_sentence_is_cut_at_a_word():
    title = title_from_body("كلمة " * 60)
    assert len(title) <= 120 and title == "كلمة " * 23 + "كلمة…"


def test_a_long_first_sentence_is_cut_at_its_last_clause_break_past_half_the_length():
    clause = "على بعد عدة ساعات بالسيارة من مدينة سرت الليبية، يشرف بضع عشرات من الجنود على مواقع عسكرية على طول الطريق الصحراوي"
    assert title_from_body(clause + "، ويأمل هؤلاء أن يقدم لهم الغرب قريبا مزيدا من المساعدة.") == clause + "…"


def test_a_title_cut_at_a_word_does_not_end_on_a_function_word():
    assert title_from_body("كلمة " * 21 + "للتوقيع على اتفاقيات كثيرة.") == "كلمة " * 21 + "للتوقيع…"


def test_a_failure_while_writing_rolls_back_every_article_of_the_batch(gazetteer, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("حفتر في سرت.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("داعش في سرت.", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("libya_archive.archive.services.articles.replace_mentions", broken)
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


def test_worker_processes_analyse_at_a_lower_priority_than_the_process_that_writes(gazetteer):
    with worker_pool(1, load_gazetteer()) as pool:
        assert pool.apply(os.nice, (0,)) == min(19, os.nice(0) + WORKER_NICENESS)


def test_odd_but_readable_files_import_and_unreadable_ones_say_why(gazetteer, tmp_path):
    (tmp_path / "utf16.txt").write_bytes("حفتر يصل إلى سرت.".encode("utf-16"))
    (tmp_path / "crlf.txt").write_bytes("السطر الأول عن سرت.\r\nالسطر الثاني.\r\n".encode())
    (tmp_path / "bidi.txt").write_text("داعش\u202e في سرت\u200b والمشير حفتر\u2066 هناك.", encoding="utf-8")
    (tmp_path / "huge.txt").write_bytes(("كلمة " * 1_200_000).encode())
    (tmp_path / "utf16-no-mark.txt").write_bytes("وصل\u00a0حفتر إلى بنغازي.".encode("utf-16-le"))  # a no-break space too
    (tmp_path / "windows.txt").write_bytes("وصل حفتر إلى درنة.".encode("cp1256"))
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    out, err = run_import(tmp_path)
    assert "4 imported, 0 updated, 0 unchanged, 3 skipped" in out
    assert "huge.txt: too large for an article (" in err and "the limit is 5 MB" in err
    assert "windows.txt: not UTF-8 text (invalid byte at position 0); it reads as Arabic in Windows-1256: save it as UTF-8" in err
    assert "binary.txt: not a text file (it contains NUL bytes)" in err
    assert Article.objects.get(source_name="utf16.txt").body == "حفتر يصل إلى سرت."
    assert Article.objects.get(source_name="utf16-no-mark.txt").body == "وصل\u00a0حفتر إلى بنغازي."
    assert Article.objects.get(source_name="crlf.txt").body == "السطر الأول عن سرت.\nالسطر الثاني."
    bidi = Article.objects.get(source_name="bidi.txt")
    assert bidi.body == "داعش في سرت والمشير حفتر هناك."
    assert [bidi.body[m.start : m.end] for m in bidi.actormentions.all()] == ["داعش", "حفتر"]


def write_jsonl(path, *lines) -> None:
    """Lines given as text are written as they are, anything else as JSON."""
    text = "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")


def test_a_jsonl_file_imports_one_article_per_line_named_by_file_and_line(gazetteer, tmp_path):
    write_jsonl(
        tmp_path / "feed.jsonl",
        {
            "title": "حفتر في سرت",
            "body": "قوات حفتر تدخل مدينة سرت.",
            "date": "2016-05-10",
            "source": "الوسط",
            "url": "https://example.org/1",
        },
        {"body": "غيرت السيطرة على مطار مصراتة الصراع. ثم جملة أخرى."},
    )
    out, err = run_import(tmp_path / "feed.jsonl")
    assert out.strip().endswith("2 imported, 0 updated, 0 unchanged, 0 skipped") and err == ""
    first = Article.objects.get(source_name="feed.jsonl#1")
    assert (first.title, first.published_on, first.source, first.url) == (
        "حفتر في سرت",
        date(2016, 5, 10),
        "الوسط",
        "https://example.org/1",
    )
    assert first.actormentions.filter(actor__slug="khalifa-haftar").exists()
    assert first.placementions.filter(place__slug="sirte").exists()
    assert Article.objects.get(source_name="feed.jsonl#2").title == "غيرت السيطرة على مطار مصراتة الصراع"
    out, _ = run_import(tmp_path / "feed.jsonl")
    assert "0 imported, 0 updated, 2 unchanged, 0 skipped" in out


def test_a_bad_jsonl_line_is_reported_with_its_number_and_the_rest_import(gazetteer, tmp_path):
    write_jsonl(
        tmp_path / "mixed.jsonl",
        {"body": "السطر الأول سليم."},
        '{"body": "not closed',
        "",
        '["a list"]',
        {"body": "نص", "writer": "someone"},
        {"body": 42},
        {"body": "نص تاريخه خطأ", "date": "sometime"},
        {"title": "بلا نص", "body": "  "},
        {"body": "نص", "url": "not a url"},
        {"body": "نص", "title": "ع" * 501},
        {"body": "نص فيه \u0000 محرف"},
        {"body": "السطر الأخير سليم كذلك."},
    )
    out, err = run_import(tmp_path / "mixed.jsonl")
    assert "5 imported, 0 updated, 0 unchanged, 6 skipped" in out
    path = tmp_path / "mixed.jsonl"
    for line, message in [
        (2, "not valid JSON"),
        (4, "not a JSON object"),
        (5, "unknown key 'writer' (keys: title, body, date, source, url, author)"),
        (6, "body must be a string, not int"),
        (8, "the record has no body text"),
        (11, "the text contains a NUL character"),
    ]:
        assert f"skipped {path}#{line}: {message}" in err, line
    # What a line can keep without a part is kept, and the import says what it went without.
    for line, message in [
        (7, "the date 'sometime' is not a date (YYYY-MM-DD) and was left out"),
        (9, "the url 'not a url' is not a valid URL and was left out"),
        (10, "the title was longer than 500 characters and was cut"),
    ]:
        assert f"imported {path}#{line}: {message}" in err, line
    assert "#3" not in err, "a blank line is no record"
    imported = ["mixed.jsonl#1", "mixed.jsonl#10", "mixed.jsonl#12", "mixed.jsonl#7", "mixed.jsonl#9"]
    assert sorted(Article.objects.values_list("source_name", flat=True)) == imported


def test_a_jsonl_line_that_is_not_utf8_is_skipped_alone(gazetteer, tmp_path):
    path = tmp_path / "bytes.jsonl"
    good = '{"body": "نص سليم"}'.encode()
    path.write_bytes(b"\xef\xbb\xbf" + good + b'\n{"body": "caf\xe9"}\n')
    out, err = run_import(path)
    assert "1 imported, 0 updated, 0 unchanged, 1 skipped" in out
    assert f"skipped {path}#2: not UTF-8 text" in err
    assert Article.objects.get().body == "نص سليم"


def test_a_changed_jsonl_line_updates_its_article(gazetteer, tmp_path):
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, {"body": "الخبر الأول."}, {"body": "الخبر الثاني."})
    run_import(path)
    write_jsonl(path, {"body": "الخبر الأول."}, {"body": "الخبر الثاني، مصححًا."}, {"body": "خبر ثالث."})
    out, _ = run_import(path)
    assert "1 imported, 1 updated, 1 unchanged, 0 skipped" in out
    assert Article.objects.get(source_name="feed.jsonl#2").body == "الخبر الثاني، مصححًا."


def test_a_folder_imports_its_txt_and_jsonl_files(gazetteer, tmp_path):
    (tmp_path / "one.txt").write_text("خبر من ملف نصي.", encoding="utf-8")
    write_jsonl(tmp_path / "many.jsonl", {"body": "خبر أول من ملف JSON Lines."}, {"body": "خبر ثان."})
    (tmp_path / "notes.md").write_text("ليس مقالة", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    out, err = run_import(tmp_path)
    assert "3 imported, 0 updated, 0 unchanged, 1 skipped" in out
    assert "empty.jsonl: the file holds no records" in err
    assert sorted(Article.objects.values_list("source_name", flat=True)) == ["many.jsonl#1", "many.jsonl#2", "one.txt"]


def test_the_same_article_in_txt_and_jsonl_is_imported_once(gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("نص واحد عن سرت.", encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", {"body": "نص واحد عن سرت.", "title": "نص واحد عن سرت"})
    out, err = run_import(tmp_path)
    assert "1 imported, 0 updated, 0 unchanged, 1 skipped" in out
    assert "b.jsonl#1: same content as a.txt" in err


def test_an_overlong_header_field_is_left_out_and_said_so_not_a_database_error(gazetteer, tmp_path):
    (tmp_path / "long.txt").write_text(f"---\nsource: {'م' * 300}\nurl: https://example.org/{'a' * 1000}\n---\nنص.", encoding="utf-8")
    out, err = run_import(tmp_path)
    notes = "the source was longer than 255 characters and was left out; the url was longer than 1000 characters and was left out"
    assert f"long.txt: {notes}" in err
    assert Article.objects.values_list("body", "source", "url").get() == ("نص.", "", "")


def test_worker_processes_share_the_lines_of_a_jsonl_file(gazetteer, tmp_path):
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, *[{"body": f"قوات حفتر في سرت، الخبر رقم {number}."} for number in range(1, 41)], "[1]")
    out, err = run_import(path, "--workers", "3")
    assert "40 imported, 0 updated, 0 unchanged, 1 skipped" in out
    assert f"skipped {path}#41: not a JSON object" in err
    article = Article.objects.get(source_name="feed.jsonl#17")
    assert article.body == "قوات حفتر في سرت، الخبر رقم 17."
    assert article.actormentions.filter(actor__slug="khalifa-haftar").exists()


def test_a_jsonl_line_is_cleaned_as_a_txt_file_is(gazetteer, tmp_path):
    path = tmp_path / "odd.jsonl"
    write_jsonl(path, {"title": "عنوان\nعلى سطرين", "body": "داعش\u202e في سرت\r\nوالمشير حفتر\u200b هناك."})
    run_import(path)
    article = Article.objects.get()
    assert (article.title, article.body) == ("عنوان على سطرين", "داعش في سرت\nوالمشير حفتر هناك.")


def test_a_pages_button_words_before_the_text_are_left_out_and_english_text_is_not():
    page = "---\ntitle: فيضانات\n---\nNext Previous  \nعين اليوم – باكستان\nتواصل الفيضانات حصد الخسائر.\n"
    assert parse_article(page.encode()).body == "عين اليوم – باكستان\nتواصل الفيضانات حصد الخسائر."
    for english in ("Next year the floods may return.", "The 2016 election was delayed.", "A “new” government was formed."):
        assert parse_article(f"---\ntitle: Floods\n---\n{english}\n".encode()).body == english
    for titled in ("Inside Out يتصدر شباك التذاكر", "Her فيلم للمخرج سبايك جونز", "US قالت القوات"):
        assert parse_article(f"---\ntitle: فيلم\n---\n{titled}\n".encode()).body == titled


def test_a_jsonl_lines_body_loses_a_pages_button_words_as_a_txt_files_does(gazetteer, tmp_path):
    path = tmp_path / "slider.jsonl"
    write_jsonl(path, {"body": "Next Previous حامد القرشي – عين اليوم\nأبدع المغردون الليلة."})
    run_import(path)
    assert Article.objects.get().body == "حامد القرشي – عين اليوم\nأبدع المغردون الليلة."


# Outside a test's transaction: the indexes are built on connections of their own, which
# would wait for it.
@pytest.mark.django_db(transaction=True)
def test_a_bulk_import_rebuilds_the_search_indexes_and_searches_find_the_articles(gazetteer, tmp_path):
    from django.db import connection

    from libya_archive.archive.search import search_articles

    for path in SEED_ARTICLES:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    out, _ = run_import(tmp_path, "--bulk")
    assert "5 imported" in out
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'article_search_%%' ORDER BY 1")
        assert cursor.fetchall() == [
            ("article_search_shingles_gin",),
            ("article_search_title_gin",),
            ("article_search_vector_gin",),
            ("article_search_written_gin",),
        ]
    assert search_articles("داعش").count == 5
    assert search_articles('"مدينة سرت"').count == 3  # a phrase, which asks the shingles index


def test_a_bulk_import_inside_a_transaction_is_refused_rather_than_left_waiting(gazetteer):
    from libya_archive.archive.importing import import_paths

    with pytest.raises(RuntimeError, match="outside a transaction"):
        list(import_paths(SEED_ARTICLES, bulk=True))
    assert not Article.objects.exists()


def test_the_header_example_in_seeds_parses_as_documented():
    from django.conf import settings

    parsed = parse_article((settings.SEEDS_DIR / "metadata-header.txt.example").read_bytes())
    assert parsed.title == "قوات حفتر تتقدم نحو سرت"
    assert parsed.published_on == date(2016, 5, 10)
    assert parsed.source == "The Telegraph"
    assert parsed.url == "https://www.example.org/news/2016/05/10/sirte"


def test_a_url_with_a_non_breaking_space_keeps_its_article_and_says_what_was_cleaned(gazetteer, tmp_path):
    records = [
        {"title": "خبر &quot;عاجل&quot;", "body": "نص أول.", "url": "https://sabq.org/\u00a0abc"},
        {"title": "خبر آخر", "body": "نص ثان.", "url": "not a url at all"},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    out, err = run_import(tmp_path)
    assert out.strip().endswith("2 imported, 0 updated, 0 unchanged, 0 skipped")
    first, second = Article.objects.order_by("pk")
    assert (first.title, first.url) == ('خبر "عاجل"', "https://sabq.org/abc")
    assert second.url == ""
    assert "a.jsonl#1: white space was removed from the url" in err
    assert "a.jsonl#2: the url 'not a url at all' is not a valid URL and was left out" in err


def test_a_large_import_shows_its_progress_instead_of_a_line_an_article(gazetteer, tmp_path, monkeypatch):
    from libya_archive.archive.management.commands.import_articles import Progress

    monkeypatch.setattr(Progress, "SECONDS", 0.0)
    records = [json.dumps({"title": f"خبر {n}", "body": f"نص الخبر رقم {n}."}, ensure_ascii=False) for n in range(4)]
    (tmp_path / "news.jsonl").write_text("\n".join(records) + "\n\n", encoding="utf-8")
    out, _ = run_import(tmp_path)
    lines = out.strip().splitlines()
    assert lines[0].startswith("1 of 4 (25%) articles, ") and lines[0].endswith(" left")
    assert lines[3].startswith("4 of 4 (100%) articles, ") and "about 0:00 left" in lines[3]
    assert lines[-1] == "4 imported, 0 updated, 0 unchanged, 0 skipped"
    assert not any(line.startswith("imported ") for line in lines)


def test_the_images_a_browser_saves_beside_a_page_are_not_taken_for_scans(tmp_path):
    from libya_archive.archive.import_files import article_files

    (tmp_path / "page.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "scans_files").mkdir()  # no scans.html beside it: a folder like any other
    (tmp_path / "scans_files" / "page-1.png").write_bytes(b"\x89PNG")
    assert list(article_files([tmp_path])) == [tmp_path / "page.html", tmp_path / "scans_files" / "page-1.png"]


def test_a_word_longer_than_the_vocabulary_holds_costs_neither_its_article_nor_the_import(gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("نص فيه كلمة طويلة " + "ب" * 300 + " ثم سرت.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("نص سليم عن سرت.", encoding="utf-8")
    out, _ = run_import(tmp_path)
    assert "2 imported, 0 updated, 0 unchanged, 0 skipped" in out
    assert sorted(Article.objects.filter(search_vector=SearchQuery("سرت", config="simple")).values_list("source_name", flat=True)) == ["a.txt", "b.txt"]
    call_command("check_archive", "--exact", stdout=StringIO())  # raises CommandError where the vocabulary disagrees
    articles_delete(Article.objects.filter(source_name="a.txt"))
    assert not SearchTerm.objects.filter(word__startswith="ببب").exists()


def test_text_as_tools_garble_it_is_stored_as_written_and_one_bad_line_costs_only_itself(gazetteer, tmp_path):
    path = tmp_path / "garbled.jsonl"
    write_jsonl(
        path,
        {"title": "وفد في ﻃﺮﺍﺑﻠﺲ", "body": "وصل الوفد إلى ﻃﺮﺍﺑﻠﺲ أمس."},  # presentation forms, as some pages store Arabic
        {"title": "مصراتة", "body": "اجتمع القادة في مصر\u200fاتة وطر\u00adابلس."},  # a direction mark and a soft hyphen inside words
        '{"title": "تغريدة مقتطعة", "body": "قال المتحدث إن الهدنة صامدة \\ud83d"}',  # half an emoji
        "[" * 100_000 + "]" * 100_000,
        {"body": "السطر الأخير سليم."},
    )
    out, err = run_import(path)
    assert "4 imported, 0 updated, 0 unchanged, 1 skipped" in out
    assert f"skipped {path}#4: not valid JSON (nested too deeply)" in err
    stored = dict(Article.objects.values_list("source_name", "body"))
    assert stored["garbled.jsonl#1"] == "وصل الوفد إلى طرابلس أمس."
    assert stored["garbled.jsonl#2"] == "اجتمع القادة في مصراتة وطرابلس."
    assert stored["garbled.jsonl#3"] == "قال المتحدث إن الهدنة صامدة \ufffd"
    linked = Article.objects.get(source_name="garbled.jsonl#2").placementions.values_list("place__slug", flat=True)
    assert sorted(linked) == ["misrata", "tripoli"]


def test_files_of_one_name_in_two_folders_are_two_articles_each_and_a_second_import_changes_nothing(gazetteer, tmp_path):
    for site, text in (("site1", "خبر الموقع الأول عن سرت."), ("site2", "خبر الموقع الثاني عن بنغازي.")):
        (tmp_path / site).mkdir()
        (tmp_path / site / "index.txt").write_text(text, encoding="utf-8")
        write_jsonl(tmp_path / site / "feed.jsonl", {"body": f"سطر من {site}."})
    (tmp_path / "alone.txt").write_text("خبر وحده.", encoding="utf-8")
    out, _ = run_import(tmp_path)
    assert "5 imported, 0 updated, 0 unchanged, 0 skipped" in out
    assert sorted(Article.objects.values_list("source_name", flat=True)) == [
        "alone.txt", "site1/feed.jsonl#1", "site1/index.txt", "site2/feed.jsonl#1", "site2/index.txt",
    ]  # fmt: skip
    out, _ = run_import(tmp_path)
    assert "0 imported, 0 updated, 5 unchanged, 0 skipped" in out


def test_an_import_stopped_by_ctrl_c_says_so_in_a_line_keeps_its_batches_and_the_same_command_goes_on(gazetteer, tmp_path, monkeypatch):
    from functools import partial
    from io import StringIO

    from libya_archive.archive import importing
    from libya_archive.archive.management.commands import import_articles

    path = tmp_path / "many.jsonl"
    write_jsonl(path, *[{"body": f"خبر رقم {number} عن سرت."} for number in range(1, 8)])
    prepare = importing.prepare

    def interrupted(path, parsed, gazetteer, **where):
        if where["line"] == 6:
            raise KeyboardInterrupt  # as Ctrl-C reaches the importing process
        return prepare(path, parsed, gazetteer, **where)

    monkeypatch.setattr(importing, "prepare", interrupted)
    monkeypatch.setattr(import_articles, "import_paths", partial(importing.import_paths, batch_size=2))
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("import_articles", str(path), "--workers", "1", stdout=out, stderr=err)
    assert stopped.value.code == 130
    assert out.getvalue().strip().endswith("4 imported, 0 updated, 0 unchanged, 0 skipped")
    assert err.getvalue() == "interrupted: the articles written so far are kept; run the same command again to go on\n"
    assert Article.objects.count() == 4

    monkeypatch.setattr(importing, "prepare", prepare)
    out, _ = run_import(path)
    assert "3 imported, 0 updated, 4 unchanged, 0 skipped" in out
    call_command("check_archive", "--exact", stdout=StringIO())  # the vocabulary owed by the stopped import, counted


def test_a_pipe_named_on_the_command_line_is_skipped_not_waited_for(gazetteer, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text("خبر عن سرت.", encoding="utf-8")
    out, err = run_import(tmp_path / "pipe.txt", tmp_path / "a.txt")
    assert "1 imported, 0 updated, 0 unchanged, 1 skipped" in out
    assert f"skipped {tmp_path / 'pipe.txt'}: not a regular file (a pipe or a device)" in err


def test_a_title_a_scraper_left_tags_or_twice_escaped_entities_in_reads_as_a_headline():
    parsed = parse_article("---\ntitle: <b>داعش</b> في &amp;quot;سرت&amp;quot; &lt;عاجل&gt;\n---\nنص.".encode())
    assert parsed.title == 'داعش في "سرت" <عاجل>'


def test_control_characters_are_left_out_and_a_text_of_no_word_is_skipped_saying_why(gazetteer, tmp_path):
    (tmp_path / "controls.txt").write_text(
        "---\ntitle: خبر\x1b[31m عن سرت\x07\n---\nوصل\x08 الوفد\x0bإلى سرت.\x0cثم عاد مع\x1fحفتر.", encoding="utf-8"
    )
    (tmp_path / "marks.txt").write_text("!!! ... ؟؟؟ *** ---", encoding="utf-8")
    (tmp_path / "shouting.txt").write_text("!!!\nوصل الوفد إلى سرت. ثم عاد.", encoding="utf-8")
    out, err = run_import(tmp_path)
    assert "2 imported, 0 updated, 0 unchanged, 1 skipped" in out
    assert "marks.txt: the text holds no word, only punctuation and symbols" in err
    controls = Article.objects.get(source_name="controls.txt")
    assert (controls.title, controls.body) == ("خبر عن سرت", "وصل الوفد\nإلى سرت.\nثم عاد مع حفتر.")
    assert Article.objects.get(source_name="shouting.txt").title == "وصل الوفد إلى سرت"


def test_a_header_giving_a_key_twice_keeps_the_last_and_says_so(gazetteer, tmp_path):
    (tmp_path / "twice.txt").write_text("---\ntitle: مسودة\ntitle: العنوان النهائي\ndate: 2015-07-21\ndate: 2015-07-21\n---\nنص.", encoding="utf-8")
    out, err = run_import(tmp_path)
    assert "1 imported" in out
    assert err.strip() == f"imported {tmp_path / 'twice.txt'}: the header gives title more than once: the last one is kept"
    assert Article.objects.get().title == "العنوان النهائي"


def test_an_import_of_many_articles_gathers_the_statistics_the_searches_after_it_are_planned_on(gazetteer, tmp_path, monkeypatch):
    gathered = []
    monkeypatch.setattr(importing, "analyze", lambda tables: gathered.append(tables) or analyze(tables))
    write_jsonl(tmp_path / "many.jsonl", *({"title": f"خبر {n}", "body": f"نص الخبر رقم {n} عن مدينة سرت."} for n in range(60)))
    run_import(tmp_path / "many.jsonl")
    assert gathered == [["archive_article", "archive_searchterm", "archive_actormention", "archive_placemention", "archive_articleentities", "archive_nearduplicate"]]
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_stats WHERE attname IN ('word', 'search_vector') ORDER BY tablename")
        assert [table for (table,) in cursor.fetchall()] == ["archive_article", "archive_searchterm"]


def test_an_import_of_a_few_articles_leaves_the_statistics_as_they_were(gazetteer, tmp_path, monkeypatch):
    gathered = []
    monkeypatch.setattr(importing, "analyze", gathered.append)
    write_jsonl(tmp_path / "few.jsonl", *({"title": f"خبر {n}", "body": f"نص الخبر رقم {n} عن مدينة سرت."} for n in range(5)))
    run_import(tmp_path / "few.jsonl")
    assert Article.objects.count() == 5 and gathered == []
