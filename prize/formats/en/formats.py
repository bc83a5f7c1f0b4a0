"""English dates, times and numbers: "25 September 2023, 15:00" (day, month, year; 24-hour).

Beside Django's named formats (DATE_FORMAT, DATETIME_FORMAT, SHORT_*, TIME_FORMAT, MONTH_DAY,
YEAR_MONTH), a few of our own, read with ``prize.formats.moment`` or ``{{ x|moment:"NAME" }}``:
LONG_* (with the weekday), *_SECONDS_FORMAT, and the chart labels' SHORT_MONTH_DAY_FORMAT,
SHORT_MONTH_FORMAT, SHORT_YEAR_MONTH_FORMAT and YEAR_FORMAT.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

LONG_DATE_FORMAT = "D j F Y"
LONG_DATETIME_FORMAT = "l j F Y, H:i"
DATETIME_SECONDS_FORMAT = "j M Y, H:i:s"
TIME_SECONDS_FORMAT = "H:i:s"
SHORT_MONTH_DAY_FORMAT = "j M"
SHORT_MONTH_FORMAT = "M"
SHORT_YEAR_MONTH_FORMAT = "M Y"
YEAR_FORMAT = "Y"

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
