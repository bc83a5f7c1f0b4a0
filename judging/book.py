"""A round's entry book (``entries.book``): the round's entries, and in a blind round exactly
what its judges read of them: no entrant, no answer or step the form marks identifying, the
passages staff redacted shown as "[redacted]", the title only where judges see it, and the files
under the neutral names judges download them by ("attachment-2.pdf", the anonymised version's
type, size and pages). The rules are the scoring page's (``views/judge/_common.py``).

A judge's own book (``JUDGE_KIND``) holds only the entries assigned to them in one round, in
their own order, read as their scoring pages show them (blind in a blind round).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entries import book, redaction
from entries.models import Entry
from entries.presentation import answer_sections
from prize import jobs
from prize.enums import Role
from prize.models import Edition, User

from .models import Round
from .selectors import judge_assignments, judge_rounds, rounds_managed_by
from .views.judge._common import (
    attachment_filename,
    attachments_hidden,
    parsed_schema,
    served_file,
    title_hidden,
    visible_sections,
)

KIND = "round_book"
MANAGE = "judging.manage_round"


class BlindReader(book.Reader):
    """What the judges of a blind round read of each entry."""

    blind = True

    def load(self, entries: list[Entry]) -> None:
        redaction.load_patterns(entries)

    def page(self, entry: Entry) -> book.EntryPage:
        schema = parsed_schema(entry)
        rows = []
        if not attachments_hidden(schema, True):
            for number, attachment in enumerate(entry.attachments.all(), start=1):
                rows.append(book.file_row(served_file(attachment, True),
                                          attachment_filename(attachment, number, True)))
        reference = entry.reference or _("Entry %(number)d") % {"number": entry.pk}
        shown_title = "" if title_hidden(schema, True) else entry.title
        facts = [(_("Reference"), reference)]
        if shown_title:
            facts.append((_("Title"), shown_title))
        facts.append((_("Category"), entry.category.name))
        sections = visible_sections(answer_sections(entry, rows, schema), schema, True)
        return book.EntryPage(heading=" · ".join(p for p in (reference, shown_title) if p),
                              facts=facts, sections=sections,
                              file_name=book.member_name(entry))


def round_for(user: User, edition: Edition, params: dict) -> Round | None:
    round = rounds_managed_by(user).filter(edition=edition, pk=params.get("round") or 0).first()
    if round is None or not user.has_perm(MANAGE, round):
        return None
    return round


def may_start(user: User, edition: Edition, params: dict) -> bool:
    """The edition's secretariat and coordinators (those who manage the round)."""
    return user.is_authenticated and round_for(user, edition, params) is not None


def round_entry_ids(round: Round) -> list[int]:
    return list(Entry.objects.filter(round_entries__round=round)
                .order_by("reference", "pk").values_list("pk", flat=True))


def blind_note() -> str:
    return _("Blind round: this book shows what the round's judges read. The entrant's name, "
             "the answers that identify them and the passages staff hid are left out, and "
             "files are listed under neutral names.")


def build(job, progress: jobs.Progress) -> jobs.Built:
    round = round_for(job.user, job.edition, job.params)
    if round is None:
        raise jobs.JobError(_("You may no longer see this round's entries."))
    ids = round_entry_ids(round)
    if not ids:
        raise jobs.JobError(_("The round has no entries yet: take its entries first."))
    the_book = book.Book(
        edition=job.edition, title=job.title or _("Entry book"), entry_ids=ids,
        reader=BlindReader() if round.blind else book.Reader(),
        filters=[_("Entries of %(round)s") % {"round": round.name}],
        note=blind_note() if round.blind else "")
    return book.write(the_book, job.params.get("format", "pdf"), progress)


jobs.register(jobs.Kind(key=KIND, label=gettext_lazy("Round's entry book"), build=build,
                        may_start=may_start))


# --- A judge's own book ------------------------------------------------------------------------
# A kind of its own rather than the round's kind with a "judge" parameter: who may start it is a
# different rule (the judge of the entries, not those who manage the round), so one may_start
# never has to tell which of the two a job is, and a staff member can never reach a judge's
# book (nor a judge the round's) by changing a parameter.

JUDGE_KIND = "judge_book"


class JudgeReader(book.Reader):
    """What a judge of a round that is not blind reads of an entry on the scoring page: the
    entrant and their city, the answers, the files under their own names (not the entry's
    status, which the scoring page does not show)."""

    def page(self, entry: Entry) -> book.EntryPage:
        title = entry.title or _("Untitled entry")
        entrant = entry.entrant
        facts = [(_("Reference"), entry.reference or _("Not submitted")), (_("Title"), title),
                 (_("Category"), entry.category.name), (_("Entrant"), entrant.name),
                 (_("City"), f"{entrant.city}, {entrant.country.name}".strip(", "))]
        return book.EntryPage(heading=" · ".join(p for p in (entry.reference, title) if p),
                              facts=facts, sections=answer_sections(entry, self.listed(entry)),
                              file_name=book.member_name(entry))


def judged_round(user: User, round_id) -> tuple[Round | None, list[int]]:
    """The round and the judge's entries in it, in their own order (the dashboard's), if the
    user judges entries there now: a judge of its edition, the round open to judges, and at
    least one entry still theirs (recused and conflicted ones are left out, as on the dashboard:
    ``judging.selectors.judge_assignments``). Else (None, [])."""
    if not user.is_authenticated:
        return None, []
    round = judge_rounds(user).filter(pk=round_id or 0).first()
    if round is None or not user.has_role(round.edition_id, Role.JUDGE):
        return None, []
    ids = [a.entry_id for a in judge_assignments(user, round)]
    return (round, ids) if ids else (None, [])


def may_start_judge_book(user: User, edition: Edition, params: dict) -> bool:
    """The judge of the round's entries, and no one else (staff included)."""
    round, _ids = judged_round(user, params.get("round"))
    return round is not None and round.edition_id == edition.pk


def judge_book_title(round: Round) -> str:
    name = round.edition.short_name or round.edition.name
    return (_("Your blind entry book %(round)s, %(edition)s") if round.blind
            else _("Your entry book %(round)s, %(edition)s")) % {"round": round.name,
                                                                  "edition": name}


def judge_blind_note() -> str:
    return _("Blind round: this book shows what your scoring pages show. The entrant's name, "
             "the answers that identify them and the passages staff hid are left out, and "
             "files are listed under neutral names.")


def build_judge_book(job, progress: jobs.Progress) -> jobs.Built:
    """The judge's entries of the round, read again now: a judge taken off the round's entries
    since they asked gets a failed job saying so."""
    round, ids = judged_round(job.user, job.params.get("round"))
    if round is None or round.edition_id != job.edition_id:
        raise jobs.JobError(_("You no longer judge entries in this round: the book was not "
                              "built."))
    the_book = book.Book(
        edition=job.edition, title=job.title or _("Your entry book"),
        entry_ids=ids,
        reader=BlindReader() if round.blind else JudgeReader(),
        filters=[_("Your entries in %(round)s, in your order") % {"round": round.name}],
        note=judge_blind_note() if round.blind else "")
    return book.write(the_book, job.params.get("format", "pdf"), progress)


jobs.register(jobs.Kind(key=JUDGE_KIND, label=gettext_lazy("Judge's entry book"),
                        build=build_judge_book, may_start=may_start_judge_book))
