"""The admin's forms for actors, places and their aliases, and for articles and the links
editors refuse in them: each edit that would break the gazetteer (a spelling twice, a
spelling another record owns, a name another record goes by) or mean nothing is answered
with a form error that says why and what the editor can do instead."""

from django import forms
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from libya_archive.archive import services
from libya_archive.archive.analysis import content_hash
from libya_archive.archive.arabic import normalize_arabic
from libya_archive.archive.cleaning import clean
from libya_archive.archive.models import Actor, Article, Place
from libya_archive.archive.selectors import PREVIEW_ARTICLES, SpellingPreview


def relinked_message(articles: int) -> str:
    """What an editor is told after an edit changed the links of `articles` articles (none included)."""
    return ngettext("تغيّر ربط مقالة واحدة.", "تغيّر ربط %(count)s مقالات.", articles) % {"count": articles}


def relinking_message(articles: int, queued: bool) -> str:
    """The end of a sentence about an edit (from «و»): the articles whose links it changed,
    or that they will be re-linked in the background."""
    return "وسيُعاد ربط مقالاته في الخلفية خلال دقائق." if queued else f"و{relinked_message(articles)}"


def preview_text(preview: SpellingPreview) -> str:
    """What an editor is told a spelling would link, before saving it. The phrases' forms
    for none make the sentence for a spelling that links nothing."""
    mentions, articles = preview.mentions, preview.articles
    linked = ngettext("سيربط هذا الإملاء إشارة واحدة", "سيربط هذا الإملاء %(count)s إشارات", mentions) % {"count": mentions}
    if preview.more:
        where = ngettext("في أول مقالة تذكره", "في أول %(count)s مقالات تذكره", PREVIEW_ARTICLES) % {"count": PREVIEW_ARTICLES}
    else:
        where = ngettext("في مقالة واحدة", "في %(count)s مقالات", articles) % {"count": articles}
    return f"{linked} {where}."


def _change_link(entity: Actor | Place):
    url = reverse(f"admin:archive_{entity._meta.model_name}_change", args=[entity.pk])
    return format_html('<a href="{}">{}</a>', url, entity.name)


# Invisible characters a pasted name may carry that make it another spelling to the
# gazetteer: direction marks and embeddings, the zero-width space, the byte-order mark and
# the soft hyphen (not the joiners, which shape Persian-script names).
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\ufeff\u00ad"))


def cleaned_name(name: str) -> str:
    """A name as an editor typed it, without invisible marks; refused without a letter."""
    name = name.translate(_INVISIBLE).strip()
    if not any(character.isalpha() for character in normalize_arabic(name)):  # (the tatweel is a "letter")
        raise forms.ValidationError("لا حرف في هذا الاسم.")
    return name


def name_owners(name: str, *, besides: Actor | Place | None = None) -> list[Actor | Place]:
    """The actors and places (other than `besides`) that `name` already names in the
    gazetteer, as their own name or an alias, in any spelling that folds to it."""
    key = normalize_arabic(name.strip())
    owners = []
    for model in (Actor, Place):
        others = model.objects.exclude(pk=besides.pk) if isinstance(besides, model) and besides.pk else model.objects.all()
        by_alias = others.filter(aliases__normalized=key)
        # Entities' own names are not stored folded: few enough to fold here, as the gazetteer does.
        by_name = [entity.pk for entity in others.only("pk", "name") if normalize_arabic(entity.name.strip()) == key]
        owners += list(model.objects.filter(pk__in=[*by_alias.values_list("pk", flat=True), *by_name]).distinct())
    return owners


