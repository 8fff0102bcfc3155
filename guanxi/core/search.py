"""One search rule for people and organisations: Chinese, full pinyin, initials, codes."""

from __future__ import annotations

from django.db.models import Q

from guanxi.domain.names import has_chinese, search_key


def name_search(query: str, *, extra_exact: tuple[str, ...] = ()) -> Q:
    """A condition matching `query` on models with name, name_latin, name_pinyin, name_initials.

    张伟 matches by characters; "zhangwei" by full pinyin; "zw" by initials; `extra_exact`
    fields (such as customer_code) match case-insensitively from their start.
    """
    query = query.strip()
    if not query:
        return Q()
    condition = Q(name__icontains=query) | Q(name_latin__icontains=query)
    if not has_chinese(query):
        key = search_key(query)
        if key:
            condition |= Q(name_pinyin__contains=key) | Q(name_initials__contains=key)
    for field in extra_exact:
        condition |= Q(**{f"{field}__istartswith": query})
    return condition
