"""Settings package.

``cli`` is the lean configuration the terminal program runs with, ``default`` adds
the web stack (admin, sessions, static files) for ``manage.py``, ``production``
hardens ``default`` and refuses to start without real secrets, and ``test`` is
what pytest uses.
"""
