"""The demo season's ending: the final round finished as in 2023, the awards (tiers in the two
project categories, two joint Leadership winners, three Special Mentions chosen with GGGI and
IMD), the winners proposed by the secretariat from the ranking and confirmed by the evaluation
partner, with citations, and the results published at the ceremony's moment (25 September 2023,
15:00 Seoul time).

``load(core)`` runs after the judging demo and is idempotent: an edition with awards is left
alone. With ``core.judging_open`` it stops before the winners, so the final round stays open for
judges to score. ``reset()`` removes what ``load`` made. No e-mail is written to the outbox.
"""

from __future__ import annotations

from django.db import transaction

from entries.enums import EntryStatus
from judging.demo.season import clock
from prize.enums import EditionStatus, EntrantKind
from prize.models import Edition, Organisation

from . import demo_evening, selectors, services
from .enums import AwardKind, AwardPool, DecisionStatus
from .models import Award, Certificate, Decision, Publication

SECRETARIAT_EMAIL = "secretariat@example.org"
COORDINATOR_EMAIL = "coordinator@example.org"

# (category code, award name, tier, order, winners): 10 + 9 + 2 = 21 winners, as in 2023.
AWARDS = [
    ("TI", "Tech-InnovaCity Gold", "Gold", 1, 1),
    ("TI", "Tech-InnovaCity Silver", "Silver", 2, 3),
    ("TI", "Tech-InnovaCity Bronze", "Bronze", 3, 6),
    ("HC", "Human-CentriCity Gold", "Gold", 1, 1),
    ("HC", "Human-CentriCity Silver", "Silver", 2, 3),
    ("HC", "Human-CentriCity Bronze", "Bronze", 3, 5),
    ("LD", "Leadership Award", "", 1, 2),
]
MENTION = "Special Mention"
MENTION_PARTNERS = ("GGGI", "IMD")

CITATIONS = [
    "The jury valued how citizens helped define the problem and how the results were measured "
    "openly, year after year.",
    "The jury valued a design that matched modest technology to a real need, and a budget "
    "that other cities can afford.",
    "The jury valued the care taken to reach people the city had not reached before, and the "
    "evidence that it worked.",
    "The jury valued the way the project learned from its first years and changed course.",
    "The jury valued its impact on daily life, shown with data and told by the people it "
    "serves.",
]
MENTION_CITATION = ("Chosen with {partners}: a city whose initiative shows how quality of life "
                    "and the environment can weigh as much as technology.")
LEADERSHIP_CITATION = ("The jury valued leadership that put data and technology at the service "
                       "of citizens and brought the whole administration along.")


def load(core) -> list[str]:
    edition = core.edition
    if getattr(core, "judging_open", False):
        return ["  Winners: not yet (the final round is open for judges; run `manage.py demo "
                "--reset` for the finished season)"]
    accounts = {user.email: user for _label, user in core.accounts}
    secretariat, coordinator = accounts[SECRETARIAT_EMAIL], accounts[COORDINATOR_EMAIL]
    created = False
    if not Award.objects.filter(edition=edition).exists():
        if selectors.final_round(edition) is None:
            return []
        with transaction.atomic():
            build(edition, secretariat, coordinator)
        created = True
    from .demo_invitations import load as load_invitations  # invitations: finalists' replies
    core.lines += load_invitations(edition, secretariat)  # invitations: finalists' replies
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.ANNOUNCED)
    core.lines += demo_evening.load(edition, secretariat)  # the evening: details, programme
    from .demo_korean import apply as in_korean  # the Korean side of the ceremony's texts

    in_korean(edition)
    return summarise(edition, created=created)


