"""The API's URLs: ninja's, each made to answer for itself (no login redirect, problem+json)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, include, path, re_path

from guanxi.api.api import api
from guanxi.api.errors import method_not_allowed, not_found

View = Callable[..., HttpResponse]

# The docs page is a page: an anonymous browser is sent to log in, as everywhere else.
_PAGES = {"openapi-view"}


def _endpoint(view: View) -> View:
    """Authenticates itself (401, never a login redirect) and answers 404/405 as problems."""

    @login_not_required
    @wraps(view)
    def endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if isinstance(response, HttpResponseNotAllowed):
            return method_not_allowed(request, response["Allow"])
        return response

    return endpoint


def _unknown(request: HttpRequest) -> HttpResponse:
    raise Http404


def _answering_for_themselves(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    return [
        URLPattern(pattern.pattern, _endpoint(pattern.callback), pattern.default_args, pattern.name)
        if isinstance(pattern, URLPattern) and pattern.name not in _PAGES
        else pattern
        for pattern in patterns
    ]


_ninja_patterns, _app_name, _namespace = api.urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include((_answering_for_themselves(_ninja_patterns), _app_name), _namespace)),
    re_path(r"^", _endpoint(_unknown), name="unknown"),
]
