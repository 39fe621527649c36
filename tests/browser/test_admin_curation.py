"""An editor curates the gazetteer in the Django admin, in Chromium, under the site's
Content-Security-Policy."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from libya_archive.archive.models import Actor
from libya_archive.middleware import CONTENT_SECURITY_POLICY
from tests.browser.screens import SCREENS, photograph


def log_in_as_an_editor(archive_url, page):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-editor-password")
    page.goto(f"{archive_url}/admin/login/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("a-long-editor-password")
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{archive_url}/admin/")


def test_an_alias_added_in_the_admin_links_the_new_spelling_on_the_public_page(
    archive_url, page, console_errors, tmp_path
):
    new_spelling = tmp_path / "haftar_new_spelling.txt"
    new_spelling.write_text("وصل المشير حفتار إلى بنغازي.\n", encoding="utf-8")
    call_command("import_articles", str(new_spelling), verbosity=0)
    haftar = Actor.objects.get(slug="khalifa-haftar")
    link = 'a.entity.actor[href="/actors/khalifa-haftar/"]'

    page.goto(f"{archive_url}/articles/")
    page.get_by_role("link", name="وصل المشير حفتار إلى بنغازي").click()
    article_url = page.url
    assert page.locator(link).count() == 0

    log_in_as_an_editor(archive_url, page)
    change_page = page.goto(f"{archive_url}/admin/archive/actor/{haftar.pk}/change/")
    assert change_page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    # The admin's scripts ran under the policy: inlines.js writes the "add another" link.
    assert page.locator(".inline-group .add-row a").count() == 1
    new_alias = page.locator(f'input[name="aliases-{haftar.aliases.count()}-name"]')
    new_alias.fill("حفتار")
    new_alias.press("Tab")  # before saving, the editor sees what the spelling would link
    expect(page.locator(".alias-preview")).to_have_text("سيربط هذا الإملاء إشارة واحدة في مقالة واحدة.")
    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{archive_url}/admin/archive/actor/")
    assert "حفتار" in haftar.aliases.values_list("name", flat=True)

    page.goto(article_url)
    assert page.locator(link).all_inner_texts() == ["حفتار"]
    # Whatever the policy blocked, in the admin or on the public pages, Chromium logs as an error.
    assert console_errors == []


def test_an_alias_another_actor_owns_is_explained_and_can_be_moved_here(archive_url, page, console_errors, tmp_path):
    article_file = tmp_path / "isis_named.txt"
    article_file.write_text("أعلن تنظيم Daesh مسؤوليته عن الهجوم.\n", encoding="utf-8")
    call_command("import_articles", str(article_file), verbosity=0)
    haftar, isis = Actor.objects.get(slug="khalifa-haftar"), Actor.objects.get(slug="isis")
    log_in_as_an_editor(archive_url, page)

    page.goto(f"{archive_url}/admin/archive/actor/{haftar.pk}/change/")
    new_row = haftar.aliases.count()
    page.locator(f'input[name="aliases-{new_row}-name"]').fill("Daesh")
    page.locator("input[name=_save]").click()
    error = page.locator(".errorlist").first
    assert "«Daesh» من أسماء " in error.inner_text() and isis.name in error.inner_text()
    assert page.locator(f'input[name="aliases-{new_row}-name"]').input_value() == "Daesh"  # nothing lost

    page.locator(f'input[name="aliases-{new_row}-take_over"]').check()
    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{archive_url}/admin/archive/actor/")
    page.goto(f"{archive_url}/articles/")
    page.get_by_role("link", name="أعلن تنظيم Daesh مسؤوليته عن الهجوم").click()
    assert page.locator('a.entity.actor[href="/actors/khalifa-haftar/"]').all_inner_texts() == ["Daesh"]
    assert console_errors == []


@pytest.mark.parametrize("screen", SCREENS)
def test_the_create_actor_button_of_a_name_candidate_stays_whole_in_its_cell(archive_url, page, screen, tmp_path):
    # A long sentence and title, as the real ones are: they squeeze the button's column.
    sentence = "وفي مؤتمر صحفي عقده في مقر القيادة بمدينة بنغازي مساء أمس قال العقيد مصطفى الشركسي إن الوضع الأمني في المدينة ما زال صعبًا رغم التقدم الذي أحرزته القوات في الأحياء الشرقية خلال الأسابيع الماضية."
    (tmp_path / "a.txt").write_text(f"العقيد الشركسي يتحدث عن الوضع الأمني في بنغازي بعد أسابيع من المعارك\n{sentence}", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    page.set_viewport_size(SCREENS[screen])
    log_in_as_an_editor(archive_url, page)
    page.goto(f"{archive_url}/admin/archive/namecandidate/?q=الشركسي")
    button = page.locator("td.field-create_link a.button")
    button.scroll_into_view_if_needed()
    photograph(page, f"admin-candidates-{screen}")
    # One box (not a label broken over two lines), inside its cell.
    boxes = button.evaluate("(a) => [...a.getClientRects()].map(({left, right}) => ({left, right}))")
    cell = button.evaluate("(a) => { const {left, right} = a.closest('td').getBoundingClientRect(); return {left, right}; }")
    assert len(boxes) == 1, boxes
    assert cell["left"] <= boxes[0]["left"] and boxes[0]["right"] <= cell["right"], (boxes, cell)
