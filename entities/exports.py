"""CSV and XLSX export of exactly the entities a filtered list shows (the CSV streamed in constant memory; the XLSX
built in memory, then sent)."""

import csv
import io

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import csv_row, xlsx_append

COLUMNS = [
    ("id", lambda e: e.pk), ("name", lambda e: e.name), ("short_name", lambda e: e.short_name),
    ("legal_form", lambda e: e.get_legal_form_display()), ("nip", lambda e: e.nip or ""),
    ("regon", lambda e: e.regon), ("krs", lambda e: e.krs or ""),
    ("gmina", lambda e: e.seat.name if e.seat else ""), ("teryt", lambda e: e.seat_id or ""),
    ("powiat", lambda e: e.seat.parent.name if e.seat else ""), ("address", lambda e: e.address),
    ("postal_code", lambda e: e.postal_code), ("email", lambda e: e.email), ("website", lambda e: e.website),
    ("ps", lambda e: e.has_ps), ("active", lambda e: e.is_active),
    # The founding entity of a CIS, KIS, WTZ or ZAZ, so that an imported export finds its units again.
    ("parent_nip", lambda e: (e.parent.nip or "") if e.parent else ""),
    ("parent_krs", lambda e: (e.parent.krs or "") if e.parent else ""),
]

# The columns above read only these fields (plus the has_ps annotation: ``with_ps_flag``, added by ``_rows``).
FIELDS = ("name", "short_name", "legal_form", "nip", "regon", "krs", "address", "postal_code", "email", "website",
          "is_active", "seat", "seat__name", "seat__parent", "seat__parent__name", "parent", "parent__nip",
          "parent__krs")


class _Echo:
    def write(self, value):
        return value


def _rows(queryset):
    yield [name for name, _getter in COLUMNS]
    words = {True: _("yes"), False: _("no")}  # translated once, not for every row
    for entity in queryset.with_ps_flag().select_related("parent").only(*FIELDS).iterator(chunk_size=2000):
        yield [words[value] if isinstance(value, bool) else value for value in
               (getter(entity) for _name, getter in COLUMNS)]


def export_csv(queryset) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")
    response = StreamingHttpResponse(("\ufeff" if i == 0 else "") + writer.writerow(csv_row(row))
                                     for i, row in enumerate(_rows(queryset)))
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="rejestr-{timezone.localdate():%Y%m%d}.csv"'
    return response


def export_xlsx(queryset) -> StreamingHttpResponse:
    # lazy: openpyxl (0.3 s to import) is needed only when a spreadsheet is read or written
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Registry")[:31])
    for row in _rows(queryset):
        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = StreamingHttpResponse(iter([buffer.getvalue()]),
                                     content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="rejestr-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
