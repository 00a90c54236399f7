"""Polish formats as Polish offices write them (overriding Django's, whose short date is 01-12-2026).

Dates: "1 grudnia 2026" (DATE_FORMAT) or "1.12.2026" (SHORT_DATE_FORMAT); months lower-case, in the genitive
inside a date. Numbers: "135 000,00" (a space between thousands where a template asks for grouping).
"""

from django.conf.locale.pl.formats import *  # noqa: F403

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATE_FORMAT = "j.m.Y"
SHORT_DATETIME_FORMAT = "j.m.Y, H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
