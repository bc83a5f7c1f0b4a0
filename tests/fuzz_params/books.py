"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
entry book's start pages (the staff list's, a round's and a judge's own) and a finished job of the
secretariat's (its page, its download, building it again)."""


def params(season, judging) -> dict:
    from prize.models import Job, JobState

    job = Job.objects.create(user=judging.users["secretariat"], edition=season.edition,
                             kind="entry_book", params={"query": "", "format": "pdf"},
                             title="Entry book", state=JobState.DONE)
    jobs = [{"pk": job.pk}]
    return {"entry_book:start": [{"edition_slug": season.edition.slug}],
            "judging:staff_round_book": [{"pk": judging.round.pk}],
            "judging:judge_book": [{"round_id": judging.round.pk}],
            "jobs:detail": jobs, "jobs:download": jobs, "jobs:again": jobs}
