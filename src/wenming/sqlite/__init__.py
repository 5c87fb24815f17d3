"""The embedded SQLite database backend: Django's, reading odd stored numbers without failing.

SQLite stores whatever it is given in a ``decimal`` column. A value that does not fit the
field (10000 in ``max_digits=6, decimal_places=2``, left by an older version or a hand edit)
makes Django's converter raise while reading, and every list containing that row answers 500.
Here such a value is read as it is stored (non-finite values as None), so lists and pages keep
working; new values are checked before they are saved (``wenming.numbers``). PostgreSQL's
``numeric(p, s)`` never holds such a value, so it needs no counterpart.
"""
