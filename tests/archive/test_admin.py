import html
import json
import re
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.timezone import make_aware

from libya_archive.archive import services
from libya_archive.archive.arabic import search_form_of_word
from libya_archive.archive.models import Actor, Article, Place, RelinkRequest, SearchTerm
from libya_archive.archive.services import vocabulary_refresh
from tests.factories import article_admin_form, make_actor, make_article, make_place


@pytest.mark.parametrize("url", ["/admin/archive/actor/", "/admin/archive/place/", "/admin/archive/article/"])
def test_admin_lists_open_for_staff(admin_client, seed_archive, url):
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "حفتر"}).status_code == 200


def test_the_places_list_writes_coordinates_with_a_decimal_point_as_the_site_does(admin_client, db):
    sirte = make_place("سرت", slug="sirte")
    Place.objects.filter(pk=sirte.pk).update(latitude=31.2089, longitude=16.5887)
    page = admin_client.get("/admin/archive/place/").content.decode()
    assert ">31.2089<" in page and ">16.5887<" in page  # not 31,2089: a comma separates two numbers here


def test_admin_change_pages_open(admin_client, seed_archive):
    actor = Actor.objects.get(slug="khalifa-haftar")
    assert admin_client.get(f"/admin/archive/actor/{actor.pk}/change/").status_code == 200
    article = Article.objects.first()
    assert admin_client.get(f"/admin/archive/article/{article.pk}/change/").status_code == 200


def test_admin_is_for_staff_only(client, db):
    response = client.get("/admin/archive/actor/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def alias_formset(actor: Actor, new_alias: str, marks: dict[str, str] | None = None) -> dict:
    """The actor's change form as the admin posts it, with `new_alias` added and the aliases'
    linking marks changed as `marks` says."""
    marks = marks or {}
    aliases = list(actor.aliases.all())
    data = {
        "name": actor.name,
        "name_en": actor.name_en,
        "slug": actor.slug,
        "kind": actor.kind,
        "description": actor.description,
        "aliases-TOTAL_FORMS": str(len(aliases) + 1),
        "aliases-INITIAL_FORMS": str(len(aliases)),
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    for index, alias in enumerate(aliases):
        data |= {f"aliases-{index}-id": str(alias.pk), f"aliases-{index}-name": alias.name, f"aliases-{index}-actor": str(actor.pk)}
        data[f"aliases-{index}-linking"] = marks.get(alias.name, alias.linking)
    data |= {f"aliases-{len(aliases)}-name": new_alias, f"aliases-{len(aliases)}-actor": str(actor.pk)}
    data[f"aliases-{len(aliases)}-linking"] = marks.get(new_alias, "auto")
    return data


def test_adding_an_alias_in_the_admin_relinks_the_article_pages(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    article = make_article("وصل المشير حفتار إلى سرت.")
    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert 'href="/actors/khalifa-haftar/"' not in page

    response = admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "حفتار"))
    assert response.status_code == 302, response.content.decode()[:2000]

    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert '<a class="entity actor" href="/actors/khalifa-haftar/" title="خليفة حفتر" id="m-11">حفتار</a>' in page


def test_an_alias_added_in_the_admin_relinks_only_the_articles_that_hold_it(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("قال حفتر إن قواته تتقدم.")
    make_article("قال حفتر مرة أخرى إن قواته تتقدم.")
    respelled = make_article("وصل المشير حفتار إلى سرت.")

    response = admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "حفتار"), follow=True)
    assert "تغيّر ربط مقالة واحدة." in response.content.decode()
    assert respelled.actormentions.get().actor == haftar
    assert Actor.objects.get(pk=haftar.pk).article_count == 3


