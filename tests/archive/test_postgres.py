from django.db import connection, transaction

from libya_archive.archive.models import Article
from libya_archive.archive.postgres import values_up_to
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
