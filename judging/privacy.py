"""The judging's part of a person's data (see prize/privacy.py): a judge's own data, their
profile, the conflicts they declared and their reviews (scores, comments, feedback).

The feedback judges write for an entrant is released with the edition's results, which the
ceremony decides (the embargo lives in ``ceremony.selectors``): the ceremony's privacy module
adds it to the entrant's download with the results, by the same rules as the entrant's pages.

Closing a judge's account removes their profile (organisation, city, bio, expertise); their
reviews and declared conflicts stay, as the record of how entries were judged, under a name that
is gone. Refused while the judge sits on a panel of an edition still being judged.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from prize import privacy
from prize.enums import EditionStatus, Role
from prize.models import RoleAssignment, User

from .models import ConflictDeclaration, JudgeProfile, Review, Score


def export(user: User, archive: privacy.Archive) -> None:
    profile = JudgeProfile.objects.filter(user=user).first()
    if profile is not None:
        archive.put("judge_profile", {
            "expertise": profile.expertise, "organisation": profile.organisation,
            "city": profile.city, "country": str(profile.country), "bio": profile.bio,
        }, _("your profile as a judge."))
    conflicts = [
        {"edition": c.edition.name, "scope": c.get_scope_display(),
         "entrant": c.entrant.name if c.entrant else "",
         "entry": (c.entry.reference or "") if c.entry else "", "city": c.city,
         "country": str(c.country), "reason": c.reason, "declared": c.declared_at}
        for c in ConflictDeclaration.objects.filter(judge=user)
        .select_related("edition", "entrant", "entry").order_by("declared_at", "pk")
    ]
    if conflicts:
        archive.put("judge_conflicts", conflicts, _("the conflicts of interest you declared."))
    reviews = list(Review.objects.filter(assignment__judge=user)
                   .select_related("assignment__round__edition", "assignment__entry")
                   .order_by("assignment__round__edition_id", "assignment__round__number", "pk"))
    scores: dict[int, list] = {}
    for score in (Score.objects.filter(review__in=[r.pk for r in reviews])
                  .select_related("criterion").order_by("criterion__order", "pk")):
        scores.setdefault(score.review_id, []).append(
            {"criterion": score.criterion.name, "value": score.value})
    if reviews:
        archive.put("judge_reviews", [
            {"edition": r.assignment.round.edition.name, "round": r.assignment.round.name,
             "entry": r.assignment.entry.reference, "status": r.get_status_display(),
             "scores": scores.get(r.pk, []), "comment_for_the_secretariat": r.private_comment,
             "feedback_for_the_entrant": r.feedback, "abstain_reason": r.abstain_reason,
             "submitted": r.submitted_at}
            for r in reviews
        ], _("your reviews as a judge: scores, comments and feedback."))


def refusals(user: User) -> list[str]:
    judging = RoleAssignment.objects.filter(user=user, role=Role.JUDGE).exclude(
        edition__status__in=[EditionStatus.ANNOUNCED, EditionStatus.ARCHIVED])
    if judging.exists():
        return [_("You judge in an edition whose results are not announced yet: ask the "
                  "secretariat to take you off its panels first.")]
    return []


def anonymise(closing: privacy.Closing) -> None:
    closing.counts["judge_profile"] += JudgeProfile.objects.filter(user=closing.user).delete()[0]


privacy.register("judging", order=20, export=export, anonymise=anonymise, refusals=refusals)
