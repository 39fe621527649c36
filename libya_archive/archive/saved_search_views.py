"""The pages of a reader's saved searches: the list with what is new in each, and saving,
renaming, opening and deleting one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from libya_archive.archive.models import SavedSearch
from libya_archive.archive.saved_searches import RenameForm, new_since_last_visit, save_search, saved_search_filters, visit


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    saved = [
        (search, new_since_last_visit(search), saved_search_filters(search)) for search in request.user.saved_searches.all()
    ]
    return render(request, "archive/saved_searches.html", {"saved": saved})


@login_required
@require_POST
def rename_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    form = RenameForm(request.POST, instance=get_object_or_404(SavedSearch, pk=pk, user=request.user))
    if form.is_valid():
        form.save()
    else:
        messages.error(request, f"لم يتغير الاسم: {form.errors['name'][0]}")
    return redirect("saved_search_list")


@login_required
@require_POST
def save_current_search(request: HttpRequest) -> HttpResponse:
    params = QueryDict(request.POST.get("query_string", ""))
    save_search(request.user, params)
    messages.success(request, "حُفظ البحث. ستجد الجديد فيه في صفحة «عمليات بحثي».")
    return redirect(f"{reverse('search')}?{params.urlencode()}")


@login_required
def open_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    return redirect(f"{reverse('search')}?{visit(saved)}")


@login_required
@require_POST
def delete_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.delete()
    # Deleted at one click, so said, with the way back: the search, to be saved again.
    again = f"{reverse('search')}?{saved.query_string}"
    messages.success(request, format_html("حُذف البحث «{}». <a href=\"{}\">افتحه</a> لتحفظه من جديد.", saved.name, again))
    return redirect("saved_search_list")
