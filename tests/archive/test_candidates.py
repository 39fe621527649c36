import threading
from collections import Counter

from django.core.management import call_command
from django.db import connection, transaction

from libya_archive.archive import services
from libya_archive.archive.arabic import normalize_arabic
from libya_archive.archive.candidates import candidate_names, record_candidates, sentence_around
from libya_archive.archive.linking import find_mentions, load_gazetteer
from libya_archive.archive.models import Actor, ActorAlias, Article, NameCandidate
from libya_archive.archive.services import article_save, articles_delete, articles_reindex
from tests.archive.test_admin import alias_formset
from tests.factories import make_actor, make_article


def test_names_after_titles_and_roles_are_candidates(db):
    text = "قال العقيد مصطفى الشركسي إن الوضع صعب، وأكد وزير الداخلية عبد السلام عاشور ذلك."
    assert candidate_names(text, load_gazetteer()) == ["مصطفى الشركسي", "عبد السلام عاشور"]


def test_a_run_of_latin_words_is_a_candidate(db):
    assert candidate_names("ونقلت Reuters News عن مصدر.", load_gazetteer()) == ["Reuters News"]


def test_latin_words_all_of_them_common_english_or_a_web_pages_own_are_no_candidate(db):
    text = "Next Previous عين اليوم – متابعات\nونقلت The Telegraph عن منظمة WHO قولها. Read More Share this"
    assert candidate_names(text, load_gazetteer()) == ["The Telegraph", "WHO"]
    assert candidate_names("SHARE ON عين اليوم، وقالت Home Office ومؤسسة Open Society ذلك.", load_gazetteer()) == [
        "Home Office",
        "Open Society",
    ]


