"""Every answer of every entry, for the edition's staff: one sheet per application form in use.

The rows are exactly the entries list's (the caller filters them with
``entries.filters.filter_entries``, as the list does). Each form gets its own sheet, because
forms ask different questions: a few columns that say which entry it is, then one column per
question in the form's order, headed "Label [key]", then the entry's files as links to the
staff download page (which checks who asks: never a public link nor one that carries a
credential). A money question takes two columns, the amount (a number) and its currency, so the
amounts add up in a spreadsheet whatever the currency of each entry.

Values are typed: numbers as numbers, dates as dates, Yes/No, choice labels instead of codes,
lists one item a line, table rows one a line ("Column: value · Column: value"). Only the
submitted answers are written, never the changes an entrant has not submitted; a question hidden
by its condition stays empty, as on the entry's page. Text a spreadsheet would run as a formula
is neutralised (``prize.spreadsheets.neutralise``).

XLSX: one worksheet per form, written row by row to a temporary file (openpyxl's write-only
mode), which the response then streams. CSV: one file per form (UTF-8 with a byte-order mark),
streamed line by line when one form is asked for (``form=<id>``) or only one is in use, else
one CSV per form in a ZIP written to a temporary file. Either way memory stays flat and the
number of queries is the same for one entry or 24,000: the forms, then per form its entries
(one query, read with a cursor) and the names of their files (one query).

``write_xlsx`` and ``write_csv`` write the file for the direct responses here and for the
background export of a long list (``entries.exports_jobs``), so both hold the same cells.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries

from prize.models import Edition
from prize.spreadsheets import XLSX_TYPE, csv_lines, export_filename, neutralise, text_cell

from . import schema as form_schema
from .enums import EntryStatus
from .models import Attachment, EntryForm
from .presentation import money_text

FORMATS = ("csv", "xlsx")
CHUNK = 2000  # rows read from the database cursor at a time


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable  # (entry, files) -> cell value


def forms_in_use(rows: QuerySet) -> list[EntryForm]:
    """The application forms of the filtered entries, by name (one query)."""
    return list(EntryForm.objects.filter(pk__in=rows.order_by().values("form_id"))
                .order_by("name", "pk"))


# --- One answer as a cell ------------------------------------------------------------------


def _number(value):
    text = str(value).strip().replace(",", "")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    return int(number) if number == number.to_integral_value() and abs(number) < 10**15 \
        else float(number)


def _date(value):
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return str(value)


def _lines(items) -> str:
    return "\n".join(str(item) for item in items if str(item).strip())


def answer_cell(f: form_schema.Field, value):
    """A typed, readable cell for one answer; None for no answer."""
    if f.type == "boolean":
        return _("Yes") if value is True else _("No")
    if f.empty(value):
        return None
    if f.type == "number":
        return _number(value)
    if f.type == "date":
        return _date(value)
    if f.type == "country" and isinstance(value, str):
        return str(countries.name(value.strip()) or value)
    if f.type == "table" and isinstance(value, list):
        return "\n".join(
            " · ".join(f"{label}: {row.get(key, '')}" for key, label in f.columns
                       if str(row.get(key, "")).strip())
            for row in value if isinstance(row, dict) and any(
                str(v).strip() for v in row.values()))
    if f.type == "money" and isinstance(value, dict):
        return money_text(value)
    labels = dict(f.choices)
    if isinstance(value, list):
        return _lines(labels.get(str(v), str(v)) for v in value)
    if isinstance(value, dict):
        return money_text(value)
    return labels.get(str(value), str(value))


def _money_amount(value):
    if isinstance(value, dict) and str(value.get("amount") or "").strip():
        return _number(value.get("amount"))
    return None


def _money_currency(value):
    return str(value.get("currency") or "") if isinstance(value, dict) else None


def columns(form: EntryForm, link: Callable[[int], str]) -> list[Column]:
    """The sheet's columns for one form; ``link(attachment_pk)`` makes a file's address."""
    statuses = dict(EntryStatus.choices)
    cols = [
        Column(_("Reference"), 16, lambda e, files: e.reference or ""),
        Column(_("Title"), 40, lambda e, files: e.title),
        Column(_("Category"), 20, lambda e, files: e.category.name),
        Column(_("Status"), 12, lambda e, files: str(statuses.get(e.status, e.status))),
        Column(_("Entrant"), 30, lambda e, files: e.entrant.name),
        Column(_("Country"), 18, lambda e, files: str(
            countries.name(str(e.entrant.country)) or e.entrant.country)),
    ]
    try:
        schema = form_schema.Schema.parse(form.schema)
    except form_schema.SchemaError:
        cols.append(Column(_("Answers"), 60, lambda e, files: "\n".join(
            f"{key}: {value}" for key, value in sorted(e.answers.items()))))
        return cols

    def shown(f, getter):
        def value(entry, files):
            answers = entry.answers if isinstance(entry.answers, dict) else {}
            if not schema.visible(f, answers):
                return None
            return getter(f, answers.get(f.key))
        return value

    has_files = False
    for step in schema.steps:
        if step.kind == "attachments":
            has_files = True
            continue
        for f in step.fields:
            header = f"{f.label} [{f.key}]"
            if f.type == "money":
                cols.append(Column(_("%(question)s: amount") % {"question": header}, 16,
                                   shown(f, lambda _f, v: _money_amount(v))))
                cols.append(Column(_("%(question)s: currency") % {"question": header}, 10,
                                   shown(f, lambda _f, v: _money_currency(v))))
            else:
                width = 50 if f.type in ("textarea", "table") else 24
                cols.append(Column(header, width, shown(f, answer_cell)))
    if has_files:
        cols.append(Column(_("Files (links)"), 60,
                           lambda e, files: "\n".join(link(pk) for pk in files) or None))
    return cols


# --- Reading rows ----------------------------------------------------------------------------


def _files_by_entry(entries: QuerySet) -> dict[int, list[int]]:
    """The ids of each entry's files (one query, ids only)."""
    files: dict[int, list[int]] = defaultdict(list)
    for entry_id, pk in (Attachment.objects.filter(entry__in=entries.order_by().values("pk"))
                         .order_by("entry_id", "uploaded_at", "pk")
                         .values_list("entry_id", "pk").iterator(chunk_size=CHUNK)):
        files[entry_id].append(pk)
    return files


