"""`__in` on integer columns that ignores numbers outside the column's range.

Django already answers `pk=<huge number>` with "nothing found" (IntegerFieldExact),
but `pk__in=[<huge number>]` reaches the database driver, which raises
OverflowError on SQLite and an error on PostgreSQL: a typed or forged id in a
multiple-choice form field then became a 500. A number outside the range can
match no row, so dropping it changes no answer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [value for value in self.rhs if not _outside(value, low, high)]
        return super().process_rhs(compiler, connection)


def _outside(value: Any, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return (low is not None and value < low) or (high is not None and value > high)