def test_a_source_sites_navigation_is_not_offered_to_editors_as_a_name(admin_client, gazetteer, tmp_path):
    for name, text in [("a", "قال العقيد مصطفى الشركسي إن الوضع صعب."), ("b", "ونقل موقع Middle East Eye عن مصدر.")]:
        (tmp_path / f"{name}.txt").write_text(f"عنوان الخبر\nNext Previous عين اليوم – متابعات\n{text}\nRead more", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    listing = admin_client.get("/admin/archive/namecandidate/").content.decode()
    assert "مصطفى الشركسي" in listing and "Middle East Eye" in listing
    assert "Next Previous" not in listing and "Read more" not in listing


def test_reindexing_counts_the_candidates_afresh_and_keeps_those_an_editor_dismissed(admin_client, gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("عنوان\nNext Previous عين اليوم\nقال العقيد مصطفى الشركسي إن الوضع صعب.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("عنوان آخر\nNext Previous عين اليوم\nوقال العميد سالم جحا إن القوات تتقدم.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    example = Article.objects.first()
    # What an import with older rules left: the site's navigation as a name, counted twice.
    NameCandidate.objects.update_or_create(
        normalized=normalize_arabic("Next Previous"), defaults={"name": "Next Previous", "occurrences": 2, "example": example}
    )
    NameCandidate.objects.filter(name="سالم جحا").update(dismissed=True)

    call_command("reindex_articles", verbosity=0)
    listing = admin_client.get("/admin/archive/namecandidate/").content.decode()
    assert "مصطفى الشركسي" in listing and "Next Previous" not in listing
    assert "سالم جحا" in admin_client.get("/admin/archive/namecandidate/", {"dismissed__exact": "1"}).content.decode()
    assert dict(NameCandidate.objects.values_list("name", "occurrences")) == {"مصطفى الشركسي": 1, "سالم جحا": 1}


def test_an_import_counting_its_candidates_as_reindexing_starts_keeps_its_count(transactional_db):
    def imported(body: str, title: str) -> None:
        # As an import stores a batch: its articles and their candidates in one transaction.
        article = make_article(body, title=title)
        record_candidates(Counter({"سالم جحا": 1}), {"سالم جحا": (article.pk, body)})

    imported("قال العميد سالم جحا إن الوضع صعب.", "عنوان")
    counting, done = threading.Event(), threading.Event()

    def import_in_progress():
        try:
            with transaction.atomic():
                imported("وقال العميد سالم جحا إن القوات تتقدم.", "عنوان آخر")
                counting.set()
                done.wait(0.5)
        finally:
            connection.close()

    importing = threading.Thread(target=import_in_progress)
    importing.start()
    counting.wait(5)
    articles_reindex()
    done.set()
    importing.join()
    assert dict(NameCandidate.objects.values_list("name", "occurrences")) == {"سالم جحا": 2}


def test_names_the_gazetteer_knows_are_not_candidates(db):
    make_actor("خليفة حفتر", "حفتر")
    make_actor("لوران فابيوس")
    text = "قال المشير خليفة حفتر، وتعهد وزير الخارجية الفرنسي لوران فابيوس."
    assert candidate_names(text, load_gazetteer()) == []


def test_a_name_the_gazetteer_links_only_with_evidence_is_no_candidate_where_it_lacks_it(db):
    society = make_actor("مؤسسات المجتمع المفتوح", kind=Actor.Kind.ORGANISATION)
    ActorAlias.objects.create(actor=society, name="Open Society", linking=ActorAlias.Linking.WITH_EVIDENCE)
    services.names_changed()
    text = "وقالت Open Society إن الوضع صعب."
    assert find_mentions(text, load_gazetteer()) == []  # no evidence here: not linked
    assert candidate_names(text, load_gazetteer()) == []


def test_importing_counts_candidates_across_articles(gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قال العقيد مصطفى الشركسي إن الوضع صعب.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("ورد العقيد مصطفى الشركسي على المنتقدين.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    candidate = NameCandidate.objects.get()
    assert (candidate.name, candidate.occurrences) == ("مصطفى الشركسي", 2)


def test_a_candidate_shows_editors_the_sentence_it_was_seen_in(admin_client, gazetteer, tmp_path):
    text = "عنوان المقالة\nوفي بنغازي قال العقيد مصطفى الشركسي إن الوضع صعب. ثم غادر."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    assert NameCandidate.objects.get().context == "وفي بنغازي قال العقيد مصطفى الشركسي إن الوضع صعب."
    listing = admin_client.get("/admin/archive/namecandidate/").content.decode()
    assert "وفي بنغازي قال العقيد مصطفى الشركسي إن الوضع صعب." in listing


def test_a_candidates_sentence_cut_for_length_is_cut_between_words_and_says_so():
    words = "وبحسب ما بثته وكالة الأنباء السعودية، فإن وفدًا من الحركة زار الرياض " * 6
    text = words + "وقال العقيد مصطفى الشركسي إن الوضع صعب " + words + "ثم غادر."
    start = text.index("مصطفى")
    context = sentence_around(text, start, start + len("مصطفى الشركسي"))
    assert context.startswith("…") and context.endswith("…") and "العقيد مصطفى الشركسي إن الوضع صعب" in context
    assert set(context[1:-1].split()) <= set(text.split())  # whole words only
    assert sentence_around("قال العقيد مصطفى الشركسي ذلك.", 10, 23) == "قال العقيد مصطفى الشركسي ذلك."


def test_a_candidates_example_article_is_named_by_whole_words_under_a_filter_headed_in_arabic(admin_client, gazetteer, tmp_path):
    title = "وزير الخارجية يستقبل وفدًا من تحالف دعم الشرعية في اليمن لبحث المستجدات"
    (tmp_path / "a.txt").write_text(f"{title}\nوقال العقيد مصطفى الشركسي إن الوضع صعب.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    listing = admin_client.get("/admin/archive/namecandidate/").content.decode()
    assert "وزير الخارجية يستقبل وفدًا من تحالف دعم الشرعية في اليمن…</a>" in listing
    assert "حسب الاستبعاد" in listing


def test_ordinary_words_after_a_title_are_no_name_candidate(db):
    text = "وقال القائد عمليات الجيش إن الوضع صعب، وأكد العقيد مصطفى الشركسي ذلك."
    assert candidate_names(text, load_gazetteer()) == ["مصطفى الشركسي"]


def test_what_a_title_goes_on_with_after_a_preposition_or_and_the_is_no_name_candidate(db):
    text = (
        "وقال المبعوث الخاص لخادم الحرمين الشريفين إن الوفد وصل. وغادرت بعثة الفريق الأول لكرة القدم "
        "بنادي هجر. وقال وزير الثقافة والإعلام عادل الطريفي ذلك. وعالجه الدكتور سعد الحربي بمدينة الطائف."
    )
    assert candidate_names(text, load_gazetteer()) == ["عادل الطريفي", "سعد الحربي"]


def test_a_name_whose_first_letter_reads_as_a_preposition_is_a_candidate_all_the_same(db):
    text = (
        "وقال الرئيس بشار الأسد ذلك، واستقبل الأمير بندر بن سلطان الوزير كمال الجنزوري، "
        "والتقى الدكتور بسام العمري واللواء لطفي الزيني، ثم العقيد محمد بالقاسم والوزير فالح الفياض."
    )
    names = ["بشار الأسد", "بندر بن سلطان", "كمال الجنزوري", "بسام العمري", "لطفي الزيني", "محمد بالقاسم", "فالح الفياض"]
    assert candidate_names(text, load_gazetteer()) == names


def import_text(folder, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")
    call_command("import_articles", str(folder / name), verbosity=0)


def test_a_candidate_whose_example_was_deleted_takes_the_next_article_seen_as_its_example(gazetteer, tmp_path):
    import_text(tmp_path, "a.txt", "قال العقيد مصطفى الشركسي إن الوضع صعب.")
    import_text(tmp_path, "b.txt", "وأكد العقيد مصطفى الشركسي أن الهدنة قائمة.")
    articles_delete(Article.objects.filter(source_name="a.txt"))
    assert NameCandidate.objects.get().example is None
    import_text(tmp_path, "c.txt", "ورد العقيد مصطفى الشركسي على المنتقدين.")
    candidate = NameCandidate.objects.get()
    assert candidate.example == Article.objects.get(source_name="c.txt")
    assert candidate.context == "ورد العقيد مصطفى الشركسي على المنتقدين."


def test_deleting_articles_takes_their_sightings_out_of_the_candidates_counts(gazetteer, tmp_path):
    import_text(tmp_path, "a.txt", "قال العقيد مصطفى الشركسي إن الوضع صعب، وكرر العقيد مصطفى الشركسي ذلك.")
    import_text(tmp_path, "b.txt", "وأكد العقيد مصطفى الشركسي أن الهدنة قائمة، وقال الوزير سالم العبيدي إنها هشة.")
    assert dict(NameCandidate.objects.values_list("name", "occurrences")) == {"مصطفى الشركسي": 3, "سالم العبيدي": 1}
    articles_delete(Article.objects.filter(source_name="a.txt"))
    assert dict(NameCandidate.objects.values_list("name", "occurrences")) == {"مصطفى الشركسي": 1, "سالم العبيدي": 1}
    NameCandidate.objects.filter(name="سالم العبيدي").update(dismissed=True)
    articles_delete(Article.objects.all())
    # No article holds either any more: the open one is gone, the dismissed one stays dismissed.
    assert list(NameCandidate.objects.values_list("name", "occurrences", "dismissed")) == [("سالم العبيدي", 0, True)]


def test_a_candidate_an_editor_gives_to_an_actor_as_an_alias_is_no_longer_offered(admin_client, gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قال العقيد مصطفى الشركسي إن الوضع صعب.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    actor = make_actor("مصطفى أحمد الشركسي")
    response = admin_client.post(f"/admin/archive/actor/{actor.pk}/change/", alias_formset(actor, "مصطفى الشركسي"))
    assert response.status_code == 302
    assert not NameCandidate.objects.exists()


def test_a_candidate_found_once_is_offered_as_found_once(admin_client, gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قال العقيد مصطفى الشركسي إن الوضع صعب.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    candidate = NameCandidate.objects.get()
    html = admin_client.get(f"/admin/archive/namecandidate/{candidate.pk}/create-actor/").content.decode()
    assert "ورد «<bdi>مصطفى الشركسي</bdi>» مرة واحدة، مثلًا في" in html


def test_creating_an_actor_from_a_candidate_in_the_admin(admin_client, gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قال العقيد مصطفى الشركسي إن الوضع صعب.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    candidate = NameCandidate.objects.get()
    listing = admin_client.get("/admin/archive/namecandidate/").content.decode()
    assert "مصطفى الشركسي" in listing and f"/admin/archive/namecandidate/{candidate.pk}/create-actor/" in listing

    response = admin_client.post(
        f"/admin/archive/namecandidate/{candidate.pk}/create-actor/", {"name": "مصطفى الشركسي", "kind": "person"}
    )
    actor = Actor.objects.get(name="مصطفى الشركسي")
    assert response["Location"] == f"/admin/archive/actor/{actor.pk}/change/"
    assert "أُنشئ الفاعل مصطفى الشركسي، وتغيّر ربط مقالة واحدة." in admin_client.get(response["Location"]).content.decode()
    page = admin_client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert f'href="{actor.get_absolute_url()}"' in page
    assert "أُنشئ من الاسم المقترح" in admin_client.get("/admin/admin/logentry/").content.decode()


def test_an_actor_from_a_candidate_no_article_still_names_says_no_article_was_linked(admin_client, gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قال العقيد مصطفى الشركسي إن الوضع صعب.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    candidate = NameCandidate.objects.get()
    candidate.dismissed = True  # kept, as a dismissed candidate is, once no article names it
    candidate.save()
    articles_delete(Article.objects.all())
    response = admin_client.post(
        f"/admin/archive/namecandidate/{candidate.pk}/create-actor/", {"name": "مصطفى الشركسي", "kind": "person"}, follow=True
    )
    assert "أُنشئ الفاعل مصطفى الشركسي، ولم يتغيّر ربط أي مقالة." in response.content.decode()


def test_an_actor_from_a_candidate_named_as_another_record_or_too_long_is_refused_with_the_reason(admin_client, gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قال العقيد مصطفى الشركسي إن الوضع صعب.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    candidate = NameCandidate.objects.get()
    haftar = Actor.objects.get(slug="khalifa-haftar")
    url = f"/admin/archive/namecandidate/{candidate.pk}/create-actor/"
    actors = Actor.objects.count()
    taken = admin_client.post(url, {"name": "خليفة حفتر", "kind": "person"})
    assert taken.status_code == 200
    assert f'«خليفة حفتر» اسمٌ يُعرف به <a href="/admin/archive/actor/{haftar.pk}/change/">' in taken.content.decode()
    too_long = admin_client.post(url, {"name": "ا" * 300, "kind": "person"})
    assert too_long.status_code == 200 and 'class="errorlist"' in too_long.content.decode()
    assert Actor.objects.count() == actors and NameCandidate.objects.filter(pk=candidate.pk).exists()


def test_an_actor_from_a_candidate_whose_spelling_another_record_owns_is_refused(admin_client, gazetteer, tmp_path):
    (tmp_path / "a.txt").write_text("قال العقيد مصطفى الشركسي إن الوضع صعب.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    candidate = NameCandidate.objects.get()
    owner = make_actor("مصطفى أحمد الشركسي", "مصطفى الشركسي")
    response = admin_client.post(f"/admin/archive/namecandidate/{candidate.pk}/create-actor/", {"name": "العقيد الشركسي", "kind": "person"})
    assert response.status_code == 200
    assert f'«مصطفى الشركسي» اسمٌ يُعرف به <a href="/admin/archive/actor/{owner.pk}/change/">' in response.content.decode()
    assert not Actor.objects.filter(name="العقيد الشركسي").exists()


def test_an_editor_changing_an_articles_text_counts_its_candidates_afresh(gazetteer, tmp_path):
    import_text(tmp_path, "a.txt", "قال العقيد مصطفى الشركسي إن الوضع صعب.")
    article = Article.objects.get()
    article.body = "وقال الوزير سالم العبيدي إن الهدنة هشة."
    article_save(article)
    candidate = NameCandidate.objects.get()
    assert (candidate.name, candidate.occurrences, candidate.example) == ("سالم العبيدي", 1, article)
    article.title = "عنوان جديد"  # the text as it was: nothing counted twice
    article_save(article)
    assert list(NameCandidate.objects.values_list("name", "occurrences")) == [("سالم العبيدي", 1)]


def test_an_editor_dismisses_candidates_and_brings_them_back_and_is_told_how_many(admin_client, gazetteer, tmp_path):
    import_text(tmp_path, "a.txt", "قال العقيد مصطفى الشركسي إن الوزير سالم العبيدي والعميد أحمد المسماري اتفقوا.")
    ids = [str(pk) for pk in NameCandidate.objects.values_list("pk", flat=True)]
    assert len(ids) == 3
    dismissed = admin_client.post("/admin/archive/namecandidate/", {"action": "dismiss", "_selected_action": ids}, follow=True)
    assert [str(message) for message in dismissed.context["messages"]] == ["استُبعدت 3 أسماء."]
    assert "مصطفى الشركسي" not in dismissed.content.decode()
    listing = "/admin/archive/namecandidate/?dismissed__exact=1"
    restored = admin_client.post(listing, {"action": "restore", "_selected_action": ids[:1]}, follow=True)
    assert [str(message) for message in restored.context["messages"]] == ["أُعيد اسم واحد إلى الأسماء المقترحة."]
    assert NameCandidate.objects.filter(dismissed=False).count() == 1


def test_the_candidates_search_finds_a_name_however_its_hamza_is_written(admin_client, gazetteer, tmp_path):
    import_text(tmp_path, "a.txt", "وقال الوزير أحمد الأسطى إن الاتفاق صامد.")
    for typed in ("أحمد الأسطى", "احمد الاسطى", "الاسطي"):
        listing = admin_client.get("/admin/archive/namecandidate/", {"q": typed}).content.decode()
        assert "أحمد الأسطى" in listing, typed


def test_a_name_runs_on_past_its_connectors_and_stops_at_and_with_a_common_word(db):
    gazetteer = load_gazetteer()
    text = (
        "استقبل الملك سلمان بن عبد العزيز الضيوف. وقال الرئيس باراك أوباما والحكومة تتابع. "
        "وحضر الدكتور د. ثم قال الأمير خالد بن"
    )
    assert candidate_names(text, gazetteer) == ["سلمان بن عبد العزيز", "باراك أوباما"]


def test_a_file_changed_and_imported_again_counts_its_candidates_afresh(gazetteer, tmp_path):
    import_text(tmp_path, "a.txt", "قال العقيد مصطفى الشركسي إن الوضع صعب.")
    import_text(tmp_path, "a.txt", "وقال الوزير سالم العبيدي إن الهدنة هشة.")
    assert list(NameCandidate.objects.values_list("name", "occurrences")) == [("سالم العبيدي", 1)]


def test_a_name_of_connectors_without_end_or_longer_than_a_candidate_holds_is_none_and_costs_the_import_nothing(gazetteer, tmp_path):
    import_text(tmp_path, "a.txt", "قال الشيخ محمد " + "بن عبد " * 60 + "ذلك، ثم قال الوزير أحمد وجدي إن " + "Word " * 80 + "انتهى.")
    assert list(NameCandidate.objects.values_list("name", flat=True)) == ["أحمد وجدي"]
    assert Article.objects.count() == 1
