from __future__ import annotations

import pytest

from guanxi.accounts.models import Account
from guanxi.core.search import name_search
from tests.factories import AccountFactory


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["华轩", "huaxuan", "hx", "gzhx", "GZ00", "Huaxuan Furniture"])
def test_an_account_is_found_by_any_part_of_its_name_pinyin_initials_or_code(query: str) -> None:
    wanted = AccountFactory(
        name="广州华轩家具有限公司",
        name_latin="Guangzhou Huaxuan Furniture",
        customer_code="GZ0001",
    )
    AccountFactory(name="上海恒通门窗有限公司", name_latin="", customer_code="SH0002")
    found = Account.objects.filter(name_search(query, extra_exact=("customer_code",)))
    assert list(found) == [wanted]
