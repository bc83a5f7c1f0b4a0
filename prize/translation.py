"""The core's texts that people read, in every language of the site (django-modeltranslation:
one column per language next to the original, ``name_en`` and ``name_ko``; reading ``name``
gives the reader's language, else the other). Listed for the staff's "Translations" page in
``prize/translations.py``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register

from . import panels, translation_views, translations
from .models import Category, Edition, Milestone, Organisation


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("name", "short_name", "tagline", "about", "how_to_enter", "ceremony_venue")


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
    # An empty translation is NULL, not "": a name is unique in its place in each
    # language, and two untranslated names must not collide.
    empty_values = {"name": None}


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


# --- What the staff's "Translations" page lists (prize/translations.py) ------------------------

def _settings_url(edition, obj, anchor=""):
    return reverse("staff_edition_settings", args=[edition.slug]) + anchor


translations.register(
    "prize.edition", order=0, model=Edition, label=_("The edition"),
    objects=lambda edition: Edition.objects.filter(pk=edition.pk),
    edit_url=_settings_url)
translations.register(
    "prize.categories", order=10, model=Category, label=_("Categories"),
    objects=lambda edition: Category.objects.filter(edition=edition).order_by("order", "pk"),
    edit_url=lambda edition, obj: _settings_url(edition, obj, "#categories-title"))
translations.register(
    "prize.organisations", order=20, model=Organisation, label=_("Organisations and partners"),
    objects=lambda edition: Organisation.objects.filter(edition=edition).order_by("order", "pk"),
    edit_url=lambda edition, obj: reverse("staff_edition_organisations", args=[edition.slug]))
translations.register(
    "prize.timeline", order=30, model=Milestone, label=_("Timeline"),
    objects=lambda edition: Milestone.objects.filter(edition=edition).order_by("starts_at", "pk"),
    edit_url=lambda edition, obj: reverse("staff_edition_timeline", args=[edition.slug]))

panels.register("prize.staff_edition_tools", "prize.translations", order=30,
                template="prize/edition/_translations_tool.html",
                context=translation_views.staff_tools_panel)
