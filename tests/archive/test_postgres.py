from datetime import date

import pytest
from django.db import connection, transaction

from libya_archive.archive.models import Article, SearchTerm
from libya_archive.archive.postgres import ids_up_to, values_up_to
from tests.factories import make_article


def test_values_up_to_reads_without_a_sequential_scan_in_one_round_trip_and_allows_one_after(db):
    for number in range(3):
        make_article(f"خبر رقم {number} عن سرت", title=f"خبر {number}")
    sent = []

    def record(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with transaction.atomic(), connection.execute_wrapper(record):
        rows = values_up_to(Article.objects.filter(title__startswith="خبر"), 2, "pk", "title")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan')")
            after = cursor.fetchone()[0]
    assert len(rows) == 2 and {title for _, title in rows} <= {"خبر 0", "خبر 1", "خبر 2"}
    reads = [sql for sql in sent if "archive_article" in sql]
    assert len(reads) == 1 and reads[0].startswith("SET LOCAL enable_seqscan = off;")
    assert after == "on"


def test_ids_up_to_newest_first_gives_the_archives_order_newest_day_first_newer_import_first_undated_last(db):
    undated = make_article("خبر غير مؤرخ عن سرت", title="سرت")
    older = make_article("خبر قديم عن سرت", title="سرت", published_on=date(2015, 7, 1))
    first_of_day = make_article("خبر أول عن سرت", title="سرت", published_on=date(2015, 7, 9))
    second_of_day = make_article("خبر ثان عن سرت", title="سرت", published_on=date(2015, 7, 9))
    in_order = [second_of_day.pk, first_of_day.pk, older.pk, undated.pk]
    assert ids_up_to(Article.objects.filter(title="سرت"), 10, newest_first=True) == in_order
    assert ids_up_to(Article.objects.filter(title="سرت"), 3, newest_first=True) in (
        [pk for pk in in_order if pk != left_out] for left_out in in_order
    )


def test_a_lookup_by_one_of_words_finds_words_holding_the_characters_an_array_quotes(db):
    odd = ['a"b', "c\\d", "e'f", "{g}", "h,i", "j k", "NULL", ""]
    SearchTerm.objects.bulk_create([SearchTerm(word=word, documents=1) for word in [*odd, "other"]])
    assert sorted(SearchTerm.objects.filter(word__one_of=odd).values_list("word", flat=True)) == sorted(odd)
    assert not SearchTerm.objects.filter(word__one_of=[]).exists()
    found = SearchTerm.objects.filter(word__one_of=(word for word in ["other", "none"]))
    assert found.exists() and list(found.values_list("word", flat=True)) == ["other"]  # a generator read once
    with pytest.raises(TypeError):
        SearchTerm.objects.filter(word__one_of="other")
