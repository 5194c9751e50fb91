"""Django's SQLite and PostgreSQL backends with every wait bounded and open to Ctrl-C.

Selected by ``config.variables.database()`` (ENGINE ``crm_core.backends.sqlite3`` or
``crm_core.backends.postgresql``); everything else is Django's own backend.
"""
