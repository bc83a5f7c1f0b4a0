"""The entry book: the entries of a filtered list as one PDF (a cover, a table of contents,
then one entry per section, each from a new page) or as a zip of one PDF per entry, for
reading offline or printing for a jury. Built in the background (``prize.jobs``).

Each entry reads as its copy does (``entries.copies.entry_story``): its answers as submitted,
step by step, and its files listed (name, type, size, pages), never embedded. *How* the book
reads an entry is a ``Reader``: this module's shows what the secretariat sees; a blind round's
(``judging.book``) shows what the round's judges see.

The book is laid out in one pass: "Page N of M" and the page numbers of the table of contents
are PDF forms drawn where they are needed and filled in once the last page is known, so no page
is kept to be drawn again, and entries are read from the database a chunk at a time.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from prize import jobs
from prize.models import Edition, User
from prize.pdf import REGULAR, markup, printable, register_fonts

from . import attachments as files
from .copies import (
    INK,
    MARGIN,
    MUTED,
    RULE,
    STYLES,
    WIDTH,
    entry_story,
    facts_table,
    grid,
    note_box,
    paragraph,
)
from .models import Attachment, Entry
from .presentation import answer_sections
from .templatetags.entries_tags import localdt

KIND = "entry_book"
FORMATS = {"pdf": gettext_lazy("One PDF file"), "zip": gettext_lazy("A zip of one PDF per entry")}
# The most entries one PDF holds (ENTRY_BOOK_PDF_MAX): one PDF is laid out whole, so its memory
# grows with its entries (about 110 MB for 240 long entries); a zip's does not.
PDF_MAX = 500


def pdf_max() -> int:
    from django.conf import settings

    return getattr(settings, "ENTRY_BOOK_PDF_MAX", PDF_MAX)
# Entries read from the database at a time.
CHUNK = 50
PDF = "application/pdf"


# --- What the book prints of an entry ------------------------------------------------------------


@dataclass
class FileRow:
    """One file as the book lists it."""

    name: str
    type: str
    size: int
    pages: int | None = None


@dataclass
class EntryPage:
    """One entry as the book prints it: its heading (also its line in the contents), the facts
    under it, its answer sections, and the name of its own PDF in the zip."""

    heading: str
    facts: list[tuple[str, str]]
    sections: list[dict]
    file_name: str


def pdf_pages(stored) -> int | None:
    """The number of pages of a stored PDF (None when it cannot be read)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with stored.file.open("rb") as handle:
            return len(PdfReader(handle).pages)
    except (OSError, ValueError, PyPdfError, RecursionError):
        return None


def file_row(stored, name: str) -> FileRow:
    pages = pdf_pages(stored) if stored.content_type == PDF else None
    return FileRow(name=name, type=files.type_name(stored.content_type), size=stored.size,
                   pages=pages)


def member_name(entry: Entry) -> str:
    from .copies import filename

    return filename(entry, "entry")


class Reader:
    """How the book reads its entries: everything the secretariat sees."""

    blind = False

    def load(self, entries: list[Entry]) -> None:
        """Read what a chunk of entries needs at once (redactions, …)."""

    def listed(self, entry: Entry) -> list[FileRow]:
        return [file_row(a, a.original_name) for a in entry.attachments.all()]

    def page(self, entry: Entry) -> EntryPage:
        title = entry.title or _("Untitled entry")
        rows = self.listed(entry)
        entrant = entry.entrant
        facts = [(_("Reference"), entry.reference or _("Not submitted")), (_("Title"), title),
                 (_("Category"), entry.category.name), (_("Entrant"), entrant.name),
                 (_("Entrant kind"), entrant.get_kind_display()),
                 (_("City"), f"{entrant.city}, {entrant.country.name}".strip(", ")),
                 (_("Status"), entry.get_status_display())]
        if entry.submitted_at:
            facts.append((_("Submitted"), localdt(entry.submitted_at, entry.edition.time_zone)))
        return EntryPage(heading=" · ".join(p for p in (entry.reference, title) if p),
                         facts=facts, sections=answer_sections(entry, rows),
                         file_name=member_name(entry))


@dataclass
class Book:
    """What to print: the edition, the book's title, the filters in words, the entries (ids,
    in order), how to read them."""

    edition: Edition
    title: str
    entry_ids: list[int]
    reader: Reader
    filters: list[str] = field(default_factory=list)
    note: str = ""


def entries_of(book: Book) -> Iterable[Entry]:
    """The book's entries in its order, a chunk of queries at a time."""
    attachments = Attachment.objects.order_by("uploaded_at", "pk")
    if book.reader.blind:
        attachments = attachments.select_related("anonymised")
    for start in range(0, len(book.entry_ids), CHUNK):
        ids = book.entry_ids[start:start + CHUNK]
        found = {e.pk: e for e in Entry.objects.filter(pk__in=ids).select_related(
            "edition", "category", "entrant", "form").prefetch_related(
            Prefetch("attachments", queryset=attachments))}
        chunk = [found[pk] for pk in ids if pk in found]
        book.reader.load(chunk)
        yield from chunk


