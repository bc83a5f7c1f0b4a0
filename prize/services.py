"""Every write of the shared core: one function per change, owning its side effects."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from .enums import EDITION_TRANSITIONS, EditionStatus, Role
from .models import AuditEvent, Edition, RoleAssignment, User
from .outbox import notify


def _comparable(value):
    """A value as the audit log compares it: a moment in UTC (the same instant typed in another
    time zone is no change), text with one kind of line break."""
    from datetime import UTC, datetime

    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """A JSON-safe picture of a model's fields, for the audit log: equal pictures mean no
    change."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    data = {key: _comparable(value) for key, value in model_to_dict(obj, fields=fields).items()}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))


def audit(
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    *,
    edition: Edition | None = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one event to the audit log (in the caller's transaction)."""
    if edition is None and target is not None:
        edition = target if isinstance(target, Edition) else getattr(target, "edition", None)
    return AuditEvent.objects.create(
        actor=actor if actor and actor.pk else None,
        actor_repr=(actor.email if actor and actor.pk else "system")[:254],
        edition=edition,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        before=before,
        after=after,
        note=note,
    )


def role_grant(*, user: User, edition: Edition, role: str, by: User | None) -> RoleAssignment:
    """Give ``user`` a role in ``edition``; granting a role twice changes nothing."""
    if role not in Role.values:
        raise ValidationError(_("Choose one of the roles: %(roles)s.") % {
            "roles": ", ".join(str(label) for label in Role.labels)})
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, edition=edition, role=role
        )
        if created:
            audit(by, "role.grant", user, edition=edition, after={"role": role})
            user.__dict__.pop("role_set", None)
    return assignment


def role_revoke(*, user: User, edition: Edition, role: str, by: User | None) -> bool:
    with transaction.atomic():
        deleted, _n = RoleAssignment.objects.filter(user=user, edition=edition, role=role).delete()
        if deleted:
            audit(by, "role.revoke", user, edition=edition, before={"role": role})
            user.__dict__.pop("role_set", None)
    return bool(deleted)


def edition_set_status(*, edition: Edition, status: str, by: User | None) -> Edition:
    """Move an edition along its life: draft → call open → judging → announced → archived."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if status == edition.status:
            return edition
        if status not in EDITION_TRANSITIONS[edition.status]:
            from django.utils.text import get_text_list

            allowed = [f"“{EditionStatus(s).label}”" for s in EditionStatus.values
                       if s in EDITION_TRANSITIONS[edition.status]]
            if not allowed:
                raise ValidationError(
                    _("Leave the edition “%(from)s”: it cannot move to “%(to)s” or any other "
                      "status.")
                    % {"from": edition.get_status_display(), "to": EditionStatus(status).label})
            raise ValidationError(
                _("Move the edition from “%(from)s” to %(allowed)s instead: it cannot go to "
                  "“%(to)s” from there.")
                % {"from": edition.get_status_display(), "to": EditionStatus(status).label,
                   "allowed": get_text_list(allowed, _("or"))}
            )
        before = {"status": edition.status}
        edition.status = status
        edition.save(update_fields=["status", "updated_at"])
        audit(by, "edition.status", edition, before=before, after={"status": status})
    return edition


def edition_make_current(*, edition: Edition, by: User | None) -> Edition:
    with transaction.atomic():
        Edition.objects.filter(is_current=True).exclude(pk=edition.pk).update(is_current=False)
        if not edition.is_current:
            edition.is_current = True
            edition.save(update_fields=["is_current", "updated_at"])
            audit(by, "edition.make_current", edition, after={"is_current": True})
    return edition


def dependents(exc: ProtectedError | RestrictedError) -> str:
    """What stops a deletion, counted by kind: "150 entries and 3 awards"."""
    from django.utils.text import get_text_list

    objects = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
    counts: dict[type, int] = {}
    for obj in objects:
        counts[type(obj)] = counts.get(type(obj), 0) + 1
    parts = [
        f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for model, count in sorted(counts.items(), key=lambda item: -item[1])
    ]
    return get_text_list(parts, _("and"))


def edition_settings_save(*, edition: Edition, form, formset, by: User) -> Edition:
    """Save the staff settings page (edition and its categories) as one audited change."""
    with transaction.atomic():
        before = snapshot(Edition.objects.get(pk=edition.pk))
        edition = form.save()
        after = snapshot(edition)
        changed = sorted(k for k in after if before.get(k) != after[k])
        if changed:
            audit(by, "edition.update", edition,
                  before={k: before.get(k) for k in changed}, after={k: after[k] for k in changed})
        formset_save(edition=edition, formset=formset, kind="category", by=by, instead=_(
            "Keep the category (rename it, or change who may enter it) instead of deleting it."))
    return edition


def formset_save(*, edition: Edition, formset, kind: str, by: User, instead: str) -> None:
    """Save the rows of one of an edition's lists (categories, organisations, milestones):
    each saved and deleted row audited as ``<kind>.save`` / ``<kind>.delete``; a row that
    others depend on is not deleted, and nothing is saved (the caller's transaction)."""
    from .deletion import refusal  # the admin's sentence: what depends on it, what to do

    with transaction.atomic():
        deleted = [(str(form.instance), snapshot(form.instance))
                   for form in formset.deleted_forms if form.instance.pk]
        refused = [message for message in (refusal(form.instance)
                                           for form in formset.deleted_forms
                                           if form.instance.pk) if message]
        if refused:
            raise ValidationError(refused)
        try:
            saved = formset.save()
        except (ProtectedError, RestrictedError) as exc:
            raise ValidationError(
                _("%(names)s cannot be deleted: it has %(uses)s. Nothing was saved. %(instead)s")
                % {"names": ", ".join(name for name, _data in deleted),
                   "uses": dependents(exc), "instead": instead}) from None
        for row in saved:
            audit(by, f"{kind}.save", row, edition=edition, after=snapshot(row))
        for name, data in deleted:
            audit(by, f"{kind}.delete", None, edition=edition, before=data, note=name)


__all__ = [
    "audit",
    "edition_settings_save",
    "formset_save",
    "edition_make_current",
    "edition_set_status",
    "notify",
    "role_grant",
    "role_revoke",
    "snapshot",
]
