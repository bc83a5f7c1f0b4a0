"""Every write of the ceremony app: one function per transition, owning its side effects (save,
audit, notify) in one transaction.

Awards are data; decisions fill them (the secretariat proposes, a second person confirms);
the publication lifts the embargo once, at its moment; result e-mails are written only once the
results are public, one per entrant member and entry, whatever runs twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entries.enums import EntryStatus
from entries.models import Entry
from judging.models import Round
from judging.results import round_results
from prize.enums import EditionStatus, Role
from prize.models import Edition, User
from prize.services import audit, edition_set_status
from prize.translations import localised

from .. import proposal as pure
from .. import selectors
from ..enums import AwardKind, AwardPool, DecisionStatus
from ..models import Award, Decision, Publication, ResultMailing


class CeremonyError(ValidationError):
    """A decision or publication that the rules refuse; its message is for the user."""


AWARD_FIELDS = ["name", "kind", "category", "tier", "order", "winners", "description", "pool"]


def _snapshot_award(award: Award) -> dict:
    data = {f: getattr(award, f) for f in AWARD_FIELDS}
    data["category"] = award.category.name if award.category_id else None
    data["partners"] = sorted(p.name for p in award.partners.all()) if award.pk else []
    return data


def _check_staff(user: User | None, edition: Edition) -> None:
    if user is not None and not selectors.is_results_staff(user, edition):
        raise CeremonyError(_("Only the edition's staff can do this."))


def _check_secretariat(user: User | None, edition: Edition) -> None:
    """Awards, proposals, publication and result e-mails are the secretariat's; the evaluation
    partner (coordinators) sees everything and confirms or reopens decisions."""
    if user is None:
        return
    if not (user.is_authenticated and (user.is_superuser
                                       or user.has_role(edition, Role.SECRETARIAT))):
        raise CeremonyError(_("Only the edition's secretariat staff can do this."))


def _check_not_published(edition: Edition) -> None:
    if Publication.objects.filter(edition=edition, published_at__isnull=False).exists():
        raise CeremonyError(
            _(
                "The results are published. Unpublish them (with a reason) "
                "before changing the awards or the winners."
            )
        )


# --- Awards -----------------------------------------------------------------------------------


def award_save(
    *, edition: Edition, data: dict, by: User | None, award: Award | None = None
) -> Award:
    """Create or change an award. An award cannot take fewer winners than it already has, nor
    move to another category while it has winners."""
    partners = data.pop("partners", None)
    with transaction.atomic():
        _check_secretariat(by, edition)
        _check_not_published(edition)
        if award is not None:
            award = Award.objects.select_for_update().get(pk=award.pk, edition=edition)
        before = _snapshot_award(award) if award is not None else None
        decided = award.decisions.count() if award is not None else 0
        if award is not None and decided:
            if data.get("winners", award.winners) < decided:
                raise CeremonyError(
                    _(
                        "%(award)s already has %(count)d winners: remove decisions before taking "
                        "seats away."
                    )
                    % {"award": award, "count": decided}
                )
            category = data.get("category", award.category)
            if getattr(category, "pk", None) != award.category_id:
                raise CeremonyError(
                    _("%(award)s has winners: it cannot move to another category.")
                    % {"award": award}
                )
        award = award or Award(edition=edition)
        for key, value in data.items():
            setattr(award, key, value)
        if award.kind != AwardKind.SPECIAL_MENTION and award.category_id is None:
            raise CeremonyError(_("Choose the category this award belongs to."))
        if award.category_id and award.category.edition_id != edition.pk:
            raise CeremonyError(_("That category belongs to another edition."))
        award.full_clean(exclude=["edition"])
        award.save()
        if partners is not None:
            partners = list(partners)
            if any(p.edition_id != edition.pk for p in partners):
                raise CeremonyError(_("A partner belongs to another edition."))
            award.partners.set(partners)
        audit(
            by,
            "award.change" if before else "award.create",
            award,
            edition=edition,
            before=before,
            after=_snapshot_award(award),
        )
    return award


def award_delete(*, award: Award, by: User | None) -> None:
    with transaction.atomic():
        _check_secretariat(by, award.edition)
        _check_not_published(award.edition)
        count = award.decisions.count()
        if count:
            raise CeremonyError(
                _(
                    "%(award)s has %(count)d decided winners. Remove those decisions first; an "
                    "award never loses its winners silently."
                )
                % {"award": award, "count": count}
            )
        audit(by, "award.delete", award, edition=award.edition, before=_snapshot_award(award))
        award.delete()


# --- The proposal from the final round's ranking ------------------------------------------------


@dataclass
class CategoryProposal:
    category: object
    awards: list[Award]
    proposal: pure.Proposal
    ranks: dict[int, int]
    scores: dict[int, float | None]
    entries: dict[int, Entry]


def final_ranking(edition: Edition) -> tuple[Round | None, dict[int, tuple]]:
    """The final round and, per category id, (ranks, scores, entries) of its leaderboard."""
    round = selectors.final_round(edition)
    if round is None:
        return None, {}
    results = round_results(round)
    key = results.categories[0].ranking.tie_break[0] if results.categories else None
    out = {}
    for cat in results.categories:
        ranks = {row.entry: row.rank for row in cat.ranking.rows}
        scores = {row.entry: row.values.get(key) for row in cat.ranking.rows}
        out[cat.category.pk] = (ranks, scores, cat.entries)
    return round, out


def proposals(edition: Edition) -> list[CategoryProposal]:
    """Per category, the awards in tier order filled from the final round's ranking."""
    _round, ranking = final_ranking(edition)
    finalists = selectors.finalist_ids(edition)
    by_category: dict[int, list[Award]] = {}
    categories = {}
    for award in selectors.awards_of(edition).exclude(kind=AwardKind.SPECIAL_MENTION):
        by_category.setdefault(award.category_id, []).append(award)
        categories[award.category_id] = award.category
    out = []
    for category_id, awards in by_category.items():
        ranks, scores, entries = ranking.get(category_id, ({}, {}, {}))
        rows = [pure.Ranked(entry=e, rank=r) for e, r in ranks.items() if e in finalists]
        tiers = [
            pure.Tier(award=a.pk, seats=a.winners)
            for a in sorted(awards, key=lambda a: (a.order, a.name))
        ]
        out.append(
            CategoryProposal(
                category=categories[category_id],
                awards=awards,
                proposal=pure.propose(rows, tiers),
                ranks=ranks,
                scores=scores,
                entries=entries,
            )
        )
    return out


