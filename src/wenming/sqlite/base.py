"""Django's SQLite backend with a decimal converter that tolerates values too large for their field."""

from __future__ import annotations

import decimal

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def get_decimalfield_converter(self, expression):
        strict = super().get_decimalfield_converter(expression)
        loose = decimal.Context(prec=15).create_decimal_from_float

        def converter(value, expression, connection):
            try:
                return strict(value, expression, connection)
            except (decimal.InvalidOperation, ValueError, TypeError, OverflowError):
                try:
                    number = loose(value) if isinstance(value, float) else decimal.Decimal(value)
                except (decimal.InvalidOperation, ValueError, TypeError):
                    return None
                return number if number.is_finite() else None

        return converter


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
