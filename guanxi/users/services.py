from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.users.models import ApiToken, Role, Team, User

TOKEN_USE_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    team_name: str | None = None,
    display_name: str = "",
    monthly_capacity_hours: int = 80,
    validate: bool = True,
) -> User:
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("A user named %(name)s already exists.") % {"name": username})
    team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
    user = User(
        username=username,
        role=role,
        team=team,
        display_name=display_name,
        monthly_capacity_hours=monthly_capacity_hours,
        is_staff=role == Role.ADMIN,
    )
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the raw value is returned once and never stored."""
    raw, prefix, hashed = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, hashed=hashed)
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def api_token_mark_used(*, token: ApiToken, now: datetime) -> None:
    """Record use at most once a minute, so that reading the API is not a write per request."""
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_USE_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
