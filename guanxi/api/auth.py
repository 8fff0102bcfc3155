"""Who is calling: a personal API token (scripts) or the browser's login session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from guanxi.users.models import TOKEN_PREFIX, ApiToken, User, hash_token
from guanxi.users.services import api_token_mark_used


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer gx_…`; tokens are stored hashed, so the lookup is by hash."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        # A token that was presented but is wrong is refused outright, never retried as a session.
        if not token.startswith(TOKEN_PREFIX):
            raise AuthenticationError(message=_("That is not a Guanxi API token."))
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(hashed=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            raise AuthenticationError(message=_("The API token is unknown or revoked."))
        api_token_mark_used(token=api_token, now=timezone.now())
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The browser's login session; writes need the CSRF token, as the web's forms do."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF is checked once we know there is a session (below), so that a request
        # without any credentials gets 401 rather than a CSRF complaint.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not isinstance(user, User) or not user.is_active:
            return None
        if self.csrf and check_csrf(request) is not None:
            raise HttpError(403, _("CSRF check failed: send the X-CSRFToken header."))
        return user


token_auth = ApiTokenAuth()
session_auth = SessionAuth()
API_AUTH: list[Any] = [token_auth, session_auth]


def api_user(request: HttpRequest) -> User:
    """The caller that the API's authentication let in."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise AuthenticationError()
    return user


def authenticated_user(request: HttpRequest) -> User | None:
    """For views outside ninja's operations (the OpenAPI document): the same two doors."""
    return token_auth(request) or session_auth(request)