def _ranking_of(
    edition: Edition, award: Award, entry: Entry
) -> tuple[int | None, float | None, bool]:
    """(rank, score, departs): where ``entry`` stood, and whether the ranking would not have
    given it ``award``."""
    if award.kind == AwardKind.SPECIAL_MENTION:
        _round, ranking = final_ranking(edition)
        ranks, scores, _entries = ranking.get(entry.category_id, ({}, {}, {}))
        return ranks.get(entry.pk), scores.get(entry.pk), False  # chosen with partners
    for item in proposals(edition):
        if item.category.pk == award.category_id:
            expected = item.proposal.award_of(entry.pk)
            tied = any(
                entry.pk in tie.entries and award.pk in tie.awards for tie in item.proposal.ties
            )
            return (
                item.ranks.get(entry.pk),
                item.scores.get(entry.pk),
                expected != award.pk and not tied,
            )
    return None, None, True


# --- Decisions ----------------------------------------------------------------------------------


def _check_pool(award: Award, entry: Entry) -> None:
    if entry.edition_id != award.edition_id:
        raise CeremonyError(_("That entry belongs to another edition."))
    if entry.status == EntryStatus.WITHDRAWN:
        raise CeremonyError(
            _("%(ref)s was withdrawn; it cannot win.") % {"ref": entry.reference or entry.pk}
        )
    if award.category_id and entry.category_id != award.category_id:
        raise CeremonyError(
            _("%(ref)s is not in %(category)s.")
            % {"ref": entry.reference or entry.pk, "category": award.category.name}
        )
    if award.pool == AwardPool.FINALISTS:
        if entry.pk not in selectors.finalist_ids(award.edition_id):
            raise CeremonyError(
                _("%(ref)s is not a finalist; %(award)s is chosen from the finalists.")
                % {"ref": entry.reference or entry.pk, "award": award}
            )
    elif entry.status != EntryStatus.ELIGIBLE:
        raise CeremonyError(
            _("%(ref)s is not an eligible entry.") % {"ref": entry.reference or entry.pk}
        )