def sheet_rows(rows: QuerySet, form: EntryForm, cols: list[Column]) -> Iterator[list]:
    """One list of cells per entry of ``form``, in the list's order."""
    entries = rows.filter(form=form).defer("pending_answers")
    files = _files_by_entry(entries) if any(c.header == _("Files (links)") for c in cols) else {}
    for entry in entries.iterator(chunk_size=CHUNK):
        entry_files = files.get(entry.pk, [])
        yield [col.value(entry, entry_files) for col in cols]


def link_base(request) -> str:
    """The absolute address the staff download pages of files sit under, for this site as the
    request reached it (kept in a background export's parameters, so its links are the same)."""
    head = reverse("entries:attachment_download", kwargs={"pk": 1}).rsplit("/1/", 1)[0]
    return request.build_absolute_uri(head + "/")


def links_under(base: str) -> Callable[[int], str]:
    """Absolute addresses of the staff download page of a file under ``base`` (one
    ``reverse``)."""
    tail = reverse("entries:attachment_download", kwargs={"pk": 1}).rsplit("/1/", 1)[1]

    def link(pk: int) -> str:
        return f"{base}{pk}/{tail}"

    return link


def link_maker(request) -> Callable[[int], str]:
    """Absolute addresses of the staff download page of a file, as the request reached it."""
    return links_under(link_base(request))


# --- Files -------------------------------------------------------------------------------------


def _sheet_title(form: EntryForm, used: set[str]) -> str:
    """A worksheet name: the form's name within Excel's 31 characters and allowed letters,
    never twice the same."""
    base = re.sub(r"[\[\]:*?/\\]", " ", form.name).strip()[:28] or _("Form")
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:26]} {n}", n + 1
    used.add(title.lower())
    return title


def _file_stem(form: EntryForm) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", form.slug).strip("-") or f"form-{form.pk}"


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _no_tick() -> None:
    """Told of each row written (the direct export does not count)."""


