"""XLSX export of a programme for staff who work in spreadsheets: the structure and the indicators."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .selectors import programme_tree


def programme_to_xlsx(programme) -> bytes:
    tree = programme_tree(programme)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Structure")[:31]
    sheet.append([_("Level"), _("Number"), _("Text")])
    for priority in tree["priorities"]:
        sheet.append([_("priority"), priority.number, priority.name])
        for goal in priority.goals.all():
            sheet.append([_("specific goal"), goal.number, goal.name])
            for direction in goal.directions.all():
                sheet.append([_("intervention direction"), direction.number, direction.text])
    values = book.create_sheet(_("Indicators")[:31])
    years = sorted({v.year for row in tree["all_rows"] for v in row.values})
    values.append([_("Indicator"), _("Unit"), _("Baseline"), _("Target"), *years])
    for row in tree["all_rows"]:
        by_year = {v.year: float(v.value) for v in row.values}
        target = row.indicator.target
        values.append([row.indicator.name, row.indicator.unit,
                       float(row.indicator.baseline_value) if row.indicator.baseline_value is not None else None,
                       float(target) if target is not None else None, *[by_year.get(y) for y in years]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