def decision_propose(
    *, award: Award, entry: Entry, by: User, reason: str = "", citation: str = "",
    translations: dict | None = None,
) -> Decision:
    """Propose ``entry`` for ``award``. A proposal that departs from the ranking needs a reason.
    ``translations``: the citation in each language by column (``citation_en``,
    ``citation_ko``), as a form that shows them side by side gives them."""
    reason, citation = (reason or "").strip(), (citation or "").strip()
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("edition", "category")
            .get(pk=award.pk)
        )
        _check_secretariat(by, award.edition)
        _check_not_published(award.edition)
        _check_pool(award, entry)
        if Decision.objects.filter(award=award, entry=entry).exists():
            raise CeremonyError(
                _("%(ref)s is already a winner of %(award)s.")
                % {"ref": entry.reference or entry.pk, "award": award}
            )
        if award.decisions.count() >= award.winners:
            raise CeremonyError(ngettext_seats(award))
        rank, score, departs = _ranking_of(award.edition, award, entry)
        if departs and not reason:
            raise CeremonyError(
                _("This departs from the ranking (%(ref)s is ranked %(rank)s): give the reason.")
                % {"ref": entry.reference or entry.pk, "rank": rank if rank else "—"}
            )
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    award=award,
                    entry=entry,
                    rank=rank,
                    score=score,
                    departs=departs,
                    reason=reason,
                    citation=citation,
                    proposed_by=by,
                    **_stripped(translations),
                )
        except IntegrityError as exc:  # a double click: the first one won
            raise CeremonyError(
                _("%(ref)s is already a winner of %(award)s.")
                % {"ref": entry.reference or entry.pk, "award": award}
            ) from exc
        audit(
            by,
            "decision.propose",
            decision,
            edition=award.edition,
            after={
                "award": str(award),
                "entry": entry.reference,
                "rank": rank,
                "score": score,
                "departs": departs,
                "reason": reason,
            },
        )
    return decision


def ngettext_seats(award: Award) -> str:
    from django.utils.translation import ngettext

    return ngettext(
        "%(award)s takes %(count)d winner and has it already.",
        "%(award)s takes %(count)d winners and has them all already.",
        award.winners,
    ) % {"award": award, "count": award.winners}


def _stripped(translations: dict | None) -> dict:
    return {key: (value or "").strip() for key, value in (translations or {}).items()}


