"""Background work of qualification: a run started from the web goes to a worker (django-tasks)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from guanxi.core.access import can_run_qualification, visible_accounts
from guanxi.planning.models import QualificationPolicy
from guanxi.planning.services import qualification_policy_default, qualification_run
from guanxi.users.models import User


@task()
def qualification_run_task(*, user_id: int, policy_id: int | None = None) -> dict[str, Any]:
    """Qualify every account the user can see, as that user; the run's id and size come back.

    Rights are checked again here: the task may run long after it was asked for.
    """
    user = User.objects.get(pk=user_id)
    if not user.is_active or not can_run_qualification(user):
        raise PermissionError(f"user {user_id} may not qualify accounts")
    policy = (
        QualificationPolicy.objects.get(pk=policy_id)
        if policy_id is not None
        else qualification_policy_default()
    )
    run = qualification_run(actor=user, policy=policy, accounts=visible_accounts(user))
    return {"run_id": run.pk, "account_count": run.account_count}
