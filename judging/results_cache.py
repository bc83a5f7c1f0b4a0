"""A round's computed results, kept until something they are made of changes.

``round_results`` reads every review and score of a round and computes totals, normalisation,
ranks and agreement: at 100 times the 2023 season (24,000 entries, 72,000 reviews) that is
seconds of Python for every visit of the results page, although between two reviews nothing of
it changes. ``results_of(round)`` keeps the computed object in the process, under a key that
changes whenever an input may have:

* the round itself (every field: status, ranking rule, tie-break, threshold), as the page has
  just read it;
* one aggregate query over the round's inputs: its reviews (how many, the latest change, the
  sum of their versions: every save through the judging services raises a version), its
  criteria (how many, weights and scales), its entries and the ones advanced, its quotas;
* a version kept in the cache, raised on every save or delete of anything results are made of
  (reviews, scores, criteria, assignments, recusals, the round's entries and quotas, rounds,
  entries, entrants, categories), whichever way it is made (a service, the admin, a shell);
* the reader's language (the explanations and labels are translated when computed).

With a shared cache (Redis, which several web processes need anyway: docs/operations.md) a
change made by any process invalidates every process's copy at its next request. The aggregate
query alone covers what the judging pages change (scores through the review services, rounds
reopened, shortlists), so even separate per-process caches never serve a stale score.

Each process keeps the results of a few rounds (``KEEP``), the least recently read dropped.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict

from django.core.cache import cache
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from .models import Criterion, Review, Round, RoundEntry, RoundQuota
from .results import RoundResults, round_results

KEEP = 8  # rounds x languages kept per process
VERSION_KEY = "judging.results.version"

_kept: OrderedDict[tuple, tuple[str, RoundResults]] = OrderedDict()
_lock = threading.Lock()


def _of_round(queryset, round_field: str, **aggregates) -> dict:
    """Subqueries, one per aggregate, of ``queryset``'s rows of the outer round."""
    rows = queryset.filter(**{round_field: OuterRef("pk")}).order_by().values(round_field)
    return {name: Subquery(rows.annotate(v=expression).values("v")[:1])
            for name, expression in aggregates.items()}


def inputs_stamp(round: Round) -> str:
    """A fingerprint of what ``round``'s results are computed from (one query)."""
    whole = IntegerField()
    row = (
        Round.objects.filter(pk=round.pk)
        .annotate(**_of_round(Review.objects, "assignment__round_id",
                              s_reviews=Count("pk"), s_reviews_changed=Max("updated_at"),
                              s_versions=Sum("version"),
                              s_submitted=Count("pk", filter=Q(status="submitted"))))
        .annotate(**_of_round(Criterion.objects, "round_id", s_criteria=Count("pk"),
                              s_criteria_last=Max("pk"), s_weights=Sum("weight"),
                              s_scales=Sum(F("scale_max") - F("scale_min"), output_field=whole)))
        .annotate(**_of_round(RoundEntry.objects, "round_id", s_entries=Count("pk"),
                              s_entries_last=Max("pk"),
                              s_advanced=Count("pk", filter=Q(advanced=True))))
        .annotate(**_of_round(RoundQuota.objects, "round_id", s_quotas=Sum("advance")))
        .values_list("s_reviews", "s_reviews_changed", "s_versions", "s_submitted",
                     "s_criteria", "s_criteria_last", "s_weights", "s_scales", "s_entries",
                     "s_entries_last", "s_advanced", "s_quotas")
        .first()
    )
    fields = [(f.attname, getattr(round, f.attname)) for f in Round._meta.concrete_fields]
    return hashlib.sha256(repr((fields, row)).encode()).hexdigest()


def version() -> int:
    """The shared version. When the cache has none (first use, emptied, evicted) it starts
    from a random number, so no copy kept from before can match it by chance."""
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, secrets.randbits(62), None)
        value = cache.get(VERSION_KEY)
    return value or 0


def bump(*args, **kwargs) -> None:
    """Something results are made of changed: every copy kept is stale from now on."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (emptied or evicted): a fresh random start
        version()


def results_of(round: Round) -> RoundResults:
    """``round_results(round)``, computed once until one of its inputs changes."""
    key = (round.pk, translation.get_language())
    stamp = f"{version()}:{inputs_stamp(round)}"
    with _lock:
        kept = _kept.get(key)
        if kept is not None and kept[0] == stamp:
            _kept.move_to_end(key)
            kept[1].round = round
            return kept[1]
    results = round_results(round)
    with _lock:
        _kept[key] = (stamp, results)
        _kept.move_to_end(key)
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return results


def forget() -> None:
    """Drop every copy this process keeps (tests)."""
    with _lock:
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
