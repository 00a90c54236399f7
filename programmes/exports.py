"""XLSX export of a programme for staff who work in spreadsheets: the structure and the indicators."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exports import xlsx_append

from .selectors import programme_tree


def programme_to_xlsx(programme) -> bytes:
    tree = programme_tree(programme)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Structure")[:31]
    xlsx_append(sheet, [_("Level"), _("Number"), _("Text")])
    for priority in tree["priorities"]:
        xlsx_append(sheet, [_("priority"), priority.number, priority.name])
        for goal in priority.goals.all():
            xlsx_append(sheet, [_("specific goal"), goal.number, goal.name])
            for direction in goal.directions.all():
                xlsx_append(sheet, [_("intervention direction"), direction.number, direction.text])
    values = book.create_sheet(_("Indicators")[:31])
    years = sorted({v.year for row in tree["all_rows"] for v in row.values})
    xlsx_append(values, [_("Indicator"), _("Unit"), _("Baseline"), _("Target"), *years])
    for row in tree["all_rows"]:
        by_year = {v.year: float(v.value) for v in row.values}
        target = row.indicator.target
        xlsx_append(values, [row.indicator.name, row.indicator.unit,
                       float(row.indicator.baseline_value) if row.indicator.baseline_value is not None else None,
                       float(target) if target is not None else None, *[by_year.get(y) for y in years]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