class EntityForm(forms.ModelForm):
    """An actor or place; a name another record already goes by needs the editor's word."""

    save_despite_clash = forms.BooleanField(
        required=False,
        label="احفظ رغم تطابق الاسم",
        help_text="الاسم نفسه لسجل آخر: لن تُربط به المقالات ما دام للسجل الآخر.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "يُشتق من الاسم إن تُرك فارغًا (بالحروف العربية إن لم يكن للسجل اسم إنجليزي)."
        # Offered where the name clashes (`clean`) or the editor ticked it, not on every form
        # as if it did: a box ticked and then hidden would let another clash through unsaid.
        if not (self.is_bound and self.data.get(self.add_prefix("save_despite_clash"))):
            self.fields["save_despite_clash"].widget = forms.HiddenInput()

    def clean_name(self):
        return cleaned_name(self.cleaned_data["name"])

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name", "")
        if name and not cleaned.get("save_despite_clash"):
            owners = name_owners(name, besides=self.instance)
            if owners:
                self.fields["save_despite_clash"].widget = forms.CheckboxInput()
                links = format_html_join("، ", "{}", ((_change_link(owner),) for owner in owners))
                self.add_error(
                    "name",
                    format_html(
                        "«{}» اسمٌ يُعرف به {} في المعجم، فالمقالات التي تذكره تبقى مربوطة به. "
                        "أضف إليه اسمًا بديلًا بدل سجل جديد، أو ضع علامة في «احفظ رغم تطابق الاسم».",
                        name,
                        links,
                    ),
                )
        if name and not cleaned.get("slug") and "slug" not in self.errors:
            cleaned["slug"] = services.unique_slug(self._meta.model, cleaned.get("name_en") or name)
        old_slug = self.instance.slug if self.instance.pk else ""
        if old_slug and cleaned.get("slug") and cleaned["slug"] != old_slug:
            # The old address keeps working: it redirects here, as a merged record's does.
            self.instance.former_slugs = [*self.instance.former_slugs, old_slug]
        return cleaned


class CandidateActorForm(forms.Form):
    """A new actor from a name candidate: a name no record goes by yet, and the candidate's
    spelling, which becomes its alias, owned by no other record (else the actor would be
    made without it, or beside the one already named so)."""

    name = forms.CharField(label="الاسم", max_length=Actor._meta.get_field("name").max_length)
    kind = forms.ChoiceField(label="النوع", choices=Actor.Kind.choices, initial=Actor.Kind.PERSON)

    def __init__(self, candidate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.fields["name"].initial = candidate.name

    def clean_name(self):
        return cleaned_name(self.cleaned_data["name"])

    def clean(self):
        cleaned = super().clean()
        spelt = self.candidate.name
        for field, name in (("name", cleaned.get("name", "")), (None, spelt)):
            owners = name_owners(name) if name else []
            if owners and not self.has_error("name"):
                links = format_html_join("، ", "{}", ((_change_link(owner),) for owner in owners))
                self.add_error(
                    field,
                    format_html(
                        "«{}» اسمٌ يُعرف به {} في المعجم. أضف «{}» إليه اسمًا بديلًا بدل فاعل جديد، أو استبعد هذا الاسم المقترح.",
                        name,
                        links,
                        spelt,
                    ),
                )
        return cleaned


class AliasForm(forms.ModelForm):
    take_over = forms.BooleanField(required=False, label="انقله إلى هنا")

    def clean_name(self):
        # A direction mark pasted with «داعش» made it another spelling than داعش.
        return cleaned_name(self.cleaned_data["name"])


class AliasFormSet(forms.BaseInlineFormSet):
    """The aliases of one actor or place. A spelling that folds to one the record has, or to
    one another record owns, is a form error saying so; the editor may then move it here
    (`take_over`, listed in `taken_over` for the admin to move) or merge the two records."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The admin's table shows each label once, as a column heading: each input names
        # itself, the row's "delete" box, which the formset adds, too, with the alias it deletes.
        for field in form.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)
        if "DELETE" in form.fields and (name := form.initial.get("name")):
            form.fields["DELETE"].widget.attrs["aria-label"] = f"{form.fields['DELETE'].label} «{name}»"

    def clean(self):
        super().clean()
        entity = self.instance
        seen = {normalize_arabic(entity.name.strip()): entity.name} if entity.name else {}
        self.taken_over: list[str] = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            name = (data or {}).get("name", "").strip()
            if not name or data.get("DELETE"):
                continue
            key = normalize_arabic(name)
            # An alias kept as spelt stands, whatever it folds to, though its mark change
            # (the record's own name as an alias, marked "with evidence": مالي).
            if name == (form.initial.get("name") or "").strip():
                seen.setdefault(key, name)
                continue
            if key in seen:
                form.add_error(
                    "name",
                    f"«{name}» هو «{seen[key]}» نفسه بعد توحيد الإملاء (الهمزات والتاء المربوطة والألف "
                    "المقصورة والتشكيل): البحث والربط يجدان الإملاءين كليهما، فلا حاجة إليه.",
                )
                continue
            seen[key] = name
            owners = name_owners(name, besides=entity)
            same_kind = [owner for owner in owners if isinstance(owner, type(entity))]
            if not owners or (data.get("take_over") and same_kind and self._owns_as_alias(same_kind[0], key)):
                if owners:
                    self.taken_over.append(name)
                continue
            form.add_error("name", self._owned_error(name, owners, same_kind))

    @staticmethod
    def _owns_as_alias(owner: Actor | Place, key: str) -> bool:
        return owner.aliases.filter(normalized=key).exists()

    def _owned_error(self, name: str, owners: list, same_kind: list):
        links = format_html_join("، ", "{}", ((_change_link(owner),) for owner in owners))
        choices = []
        if same_kind and self._owns_as_alias(same_kind[0], normalize_arabic(name)):
            choices.append("ضع علامة في «انقله إلى هنا» لنقله إلى هذا السجل")
        if same_kind and self.instance.pk:
            model = self.instance._meta.model_name
            url = reverse(f"admin:archive_{model}_merge_two", args=[self.instance.pk, same_kind[0].pk])
            choices.append(format_html('<a href="{}">ادمج السجلين</a>', url))
        if not choices:
            choices.append("احذفه من ذلك السجل أولًا")
        return format_html(
            "«{}» من أسماء {} في المعجم. {}.", name, links, format_html_join("، أو ", "{}", ((c,) for c in choices))
        )


class ArticleText(forms.CharField):
    """An article's title or text as an editor sends it, cleaned as the importer cleans a
    file's (`cleaning.clean`): a textarea sends \r\n, which made every save of an imported
    article change its text, and a pasted direction mark cuts a word in two for search."""

    def to_python(self, value):
        return clean(super().to_python(value))


class ArticleForm(forms.ModelForm):
    """An article an editor writes or changes; one written with the text of another is refused."""

    class Meta:
        field_classes = {"title": ArticleText, "body": ArticleText}
        widgets = {"url": AdminURLFieldWidget(attrs={"dir": "ltr"})}  # an address reads left to right

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and {"title", "body"} <= cleaned.keys():
            fields = [cleaned.get(name) or "" for name in ("title", "body", "published_on", "source", "url", "author")]
            fields[2] = fields[2] or None
            twin = Article.objects.filter(content_hash=content_hash(*fields)).only("pk", "title").first()
            if twin is not None:
                raise forms.ValidationError(format_html('المقالة موجودة في الأرشيف: <a href="{}">{}</a>.', twin.get_absolute_url(), twin.title))
        return cleaned


class RefusedLinkFormSet(forms.BaseInlineFormSet):
    """The actors and places an editor says an article does not name (each one of its links,
    `selectors.refusable_in`), once."""

    def get_unique_error_message(self, unique_check):
        return "رُفض هذا مرة في صف آخر: يكفي صف واحد لكل فاعل أو مكان."