def test_an_alias_naming_where_an_actor_belongs_relinks_the_articles_naming_it_there(admin_client, db):
    make_place("ليبيا", kind=Place.Kind.COUNTRY)
    bank = make_actor("البنك المركزي", kind=Actor.Kind.ORGANISATION, slug="central-bank")
    # A generic phrase links only where the article names the bank's home, which no name says yet.
    article = make_article("قال البنك المركزي إن الرواتب ستصرف في ليبيا.")
    assert not article.actormentions.exists()

    response = admin_client.post(f"/admin/archive/actor/{bank.pk}/change/", alias_formset(bank, "مصرف ليبيا المركزي"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert article.actormentions.get().actor == bank


def test_an_alias_of_a_place_inside_an_actor_s_longer_name_relinks_the_articles_naming_that_actor(admin_client, db):
    libya = make_place("ليبيا", kind=Place.Kind.COUNTRY, slug="libya")
    bank = make_actor("مصرف الجماهيرية المركزي", "البنك المركزي", kind=Actor.Kind.ORGANISATION, slug="central-bank")
    article = make_article("قال البنك المركزي إن الرواتب ستصرف في ليبيا.")
    assert not article.actormentions.exists()  # الجماهيرية names no place yet: no evidence

    form = alias_formset(libya, "الجماهيرية") | {"latitude": "", "longitude": ""}
    form = {key.replace("-actor", "-place"): value for key, value in form.items()}
    response = admin_client.post(f"/admin/archive/place/{libya.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert article.actormentions.get().actor == bank


def test_an_edit_touching_many_articles_is_relinked_in_the_background(admin_client, db, settings):
    settings.RELINK_AT_ONCE = 0
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    respelled = make_article("وصل المشير حفتار إلى سرت.")

    response = admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "حفتار"), follow=True)
    assert "في الخلفية خلال دقائق" in response.content.decode()
    assert haftar.aliases.filter(name="حفتار").exists()  # the edit itself is saved at once
    assert not respelled.actormentions.exists()

    call_command("relink_pending", stdout=StringIO())
    assert respelled.actormentions.get().actor == haftar
    assert Actor.objects.get(pk=haftar.pk).article_count == 1
    assert not RelinkRequest.objects.exists()


def test_an_alias_inside_a_longer_name_counts_the_articles_mentioning_that_name(admin_client, db, settings):
    # Every article mentioning the GNA holds its name in its search text, so an edit of the
    # spelling "حكومة الوفاق" can touch all of them: more than may be re-linked at once here.
    settings.RELINK_AT_ONCE = 2
    gna = make_actor("حكومة الوفاق الوطني", "حكومة الوحدة", slug="gna")
    gna.aliases.update(linking="always")  # generic words: linked without evidence only when marked so
    for day in range(3):
        make_article(f"اجتمعت حكومة الوحدة في اليوم {day}.")
    response = admin_client.post(f"/admin/archive/actor/{gna.pk}/change/", alias_formset(gna, "حكومة الوفاق"), follow=True)
    assert "قد يغيّر هذا التعديل أكثر من مقالتين: سيُعاد ربطها في الخلفية خلال دقائق." in response.content.decode()
    assert RelinkRequest.objects.get().names == ["حكومة الوفاق"]


def test_an_edit_tells_the_editor_how_many_articles_links_changed_not_how_many_were_read(admin_client, db):
    bank = make_actor("مصرف ليبيا المركزي", kind=Actor.Kind.ORGANISATION)
    make_article("رفع البنك المركزي سعر الفائدة.")  # no evidence that it is Libya's: stays unlinked
    evidenced = make_article("قال مصرف ليبيا المركزي إن البنك المركزي رفع سعر الفائدة.")
    added = admin_client.post(f"/admin/archive/actor/{bank.pk}/change/", alias_formset(bank, "البنك المركزي"), follow=True)
    assert "تغيّر ربط مقالة واحدة." in added.content.decode()
    assert evidenced.actormentions.count() == 2

    # Marked as the data already reads it: both articles are read again, neither changes.
    marked = alias_formset(bank, "", marks={"البنك المركزي": "with_evidence"})
    unchanged = admin_client.post(f"/admin/archive/actor/{bank.pk}/change/", marked, follow=True).content.decode()
    assert "لم يتغيّر ربط أي مقالة." in unchanged and "تغيّر ربط م" not in unchanged


def test_the_change_page_and_the_public_page_say_while_an_edit_is_still_being_relinked_in_the_background(admin_client, client, db, settings):
    settings.RELINK_AT_ONCE = 0
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("وصل المشير حفتار إلى سرت.")
    pending = "لم تنتهِ بعد إعادة ربط المقالات إثر تعديل هذا السجل"
    admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "حفتار"))
    assert pending in admin_client.get(f"/admin/archive/actor/{haftar.pk}/change/").content.decode()
    # Its public page says so too, rather than that no article names it.
    public = "يجري في الخلفية ربط المقالات إثر تعديل هذا السجل"
    page = client.get("/actors/khalifa-haftar/").content.decode()
    assert public in page and "لم يرد الاسم في أي مقالة بعد." in page

    call_command("relink_pending", stdout=StringIO())
    assert pending not in admin_client.get(f"/admin/archive/actor/{haftar.pk}/change/").content.decode()
    page = client.get("/actors/khalifa-haftar/").content.decode()
    assert public not in page and "وصل المشير حفتار إلى سرت." in page


def test_saving_and_staying_on_a_record_whose_edit_went_to_the_background_says_so_once(admin_client, db, settings):
    settings.RELINK_AT_ONCE = 0
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("وصل المشير حفتار إلى سرت.")
    response = admin_client.post(
        f"/admin/archive/actor/{haftar.pk}/change/", {**alias_formset(haftar, "حفتار"), "_continue": "1"}, follow=True
    )
    page = response.content.decode()
    assert page.count("لم تنتهِ بعد إعادة ربط المقالات إثر تعديل هذا السجل") == 1
    assert "سيُعاد ربطها في الخلفية" not in page


def test_an_alias_of_common_words_held_by_few_articles_is_relinked_at_once(admin_client, db, settings):
    # Every article has both words, one has them side by side: it is the articles holding
    # the name that count, not those holding its rarest word.
    settings.RELINK_AT_ONCE = 2
    haftar = make_actor("خليفة حفتر", slug="khalifa-haftar")
    for day in range(3):
        make_article(f"قال القائد في اليوم {day} من العام إن الجيش يتقدم.")
    named = make_article("قال القائد العام إن الجيش يتقدم.")
    vocabulary_refresh()  # what the importer counts as it goes: both words in every article
    response = admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "القائد العام", marks={"القائد العام": "always"}), follow=True)
    assert "تغيّر ربط مقالة واحدة." in response.content.decode()
    assert named.actormentions.get().actor == haftar
    assert not RelinkRequest.objects.exists()