def write_xlsx(target, rows: QuerySet, forms: list[EntryForm], link: Callable[[int], str],
               tick: Callable[[], None] = _no_tick) -> None:
    """The workbook into ``target`` (a path or a binary file): one sheet per form;
    ``tick()`` after each row."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    used: set[str] = set()
    for form in forms or [None]:
        if form is None:  # no entries: an empty workbook still opens
            workbook.create_sheet(_("Entries"))
            break
        cols = columns(form, link)
        sheet = workbook.create_sheet(_sheet_title(form, used))
        for index, col in enumerate(cols, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = col.width
        sheet.freeze_panes = "B2"

        def cell_of(value, sheet=sheet):
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
                if "\n" in cell.value:
                    cell.alignment = wrap
            return cell

        heads = []
        for col in cols:
            head = WriteOnlyCell(sheet, value=neutralise(col.header))
            head.data_type, head.font = "s", bold
            heads.append(head)
        sheet.append(heads)
        count = 0
        for row in sheet_rows(rows, form, cols):
            sheet.append([cell_of(value) for value in row])
            count += 1
            tick()
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{count + 1}"
    workbook.save(target)


def xlsx_response(edition: Edition, rows: QuerySet, forms: list[EntryForm],
                  link: Callable[[int], str]) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    write_xlsx(handle, rows, forms, link)
    handle.seek(0)
    response = FileResponse(handle, as_attachment=True, content_type=XLSX_TYPE,
                            filename=file_name(edition, "xlsx", forms))
    return _private(response)


def _csv_cell(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return text_cell(value)


def _csv_lines(rows: QuerySet, form: EntryForm, link,
               tick: Callable[[], None] = _no_tick) -> Iterator[bytes]:
    cols = columns(form, link)

    def counted():
        for row in sheet_rows(rows, form, cols):
            yield row
            tick()

    return csv_lines([neutralise(c.header) for c in cols], counted(), cell=_csv_cell)


def _no_entries_csv() -> Iterator[bytes]:
    return iter([("\ufeff" + _("No entries") + "\r\n").encode()])


def file_name(edition: Edition, fmt: str, forms: list[EntryForm]) -> str:
    """The file's name: XLSX one workbook; CSV one file for one form (or none), else a ZIP."""
    if fmt == "xlsx":
        return export_filename(edition.short_name, edition.tz, "answers", "xlsx")
    if len(forms) <= 1:
        what = f"answers-{_file_stem(forms[0])}" if forms else "answers"
        return export_filename(edition.short_name, edition.tz, what, "csv")
    return export_filename(edition.short_name, edition.tz, "answers", "zip")


def content_type(fmt: str, forms: list[EntryForm]) -> str:
    if fmt == "xlsx":
        return XLSX_TYPE
    return "text/csv; charset=utf-8" if len(forms) <= 1 else "application/zip"


def write_csv(target, rows: QuerySet, forms: list[EntryForm], link: Callable[[int], str],
              tick: Callable[[], None] = _no_tick) -> None:
    """Into the binary file ``target``: the one form's CSV, else a ZIP of one CSV per form;
    ``tick()`` after each row."""
    if len(forms) <= 1:
        lines = _csv_lines(rows, forms[0], link, tick) if forms else _no_entries_csv()
        for line in lines:
            target.write(line)
        return
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for form in forms:
            with archive.open(f"{_file_stem(form)}.csv", "w") as member:
                for line in _csv_lines(rows, form, link, tick):
                    member.write(line)


def csv_response(edition: Edition, rows: QuerySet, forms: list[EntryForm],
                 link: Callable[[int], str]):
    """One form: its CSV, streamed. Several: a ZIP holding one CSV per form."""
    name = file_name(edition, "csv", forms)
    if len(forms) <= 1:
        lines = _csv_lines(rows, forms[0], link) if forms else _no_entries_csv()
        response = StreamingHttpResponse(lines, content_type=content_type("csv", forms))
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return _private(response)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    write_csv(handle, rows, forms, link)
    handle.seek(0)
    response = FileResponse(handle, as_attachment=True, content_type="application/zip",
                            filename=name)
    return _private(response)


def forms_for(edition: Edition, rows: QuerySet, form_id: int | None) -> list[EntryForm] | None:
    """The forms to export: the one asked for (None when the edition has no such form), else
    those in use among the rows (one query)."""
    if form_id is None:
        return forms_in_use(rows)
    return list(EntryForm.objects.filter(edition=edition, pk=form_id)) or None


def rows_of(rows: QuerySet, form_id: int | None) -> QuerySet:
    """The rows the export writes: the list's, of the one form when one is asked for."""
    return rows if form_id is None else rows.filter(form_id=form_id)


def filters_audited(filter_form) -> dict:
    """The list's filters that apply, as the audit records them."""
    return {k: str(v) for k, v in getattr(filter_form, "cleaned_data", {}).items()
            if v not in (None, "", [], ())}


def answers_export(request, edition: Edition, rows: QuerySet, fmt: str,
                   form_id: int | None = None, forms: list[EntryForm] | None = None):
    """The response for ``format=csv|xlsx`` (and ``form=<id>``, one form's rows only);
    ``forms`` when the caller has read them already (``forms_for``)."""
    if forms is None:
        forms = forms_for(edition, rows, form_id)
        if forms is None:
            raise Http404
    link = link_maker(request)
    if fmt == "xlsx":
        return xlsx_response(edition, rows, forms, link)
    return csv_response(edition, rows, forms, link)


__all__ = ["FORMATS", "answer_cell", "answers_export", "columns", "content_type", "file_name",
           "filters_audited", "forms_for", "forms_in_use", "link_base", "links_under",
           "rows_of", "sheet_rows", "write_csv", "write_xlsx"]
