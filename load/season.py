"""The season ``make load`` runs against, and what the database holds after it (Django side).

``prepare`` runs on the throw-away database after ``manage.py demo --judging-open`` (the 2023
season with its final round open): it adds the simulated judges (verified addresses, the judge
role, a profile, one category panel each with the invitation accepted) and their assignments in
the open round, following ``load.plan``, and the simulated staff (secretariat, with an
authenticator app whose secret only this run knows, since staff must use two-factor). Everyone
has one random password of this run. Returns what the simulated users need to log in, as JSON.

``stored`` reads back, for the check, every score and review status of those assignments.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections import defaultdict
from datetime import timedelta

from . import plan

JUDGE_EMAIL = "load-judge-{:03d}@example.org"
STAFF_EMAIL = "load-staff-{:02d}@example.org"


def prepare(*, judges: int, per_judge: int, staff: int) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from judging.enums import RoundStatus
    from judging.models import Assignment, JudgeProfile, PanelMembership, Round, RoundEntry
    from prize.enums import Role
    from prize.models import RoleAssignment, User
    from prize.two_factor import forget

    round = Round.objects.select_related("edition").filter(status=RoundStatus.OPEN).first()
    if round is None:
        raise SystemExit("The demo has no open round to score (manage.py demo --judging-open).")
    by_category: dict[int, list[int]] = defaultdict(list)
    for entry_id, category_id in (RoundEntry.objects.filter(round=round)
                                  .values_list("entry_id", "entry__category_id")):
        by_category[category_id].append(entry_id)
    counts = plan.split_judges(judges, {str(c): len(e) for c, e in by_category.items()})
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)  # one hash: the same password for every simulated user
    people = []
    with transaction.atomic():
        users = User.objects.bulk_create([
            User(email=JUDGE_EMAIL.format(n), name=f"Load Judge {n:03d}", password=hashed)
            for n in range(1, judges + 1)])
        staff_users = User.objects.bulk_create([
            User(email=STAFF_EMAIL.format(n), name=f"Load Staff {n:02d}", password=hashed)
            for n in range(1, staff + 1)])
        everyone = users + staff_users
        EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True,
                                                       primary=True) for u in everyone])
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, edition=round.edition, role=Role.JUDGE) for u in users]
            + [RoleAssignment(user=u, edition=round.edition, role=Role.SECRETARIAT)
               for u in staff_users])
        JudgeProfile.objects.bulk_create([JudgeProfile(user=u) for u in users])
        start = 0
        memberships, assignments = [], []
        for category_id in sorted(by_category):
            panel = users[start:start + counts[str(category_id)]]
            start += len(panel)
            plan_ = plan.assign([u.pk for u in panel], by_category[category_id], per_judge)
            for user in panel:
                memberships.append(PanelMembership(
                    round=round, category_id=category_id, judge=user,
                    accepted_at=round.opens_at + timedelta(days=1)))
                assignments += [Assignment(round=round, entry_id=e, judge=user)
                                for e in plan_[user.pk]]
        PanelMembership.objects.bulk_create(memberships)
        Assignment.objects.bulk_create(assignments)
        mine = defaultdict(list)
        for a in Assignment.objects.filter(judge__in=users).order_by("pk"):
            mine[a.judge_id].append({"id": a.pk, "entry": a.entry_id})
        people = [{"email": u.email, "assignments": mine[u.pk]} for u in users]
        staff_people = []
        for user in staff_users:
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
            forget(user)
            staff_people.append({"email": user.email, "totp_secret": secret})
    return {"round": round.pk, "edition": round.edition_id, "password": password,
            "judges": people, "staff": staff_people,
            "assignments": sum(len(p["assignments"]) for p in people)}


def stored(assignment_ids: list[int]) -> dict:
    """The scores and submitted reviews of these assignments, as the check wants them."""
    from judging.enums import ReviewStatus
    from judging.models import Review, Score

    scores = {
        f"{a}:{c}": str(v) for a, c, v in Score.objects.filter(
            review__assignment_id__in=assignment_ids,
        ).values_list("review__assignment_id", "criterion_id", "value")
    }
    submitted = list(Review.objects.filter(assignment_id__in=assignment_ids,
                                           status=ReviewStatus.SUBMITTED)
                     .values_list("assignment_id", flat=True))
    return {"scores": scores, "submitted": submitted}


def main(argv: list[str]) -> None:
    """``python -m load.season prepare FILE JUDGES PER_JUDGE STAFF``,
    ``python -m load.season stored FILE IDS_FILE`` or ``python -m load.season static -``
    (run by ``python -m load``)."""
    import json
    from pathlib import Path

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prize.settings")
    django.setup()
    command, out = argv[0], Path(argv[1])
    if command == "static":
        # The run asks for no static file, but DEBUG-off pages need the manifest of their
        # names: collect without compressing (brotli on the CJK fonts takes minutes).
        from django.conf import settings
        from django.core.management import call_command

        settings.STORAGES["staticfiles"]["BACKEND"] = (
            "django.contrib.staticfiles.storage.ManifestStaticFilesStorage")
        call_command("collectstatic", interactive=False, verbosity=0)
        return
    if command == "prepare":
        data = prepare(judges=int(argv[2]), per_judge=int(argv[3]), staff=int(argv[4]))
    else:
        data = stored(json.loads(Path(argv[2]).read_text()))
    out.write_text(json.dumps(data))


if __name__ == "__main__":
    main(sys.argv[1:])
