"""Out-of-range numbers in `__in` lookups find nothing instead of crashing the driver."""

from __future__ import annotations

import pytest

from beistand.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_number_beyond_the_column_finds_nothing_instead_of_crashing(alice):
    huge = 9223372036854775808
    assert list(User.objects.filter(pk__in=[huge])) == []
    assert list(User.objects.filter(pk__in=[huge, alice.pk])) == [alice]
    assert list(User.objects.filter(pk__in=[-huge - 1])) == []
