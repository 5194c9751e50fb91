"""How much a list shows and counts, for both halves of the program.

The server side pages and counts with them (``crm_core.pagination``); the client checks
``--page`` / ``--limit`` and words its page footers with them. Plain constants, no
Django, so a client that does not import Django reads the same numbers.
"""

PAGE_SIZE = 50  # rows of a table page (and of a --page without --limit)
COUNT_CAP = 1_000  # counting stops past this many rows, and so do pages
MAX_LIMIT = 500  # the most rows one page may hold
