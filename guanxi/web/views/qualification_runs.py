"""Running the qualification from the web: a background task, its status polled every 2 s.

The task id is kept in the session of the person who started it, so that any page that
shows the run button shows the run in progress instead. A backend that runs tasks at once
(the tests' immediate backend) finishes before the answer; a worker may take a while.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from guanxi.core.access import can_run_qualification
from guanxi.planning.tasks import qualification_run_task
from guanxi.web.views.base import AuthenticatedRequest

SESSION_KEY = "qualification_task"
STATUS_TEMPLATE = "web/components/qualification_run.html"


@dataclass(frozen=True)
class RunStatus:
    task_id: str
    running: bool  # False while it waits for a worker
    enqueued_at: datetime | None


def _result(task_id: str) -> TaskResult[dict[str, int]] | None:
    try:
        return qualification_run_task.get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        return None


def _owned_result(request: AuthenticatedRequest, task_id: str) -> TaskResult[dict[str, int]]:
    """The run this person started; anyone else's (or none) is a 404."""
    result = _result(task_id)
    if result is None or result.kwargs.get("user_id") != request.user.pk:
        raise Http404
    return result


def _status(result: TaskResult[dict[str, int]]) -> RunStatus:
    return RunStatus(result.id, result.status == TaskResultStatus.RUNNING, result.enqueued_at)


def pending_run(request: AuthenticatedRequest) -> RunStatus | None:
    """The run this person started that is not finished yet, if any."""
    task_id = request.session.get(SESSION_KEY)
    if not task_id:
        return None
    result = _result(task_id)
    if result is None or result.is_finished:
        request.session.pop(SESSION_KEY, None)
        return None
    return _status(result)


def _announce(request: AuthenticatedRequest, result: TaskResult[dict[str, int]]) -> None:
    if result.status == TaskResultStatus.SUCCESSFUL and result.return_value:
        count = result.return_value["account_count"]
        messages.success(
            request,
            ngettext(
                "Qualification done: %(count)s account scored.",
                "Qualification done: %(count)s accounts scored.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.error(
            request, gettext("The qualification did not finish. Try again, or ask an admin.")
        )


def _back(request: AuthenticatedRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("portfolio")


def _finished(request: AuthenticatedRequest, result: TaskResult[dict[str, int]]) -> HttpResponse:
    """Say how it went, then show the page again with the new results."""
    request.session.pop(SESSION_KEY, None)
    _announce(request, result)
    if request.htmx:
        return HttpResponseClientRefresh()
    return HttpResponseRedirect(_back(request))


@require_POST
def qualification_run_start(request: AuthenticatedRequest) -> HttpResponse:
    if not can_run_qualification(request.user):
        raise PermissionDenied
    result = qualification_run_task.enqueue(user_id=request.user.pk)
    if result.is_finished:
        return _finished(request, result)
    request.session[SESSION_KEY] = result.id
    if request.htmx:
        return render(request, STATUS_TEMPLATE, {"run": _status(result), "next": _back(request)})
    return HttpResponseRedirect(_back(request))


@require_GET
def qualification_run_status(request: AuthenticatedRequest, task_id: str) -> HttpResponse:
    result = _owned_result(request, task_id)
    if result.is_finished:
        return _finished(request, result)
    return render(request, STATUS_TEMPLATE, {"run": _status(result), "next": _back(request)})
