"""The REST API, v1: one NinjaAPI, one router per resource."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.renderers import JSONRenderer

from guanxi.api import (
    accounts,
    contacts,
    insights,
    interests,
    links,
    practices,
    qualification,
    relationships,
)
from guanxi.api.auth import API_AUTH, authenticated_user
from guanxi.api.errors import http_error, install_error_handlers

DESCRIPTION = """\
The same accounts and contacts as the web app, with the same permissions: a record
you may not see answers 404, as if it did not exist. Vested interests and personal notes
are sensitive: only the account team, their managers and executives see them.

**Authentication.** A personal API token, `Authorization: Bearer gx_…`, for scripts;
or the browser's login session, which needs the `X-CSRFToken` header on writes.

**Pages.** Lists take `limit` (at most 200, default 50) and `offset`, and answer
`{"items": […], "limit", "offset", "next"}`; `next` is the next page's URL, or null.

**Errors** are `application/problem+json` (RFC 9457): `type`, `title`, `status`,
`detail`, and for invalid input an `errors` list of `{field, message, code}`.
"""


def _signed_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI document and its docs page are for signed-in users, like every page."""

    @wraps(view)
    def signed_in_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            user = authenticated_user(request)
        except HttpError as exc:
            return http_error(request, exc)
        if user is None:
            return http_error(request, AuthenticationError())
        return view(request, *args, **kwargs)

    return signed_in_view


class ReadableJSONRenderer(JSONRenderer):
    # Chinese names as themselves, not as \uXXXX escapes: readable, and fewer bytes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Guanxi API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=API_AUTH,
    renderer=ReadableJSONRenderer(),
    # Swagger UI is served from the ninja package (INSTALLED_APPS), never a CDN; no validator
    # badge, which would send the document's address to a third party.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=_signed_in_only,
)
install_error_handlers(api)
api.add_router("/accounts", accounts.router)
api.add_router("/contacts", contacts.router)
api.add_router("/contact-links", links.router)
api.add_router("/relationships", relationships.router)
api.add_router("/interests", interests.router)
api.add_router("/practices", practices.router)
api.add_router("/qualification", qualification.router)
api.add_router("", insights.router)  # /insights, /accounts/{id}/strength
