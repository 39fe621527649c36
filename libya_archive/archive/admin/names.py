"""The name candidates the importer saw, for editors to make actors of or dismiss."""

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from libya_archive.archive import services
from libya_archive.archive.arabic import normalize_arabic
from libya_archive.archive.curation_forms import CandidateActorForm, relinking_message
from libya_archive.archive.models import NameCandidate

# The words of an example article's title a candidate's row shows.
EXAMPLE_TITLE_WORDS = 10


class _DismissedFilter(admin.BooleanFieldListFilter):
    """The filter of dismissed names, headed «حسب الاستبعاد», not by the column's «مستبعد»."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "الاستبعاد"


@admin.register(NameCandidate)
class NameCandidateAdmin(admin.ModelAdmin):
    """Names found after titles and roles in the text that are not actors yet."""

    list_display = ["name", "occurrences", "context", "example_link", "create_link"]
    list_filter = [("dismissed", _DismissedFilter)]
    search_fields = ["normalized"]
    actions = ["dismiss", "restore"]
    readonly_fields = ["name", "occurrences", "context", "example"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("example")
        # Dismissed names stay out of the way unless asked for through the filter.
        return queryset if "dismissed__exact" in request.GET else queryset.filter(dismissed=False)

    def has_add_permission(self, request):
        return False

    @admin.display(description="المقالة")
    def example_link(self, candidate):
        if candidate.example is None:
            return "—"
        # Cut between words, and said to be: «…تحالف دعم الشر» had read as another phrase.
        title = Truncator(candidate.example.title).words(EXAMPLE_TITLE_WORDS)
        return format_html('<a href="{}" dir="auto">{}</a>', candidate.example.get_absolute_url(), title)

    @admin.display(description="")
    def create_link(self, candidate):
        url = reverse("admin:archive_namecandidate_create_actor", args=[candidate.pk])
        return format_html('<a class="button" href="{}">أنشئ فاعلًا</a>', url)

    def get_search_results(self, request, queryset, search_term):
        # Compared as the names are stored to be compared: اوباما finds أوباما.
        return super().get_search_results(request, queryset, normalize_arabic(search_term))

    @admin.action(description="استبعاد الأسماء المحددة")
    def dismiss(self, request, queryset):
        dismissed = queryset.filter(dismissed=False).update(dismissed=True)
        self.message_user(request, ngettext("استُبعد اسم واحد.", "استُبعدت %(count)s أسماء.", dismissed) % {"count": dismissed}, messages.SUCCESS)

    @admin.action(description="إعادة الأسماء المحددة إلى المقترحة")
    def restore(self, request, queryset):
        restored = queryset.filter(dismissed=True).update(dismissed=False)
        message = ngettext("أُعيد اسم واحد إلى الأسماء المقترحة.", "أُعيدت %(count)s أسماء إلى الأسماء المقترحة.", restored)
        self.message_user(request, message % {"count": restored}, messages.SUCCESS)

    def get_urls(self):
        create = self.admin_site.admin_view(self.create_actor_view)
        return [path("<int:pk>/create-actor/", create, name="archive_namecandidate_create_actor"), *super().get_urls()]

    def create_actor_view(self, request, pk):
        candidate = get_object_or_404(NameCandidate, pk=pk)
        if not request.user.has_perm("archive.add_actor"):
            return redirect("admin:index")
        form = CandidateActorForm(candidate, request.POST if request.method == "POST" else None)
        if form.is_valid():
            name, kind = form.cleaned_data["name"], form.cleaned_data["kind"]
            actor, relinked, queued = services.actor_from_candidate(candidate, name=name, kind=kind)
            self.log_addition(request, actor, f"أُنشئ من الاسم المقترح «{candidate.name}»")
            self.message_user(request, f"أُنشئ الفاعل {actor.name}، {relinking_message(relinked, queued)}", messages.SUCCESS)
            return redirect(reverse("admin:archive_actor_change", args=[actor.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"إنشاء فاعل من «{candidate.name}»",
            "candidate": candidate,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/archive/create_actor.html", context)
