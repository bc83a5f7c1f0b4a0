"""The ceremony's public texts, per language (see ``prize/translation.py``). Not translated:
people's names, staff-only notes (the MC's notes, the reason for a decision)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register

from prize import translations

from .models import Award, Ceremony, Decision, Presenter, ProgrammeItem


@register(Award)
class AwardTranslation(TranslationOptions):
    fields = ("name", "tier", "description")
    # An empty translation is NULL, not "": a name is unique in its place in each
    # language, and two untranslated names must not collide.
    empty_values = {"name": None}


@register(Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("citation",)


@register(Ceremony)
class CeremonyTranslation(TranslationOptions):
    fields = ("address", "description")


@register(Presenter)
class PresenterTranslation(TranslationOptions):
    fields = ("title", "organisation", "bio")


@register(ProgrammeItem)
class ProgrammeItemTranslation(TranslationOptions):
    fields = ("title", "description")


translations.register(
    "ceremony.awards", order=80, model=Award, label=_("Awards"),
    objects=lambda edition: Award.objects.filter(edition=edition).select_related("category"),
    edit_url=lambda edition, obj: reverse("ceremony:staff_award", args=[edition.slug, obj.pk]))
translations.register(
    "ceremony.citations", order=90, model=Decision, label=_("Citations of the winners"),
    objects=lambda edition: Decision.objects.filter(award__edition=edition).select_related(
        "award", "entry").order_by("award__order", "award_id", "rank", "pk"),
    edit_url=lambda edition, obj: reverse("ceremony:staff_decisions", args=[edition.slug]))
translations.register(
    "ceremony.ceremony", order=100, model=Ceremony, label=_("The ceremony"),
    objects=lambda edition: Ceremony.objects.filter(edition=edition).select_related("edition"),
    edit_url=lambda edition, obj: reverse("ceremony:staff_ceremony_details",
                                          args=[edition.slug]),
    describe=lambda obj: str(_("The ceremony")))
translations.register(
    "ceremony.presenters", order=110, model=Presenter, label=_("Presenters"),
    objects=lambda edition: Presenter.objects.filter(edition=edition).order_by("order", "pk"),
    edit_url=lambda edition, obj: reverse("ceremony:staff_presenter",
                                          args=[edition.slug, obj.pk]))
translations.register(
    "ceremony.programme", order=120, model=ProgrammeItem, label=_("The ceremony's programme"),
    objects=lambda edition: ProgrammeItem.objects.filter(edition=edition).order_by(
        "starts_at", "order", "pk"),
    edit_url=lambda edition, obj: reverse("ceremony:staff_programme_item",
                                          args=[edition.slug, obj.pk]))
