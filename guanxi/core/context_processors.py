from __future__ import annotations

from django.http import HttpRequest


def csp_nonce(request: HttpRequest) -> dict[str, object]:
    """django-csp 4 exposes the nonce as CSP_NONCE; django-htmx's tags read csp_nonce."""
    return {"csp_nonce": getattr(request, "csp_nonce", None)}