# --- Drawing ---------------------------------------------------------------------------------


def _files_table(rows: list[FileRow]) -> list:
    if not rows:
        return [paragraph(_("No files attached."), "small")]
    table = [[paragraph(_("File"), "head"), paragraph(_("Type"), "head"),
              paragraph(_("Size"), "head"), paragraph(_("Pages"), "head")]]
    table += [[paragraph(r.name, "cell"), paragraph(r.type, "cell"),
               paragraph(filesizeformat(r.size), "cell"),
               paragraph("" if r.pages is None else str(r.pages), "cell")] for r in rows]
    return [paragraph(_("The files are listed here; they are not part of this book."),
                      "small"),
            grid(table, [WIDTH - 65 * mm, 20 * mm, 25 * mm, 20 * mm])]


class _Start(Flowable):
    """Where an entry starts: a bookmark and an outline entry, its page number kept for the
    contents (a PDF form), and the progress told."""

    def __init__(self, key: str, title: str, on_draw: Callable[[], None]):
        super().__init__()
        self.key, self.title, self.on_draw = key, title, on_draw
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        canvas = self.canv
        canvas.bookmarkPage(self.key)
        canvas.addOutlineEntry(printable(self.title)[:120], self.key, level=0)
        canvas.started[self.key] = canvas.getPageNumber()
        self.on_draw()