def decision_edit(
    *, decision: Decision, by: User, citation: str | None = None, reason: str | None = None,
    translations: dict | None = None,
) -> Decision:
    """Change a proposal's citation or reason (a confirmed decision is locked: reopen it)."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("award__edition")
            .get(pk=decision.pk)
        )
        _check_secretariat(by, decision.award.edition)
        _check_not_published(decision.award.edition)
        if decision.status != DecisionStatus.PROPOSED:
            raise CeremonyError(_("A confirmed decision is locked; reopen it to change it."))
        before = {"citation": decision.citation, "reason": decision.reason}
        if citation is not None:
            decision.citation = citation.strip()
        for key, value in _stripped(translations).items():
            setattr(decision, key, value)
        if reason is not None:
            decision.reason = reason.strip()
        if decision.departs and not decision.reason:
            raise CeremonyError(_("This decision departs from the ranking: keep a reason."))
        decision.save(update_fields=["citation", "reason", *_stripped(translations)])
        after = {"citation": decision.citation, "reason": decision.reason}
        if before != after:
            audit(
                by,
                "decision.edit",
                decision,
                edition=decision.award.edition,
                before=before,
                after=after,
            )
    return decision


def decision_remove(*, decision: Decision, by: User, reason: str = "") -> None:
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("award__edition", "entry")
            .get(pk=decision.pk)
        )
        _check_secretariat(by, decision.award.edition)
        _check_not_published(decision.award.edition)
        if decision.status != DecisionStatus.PROPOSED:
            raise CeremonyError(_("A confirmed decision is locked; reopen it to change it."))
        audit(
            by,
            "decision.remove",
            decision,
            edition=decision.award.edition,
            before={"award": str(decision.award), "entry": decision.entry.reference},
            note=reason,
        )
        decision.delete()


def decision_move(*, decision: Decision, award: Award, by: User, reason: str = "") -> Decision:
    """Move a proposal to another award (another tier): one removal and one proposal."""
    with transaction.atomic():
        entry, citation = decision.entry, decision.citation
        # the citation moves with it in every language
        translations = {f"citation_{code}": getattr(decision, f"citation_{code}") or ""
                        for code in settings.MODELTRANSLATION_LANGUAGES}
        decision_remove(decision=decision, by=by, reason=reason)
        return decision_propose(award=award, entry=entry, by=by, reason=reason, citation=citation,
                                translations=translations)


def decision_confirm(*, decision: Decision, by: User) -> Decision:
    """The second pair of eyes: another secretariat member or a coordinator, never the one who
    proposed it."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("award__edition", "entry")
            .get(pk=decision.pk)
        )
        edition = decision.award.edition
        _check_staff(by, edition)
        _check_not_published(edition)
        if decision.status == DecisionStatus.CONFIRMED:
            return decision
        if decision.proposed_by_id == by.pk:
            raise CeremonyError(_("You proposed this decision: another person confirms it."))
        if decision.entry.status == EntryStatus.WITHDRAWN:
            raise CeremonyError(
                _("%(ref)s was withdrawn after it was chosen: remove this decision.")
                % {"ref": decision.entry.reference}
            )
        decision.status = DecisionStatus.CONFIRMED
        decision.confirmed_by = by
        decision.confirmed_at = timezone.now()
        decision.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        audit(
            by,
            "decision.confirm",
            decision,
            edition=edition,
            before={"status": DecisionStatus.PROPOSED},
            after={"status": DecisionStatus.CONFIRMED},
        )
    return decision


def decision_reopen(*, decision: Decision, by: User, reason: str) -> Decision:
    reason = (reason or "").strip()
    if not reason:
        raise CeremonyError(_("Say why this confirmed decision is reopened."))
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("award__edition")
            .get(pk=decision.pk)
        )
        edition = decision.award.edition
        _check_staff(by, edition)
        _check_not_published(edition)
        if decision.status != DecisionStatus.CONFIRMED:
            return decision
        before = {
            "status": decision.status,
            "confirmed_by": decision.confirmed_by.email if decision.confirmed_by else None,
        }
        decision.status = DecisionStatus.PROPOSED
        decision.confirmed_by = None
        decision.confirmed_at = None
        decision.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        audit(
            by,
            "decision.reopen",
            decision,
            edition=edition,
            before=before,
            after={"status": DecisionStatus.PROPOSED},
            note=reason,
        )
    return decision


# --- Publication --------------------------------------------------------------------------------


