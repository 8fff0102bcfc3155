"""Every error the API answers is `application/problem+json` (RFC 9457)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
VALIDATION_PROBLEM = "urn:guanxi:problem:validation"
# Where ninja reports a parameter's place; the body's own parameter name follows it.
_LOCATIONS = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


class FieldError(TypedDict):
    field: str | None
    message: str
    code: str


def problem(
    request: HttpRequest,
    status: int,
    detail: str = "",
    *,
    type_uri: str = "about:blank",
    errors: list[FieldError] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": type_uri,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    content = json.dumps(body, ensure_ascii=False)
    return HttpResponse(content, status=status, content_type=PROBLEM_CONTENT_TYPE)


def not_found(request: HttpRequest) -> HttpResponse:
    return problem(request, 404, _("There is nothing here, or it is not yours to see."))


def method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    response = problem(request, 405, _("Use one of: %(methods)s.") % {"methods": allowed or "none"})
    response["Allow"] = allowed
    return response


def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if not isinstance(exc, AuthenticationError):
        return problem(request, exc.status_code, str(exc))
    detail = str(exc)
    if detail == str(AuthenticationError()):  # ninja's bare "Unauthorized": no credentials at all
        detail = _("Log in, or send a personal API token: Authorization: Bearer gx_….")
    response = problem(request, 401, detail)
    response["WWW-Authenticate"] = 'Bearer realm="guanxi"'
    return response


def _request_field(loc: Iterable[Any]) -> str | None:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _LOCATIONS:
        location = parts.pop(0)
        if location == "body" and len(parts) > 1:
            parts.pop(0)  # the view's parameter name, which means nothing to a client
    return ".".join(parts) or None


def request_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        FieldError(
            field=_request_field(error.get("loc", ())),
            message=str(error.get("msg", "")),
            code=str(error.get("type", "invalid")),
        )
        for error in exc.errors
    ]
    return problem(
        request,
        422,
        _("The request does not match the schema."),
        type_uri=VALIDATION_PROBLEM,
        errors=errors,
    )


def model_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    errors = [
        FieldError(
            field=None if field == NON_FIELD_ERRORS else field,
            message=" ".join(error.messages),
            code=error.code or "invalid",
        )
        for field, field_errors in by_field.items()
        for error in field_errors
    ]
    return problem(
        request, 422, _("The data was not accepted."), type_uri=VALIDATION_PROBLEM, errors=errors
    )


def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(request, 403, str(exc) or _("You may not do this."))


def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem(request, 500, _("Something went wrong on our side; it has been logged."))


def install_error_handlers(api: NinjaAPI) -> None:
    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (NinjaValidationError, request_validation_error),
        (DjangoValidationError, model_validation_error),
        (Http404, lambda request, exc: not_found(request)),
        (HttpError, http_error),
        (PermissionDenied, permission_denied),
        (Exception, unexpected_error),
    ]
    for exception_class, handler in handlers:
        api.exception_handler(exception_class)(handler)
