"""Dates in Django admin as the CLI prints them (``2026-06-04 13:00``, in TIME_ZONE).

Django's English formats ("June 4, 2026, 1 p.m.") are longer and read differently from
what staff see in the CRM; input formats are left to Django's (ISO first).
"""

DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
YEAR_MONTH_FORMAT = "Y-m"
MONTH_DAY_FORMAT = "m-d"
