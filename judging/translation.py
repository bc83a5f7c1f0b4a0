"""The judging texts that judges and entrants read, per language (see
``prize/translation.py``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register

from prize import translations

from .models import Criterion, Round


@register(Round)
class RoundTranslation(TranslationOptions):
    fields = ("name",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "guidance")
    # An empty translation is NULL, not "": a name is unique in its place in each
    # language, and two untranslated names must not collide.
    empty_values = {"name": None}


translations.register(
    "judging.rounds", order=60, model=Round, label=_("Judging rounds"),
    objects=lambda edition: Round.objects.filter(edition=edition).select_related(
        "edition").order_by("number"),
    edit_url=lambda edition, obj: reverse("judging:staff_round", args=[obj.pk]),
    describe=lambda obj: obj.name)
translations.register(
    "judging.criteria", order=70, model=Criterion, label=_("Criteria"),
    objects=lambda edition: Criterion.objects.filter(round__edition=edition).select_related(
        "round", "category").order_by("round__number", "category__order", "order", "pk"),
    edit_url=lambda edition, obj: reverse("judging:staff_criteria", args=[obj.round_id]),
    describe=lambda obj: f"{obj.round.name} · {obj.category.name} · {obj.name}")
