"""Deleting configuration that other data depends on: refused, with what depends on it and what
to do instead.

A deletion never takes entries, reviews, scores or decisions with it silently, and never ends in
an error page because the database protects them. ``refusal(obj)`` says why ``obj`` cannot be
deleted (or returns ""), in words staff act on::

    “Impact” cannot be deleted: it has 12 scores and 3 reviews. Nothing was deleted. Keep the
    criterion and change its name or guidance instead.

The same sentence is given on the staff pages (their services call ``refuse_deletion``) and in
the admin (``GuardedDeletionAdmin`` and ``GuardedInlineFormSet``), for one object, for the
admin's "delete selected" action and for an inline row marked for deletion.

What counts is found the way the deletion itself would go (Django's collector): every object
the database protects from it, every guarded kind of record it would take with it, and every
link to another record it would cut (an organisation named on an award, a presenter on the
programme). Apps add their own counts (``add_uses``) and instructions (``instead``) by model
label, so the core names no app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models.deletion import Collector
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Records a deletion must never take with it (model labels, lower case).
GUARDED = {
    "entries.entry",
    "entries.screeningdecision",
    "judging.roundentry",
    "judging.assignment",
    "judging.review",
    "judging.score",
    "ceremony.decision",
    "ceremony.certificate",
}

# The apps whose many-to-many links a deletion must not cut silently.
PRIZE_APPS = {"prize", "entries", "judging", "ceremony"}

# What to do instead, by the label of the model being deleted.
_INSTEAD: dict[str, Callable[[], str]] = {}
# Further uses that no foreign key shows, by label: obj -> {(singular, plural): count}.
_EXTRA: dict[str, Callable[[models.Model], dict[models.Model | tuple[str, str], int]]] = {}


def instead(label: str, text) -> None:
    """Say what staff do instead of deleting a ``label`` object that is in use."""
    _INSTEAD[label.lower()] = lambda: str(text)


def add_uses(label: str, count: Callable) -> None:
    """Count uses of a ``label`` object that the deletion would not reach by a foreign key."""
    _EXTRA[label.lower()] = count


instead("prize.edition", gettext_lazy(
    "Keep the edition and archive it instead: its history stays on the site."))
instead("prize.category", gettext_lazy(
    "Keep the category (rename it, or change who may enter it) instead of deleting it."))
instead("prize.organisation", gettext_lazy(
    "Take it off those awards first, or keep it and change its name or role instead."))
instead("prize.user", gettext_lazy(
    "Make the account inactive instead (untick “active”): the person can no longer log in "
    "and their work stays."))


class _Uses(Collector):
    """The collector of a deletion that only looks: what it would delete and what stops it."""

    def __init__(self, using):
        super().__init__(using, origin=None)
        self.protected: list[models.Model] = []

    def collect(self, objs, *args, **kwargs):
        try:
            return super().collect(objs, *args, **kwargs)
        except models.ProtectedError as exc:
            self.protected.extend(exc.protected_objects)
        except models.RestrictedError as exc:
            self.protected.extend(exc.restricted_objects)


# Names of the records counted, where the model's own are not written for people.
NAMES = {
    "entries.entry": (gettext_lazy("entry"), gettext_lazy("entries")),
    "entries.entryformuse": (gettext_lazy("category using it"),
                             gettext_lazy("categories using it")),
    "entries.screeningdecision": (gettext_lazy("screening decision"),
                                  gettext_lazy("screening decisions")),
    "judging.roundentry": (gettext_lazy("entry taken into a round"),
                           gettext_lazy("entries taken into a round")),
    "judging.assignment": (gettext_lazy("judge's assignment"), gettext_lazy("judges' assignments")),
    "judging.review": (gettext_lazy("review"), gettext_lazy("reviews")),
    "judging.score": (gettext_lazy("score"), gettext_lazy("scores")),
    "ceremony.award": (gettext_lazy("award"), gettext_lazy("awards")),
    "ceremony.decision": (gettext_lazy("winner decision"), gettext_lazy("winner decisions")),
    "ceremony.certificate": (gettext_lazy("certificate"), gettext_lazy("certificates")),
    "ceremony.programmeitem": (gettext_lazy("programme item"), gettext_lazy("programme items")),
}


def _names(model: type[models.Model]) -> tuple[str, str]:
    singular, plural = NAMES.get(model._meta.label_lower,
                                 (model._meta.verbose_name, model._meta.verbose_name_plural))
    return str(singular), str(plural)


def _link_names(through: type[models.Model], origin: type[models.Model]) -> tuple[str, str]:
    """A link row of a many-to-many, named by what it links ``origin`` to ("3 awards")."""
    for field in through._meta.fields:
        related = getattr(field, "related_model", None)
        if related is not None and related is not origin:
            return _names(related)
    return _names(origin)


def uses(obj: models.Model) -> Counter:
    """What stops or would suffer from deleting ``obj``: (singular, plural) names -> count."""
    return uses_of([obj])


def uses_of(objs: list[models.Model]) -> Counter:
    """What stops or would suffer from deleting all of ``objs`` (of one model) together."""
    if not objs:
        return Counter()
    obj = objs[0]
    model = type(obj)
    collector = _Uses(router.db_for_write(model, instance=obj))
    collector.collect(list(objs))
    counts: Counter = Counter()
    for other in collector.protected:
        counts[_names(type(other))] += 1
    # what a deletion reaches by two paths (a score through its review and its criterion)
    # counts once
    reached: dict[type[models.Model], set] = {}
    for other, objs in collector.data.items():
        reached.setdefault(other, set()).update(o.pk for o in objs)
    for qs in collector.fast_deletes:
        reached.setdefault(qs.model, set()).update(qs.values_list("pk", flat=True))
    for other, pks in reached.items():
        count = len(pks)
        if not count or other is model:
            continue
        if other._meta.auto_created and other._meta.app_label in PRIZE_APPS:  # a link row
            counts[_link_names(other, model)] += count
        elif other._meta.label_lower in GUARDED:
            counts[_names(other)] += count
    extra = _EXTRA.get(model._meta.label_lower)
    if extra is not None:
        for one in objs:
            for names, count in extra(one).items():
                if count:
                    counts[names] += count
    return counts


def describe(counts: Counter) -> str:
    """ "150 entries and 3 awards", largest first."""
    parts = [
        f"{count} {singular if count == 1 else plural}"
        for (singular, plural), count in sorted(counts.items(), key=lambda item: -item[1])
    ]
    return get_text_list(parts, _("and"))


def refusal(obj: models.Model) -> str:
    """Why ``obj`` cannot be deleted and what to do instead, or "" when nothing depends on it."""
    counts = uses(obj)
    if not counts:
        return ""
    todo = _INSTEAD.get(type(obj)._meta.label_lower)
    return _("“%(name)s” cannot be deleted: it has %(uses)s. Nothing was deleted. %(instead)s") % {
        "name": obj,
        "uses": describe(counts),
        "instead": todo() if todo else _("Keep it and change it instead."),
    }


def refuse_deletion(obj: models.Model, error: type[Exception] = ValidationError) -> None:
    """Raise ``error`` with the refusal when ``obj`` is in use (for services)."""
    message = refusal(obj)
    if message:
        raise error(message)


# --- The admin ---------------------------------------------------------------------------------


class GuardedDeletionAdmin(admin.ModelAdmin):
    """An admin that refuses to delete what is in use, with the refusal as its message: from
    the object's page, with the "delete selected" action, and as a last check when deleting."""

    def _refuse(self, request, objs: Iterable[models.Model]) -> bool:
        objs = list(objs)
        if len(objs) > 1 and not uses_of(objs):
            return False  # one look at the whole selection when none of it is in use
        refused = [message for message in (refusal(obj) for obj in objs) if message]
        for message in refused:
            self.message_user(request, message, messages.ERROR)
        return bool(refused)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self._refuse(request, [obj]):
            opts = self.model._meta
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                    args=[obj.pk], current_app=self.admin_site.name))
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            action, name, description = actions["delete_selected"]

            def delete_selected(modeladmin, request, queryset):
                if modeladmin._refuse(request, queryset):
                    return None  # back to the list, with the messages
                return action(modeladmin, request, queryset)

            actions["delete_selected"] = (delete_selected, name, description)
        return actions

    def delete_model(self, request, obj):
        if not self._refuse(request, [obj]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if not self._refuse(request, queryset):
            super().delete_queryset(request, queryset)


class GuardedInlineFormSet(BaseInlineFormSet):
    """An inline whose rows marked for deletion are refused, with the refusal, when in use."""

    def clean(self):
        super().clean()
        errors = [message for message in (
            refusal(form.instance) for form in self.deleted_forms if form.instance.pk
        ) if message]
        if errors:
            raise ValidationError(errors)