def publication_problems(edition: Edition) -> list[str]:
    """What stops the results from being published; empty when they can be."""
    problems = []
    awards = list(selectors.awards_of(edition))
    if not awards:
        return [_("The edition has no awards.")]
    counts: dict[int, int] = {}
    unconfirmed = 0
    withdrawn = []
    for decision in Decision.objects.filter(award__edition=edition).select_related("entry"):
        counts[decision.award_id] = counts.get(decision.award_id, 0) + 1
        if decision.status != DecisionStatus.CONFIRMED:
            unconfirmed += 1
        if decision.entry.status == EntryStatus.WITHDRAWN:
            withdrawn.append(decision.entry.reference or str(decision.entry_id))
    if unconfirmed:
        problems.append(
            _("%(count)d decisions are not confirmed by a second person.") % {"count": unconfirmed}
        )
    for award in awards:
        have = counts.get(award.pk, 0)
        if have < award.winners:
            problems.append(
                _("%(award)s has %(have)d of its %(seats)d winners.")
                % {"award": award, "have": have, "seats": award.winners}
            )
    if withdrawn:
        problems.append(
            _("Withdrawn entries are among the winners: %(refs)s.") % {"refs": ", ".join(withdrawn)}
        )
    return problems


def _publication(edition: Edition) -> Publication:
    publication, _created = Publication.objects.select_for_update().get_or_create(edition=edition)
    return publication


def publication_schedule(*, edition: Edition, at: datetime | None, by: User) -> Publication:
    """Publish at ``at`` (the beat task lifts the embargo then), or at once when ``at`` is None
    or past."""
    with transaction.atomic():
        _check_secretariat(by, edition)
        publication = _publication(edition)
        if publication.published_at is not None:
            raise CeremonyError(_("The results are already published."))
        problems = publication_problems(edition)
        if problems:
            raise CeremonyError(problems)
        now = timezone.now()
        before = {
            "scheduled_at": publication.scheduled_at.isoformat()
            if publication.scheduled_at
            else None
        }
        publication.scheduled_at = at if at and at > now else now
        publication.scheduled_by = by
        publication.save(update_fields=["scheduled_at", "scheduled_by", "updated_at"])
        audit(
            by,
            "results.schedule",
            publication,
            edition=edition,
            before=before,
            after={"scheduled_at": publication.scheduled_at.isoformat()},
        )
        if publication.scheduled_at <= now:
            _publish(publication, by=by, at=now)
    return publication


def publication_cancel(*, edition: Edition, by: User) -> Publication:
    """Take back a schedule that has not yet come."""
    with transaction.atomic():
        _check_secretariat(by, edition)
        publication = _publication(edition)
        if publication.published_at is not None:
            raise CeremonyError(_("The results are already published: unpublish them."))
        if publication.scheduled_at is None:
            return publication
        before = {"scheduled_at": publication.scheduled_at.isoformat()}
        publication.scheduled_at = None
        publication.save(update_fields=["scheduled_at", "updated_at"])
        audit(by, "results.unschedule", publication, edition=edition, before=before)
    return publication


def _publish(publication: Publication, *, by: User | None, at: datetime) -> bool:
    """Lift the embargo, once (the caller holds the row lock)."""
    if publication.published_at is not None:
        return False
    problems = publication_problems(publication.edition)
    if problems:  # something changed since it was scheduled: hold, and say so
        audit(
            by,
            "results.held",
            publication,
            edition=publication.edition,
            note="; ".join(str(p) for p in problems),
        )
        publication.scheduled_at = None
        publication.save(update_fields=["scheduled_at", "updated_at"])
        return False
    publication.published_at = at
    publication.published_by = by or publication.scheduled_by
    publication.save(update_fields=["published_at", "published_by", "updated_at"])
    audit(
        by,
        "results.publish",
        publication,
        edition=publication.edition,
        after={"published_at": at.isoformat()},
    )
    # The edition's public phase follows: its pages now speak of the winners announced. Read
    # from the database: the caller's edition object may be older than the edition's status.
    edition = Edition.objects.select_for_update().get(pk=publication.edition_id)
    if edition.status == EditionStatus.JUDGING:
        edition_set_status(edition=edition, status=EditionStatus.ANNOUNCED, by=by)
        publication.edition.status = edition.status
    return True


