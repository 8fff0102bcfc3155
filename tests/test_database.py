"""What the database connection must allow, whatever the settings around it."""

from __future__ import annotations

import pytest
from django.db import connection

from guanxi.stakeholders.models import Contact


@pytest.mark.django_db
def test_a_statement_may_carry_more_than_65535_parameters() -> None:
    """Binding parameters on the server (GUANXI_PG_PREPARE) would refuse it: a long list of
    ids, or a bulk update of tens of thousands of rows, must not fail on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite caps the parameters of a statement lower; Django batches for it")
    assert Contact.objects.filter(pk__in=range(1, 70_001)).count() == 0
