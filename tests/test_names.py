from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from guanxi.domain.names import has_chinese, pinyin_full, pinyin_initials, search_key


def test_chinese_names_get_full_pinyin_and_initials() -> None:
    assert pinyin_full("张伟") == "zhangwei"
    assert pinyin_initials("张伟") == "zw"
    assert pinyin_initials("广州美家家具有限公司") == "gzmjjjyxgs"


def test_latin_and_digits_are_kept() -> None:
    assert pinyin_full("ABC 五金 2号") == "abcwujin2hao"


def test_query_key_folds_case_and_spaces() -> None:
    assert search_key(" Zhang Wei ") == "zhangwei"
    assert has_chinese("张")
    assert not has_chinese("zw")


@given(st.text(max_size=30))
def test_keys_are_always_lowercase_ascii(name: str) -> None:
    for key in (pinyin_full(name), pinyin_initials(name)):
        assert key == key.lower()
        assert key.isascii()