def build(edition: Edition, secretariat, coordinator) -> None:
    categories = {c.code: c for c in edition.categories.all()}
    partners = [o for o in Organisation.objects.filter(edition=edition)
                if any(p in o.name for p in MENTION_PARTNERS)]
    ceremony = edition.ceremony_at
    decided_at = ceremony.replace(day=ceremony.day - 10)  # decided ten days before
    with clock(decided_at):
        for code, name, tier, order, winners in AWARDS:
            services.award_save(edition=edition, by=secretariat, data={
                "name": name, "tier": tier, "order": order, "winners": winners,
                "category": categories[code],
                "kind": AwardKind.INDIVIDUAL if code == "LD" else AwardKind.CATEGORY,
                "description": f"{tier} prize of the {categories[code].name} category."
                if tier else "Two joint winners in 2023.",
            })
        mention = services.award_save(edition=edition, by=secretariat, data={
            "name": MENTION, "kind": AwardKind.SPECIAL_MENTION, "pool": AwardPool.FINALISTS,
            "winners": 3, "order": 9, "partners": partners,
            "description": "Three cities chosen with the partners GGGI and IMD.",
        })
        # The ranking fills the tiers; a tie at a boundary is taken in order of reference,
        # the demo's stand-in for the jury's vote (with that reason on the decision).
        services.proposal_accept(edition=edition, by=secretariat)
        for item in services.proposals(edition):
            for tie in item.proposal.ties:
                tied = sorted(tie.entries, key=lambda pk: item.entries[pk].reference)
                for award_id in tie.awards:
                    if award_id is None:
                        continue
                    award = next(a for a in item.awards if a.pk == award_id)
                    while award.decisions.count() < award.winners and tied:
                        services.decision_propose(
                            award=award, entry=item.entries[tied.pop(0)], by=secretariat,
                            reason="Tied in the ranking: decided by the jury's vote.")
        winners = set(Decision.objects.filter(award__edition=edition)
                      .values_list("entry_id", flat=True))
        # Special mentions: the best-ranked city governments among the finalists who did not
        # win an award.
        _round, ranking = services.final_ranking(edition)
        finalists = selectors.finalist_ids(edition)
        candidates = []
        for ranks, _scores, entries in ranking.values():
            for entry_id, rank in ranks.items():
                entry = entries[entry_id]
                if (entry_id in finalists and entry_id not in winners
                        and entry.entrant.kind == EntrantKind.CITY_GOVERNMENT
                        and entry.status != EntryStatus.WITHDRAWN):
                    candidates.append((rank, entry.reference, entry))
        names = " and ".join(MENTION_PARTNERS)
        for _rank, _ref, entry in sorted(candidates)[:mention.winners]:
            services.decision_propose(award=mention, entry=entry, by=secretariat,
                                      citation=MENTION_CITATION.format(partners=names))
        for n, decision in enumerate(Decision.objects.filter(award__edition=edition)
                                     .select_related("award").order_by("pk")):
            if not decision.citation:
                decision.citation = (LEADERSHIP_CITATION if decision.award.kind ==
                                     AwardKind.INDIVIDUAL else CITATIONS[n % len(CITATIONS)])
                decision.save(update_fields=["citation"])
    with clock(decided_at.replace(day=decided_at.day + 2)):
        services.decisions_confirm(
            decisions=list(Decision.objects.filter(award__edition=edition,
                                                   status=DecisionStatus.PROPOSED)),
            by=coordinator)
    publication, _ = Publication.objects.get_or_create(edition=edition)
    publication.signatories = [
        {"name": "Secretary General", "title": "World Smart Sustainable Cities Organization"},
        {"name": "Mayor of Seoul", "title": "Seoul Metropolitan Government"},
    ]
    publication.save(update_fields=["signatories"])
    with clock(decided_at.replace(day=decided_at.day + 3)):
        services.publication_schedule(edition=edition, at=ceremony, by=secretariat)
    with clock(ceremony):
        services.publications_due(ceremony)


def summarise(edition: Edition, *, created: bool) -> list[str]:
    made = "created" if created else "already there"
    decisions = Decision.objects.filter(award__edition=edition)
    awards = Award.objects.filter(edition=edition)
    mentions = decisions.filter(award__kind=AwardKind.SPECIAL_MENTION).count()
    publication = selectors.publication_of(edition)
    when = (edition.local(publication.published_at).strftime("%d %B %Y %H:%M")
            if publication and publication.published_at else "not yet")
    return [
        f"  {awards.count()} awards ({made}): {decisions.count() - mentions} winners in tiers "
        f"and {mentions} Special Mentions, all confirmed by a second person; results "
        f"published {when} ({edition.time_zone})",
    ]


def reset() -> None:
    from prize.demo import DEMO_SLUG

    edition = Edition.objects.filter(slug=DEMO_SLUG).first()
    if edition is None:
        return
    demo_evening.reset(edition)  # the evening: details, presenters, programme
    Certificate.objects.filter(entry__edition=edition).delete()
    from .demo_invitations import reset as reset_invitations  # invitations: finalists' replies

    reset_invitations(edition)  # invitations: finalists' replies
    Publication.objects.filter(edition=edition).delete()
    Decision.objects.filter(award__edition=edition).delete()
    Award.objects.filter(edition=edition).delete()