def publications_due(now: datetime | None = None) -> int:
    """Beat: publish every edition whose moment has come, exactly once (row locks; a second
    run, or two beats, find nothing left to do)."""
    now = now or timezone.now()
    published = 0
    ids = list(
        Publication.objects.filter(published_at__isnull=True, scheduled_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        with transaction.atomic():
            publication = (
                Publication.objects.select_for_update(skip_locked=True)
                .select_related("edition")
                .filter(pk=pk, published_at__isnull=True, scheduled_at__lte=now)
                .first()
            )
            if publication is not None and _publish(publication, by=None, at=now):
                published += 1
    return published


def publication_unpublish(*, edition: Edition, by: User, reason: str) -> Publication:
    reason = (reason or "").strip()
    if not reason:
        raise CeremonyError(_("Say why the results are taken back."))
    with transaction.atomic():
        _check_secretariat(by, edition)
        publication = _publication(edition)
        if publication.published_at is None:
            raise CeremonyError(_("The results are not published."))
        before = {"published_at": publication.published_at.isoformat()}
        publication.published_at = None
        publication.published_by = None
        publication.scheduled_at = None
        publication.save(
            update_fields=["published_at", "published_by", "scheduled_at", "updated_at"]
        )
        audit(by, "results.unpublish", publication, edition=edition, before=before, note=reason)
        if edition.status == EditionStatus.ANNOUNCED:
            edition_set_status(edition=edition, status=EditionStatus.JUDGING, by=by)
    return publication


def role_may_confirm(user: User, edition: Edition) -> bool:
    return user.is_superuser or user.has_role(edition, Role.SECRETARIAT, Role.COORDINATOR)


# --- Result e-mails -----------------------------------------------------------------------------


def _told_at_screening(edition: Edition) -> set[int]:
    """Ineligible entries whose entrants were told so when screening decisions were released."""
    from entries.models import ScreeningDecision

    return set(
        ScreeningDecision.objects.filter(
            entry__edition=edition, released_at__isnull=False, decision=EntryStatus.INELIGIBLE
        ).values_list("entry_id", flat=True)
    )


def result_recipients(edition: Edition) -> list[tuple]:
    """(entry, result, member user) for every entrant person owed a result e-mail: every
    submitted entry, less the ineligible ones already told at screening. A few queries for the
    whole edition, whatever its size (no list of ids in a query)."""
    from entries.models import EntrantMember

    # Only the columns a result e-mail reads: 24,000 entries and their people in a few seconds.
    entries = list(selectors.entries_with_results(edition).prefetch_related(None).only(
        "pk", "reference", "title", "status", "entrant_id", "category__name"))
    results = selectors.results_for_entries(edition, entries)
    told = _told_at_screening(edition)
    people: dict[int, list] = {}
    for member in (EntrantMember.objects.filter(entrant__entries__edition=edition)
                   .select_related("user").only("entrant_id", "user__email", "user__name",
                                                "user__language")
                   .distinct().order_by("pk")):
        people.setdefault(member.entrant_id, []).append(member.user)
    out = []
    for entry in entries:
        if entry.pk in told:
            continue
        for user in people.get(entry.entrant_id, []):
            out.append((entry, results[entry.pk], user))
    return out


def result_counts(edition: Edition) -> dict[str, int]:
    """How many e-mails of each kind would go ("240 entrants: 21 winners, 19 finalists...")."""
    counts: dict[str, int] = {}
    for _entry, result, _user in result_recipients(edition):
        counts[result.kind] = counts.get(result.kind, 0) + 1
    return counts


def result_context(edition: Edition, entry: Entry, result,
                   dashboard_path: str | None = None) -> dict:
    """The plain values of one result e-mail (no link that grants access); the prize's texts
    in the language of whoever reads it (``localised``: the recipient's, in the outbox)."""
    from django.urls import reverse

    return {
        "edition": localised(edition, "name"),
        "kind": result.kind,
        "reference": entry.reference,
        "title": entry.title,
        "category": localised(entry.category, "name"),
        "awards": [
            {"name": localised(d.award, "name"), "tier": localised(d.award, "tier"),
             "citation": localised(d, "citation")}
            for d in result.decisions
        ],
        "round_reached": localised(result.round_reached, "name") if result.round_reached
        else "",
        "ceremony_at": edition.ceremony_at,
        "ceremony_venue": localised(edition, "ceremony_venue"),
        "time_zone": edition.time_zone,
        "dashboard_path": dashboard_path or reverse("entries:dashboard"),
    }


def results_mailing_create(
    *, edition: Edition, kinds: list[str], by: User, send_after: datetime | None = None
) -> ResultMailing:
    """Ask for the result e-mails of ``kinds`` to go out from ``send_after`` (at once when
    None), never before the results are public."""
    from ..enums import ResultKind

    kinds = [k for k in ResultKind.values if k in set(kinds or [])]
    if not kinds:
        raise CeremonyError(_("Choose which results to send."))
    with transaction.atomic():
        _check_secretariat(by, edition)
        publication = Publication.objects.filter(edition=edition).first()
        if publication is None or (
            publication.published_at is None and publication.scheduled_at is None
        ):
            raise CeremonyError(
                _(
                    "Schedule the publication first: result e-mails go out only "
                    "once the results are public."
                )
            )
        mailing = ResultMailing.objects.create(
            edition=edition, kinds=kinds, send_after=send_after, created_by=by
        )
        audit(
            by,
            "results.mailing",
            mailing,
            edition=edition,
            after={"kinds": kinds, "send_after": send_after.isoformat() if send_after else None},
        )
    transaction.on_commit(lambda: results_mail_due())
    return mailing


def results_mail_due(now: datetime | None = None) -> int:
    """Beat (and right after a mailing is made): write the result e-mails of every mailing
    whose moment has come and whose edition's results are public. Each entry and person gets
    one result e-mail ever (the outbox key), whatever mailings overlap or runs repeat. Written
    in bulk and sent in batches: 24,000 entrants are a few seconds' work here."""
    from django.urls import reverse

    from prize.outbox import Message, notify_many

    now = now or timezone.now()
    written = 0
    for pk in list(ResultMailing.objects.filter(written_at__isnull=True).values_list("pk",
                                                                                     flat=True)):
        with transaction.atomic():
            mailing = (ResultMailing.objects.select_for_update(skip_locked=True)
                       .select_related("edition").filter(pk=pk, written_at__isnull=True).first())
            if mailing is None or (mailing.send_after and mailing.send_after > now):
                continue
            if not selectors.results_public(mailing.edition, at=now):
                continue
            edition = mailing.edition
            dashboard = reverse("entries:dashboard")
            messages = [
                Message(recipient=user, template="ceremony/result",
                        context=result_context(edition, entry, result, dashboard),
                        key=f"result:{entry.pk}:{user.pk}", edition=edition)
                for entry, result, user in result_recipients(edition)
                if result.kind in mailing.kinds
            ]
            count = notify_many(messages)
            mailing.written_at, mailing.written = now, count
            mailing.save(update_fields=["written_at", "written"])
            written += count
    return written


def proposal_accept(*, edition: Edition, by: User, awards: list[Award] | None = None,
                    citations: dict[int, str] | None = None) -> list[Decision]:
    """Propose every entry the ranking places in ``awards`` (all the edition's tiered awards
    when None) in one go: the ranking is read once, whatever the number of winners. Seats a
    tie leaves open, and seats already decided, are left alone."""
    citations = citations or {}
    wanted = {a.pk for a in awards} if awards is not None else None
    made = []
    with transaction.atomic():
        _check_secretariat(by, edition)
        _check_not_published(edition)
        taken = {}
        for award_id, entry_id in Decision.objects.filter(award__edition=edition).values_list(
            "award_id", "entry_id"
        ):
            taken.setdefault(award_id, set()).add(entry_id)
        for item in proposals(edition):
            for award in item.awards:
                if wanted is not None and award.pk not in wanted:
                    continue
                have = taken.get(award.pk, set())
                seats = award.winners - len(have)
                for entry_id in item.proposal.placed[award.pk]:
                    if seats <= 0 or entry_id in have:
                        continue
                    entry = item.entries[entry_id]
                    if entry.status == EntryStatus.WITHDRAWN:
                        continue
                    made.append(Decision(
                        award=award, entry=entry, rank=item.ranks.get(entry_id),
                        score=item.scores.get(entry_id), departs=False,
                        citation=citations.get(entry_id, ""), proposed_by=by))
                    seats -= 1
        Decision.objects.bulk_create(made)
        if made:
            audit(by, "decision.accept_proposal", edition, edition=edition, after={
                "decisions": [{"award": str(d.award), "entry": d.entry.reference,
                               "rank": d.rank} for d in made]})
    return made


def decisions_confirm(*, decisions: list[Decision], by: User) -> int:
    """Confirm many proposals at once (the second pair of eyes), with the rules of one: the
    proposer's own are left for someone else, and a withdrawn entry refuses the whole action.
    A few queries for any number of decisions; one audit event per decision."""
    from django.contrib.contenttypes.models import ContentType

    from prize.models import AuditEvent

    ids = [d.pk for d in decisions]
    if not ids:
        return 0
    now = timezone.now()
    with transaction.atomic():
        rows = []
        for start in range(0, len(ids), 500):
            rows += list(
                Decision.objects.select_for_update(of=("self",))
                .select_related("award__edition", "entry")
                .filter(pk__in=ids[start:start + 500], status=DecisionStatus.PROPOSED)
                .exclude(proposed_by=by)
            )
        if not rows:
            return 0
        editions = {row.award.edition_id: row.award.edition for row in rows}
        for edition in editions.values():
            _check_staff(by, edition)
            _check_not_published(edition)
        withdrawn = [row.entry.reference or str(row.entry_id) for row in rows
                     if row.entry.status == EntryStatus.WITHDRAWN]
        if withdrawn:
            raise CeremonyError(_("Withdrawn after they were chosen: %(refs)s. Remove these "
                                  "decisions first.") % {"refs": ", ".join(withdrawn)})
        for row in rows:
            row.status, row.confirmed_by, row.confirmed_at = DecisionStatus.CONFIRMED, by, now
        Decision.objects.bulk_update(rows, ["status", "confirmed_by", "confirmed_at"],
                                     batch_size=500)
        kind = ContentType.objects.get_for_model(Decision)
        AuditEvent.objects.bulk_create([
            AuditEvent(actor=by, actor_repr=by.email[:254], edition=row.award.edition,
                       action="decision.confirm", target_type=kind, target_id=str(row.pk),
                       target_repr=str(row)[:300],
                       before={"status": DecisionStatus.PROPOSED},
                       after={"status": DecisionStatus.CONFIRMED})
            for row in rows
        ], batch_size=500)
    return len(rows)


# --- Used by the staff pages --------------------------------------------------------------------


def publication_options_save(
    *,
    edition: Edition,
    by: User,
    show_scores: bool,
    finalist_certificates: bool,
    signatories: list[dict],
) -> Publication:
    """Whether entrants see their scores, whether finalists get certificates, and who signs
    them (``[{"name": ..., "title": ...}]``). Audited; allowed before and after publication."""
    people = [
        {"name": str(p.get("name", "")).strip(), "title": str(p.get("title", "")).strip()}
        for p in signatories
    ]
    if any(not p["name"] for p in people):
        raise CeremonyError(_("Each person who signs needs a name."))
    with transaction.atomic():
        _check_secretariat(by, edition)
        publication = _publication(edition)
        before = {
            "show_scores": publication.show_scores,
            "finalist_certificates": publication.finalist_certificates,
            "signatories": publication.signatories,
        }
        publication.show_scores = bool(show_scores)
        publication.finalist_certificates = bool(finalist_certificates)
        publication.signatories = people
        publication.save(
            update_fields=["show_scores", "finalist_certificates", "signatories", "updated_at"]
        )
        after = {
            "show_scores": publication.show_scores,
            "finalist_certificates": publication.finalist_certificates,
            "signatories": publication.signatories,
        }
        if before != after:
            audit(by, "results.options", publication, edition=edition, before=before, after=after)
    return publication