class _PageOf(Flowable):
    """The page an entry starts on, right-aligned (filled in when the book is finished)."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, STYLES["cell"].leading

    def draw(self):
        self.canv.saveState()
        self.canv.translate(self.width, 2)
        self.canv.doForm(f"start-{self.key}")
        self.canv.restoreState()


def _book_canvas(left: str, generated: str) -> type[Canvas]:
    """A canvas that writes each page as it goes: the header, and "Page N of M" whose M is a
    form filled in at the end, with the start page of each entry (the contents)."""
    label_of = _("Page %(number)d of")

    class BookCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.started: dict[str, int] = {}

        def showPage(self):
            self.saveState()
            height = A4[1]
            left_x, right_x = MARGIN + 6, MARGIN + 6 + WIDTH
            self.setFillColor(MUTED)
            self.setFont(REGULAR, 9)
            self.drawString(left_x, height - 11 * mm, printable(left)[:100])
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(left_x, height - 13 * mm, right_x, height - 13 * mm)
            label = label_of % {"number": self.getPageNumber()} + " "
            self.drawString(left_x, 9 * mm, label)
            self.translate(left_x + stringWidth(label, REGULAR, 9), 9 * mm)
            self.doForm("total")
            self.restoreState()
            self.saveState()
            self.setFont(REGULAR, 9)
            self.setFillColor(MUTED)
            self.drawRightString(right_x, 9 * mm, printable(generated))
            self.restoreState()
            super().showPage()

        def save(self):
            total = self.getPageNumber() - 1
            self.beginForm("total")
            self.setFont(REGULAR, 9)
            self.setFillColor(MUTED)
            self.drawString(0, 0, str(total))
            self.endForm()
            for key, page in self.started.items():
                self.beginForm(f"start-{key}")
                self.setFont(REGULAR, 9.5)
                self.setFillColor(INK)
                self.drawRightString(0, 0, str(page))
                self.endForm()
            super().save()

    return BookCanvas


def _entry_flowables(page: EntryPage, key: str, on_draw) -> list:
    story = [_Start(key, page.heading, on_draw), paragraph(page.heading, "title"),
             facts_table(page.facts)]
    story.extend(entry_story(page.sections, files_table=_files_table))
    return story


def _contents(book: Book, pages: list[tuple[str, str]]) -> list:
    story = [paragraph(_("Contents"), "title")]
    rows = [[Paragraph(f'<a href="#{key}">{markup(heading)}</a>', STYLES["cell"]),
             _PageOf(key)] for key, heading in pages]
    if rows:
        table = Table(rows, colWidths=[WIDTH - 20 * mm, 20 * mm], repeatRows=0)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story.append(table)
    return story


def _cover(book: Book, count: int, generated: str) -> list:
    story = [paragraph(book.edition.name, "small"), paragraph(book.title, "title"),
             Spacer(0, 4 * mm)]
    facts = [(_("Edition"), book.edition.name),
             (_("Entries"), ngettext("%(count)d entry", "%(count)d entries", count)
              % {"count": count}),
             (_("Filters"), "\n".join(book.filters) or _("None: every entry of the list")),
             (_("Generated"), generated)]
    story.append(facts_table(facts))
    if book.note:
        story += [Spacer(0, 4 * mm), note_box([paragraph(book.note, "note")])]
    return story


def _document(target, *, title: str, book: Book) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + 2 * mm, bottomMargin=MARGIN, title=printable(title),
        author=printable(book.edition.name), creator=printable(book.edition.name),
        initialFontName=REGULAR, pageCompression=1)


def write_pdf(book: Book, target, progress: jobs.Progress) -> None:
    """The whole book as one PDF into ``target`` (a path or a binary file)."""
    register_fonts()
    generated = localdt(timezone.now(), book.edition.time_zone)
    total = len(book.entry_ids)
    done = {"count": 0}

    def drawn():
        done["count"] += 1
        progress(done["count"], total)

    pages, body = [], []
    for number, entry in enumerate(entries_of(book), start=1):
        page = book.reader.page(entry)
        key = f"entry-{number}"
        pages.append((key, page.heading))
        body.append(PageBreak())
        body.extend(_entry_flowables(page, key, drawn))
    progress(0, total)
    story = _cover(book, len(pages), generated) + [PageBreak()] + _contents(book, pages) + body
    doc = _document(target, title=book.title, book=book)
    left = f"{book.edition.short_name or book.edition.name} · {book.title}"
    doc.build(story, canvasmaker=_book_canvas(left, generated))
    progress(total, total)


def write_zip(book: Book, target, progress: jobs.Progress) -> None:
    """One PDF per entry, each written into the zip as it is made."""
    register_fonts()
    generated = localdt(timezone.now(), book.edition.time_zone)
    total = len(book.entry_ids)
    names: set[str] = set()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, entry in enumerate(entries_of(book), start=1):
            page = book.reader.page(entry)
            buffer = io.BytesIO()
            doc = _document(buffer, title=page.heading, book=book)
            left = f"{book.edition.short_name or book.edition.name} · {book.title}"
            doc.build(_entry_flowables(page, "entry", lambda: None),
                      canvasmaker=_book_canvas(left, generated))
            name = page.file_name
            if name in names:
                name = name.replace(".pdf", f"-{number}.pdf")
            names.add(name)
            archive.writestr(name, buffer.getvalue())
            progress(number, total)


def write(book: Book, fmt: str, progress: jobs.Progress) -> jobs.Built:
    """The book in ``fmt`` ("pdf" or "zip") written to a temporary file."""
    handle, path = tempfile.mkstemp(suffix=f".{fmt}")
    os.close(handle)
    stem = slug(book.title)
    if fmt == "zip":
        write_zip(book, path, progress)
        return jobs.Built(path=path, file_name=f"{stem}.zip", content_type="application/zip")
    write_pdf(book, path, progress)
    return jobs.Built(path=path, file_name=f"{stem}.pdf", content_type=PDF)


def slug(text: str) -> str:
    import re

    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower()
    return stem[:80] or "entry-book"


# --- The staff list's book -----------------------------------------------------------------------


def filters_in_words(form) -> list[str]:
    """The filters of the list that apply, as "Label: value" lines."""
    lines = []
    for key, value in form.applied().items():
        bound = form[key]
        shown = value
        choices = dict(getattr(bound.field, "choices", []) or [])
        if hasattr(value, "name"):
            shown = value.name
        elif value in choices:
            shown = choices[value]
        lines.append(f"{bound.label}: {shown}")
    return lines


def list_entries(user: User, edition: Edition, query: str):
    """The staff list's rows for this query string, exactly as the list shows them, and its
    bound filter form."""
    from .filters import filter_entries
    from .selectors import entries_screenable_by

    entries = entries_screenable_by(user).filter(edition=edition)
    codes = sorted(code for code in entries.order_by().values_list("entrant__country", flat=True)
                   .distinct() if code)
    return filter_entries(entries, QueryDict(query), edition=edition, country_codes=codes)


def may_start(user: User, edition: Edition, params: dict | None = None) -> bool:
    """The edition's secretariat and coordinators (and a superuser)."""
    from prize.rules import is_edition_staff, is_superuser

    return bool(user.is_authenticated and (is_superuser | is_edition_staff).test(user, edition))


def build(job, progress: jobs.Progress) -> jobs.Built:
    """The job's book from the list's query string, read again now (``job.params``)."""
    params = job.params
    if not may_start(job.user, job.edition, params):
        raise jobs.JobError(_("You may no longer see these entries."))
    rows, form = list_entries(job.user, job.edition, params.get("query", ""))
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        raise jobs.JobError(_("No entry matches these filters any more: the book would be "
                              "empty."))
    book = Book(edition=job.edition, title=job.title or _("Entry book"), entry_ids=ids,
                reader=Reader(), filters=filters_in_words(form))
    return write(book, params.get("format", "pdf"), progress)


def register() -> None:
    jobs.register(jobs.Kind(key=KIND, label=gettext_lazy("Entry book"), build=build,
                            may_start=may_start))


register()
