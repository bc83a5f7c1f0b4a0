"""A round's computed results, kept until something they are made of changes.

``round_results`` reads every review and score of a round and computes totals, normalisation,
ranks and agreement: at 100 times the 2023 season (24,000 entries, 72,000 reviews) that is
seconds of Python for every visit of the results page, although between two reviews nothing of
it changes. ``results_of(round)`` keeps the computed object in the process, under a key that
changes whenever an input may have:

* the round itself (every field: status, ranking rule, tie-break, threshold), as the page has
  just read it;
* a version kept in the cache, raised on every save or delete of anything results are made of
  (reviews, scores, criteria, assignments, recusals, the round's entries and quotas, rounds,
  entries, entrants, categories), whichever way it is made (a service, the admin, a shell);
* one aggregate query over the round's inputs that a bulk update could change without a
  signal: its criteria (how many, weights and scales), its entries and the ones advanced (the
  shortlist marks them in bulk), its quotas;
* the reader's language.

With a shared cache (Redis, which several web processes need anyway: docs/operations.md) a
change made by any process raises the version every process reads. With a cache in each
process's memory (no ``REDIS_URL``) another process's change would not, so the aggregate query
then also reads the round's reviews (how many, the latest change, the sum of their versions:
every save through the judging services raises a version): what the judging pages change is
seen at once even there, at the price of a scan of the reviews on each visit.

Each process keeps the results of a few rounds (``_kept``), the least recently read dropped.
"""

from __future__ import annotations

import hashlib

from django.db import connections, router
from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import JSONArray
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from prize.cache_versions import SharedVersion, shared_cache
from prize.memo import Recent

from .models import Criterion, Review, Round, RoundEntry, RoundQuota
from .results import RoundResults, round_results

VERSION_KEY = "judging.results.version"

_kept = Recent(8)  # (stamp, results) by round and language, kept per process


def _of_round(queryset, round_field: str, **aggregates) -> Subquery:
    """One subquery over ``queryset``'s rows of the outer round: its aggregates, as one JSON
    array (one scan of the table, however many figures are read from it)."""
    rows = queryset.filter(**{round_field: OuterRef("pk")}).order_by().values(round_field)
    return Subquery(rows.annotate(v=JSONArray(*aggregates.values())).values("v")[:1])


def _stamp_query(round_pk: int, *, reviews: bool):
    """The query of ``inputs_stamp``: each table is read once, its figures gathered in one
    value."""
    whole = IntegerField()
    return (
        Round.objects.filter(pk=round_pk)
        .annotate(
            s_reviews=_of_round(
                Review.objects, "assignment__round_id", count=Count("pk"),
                changed=Max("updated_at"), versions=Sum("version"),
                submitted=Count("pk", filter=Q(status="submitted")))
            if reviews else Value(0),
            s_criteria=_of_round(
                Criterion.objects, "round_id", count=Count("pk"), last=Max("pk"),
                weights=Sum("weight"),
                scales=Sum(F("scale_max") - F("scale_min"), output_field=whole)),
            s_entries=_of_round(RoundEntry.objects, "round_id", count=Count("pk"),
                                last=Max("pk"), advanced=Count("pk", filter=Q(advanced=True))),
            s_quotas=_of_round(RoundQuota.objects, "round_id", advance=Sum("advance")),
        )
        .order_by("pk")
        .values_list("s_reviews", "s_criteria", "s_entries", "s_quotas")[:1]
    )


# A round id no round has: the stamp's query is compiled once per process and database with it
# in place of the round's, then run with the round's own id in its place.
_ANY_ROUND = -7_919_000_003
_compiled: dict[tuple[str, bool], tuple[str, tuple, int] | None] = {}


def _stamp_row(round: Round, *, reviews: bool) -> tuple | None:
    """The stamp query's row for ``round``. Building the query through the ORM cost more than
    running it, so its SQL is made once (per database and with or without the reviews) and
    only the round's id changes; when the id cannot be told apart among the parameters, the
    query is built every time."""
    alias = router.db_for_read(Round)
    key = (alias, reviews)
    if key not in _compiled:
        sql, params = _stamp_query(_ANY_ROUND, reviews=reviews).query.get_compiler(
            alias).as_sql()
        at = [i for i, value in enumerate(params) if value == _ANY_ROUND]
        _compiled[key] = (sql, tuple(params), at[0]) if len(at) == 1 else None
    compiled = _compiled[key]
    if compiled is None:
        return _stamp_query(round.pk, reviews=reviews).first()
    sql, params, at = compiled
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, (*params[:at], round.pk, *params[at + 1:]))
        return cursor.fetchone()


def inputs_stamp(round: Round, *, reviews: bool = True) -> str:
    """A fingerprint of what ``round``'s results are computed from (one query). ``reviews``:
    with its reviews (one scan of all of them: at 100 times 2023 some 60 ms), needed only when
    the version is not shared."""
    row = _stamp_row(round, reviews=reviews)
    fields = [(f.attname, getattr(round, f.attname)) for f in Round._meta.concrete_fields]
    return hashlib.sha256(repr((fields, row)).encode()).hexdigest()


_version = SharedVersion(VERSION_KEY)
version = _version.current
bump = _version.bump


def results_of(round: Round) -> RoundResults:
    """``round_results(round)``, computed once until one of its inputs changes."""
    current = version()
    if current is None:  # the cache is unreachable: nothing kept can be trusted
        return round_results(round)
    key = (round.pk, translation.get_language())
    stamp = f"{current}:{inputs_stamp(round, reviews=not shared_cache())}"
    kept = _kept.get(key)
    if kept is not None and kept[0] == stamp:
        kept[1].round = round
        return kept[1]
    results = round_results(round)
    _kept.put(key, (stamp, results))
    return results


def forget() -> None:
    """Drop every copy this process keeps (tests)."""
    _kept.clear()


def _connect() -> None:
    from django.apps import apps

    names = ["judging.Review", "judging.Score", "judging.Criterion", "judging.Assignment",
             "judging.Recusal", "judging.RoundEntry", "judging.RoundQuota", "judging.Round",
             "entries.Entry", "entries.Entrant", "prize.Category"]
    for name in names:
        model = apps.get_model(name)
        uid = f"judging.results_cache.{name}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}.save", weak=False)
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
    m2m_changed.connect(bump, dispatch_uid="judging.results_cache.m2m", weak=False)


_connect()
