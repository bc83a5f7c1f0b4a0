"""Korean dates, times and numbers, as Korean public institutions write them:
"2023년 9월 25일 (월) 오후 3:00" for a moment, "2023년 9월 25일" for a day, "2023. 9. 25." in
tables. The weekday and 오전/오후 come from Django's own Korean catalogue.

The names are those of prize/formats/en/formats.py (Django's, plus a few of our own).
"""

DATE_FORMAT = "Y년 n월 j일"
DATETIME_FORMAT = "Y년 n월 j일 (D) A g:i"
TIME_FORMAT = "A g:i"
YEAR_MONTH_FORMAT = "Y년 n월"
MONTH_DAY_FORMAT = "n월 j일"
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. A g:i"
FIRST_DAY_OF_WEEK = 0  # Sunday

LONG_DATE_FORMAT = "Y년 n월 j일 (D)"
LONG_DATETIME_FORMAT = "Y년 n월 j일 (D) A g:i"
DATETIME_SECONDS_FORMAT = "Y. n. j. A g:i:s"
TIME_SECONDS_FORMAT = "A g:i:s"
SHORT_MONTH_DAY_FORMAT = "n월 j일"
SHORT_MONTH_FORMAT = "n월"
SHORT_YEAR_MONTH_FORMAT = "Y. n."
YEAR_FORMAT = "Y년"

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
