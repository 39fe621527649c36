"""Groups of near-duplicates as the services keep them: at import, through edits and
deletions, and made afresh by `group_near_duplicates`."""

import json
from datetime import date
from io import StringIO

from django.core.management import call_command

from libya_archive.archive import services
from libya_archive.archive.models import Article, NearDuplicate
from tests.factories import make_article
from tests.near_duplicate_texts import OTHER_STORY, STORY, STORY_LENGTHENED, STORY_RETOLD


def groups() -> list[set[str]]:
    """The groups, each as the set of its articles' titles."""
    by_group: dict[int, set[str]] = {}
    for title, group in NearDuplicate.objects.values_list("article__title", "group"):
        by_group.setdefault(group, set()).add(title)
    return sorted(by_group.values(), key=sorted)


def test_an_import_groups_the_same_story_from_several_papers_and_leaves_another_alone(db, tmp_path):
    records = [
        {"title": "مستشفى جديد في سرت", "body": STORY, "source": "الوسط", "date": "2016-05-10"},
        {"title": "افتتاح مستشفى سرت", "body": STORY_RETOLD, "source": "بوابة الوسط", "date": "2016-05-11"},
        {"title": "النفط يتراجع", "body": OTHER_STORY, "source": "الوسط", "date": "2016-05-11"},
    ]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    call_command("import_articles", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert groups() == [{"مستشفى جديد في سرت", "افتتاح مستشفى سرت"}]
    first = Article.objects.get(title="مستشفى جديد في سرت")
    assert set(NearDuplicate.objects.values_list("group", flat=True)) == {first.pk}  # named by its first article


def test_one_story_under_one_headline_in_two_papers_is_grouped_though_one_added_a_paragraph_but_not_under_another(db):
    # Two-thirds alike: under two headlines that is two papers' own stories, under one, one story.
    day = date(2015, 7, 31)
    make_article(STORY, title="ولي العهد يغادر القاهرة", source="alriyadh", published_on=day)
    make_article(STORY_LENGTHENED, title="ولي العهد يغادر القاهرة", source="alyaum", published_on=day)
    make_article(f"{STORY} {OTHER_STORY}", title="مستشفى جديد لسرت", source="sabq", published_on=day)  # a paragraph of its own added
    assert groups() == [{"ولي العهد يغادر القاهرة"}]
    assert NearDuplicate.objects.count() == 2


def test_one_headline_of_one_paper_on_two_days_or_of_two_papers_days_apart_is_two_stories(db):
    # A recurring report (the weather, a market's close) keeps its headline and much of its text.
    make_article(STORY, title="طقس شديد الحرارة", source="aleqtisadiya", published_on=date(2015, 7, 22))
    make_article(STORY_LENGTHENED, title="طقس شديد الحرارة", source="aleqtisadiya", published_on=date(2015, 7, 23))
    make_article(f"{STORY} {OTHER_STORY}", title="طقس شديد الحرارة", source="alyaum", published_on=date(2015, 7, 27))
    make_article(OTHER_STORY, title="طقس شديد الحرارة", source="okaz", published_on=date(2015, 7, 23))
    assert groups() == []
    make_article(STORY_LENGTHENED + " وتستمر الموجة.", title="طقس شديد الحرارة", source="alyaum", published_on=date(2015, 7, 25))
    # Another paper within three days of both: one story with them (the nearly same text by its bands' keys).
    assert groups() == [{"طقس شديد الحرارة"}] and NearDuplicate.objects.count() == 3


def test_an_article_imported_later_joins_the_group_already_stored(db):
    make_article(STORY, title="الأولى")
    make_article(STORY_RETOLD, title="الثانية")
    make_article(STORY.replace("سرت", "مصراتة", 1), title="الثالثة")
    assert groups() == [{"الأولى", "الثانية", "الثالثة"}]


def test_an_edit_that_makes_an_article_another_story_takes_it_out_of_its_group(db):
    first = make_article(STORY, title="الأولى")
    make_article(STORY_RETOLD, title="الثانية")
    first.body = OTHER_STORY
    services.article_save(first)
    assert groups() == []


def test_deleting_the_article_that_joined_two_others_parts_them(db):
    # A ~ B and B ~ C (resemblance 0.92 and 0.94), but A and C are too far apart (0.86).
    a = make_article(STORY, title="أ")
    b = make_article(STORY + " وقال مدير المستشفى إن التسجيل يبدأ يوم الأحد المقبل.", title="ب")
    c = make_article(b.body + " وتبرعت شركات محلية بأسرة وأجهزة تنفس للأطفال.", title="ج")
    assert groups() == [{"أ", "ب", "ج"}]
    services.articles_delete(Article.objects.filter(pk=b.pk))
    assert groups() == []
    assert Article.objects.filter(pk__in=[a.pk, c.pk]).count() == 2


def test_deleting_a_groups_first_article_names_the_group_by_the_next(db):
    first = make_article(STORY, title="الأولى")
    second = make_article(STORY_RETOLD, title="الثانية")
    third = make_article(STORY + "\n", title="الثالثة: الصفحة نفسها منقولة مرة أخرى")
    services.articles_delete(Article.objects.filter(pk=first.pk))
    assert set(NearDuplicate.objects.values_list("article", "group")) == {(second.pk, second.pk), (third.pk, second.pk)}


def test_the_command_groups_articles_stored_before_groups_were(db):
    make_article(STORY, title="الأولى", published_on=date(2016, 5, 10))
    make_article(STORY_RETOLD, title="الثانية")
    Article.objects.update(duplicate_keys=[])  # as the migration leaves them
    NearDuplicate.objects.all().delete()
    out = StringIO()
    call_command("group_near_duplicates", stdout=out)
    assert groups() == [{"الأولى", "الثانية"}]
    assert "1 groups of near-duplicates" in out.getvalue()