def test_renaming_an_actor_in_the_admin_reindexes_every_article_that_mentions_it(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("قال حفتر إن قواته تتقدم.")
    make_article("قال حفتر مرة أخرى إن قواته تتقدم.")

    renamed = alias_formset(haftar, "") | {"name": "المشير خليفة حفتر"}
    response = admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", renamed, follow=True)
    assert "تغيّر ربط مقالتين." in response.content.decode()
    # The name an article's mentions carry is in its search text: the new one finds both,
    # as a word and as a phrase.
    assert admin_client.get("/api/search", {"q": "المشير", "entities": "0"}).json()["count"] == 2
    assert admin_client.get("/api/search", {"q": '"المشير خليفة حفتر"', "entities": "0"}).json()["count"] == 2


def test_editing_an_article_body_in_the_admin_relinks_and_reindexes_it(admin_client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    article = make_article("نص بلا أسماء.", title="مقالة")
    response = admin_client.post(
        f"/admin/archive/article/{article.pk}/change/",
        article_admin_form(article, body="نص عن حفتر."),
    )
    assert response.status_code == 302
    assert article.actormentions.count() == 1
    assert admin_client.get("/api/search", {"q": "حفتر"}).json()["count"] == 1
    assert admin_client.get("/api/search", {"q": '"نص عن"'}).json()["count"] == 1
    assert admin_client.get("/api/search", {"q": '"بلا أسماء"'}).json()["count"] == 0


def test_the_vocabulary_that_suggestions_draw_on_follows_article_edits_and_deletions(admin_client, db):
    article = make_article("نص عن عملية الكرامة.", title="مقالة")
    make_article("نص آخر عن الكرامة.", title="أخرى")
    vocabulary_refresh()
    edited = article_admin_form(article, body="نص عن اتفاق الصخيرات.")
    admin_client.post(f"/admin/archive/article/{article.pk}/change/", edited)
    documents = dict(SearchTerm.objects.values_list("word", "documents"))
    assert documents[search_form_of_word("الصخيرات")] == 1 and documents[search_form_of_word("الكرامة")] == 1
    assert search_form_of_word("عملية") not in documents
    assert admin_client.get("/api/search", {"q": "الصخيرت"}).json()["suggestions"] == ["الصخيرات"]

    admin_client.post(f"/admin/archive/article/{article.pk}/delete/", {"post": "yes"})
    documents = dict(SearchTerm.objects.values_list("word", "documents"))
    assert search_form_of_word("الصخيرات") not in documents and documents[search_form_of_word("نص")] == 1


def test_merging_two_actors_from_the_admin_list(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    twin = make_actor("حفتار", slug="haftar-2")
    article = make_article("قال حفتار إن قواته تتقدم.")
    selected = {"action": "merge_selected", "_selected_action": [str(haftar.pk), str(twin.pk)]}

    confirmation = admin_client.post("/admin/archive/actor/", selected)
    assert "اختر السجل الذي يبقى" in confirmation.content.decode()

    response = admin_client.post("/admin/archive/actor/", {**selected, "target": str(haftar.pk)})
    assert response.status_code == 302
    assert not Actor.objects.filter(pk=twin.pk).exists()
    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert 'href="/actors/khalifa-haftar/"' in page
    history = admin_client.get("/admin/admin/logentry/").content.decode()
    assert "دُمج فيه: حفتار" in history


def test_the_merge_confirmation_counts_aliases_and_mentions_as_arabic_does(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", "المشير حفتر", slug="khalifa-haftar")
    twin = make_actor("حفتار", slug="haftar-2")
    make_article("قال حفتر إن المشير حفتر يتقدم، وحفتر لا يتراجع.")
    make_article("قال حفتار إن قواته تتقدم.")
    selected = {"action": "merge_selected", "_selected_action": [str(haftar.pk), str(twin.pk)]}
    html = admin_client.post("/admin/archive/actor/", selected).content.decode()
    assert "— اسمان بديلان، <bdi>3</bdi> إشارات</label>" in html
    assert "— لا أسماء بديلة، إشارة واحدة</label>" in html


def test_the_admin_finds_a_record_by_any_spelling_of_its_names(admin_client, db):
    make_actor("معمر القذافي", "القذافي", slug="gaddafi")
    html = admin_client.get("/admin/archive/actor/", {"q": "القذافى"}).content.decode()
    assert "معمر القذافي" in html
    assert "معمر القذافي" not in admin_client.get("/admin/archive/actor/", {"q": "حفتر"}).content.decode()


def test_deleting_an_actor_asks_with_its_mentions_counted_not_listed(admin_client, db):
    isis = make_actor("تنظيم الدولة", "داعش", slug="isis")
    for number in range(3):
        make_article(f"قال داعش في البيان رقم {number}.")
    html = admin_client.post("/admin/archive/actor/", {"action": "delete_selected", "_selected_action": [str(isis.pk)]}).content.decode()
    assert "إشارات إلى فاعلين: 3" in html
    assert "object (" not in html and "ActorMention" not in html


def test_the_admin_lists_count_their_records_as_arabic_does(admin_client, db):
    for number in range(3):
        make_actor(f"فاعل {number}")
    assert "<bdi>3</bdi> سجلات" in admin_client.get("/admin/archive/actor/").content.decode()
    for number in range(3, 11):
        make_actor(f"فاعل {number}")
    html = admin_client.get("/admin/archive/actor/").content.decode()
    assert "<bdi>11</bdi> سجلًا" in html and "الفاعلون\n" not in html.split('class="paginator"')[1]


def test_every_admin_edit_is_in_the_edit_log(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "حفتار"))
    log = admin_client.get("/admin/admin/logentry/").content.decode()
    assert "خليفة حفتر" in log and "admin" in log
    assert "[{" not in log and "\\u" not in log, "the change in words, not as the JSON it is stored as"


def test_admin_logins_are_refused_for_a_while_after_repeated_wrong_passwords(client, db):
    from django.contrib.auth.models import User

    User.objects.create_superuser("editor", password="the-right-long-password")
    for _ in range(5):
        wrong = client.post("/admin/login/", {"username": "editor", "password": "guess"})
        assert wrong.status_code == 200 and "محاولات دخول خاطئة" not in wrong.content.decode()
    refused = client.post("/admin/login/", {"username": "editor", "password": "the-right-long-password"})
    assert "محاولات دخول خاطئة كثيرة" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_reader_login_is_throttled_the_same_way(client, db):
    from django.contrib.auth.models import User

    User.objects.create_user("reader", password="the-right-long-password")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "reader", "password": "guess"})
    refused = client.post("/accounts/login/", {"username": "reader", "password": "the-right-long-password"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "محاولات دخول خاطئة كثيرة" in refused.content.decode()


def test_a_wrong_reader_password_is_told_in_the_words_of_the_login_form(client, db):
    from django.contrib.auth.models import User

    User.objects.create_user("reader", password="the-right-long-password")
    page = client.post("/accounts/login/", {"username": "reader", "password": "guess"}).content.decode()
    assert '<p class="notice">اسم المستخدم أو كلمة المرور غير صحيحة (يُفرَّق' in page and "<label>كلمة المرور" in page
    assert "كلمة السر" not in page
    assert 'name="username" value="reader"' in page  # kept, to try the password again
    assert 'autocomplete="current-password" required autofocus' in page


def test_a_trailing_space_in_the_username_does_not_escape_the_throttle(client, db):
    from django.contrib.auth.models import User

    User.objects.create_superuser("victim2", password="the-right-long-password")
    for _ in range(7):
        client.post("/admin/login/", {"username": "victim2 ", "password": "guess"})
    refused = client.post("/admin/login/", {"username": "victim2 ", "password": "the-right-long-password"})
    assert "_auth_user_id" not in client.session
    assert "محاولات دخول خاطئة كثيرة" in refused.content.decode()


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_a_username_holding_a_nul_character_is_refused_as_the_form_says(client, db, url):
    response = client.post(url, {"username": "a\x00b", "password": "guess"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def failing_logins(client, username: str, times: int, **headers) -> None:
    for n in range(times):
        client.post("/accounts/login/", {"username": f"{username}{n}", "password": "guess"}, **headers)


def test_behind_a_trusted_proxy_each_client_is_throttled_by_its_own_address(client, db, settings):
    from django.contrib.auth.models import User

    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    User.objects.create_user("reader", password="the-right-long-password")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    failing_logins(client, "nobody", 20, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)  # one guesser, many names
    other = client.post(
        "/accounts/login/", {"username": "reader", "password": "the-right-long-password"}, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.2", **proxy
    )
    assert other.status_code == 302 and "_auth_user_id" in client.session  # another reader behind the same proxy


def test_an_untrusted_client_cannot_escape_the_address_limit_by_naming_another_address(client, db, settings):
    from django.contrib.auth.models import User

    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    User.objects.create_user("reader", password="the-right-long-password")
    for n in range(20):
        client.post("/accounts/login/", {"username": f"nobody{n}", "password": "guess"}, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    refused = client.post("/accounts/login/", {"username": "reader", "password": "the-right-long-password"}, REMOTE_ADDR="203.0.113.9")
    assert "محاولات دخول خاطئة كثيرة" in refused.content.decode()


def test_the_alias_inline_shows_each_aliass_linking_mark_and_what_the_data_says(admin_client, db):
    bank = make_actor("مصرف ليبيا المركزي", "البنك المركزي", kind=Actor.Kind.ORGANISATION)
    page = admin_client.get(f"/admin/archive/actor/{bank.pk}/change/").content.decode()
    assert 'name="aliases-0-linking"' in page
    assert "كلمات عامة: يُربط بقرينة" in page
    marshal = make_actor("خليفة حفتر", "المشير")
    assert "لقب وحده: يُربط بقرينة" in admin_client.get(f"/admin/archive/actor/{marshal.pk}/change/").content.decode()


def test_marking_an_alias_always_in_the_admin_relinks_its_articles(admin_client, db):
    bank = make_actor("مصرف ليبيا المركزي", "البنك المركزي", kind=Actor.Kind.ORGANISATION)
    article = make_article("رفع البنك المركزي سعر الفائدة.")
    assert not article.actormentions.exists()

    form = alias_formset(bank, "", marks={"البنك المركزي": "always"})
    response = admin_client.post(f"/admin/archive/actor/{bank.pk}/change/", form, follow=True)
    assert "تغيّر ربط مقالة واحدة." in response.content.decode()
    assert article.actormentions.get().actor == bank


def test_the_merge_offered_from_a_new_duplicate_keeps_the_record_named_in_articles_by_default(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("قال حفتر إن المعركة مستمرة.")
    duplicate = make_actor("المشير خليفة حفتر", slug="duplicate")
    html = admin_client.get(f"/admin/archive/actor/{duplicate.pk}/merge-with/{haftar.pk}/").content.decode()
    checked = re.search(r'<input type="radio" name="target" value="(\d+)" checked>', html)
    assert checked.group(1) == str(haftar.pk)


def test_a_merge_whose_chosen_record_is_gone_asks_again_instead_of_failing(admin_client, db):
    haftar = make_actor("خليفة حفتر", slug="khalifa-haftar")
    twin = make_actor("حفتار", slug="haftar-2")
    selected = {"action": "merge_selected", "_selected_action": [str(haftar.pk), str(twin.pk)], "target": "999999"}
    response = admin_client.post("/admin/archive/actor/", selected)
    assert response.status_code == 200
    assert "اختر السجل الذي يبقى" in response.content.decode()
    assert Actor.objects.count() == 2


def test_an_editor_can_add_articles_in_the_admin_and_a_twin_is_refused(admin_client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    for body in ("نص أول عن حفتر.", "نص ثان عن حفتر."):
        form = article_admin_form(title=body[:10], body=body)
        assert admin_client.post("/admin/archive/article/add/", form).status_code == 302
    assert Article.objects.count() == 2
    assert admin_client.get("/api/search", {"q": "حفتر"}).json()["count"] == 2
    twin = admin_client.post("/admin/archive/article/add/", article_admin_form(title="نص أول عن", body="نص أول عن حفتر."))
    assert twin.status_code == 200 and "المقالة موجودة في الأرشيف" in twin.content.decode()


def test_a_browser_its_owner_logged_in_from_is_not_locked_out_by_someone_guessing_at_the_account(client, db, settings):
    from django.contrib.auth.models import User
    from django.test import Client

    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    User.objects.create_user("reader", password="the-right-long-password")
    behind_the_same_nat = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    owners_browser = client
    owners_browser.post("/accounts/login/", {"username": "reader", "password": "the-right-long-password"}, **behind_the_same_nat)
    owners_browser.post("/accounts/logout/", **behind_the_same_nat)
    guesser = Client()
    for _ in range(25):  # past the account's limit and the address's
        guesser.post("/accounts/login/", {"username": "reader", "password": "guess"}, **behind_the_same_nat)
    refused = guesser.post("/accounts/login/", {"username": "reader", "password": "the-right-long-password"}, **behind_the_same_nat)
    assert "محاولات دخول خاطئة كثيرة" in refused.content.decode() and "_auth_user_id" not in guesser.session

    back = owners_browser.post("/accounts/login/", {"username": "reader ", "password": "the-right-long-password"}, **behind_the_same_nat)
    assert back.status_code == 302 and "_auth_user_id" in owners_browser.session


def test_a_known_browser_is_still_locked_out_after_its_own_wrong_passwords(client, db):
    from django.contrib.auth.models import User

    User.objects.create_superuser("editor", password="the-right-long-password")
    client.post("/admin/login/", {"username": "editor", "password": "the-right-long-password"})
    client.post("/admin/logout/")
    for _ in range(5):
        client.post("/admin/login/", {"username": "editor", "password": "guess"})
    refused = client.post("/admin/login/", {"username": "editor", "password": "the-right-long-password"})
    assert "محاولات دخول خاطئة كثيرة" in refused.content.decode() and "_auth_user_id" not in client.session


def test_a_browser_known_to_another_account_or_with_a_forged_cookie_is_locked_out_like_any_other(client, db):
    from django.contrib.auth.models import User
    from django.test import Client

    User.objects.create_user("reader", password="the-right-long-password")
    User.objects.create_user("victim", password="another-long-password")
    client.post("/accounts/login/", {"username": "reader", "password": "the-right-long-password"})
    forged = Client()
    forged.cookies["known_login"] = client.cookies["known_login"].value.replace("reader", "victim")
    guesser = Client()
    for _ in range(5):
        guesser.post("/accounts/login/", {"username": "victim", "password": "guess"})
    for browser in (client, forged):
        refused = browser.post("/accounts/login/", {"username": "victim", "password": "another-long-password"})
        assert "محاولات دخول خاطئة كثيرة" in refused.content.decode()


def test_saving_an_edit_says_the_record_was_changed_and_a_deletion_counts_what_it_deleted(admin_client, db):
    haftar = make_actor("خليفة حفتر", slug="khalifa-haftar")
    saved = admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "حفتر"), follow=True)
    messages = [re.sub("<[^>]+>", "", str(message)) for message in saved.context["messages"]]
    assert "تم تعديل فاعل \u200f”خليفة حفتر“ بنجاح." in messages
    articles = [make_article("وصل حفتر إلى سرت."), make_article("غادر حفتر سرت.")]
    selected = {"action": "delete_selected", "_selected_action": [str(article.pk) for article in articles], "post": "yes"}
    deleted = admin_client.post("/admin/archive/article/", selected, follow=True)
    assert [str(message) for message in deleted.context["messages"]] == ["تم حذف المقالات بنجاح (العدد: 2)."]


def test_deleting_an_article_lists_what_goes_with_it_in_words_and_its_dates_are_labelled_in_arabic(admin_client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    article = make_article("وصل حفتر إلى سرت.")
    mention = article.actormentions.get()
    confirm = admin_client.get(f"/admin/archive/article/{article.pk}/delete/").content.decode()
    assert f"الموضع {mention.start}–{mention.end} من المقالة {article.pk}" in confirm
    assert f"فاعلو المقالة {article.pk} وأماكنها" in confirm and "object (" not in confirm
    listing = admin_client.get("/admin/archive/article/").content.decode()
    change = admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert "أُضيفت إلى الأرشيف" in change and "آخر تعديل" in change and "آخر تعديل" in listing
    assert "created at" not in (change + listing).lower() and "updated at" not in (change + listing).lower()


def test_the_public_page_stops_saying_it_is_being_relinked_once_done_even_when_nothing_changed(admin_client, client, db, settings):
    settings.RELINK_AT_ONCE = 0
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("وصل المشير حفتر إلى سرت.")
    # Marked as it links already: queued for the one article naming it, which does not change.
    admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "", marks={"حفتر": "always"}))
    public = "يجري في الخلفية ربط المقالات إثر تعديل هذا السجل"
    assert public in client.get("/actors/khalifa-haftar/").content.decode()
    call_command("relink_pending", stdout=StringIO())
    assert public not in client.get("/actors/khalifa-haftar/").content.decode()


def test_the_admins_scripts_say_none_chosen_spelt_right(admin_client, db):
    catalog = admin_client.get("/admin/jsi18n/").content.decode()
    assert json.dumps("لا شيء محدد من %(cnt)s") in catalog
    assert json.dumps("لا شي محدد") not in catalog


def test_the_admins_scripts_count_the_hours_behind_the_server_as_arabic_counts_them(admin_client, db):
    catalog = admin_client.get("/admin/jsi18n/").content.decode()
    assert json.dumps("ملاحظة: أنت متأخر بساعتين عن وقت الخادم.") in catalog
    assert json.dumps("ملاحظة: أنت متقدم بـ %s ساعات عن وقت الخادم.") in catalog
    assert "متأخر بـ %s ساعة من وقت الخادم" not in catalog


def test_each_alias_rows_delete_box_names_the_alias_it_deletes(admin_client, db):
    actor = make_actor("خليفة حفتر", "حفتر", "المشير حفتر")
    html = admin_client.get(f"/admin/archive/actor/{actor.pk}/change/").content.decode()
    labels = re.findall(r'<input type="checkbox" name="aliases-\d+-DELETE"[^>]*aria-label="([^"]*)"', html)
    assert sorted(labels) == ["احذف «المشير حفتر»", "احذف «حفتر»"]


def test_an_editor_refuses_one_article_s_link_and_only_that_article_loses_it(admin_client, client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    wrong = make_article("قال المدرب حفتر إن المباراة انتهت.", title="مباراة")
    right = make_article("وصل المشير حفتر إلى سرت.", title="وصول")
    change_page = admin_client.get(f"/admin/archive/article/{wrong.pk}/change/").content.decode()
    where = f'{wrong.get_absolute_url()}#m-{wrong.body.index("حفتر")}'
    assert f'<p>الفاعلون: <a href="{where}">خليفة حفتر</a> (<bdi>1</bdi>)</p>' in change_page
    assert f'id="m-{wrong.body.index("حفتر")}"' in client.get(wrong.get_absolute_url()).content.decode()

    response = admin_client.post(f"/admin/archive/article/{wrong.pk}/change/", article_admin_form(wrong, refused=[haftar]))
    assert response.status_code == 302
    assert 'href="/actors/khalifa-haftar/"' not in client.get(wrong.get_absolute_url()).content.decode()
    assert 'href="/actors/khalifa-haftar/"' in client.get(right.get_absolute_url()).content.decode()
    actor_page = client.get("/actors/khalifa-haftar/").content.decode()
    assert "وصول" in actor_page and "مباراة" not in actor_page
    assert Actor.objects.get(pk=haftar.pk).article_count == 1
    assert "لا روابط" in admin_client.get(f"/admin/archive/article/{wrong.pk}/change/").content.decode()

    # An alias edit re-links the article and keeps the editor's word; taking it back links it again.
    response = admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "المدرب حفتر"), follow=True)
    assert "لم يتغيّر ربط أي مقالة." in response.content.decode()
    assert not wrong.actormentions.exists()
    admin_client.post(f"/admin/archive/article/{wrong.pk}/change/", article_admin_form(wrong, refused=[]))
    assert [mention.actor for mention in wrong.actormentions.all()] == [haftar]
    assert Actor.objects.get(pk=haftar.pk).article_count == 2


def test_a_refused_link_is_one_of_the_article_s_links_named_once_and_the_editor_is_told_why_not(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    sirte = make_place("سرت", slug="sirte")
    benghazi = make_place("بنغازي", slug="benghazi")
    article = make_article("وصل المشير حفتر إلى سرت.")
    page = admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    where = f'{article.get_absolute_url()}#m-{article.body.index("سرت")}'
    assert f'<p>الأماكن: <a href="{where}">سرت</a> (<bdi>1</bdi>)</p>' in page
    offered = re.findall(r'<select name="refused_links-0-(\w+)"[^>]*>(.*?)</select>', page, re.S)
    assert [(field, re.findall(r">([^<]+)</option>", options)) for field, options in offered] == [
        ("actor", ["---------", "خليفة حفتر"]),
        ("place", ["---------", "سرت"]),
    ]

    both = article_admin_form(article, refused=[haftar])
    both["refused_links-0-place"] = str(sirte.pk)
    twice = article_admin_form(article, refused=[haftar])
    twice |= {"refused_links-TOTAL_FORMS": "2", "refused_links-1-actor": str(haftar.pk), "refused_links-1-article": str(article.pk)}
    for form, told in [
        (both, "اختر فاعلًا أو مكانًا، واحدًا لا اثنين."),
        (twice, "رُفض هذا مرة في صف آخر: يكفي صف واحد لكل فاعل أو مكان."),
        (article_admin_form(article, refused=[benghazi]), "لا تربط المقالة هذا الآن: اختر من روابطها."),
    ]:
        response = admin_client.post(f"/admin/archive/article/{article.pk}/change/", form)
        page = response.content.decode()
        assert response.status_code == 200 and told in page and "Constraint" not in page
    assert article.actormentions.count() == 1 and article.placementions.count() == 1
    assert not article.refused_links.exists()


def test_saving_an_imported_article_unchanged_from_the_browser_changes_nothing(admin_client, db):
    article = make_article("سطر أول عن سرت.\nسطر ثان.", title="سطران")
    form = article_admin_form(article, body="سطر أول عن سرت.\r\nسطر ثان.")  # as a textarea sends it
    response = admin_client.post(f"/admin/archive/article/{article.pk}/change/", form, follow=True)
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).body == "سطر أول عن سرت.\nسطر ثان."
    history = admin_client.get(f"/admin/archive/article/{article.pk}/history/").content.decode()
    assert "لم يتم تغيير أية حقول." in history and "تم تغيير النص" not in history


def test_a_new_article_has_no_links_to_refuse_yet(admin_client, db):
    assert "refused_links-TOTAL_FORMS" not in admin_client.get("/admin/archive/article/add/").content.decode()


def test_the_refused_links_are_listed_and_one_taken_back_there_links_its_article_again(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    sirte = make_place("سرت", slug="sirte")
    article = make_article("قال المدرب حفتر في سرت إن المباراة انتهت.", title="مباراة")
    admin_client.post(f"/admin/archive/article/{article.pk}/change/", article_admin_form(article, refused=[haftar, sirte]))
    listing = admin_client.get("/admin/archive/refusedlink/").content.decode()
    rows = re.findall(r'class="field-article nowrap"><a [^>]*>([^<]*)</a></th><td class="field-entity">([^<]*)</td>', listing)
    assert sorted(rows) == [("مباراة", "خليفة حفتر"), ("مباراة", "سرت")]

    link = article.refused_links.get(actor=haftar)
    response = admin_client.post(f"/admin/archive/refusedlink/{link.pk}/delete/", {"post": "yes"}, follow=True)
    assert "أُعيد ربط «خليفة حفتر» في «مباراة»." in response.content.decode()
    assert [mention.actor for mention in article.actormentions.all()] == [haftar]
    assert not article.placementions.exists()
    assert [link.place for link in article.refused_links.all()] == [sirte]
    assert "تراجع عن رفض ربط خليفة حفتر" in admin_client.get(f"/admin/archive/article/{article.pk}/history/").content.decode()

    # The list's action says what it does; the article no longer naming the place is told so.
    listing = admin_client.get("/admin/archive/refusedlink/").content.decode()
    assert "تراجع عن رفض الروابط المحددة" in listing and "delete_selected" not in listing
    Article.objects.filter(pk=article.pk).update(body="قال المدرب إن المباراة انتهت.")  # as an edit outside the admin
    taken_back = {"action": "take_back", "_selected_action": [str(article.refused_links.get().pk)]}
    page = admin_client.post("/admin/archive/refusedlink/", taken_back, follow=True).content.decode()
    assert "لا تذكر «مباراة» «سرت» بحسب قواعد الربط الحالية، فلم يُعَد ربطه." in page
    assert not article.refused_links.exists()


def test_an_editor_reaches_an_article_s_links_and_an_actor_s_record_from_the_public_pages_and_a_reader_is_not_offered_them(admin_client, client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    article = make_article("قال المدرب حفتر إن المباراة انتهت.", title="مباراة")
    to_refuse = f'href="/admin/archive/article/{article.pk}/change/#refused_links-group">ليس هو؟ ارفض ربطه بهذه المقالة</a>'
    assert to_refuse in admin_client.get("/actors/khalifa-haftar/mentions/").content.decode()
    assert to_refuse not in client.get("/actors/khalifa-haftar/mentions/").content.decode()
    to_edit = f'href="/admin/archive/article/{article.pk}/change/">حرّر المقالة وروابطها</a>'
    assert to_edit in admin_client.get(article.get_absolute_url()).content.decode()
    assert to_edit not in client.get(article.get_absolute_url()).content.decode()
    assert 'id="refused_links-group"' in admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    haftar = Actor.objects.get(slug="khalifa-haftar")
    to_record = f'href="/admin/archive/actor/{haftar.pk}/change/">حرّر السجل وأسماءه</a>'
    assert to_record in admin_client.get("/actors/khalifa-haftar/").content.decode()
    assert to_record not in client.get("/actors/khalifa-haftar/").content.decode()
    # A reader given the permissions but no place in the admin is not sent to its login.
    from django.contrib.auth.models import Permission, User

    reader = User.objects.create_user("reader", password="a-long-reader-password")
    reader.user_permissions.set(Permission.objects.filter(codename__in=["change_article", "add_refusedlink", "change_actor"]))
    client.force_login(reader)
    for path, link in (("/actors/khalifa-haftar/mentions/", to_refuse), (article.get_absolute_url(), to_edit), ("/actors/khalifa-haftar/", to_record)):
        assert link not in client.get(path).content.decode()


def test_the_admin_writes_a_moment_as_arabic_does(admin_client, db):
    article = make_article("نص عن سرت.", title="عنوان")
    Article.objects.filter(pk=article.pk).update(created_at=make_aware(datetime(2015, 7, 21, 9, 15)))
    page = admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert "21 يوليو، 2015، 9:15 ص" in page


def test_an_editor_who_may_only_view_refused_links_saves_an_article_and_keeps_them(client, db):
    from django.contrib.auth.models import Permission, User

    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    article = make_article("قال المدرب حفتر إن المباراة انتهت.", title="مباراة")
    services.article_save(article, refusing=[haftar])
    editor = User.objects.create_user("viewer", password="a-long-viewer-password", is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(codename__in=["view_article", "change_article", "view_refusedlink"]))
    client.force_login(editor)
    response = client.post(f"/admin/archive/article/{article.pk}/change/", article_admin_form(article, refused=[haftar], title="مباراة الأمس"))
    assert response.status_code == 302
    assert [link.actor for link in article.refused_links.all()] == [haftar] and not article.actormentions.exists()
    assert Article.objects.get(pk=article.pk).title == "مباراة الأمس"


def test_a_refusal_taken_back_is_logged_with_its_article(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    article = make_article("قال المدرب حفتر إن المباراة انتهت.", title="مباراة")
    services.article_save(article, refusing=[haftar])
    link = article.refused_links.get()
    admin_client.post(f"/admin/archive/refusedlink/{link.pk}/delete/", {"post": "yes"})
    log = admin_client.get("/admin/admin/logentry/").content.decode()
    assert "خليفة حفتر في مقالة: مباراة" in log


def test_an_editor_s_title_and_text_are_cleaned_as_an_import_cleans_them(admin_client, db):
    article = make_article("نص عن سرت.", title="عنوان")
    form = article_admin_form(article, title="عنوان\u200f جديد", body="نص عن مصر\u200fاتة.\r\nسطر.")
    assert admin_client.post(f"/admin/archive/article/{article.pk}/change/", form).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.body) == ("عنوان جديد", "نص عن مصراتة.\nسطر.")


def test_the_admin_s_headings_and_messages_agree_with_a_feminine_record(admin_client, db):
    article = make_article("نص عن سرت.", title="عنوان")
    assert "<h1>اختيار مقالة للتعديل</h1>" in admin_client.get("/admin/archive/article/").content.decode()
    form = article_admin_form(article, body="نص آخر عن سرت.") | {"_continue": "1"}
    page = admin_client.post(f"/admin/archive/article/{article.pk}/change/", form, follow=True).content.decode()
    assert "بنجاح. يمكنك متابعة التعديل أدناه." in page and "تعديله" not in page
    for button, told in (("_continue", "يمكنك متابعة التعديل أدناه."), ("_addanother", "يمكنك متابعة الإضافة أدناه.")):
        added = article_admin_form(title=f"جديد {button}", body=f"نص جديد {button}.") | {button: "1"}
        page = admin_client.post("/admin/archive/article/add/", added, follow=True).content.decode()
        assert told in page and "تعديله" not in page and "مقالة آخر" not in page


def test_the_alias_inline_offers_to_add_another_spelling_in_words_that_agree(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    page = admin_client.get(f"/admin/archive/actor/{haftar.pk}/change/").content.decode()
    # The inline's script reads its words from a data attribute: JSON in HTML.
    options = json.loads(html.unescape(re.search(r'data-inline-formset="([^"]*)"', page)[1]))["options"]
    assert options["addText"] == "أضِف إملاء آخر"
    heading = re.search(r'<h2 id="aliases-heading"[^>]*>\s*(.*?)\s*</h2>', page, re.S)[1]
    assert heading == "الأسماء البديلة"


def test_an_article_s_address_is_edited_left_to_right(admin_client, db):
    article = make_article("نص عن سرت.", title="عنوان", url="https://example.com/a")
    page = admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert re.search(r'<input type="url" name="url"[^>]*dir="ltr"', page)


def test_the_lists_offer_to_add_and_delete_in_arabic_that_agrees_with_any_noun_and_name_a_paper_as_the_site_does(admin_client, db):
    make_actor("خليفة حفتر", "حفتر")
    make_article("وصل حفتر إلى سرت.", source="sabq")
    actors = admin_client.get("/admin/archive/actor/").content.decode()
    assert "إضافة فاعل" in actors and "أضف فاعل" not in actors
    assert "حذف المحدَّد في القائمة" in actors and "الفاعلون المحدّدة" not in actors
    articles = admin_client.get("/admin/archive/article/").content.decode()
    assert "صحيفة سبق" in articles and ">sabq<" not in articles


def test_the_history_of_edits_names_every_kind_of_record_in_arabic_each_apart(admin_client, db):
    page = admin_client.get("/admin/admin/logentry/").content.decode()
    kinds = re.findall(r'href="\?content_type__id__exact=\d+"[^>]*>([^<]+)</a>', page)
    assert "الأرشيف | اسم بديل لفاعل" in kinds and "الأرشيف | اسم بديل لمكان" in kinds
    assert len(kinds) == len(set(kinds)) and not [kind for kind in kinds if not re.search("[\u0621-\u064a]", kind.split("|")[-1])]


def test_a_slug_taken_or_malformed_is_refused_in_words_an_editor_reads(admin_client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_actor("معمر القذافي", slug="muammar-gaddafi")
    taken = admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "") | {"slug": "muammar-gaddafi"})
    assert "في الأرشيف سجلٌّ آخر (فاعل) له «المعرّف في العنوان» نفسه." in taken.content.decode()
    spaced = admin_client.post(f"/admin/archive/actor/{haftar.pk}/change/", alias_formset(haftar, "") | {"slug": "khalifa haftar"})
    assert "أدخل معرّفًا صالحًا للعنوان" in spaced.content.decode() and "اختصار 'slug'" not in spaced.content.decode()
