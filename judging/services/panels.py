"""Judges: invitations to a round and category panel, their profiles, their declared conflicts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entries.models import Entrant, Entry
from prize.enums import Role
from prize.models import Category, User
from prize.services import audit, notify, role_grant, snapshot
from prize.translations import localised

from .. import conflicts
from ..enums import ConflictScope, RoundStatus
from ..models import Assignment, ConflictDeclaration, JudgeProfile, PanelMembership, Round
from .common import JudgingError

PROFILE_FIELDS = ["expertise", "organisation", "city", "country", "bio"]


def judge_invite(*, round: Round, category: Category, email: str, by: User | None,
                 name: str = "", capacity: int | None = None,
                 resend: bool = False) -> PanelMembership:
    """Invite a judge to a panel by e-mail. A new address gets an account without a password;
    the link lets them choose one (or sign in, if they have an account). Inviting a member
    again sends nothing unless ``resend``."""
    email = email.strip().lower()
    if category.edition_id != round.edition_id:
        raise JudgingError(_("That category belongs to another edition."))
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("edition").get(pk=round.pk)
        if round.status == RoundStatus.FINALISED:
            raise JudgingError(_("%(round)s is finalised.") % {"round": round.name})
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, name=name.strip())
        role_grant(user=user, edition=round.edition, role=Role.JUDGE, by=by)
        JudgeProfile.objects.get_or_create(user=user)
        membership, created = PanelMembership.objects.get_or_create(
            round=round, category=category, judge=user,
            defaults={"invited_by": by, "capacity": capacity},
        )
        if not created and capacity != membership.capacity:
            membership.capacity = capacity
            membership.save(update_fields=["capacity"])
        # One invitation per judge and round, whatever the number of panels: a judge who
        # already accepted this round sits on the new panel at once, and one whose invitation
        # to the round is still open gets no second e-mail (accepting it accepts every panel).
        others = (PanelMembership.objects.filter(round=round, judge=user)
                  .exclude(pk=membership.pk).order_by("invited_at", "pk"))
        already_invited = created and others.exists()
        if created and others.filter(accepted_at__isnull=False).exists():
            membership.accepted_at = timezone.now()
            membership.save(update_fields=["accepted_at"])
        if created:
            audit(by, "panel.invite", membership, edition=round.edition,
                  after={"judge": user.email, "category": category.name})
        if (created and not already_invited) or resend:
            key = f"judging-invitation:{membership.pk}"
            if resend:
                key += f":{timezone.now():%Y%m%d%H%M%S}"
            notify(user, "judging/invitation", {
                "inviter_name": (by.get_full_name() if by else "") or round.edition.name,
                "round_name": localised(round, "name"),
                "category_name": localised(category, "name"),
                "edition_name": localised(round.edition, "name"),
                "closes_at": round.closes_at,
                "time_zone": user.time_zone or round.edition.time_zone,
                "needs_password": not user.has_usable_password(),
            }, key=key, edition=round.edition,
                secrets={"accept_path": f"/judging/invitations/{membership.token}/"})
    return membership


def invitation_accept(*, membership: PanelMembership, user: User) -> PanelMembership:
    """The invited judge accepts the round: every panel of the round they are invited to
    (again: nothing changes)."""
    if membership.judge_id != user.pk:
        raise JudgingError(_("This invitation was sent to another e-mail address."))
    with transaction.atomic():
        panels = list(PanelMembership.objects.select_for_update()
                      .filter(round_id=membership.round_id, judge=user).order_by("pk"))
        now = timezone.now()
        for panel in panels:
            if panel.accepted_at is None:
                panel.accepted_at = now
                panel.save(update_fields=["accepted_at"])
                audit(user, "panel.accept", panel, edition=membership.round.edition)
        membership = next(p for p in panels if p.pk == membership.pk)
    return membership


def judge_profile_update(*, user: User, data: dict, by: User) -> JudgeProfile:
    """Expertise, organisation, city, country and bio. A change of organisation, city or
    country may create conflicts with entries already assigned: they are released."""
    with transaction.atomic():
        profile, _created = JudgeProfile.objects.select_for_update().get_or_create(user=user)
        before = snapshot(profile, PROFILE_FIELDS)
        for key, value in data.items():
            setattr(profile, key, value)
        profile.save()
        after = snapshot(profile, PROFILE_FIELDS)
        changed = [k for k in data if before.get(k) != after.get(k)]
        if changed:
            audit(by, "judge.profile", profile,
                  before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
            _release_conflicted(user, reason=_("Conflict found after a profile change"), by=by)
    return profile


def conflict_declare(*, judge: User, round_or_edition, scope: str, reason: str, by: User,
                     entrant: Entrant | None = None, entry: Entry | None = None,
                     city: str = "", country: str = "") -> ConflictDeclaration:
    """A judge declares a conflict (before or during a round). Assignments it covers in rounds
    not yet closed are released and replaced where a judge is free."""
    edition = getattr(round_or_edition, "edition", round_or_edition)
    reason = (reason or "").strip()
    if not reason:
        raise JudgingError(_("Say briefly why there is a conflict."))
    if scope not in ConflictScope.values:
        raise JudgingError(_("Choose what the conflict is with."))
    target = {
        ConflictScope.ORGANISATION: entrant,
        ConflictScope.ENTRY: entry,
        ConflictScope.CITY: city.strip(),
        ConflictScope.COUNTRY: str(country or ""),
    }[scope]
    if not target:
        raise JudgingError(_("Name what the conflict is with."))
    if entry is not None and entry.edition_id != edition.pk:
        raise JudgingError(_("That entry is not part of this edition."))
    with transaction.atomic():
        declaration = ConflictDeclaration.objects.create(
            edition=edition, judge=judge, scope=scope, reason=reason,
            entrant=entrant if scope == ConflictScope.ORGANISATION else None,
            entry=entry if scope == ConflictScope.ENTRY else None,
            city=city.strip() if scope == ConflictScope.CITY else "",
            country=str(country or "") if scope in (ConflictScope.CITY, ConflictScope.COUNTRY)
            else "",
        )
        audit(by, "conflict.declare", declaration, edition=edition,
              after={"scope": scope, "target": str(target), "reason": reason})
        _release_conflicted(judge, reason=_("Declared conflict: %(reason)s") % {"reason": reason},
                            by=by, edition=edition)
    return declaration


def member_conflicts_release(*, user: User, by: User | None = None) -> int:
    """``user`` became a member of an entrant (or moved to another): their assignments of its
    entries in rounds not yet closed are released and replaced where a judge is free, like any
    conflict found late. Returns how many were released."""
    with transaction.atomic():
        return _release_conflicted(user, reason=_("Conflict found on joining an entrant"), by=by)


def _release_conflicted(judge: User, *, reason: str, by: User | None, edition=None) -> int:
    """Release the judge's assignments (rounds in draft or open) that are now conflicted."""
    from .reviews import release_assignment

    assignments = Assignment.objects.filter(
        judge=judge, round__status__in=[RoundStatus.DRAFT, RoundStatus.OPEN]
    ).select_related("round__edition", "entry__entrant", "entry__category")
    if edition is not None:
        assignments = assignments.filter(round__edition=edition)
    assignments = list(assignments)
    if not assignments:
        return 0
    profile, member_of = conflicts.membership_of(judge)
    declarations: dict[int, list] = {}
    released = 0
    for assignment in assignments:
        round = assignment.round
        if round.edition_id not in declarations:
            declarations[round.edition_id] = list(
                conflicts.declarations_for(round.edition_id, [judge.pk]))
        found = conflicts.reasons(round, judge, assignment.entry,
                                  declarations=declarations[round.edition_id], profile=profile,
                                  member_of=member_of)
        if found:
            release_assignment(assignment, reason=f"{reason} ({'; '.join(found)})", by=by)
            released += 1
    return released
