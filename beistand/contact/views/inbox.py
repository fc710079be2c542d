"""The counsellors' inbox: the conversations of their centres, each with its thread and actions.

Every view goes through `contact.access`: outside the user's centres a
conversation is the same 404 as one that does not exist; every opening is
audited there. Lists decrypt nothing; the thread is opened on the
conversation's own page only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from beistand.cases.access import casework_centres
from beistand.cases.models import StaleEdit
from beistand.cases.views.common import caseworker_view, error_summary
from beistand.contact import access
from beistand.contact.actions import inbox as actions
from beistand.contact.forms import (
    AbuseForm,
    AssignForm,
    CaseForm,
    HandoverForm,
    ReplyForm,
    StatusForm,
)
from beistand.contact.models import Author, Conversation, Status
from beistand.contact.notices import caseworkers, mark_read
from beistand.contact.retention import deletion_date
from beistand.contact.sealing import CentreOpener
from beistand.contact.threads import centre_thread
from beistand.contact.uploads import EXTENSIONS
from beistand.lib.http import AuthenticatedRequest

PAGE_SIZE = 50
TABS: dict[str, Q] = {
    "new": Q(status=Status.OPEN, assigned_to__isnull=True),
    "assigned": Q(status=Status.OPEN, assigned_to__isnull=False),
    "waiting": Q(status=Status.OPEN, last_author=Author.PERSON),
    "closed": Q(status=Status.CLOSED),
}
TAB_LABELS = {
    "new": gettext_lazy("New"),
    "assigned": gettext_lazy("Assigned"),
    "waiting": gettext_lazy("Waiting for an answer"),
    "closed": gettext_lazy("Closed"),
}


@caseworker_view
@require_safe
def conversation_list(request: AuthenticatedRequest) -> HttpResponse:
    tab = request.GET.get("show", "new")
    tab = tab if tab in TABS else "new"
    conversations = access.inbox_conversations(request.user)
    counts = conversations.aggregate(**{name: Count("pk", filter=condition) for name, condition in TABS.items()})
    rows = (
        conversations.filter(TABS[tab])
        .select_related("centre", "assigned_to", "handed_over_from")
        .annotate(message_count=Count("messages"))
        .order_by("-last_activity_at", "-pk")
    )
    context = {
        "tab": tab,
        "tabs": [(name, TAB_LABELS[name], counts[name]) for name in TABS],
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "several_centres": casework_centres(request.user).count() > 1,
        "nav": "inbox",
    }
    return render(request, "contact/inbox/list.html", context)


@caseworker_view
@require_safe
def conversation_detail(request: AuthenticatedRequest, conversation_id: Any) -> HttpResponse:
    conversation = access.get_conversation(request.user, conversation_id)
    mark_read(request.user, conversation)
    return _detail_page(request, conversation)


def _forms(conversation: Conversation) -> dict[str, forms.Form]:
    version = {"version": conversation.version}
    return {
        "reply": ReplyForm(prefix="reply"),
        "assign": AssignForm(
            prefix="assign", caseworkers=caseworkers(conversation.centre),
            initial={**version, "assignee": conversation.assigned_to_id},
        ),
        "status": StatusForm(prefix="status", initial={
            **version, "status": Status.OPEN if conversation.is_closed else Status.CLOSED,
        }),
        "abuse": AbuseForm(prefix="abuse", initial={**version, "abuse": "no" if conversation.is_abuse else "yes"}),
        "handover": HandoverForm(prefix="handover", targets=actions.handover_targets(conversation.centre),
                                 initial=version),
        "case": CaseForm(prefix="case", initial=version),
    }


def _detail_page(request: AuthenticatedRequest, conversation: Conversation, form: forms.Form | None = None) -> HttpResponse:
    page_forms = _forms(conversation)
    if form is not None and form.prefix:
        page_forms[form.prefix] = form
    context = {
        "conversation": conversation,
        "thread": centre_thread(conversation),
        "deletion_date": deletion_date(conversation),
        "forms": page_forms,
        "errors": error_summary(form) if form is not None else [],
        "handover_possible": actions.handover_targets(conversation.centre).exists(),
        "case_url": reverse("cases:case_detail", args=[conversation.case.public_id]) if conversation.case else "",
        "nav": "inbox",
    }
    return render(request, "contact/inbox/detail.html", context)


# --- replying ---------------------------------------------------------------------------------


@caseworker_view
@require_POST
def reply(request: AuthenticatedRequest, conversation_id: Any) -> HttpResponse:
    conversation = access.get_conversation(request.user, conversation_id)
    form = ReplyForm(request.POST, prefix="reply")
    if form.is_valid():
        try:
            actions.reply(request.user, conversation, form.cleaned_data["text"])
        except actions.ConversationClosed:
            form.add_error(None, _("This conversation is closed. Open it again to reply."))
        else:
            messages.success(request, _("Your reply was sent."))
            return redirect("inbox:detail", conversation.public_id)
    return _detail_page(request, conversation, form)


# --- changes of state (checked against the version the page was loaded with) -----------------


Apply = Callable[[AuthenticatedRequest, Conversation, dict[str, Any]], str]


def _change(
    request: AuthenticatedRequest,
    conversation_id: Any,
    make_form: Callable[[Conversation, Any], forms.Form],
    apply: Apply,
) -> HttpResponse:
    """Validates, applies, and on a stale version shows the form again with the current version."""
    conversation = access.get_conversation(request.user, conversation_id)
    form = make_form(conversation, request.POST)
    if form.is_valid():
        try:
            done = apply(request, conversation, form.cleaned_data)
        except StaleEdit:
            conversation = access.get_conversation(request.user, conversation_id, audit=False)
            form = _on_current_version(make_form, conversation, form)
        except (actions.AlreadyLinked, actions.NeedsFourEyes, ValueError) as refused:
            form.add_error(None, _refusal(refused))
        else:
            messages.success(request, done)
            target = conversation.public_id if _still_visible(request, conversation) else None
            return redirect("inbox:detail", target) if target else redirect("inbox:list")
    return _detail_page(request, conversation, form)


def _on_current_version(make_form: Callable[..., forms.Form], conversation: Conversation, stale: forms.Form) -> forms.Form:
    """The user's input again, now carrying the current version, with the reason it was not saved."""
    data = QueryDict(mutable=True)
    data.update(stale.data)
    data[stale.add_prefix("version")] = str(conversation.version)
    form = make_form(conversation, data)
    form.is_valid()
    form.add_error(None, _("Someone else changed this conversation in the meantime. Please check the page and "
                           "send your change again."))
    return form


def _refusal(error: Exception) -> str:
    if isinstance(error, actions.AlreadyLinked):
        return _("This conversation already belongs to a case.")
    if isinstance(error, actions.NeedsFourEyes):
        return _("An exit case needs two counsellors: create it from the case list.")
    return _("This choice is not possible for this conversation.")


def _still_visible(request: AuthenticatedRequest, conversation: Conversation) -> bool:
    return access.inbox_conversations(request.user).filter(pk=conversation.pk).exists()


@caseworker_view
@require_POST
def assign(request: AuthenticatedRequest, conversation_id: Any) -> HttpResponse:
    def apply(request: AuthenticatedRequest, conversation: Conversation, data: dict[str, Any]) -> str:
        actions.assign(request.user, conversation, data["assignee"], data["version"])
        return _("The assignment was saved.")

    return _change(request, conversation_id, lambda conversation, data: AssignForm(
        data, prefix="assign", caseworkers=caseworkers(conversation.centre)), apply)


@caseworker_view
@require_POST
def set_status(request: AuthenticatedRequest, conversation_id: Any) -> HttpResponse:
    def apply(request: AuthenticatedRequest, conversation: Conversation, data: dict[str, Any]) -> str:
        actions.set_status(request.user, conversation, data["status"], data["version"])
        return _("The conversation was closed.") if conversation.is_closed else _("The conversation was opened again.")

    return _change(request, conversation_id, lambda conversation, data: StatusForm(data, prefix="status"), apply)


@caseworker_view
@require_POST
def mark_abuse(request: AuthenticatedRequest, conversation_id: Any) -> HttpResponse:
    def apply(request: AuthenticatedRequest, conversation: Conversation, data: dict[str, Any]) -> str:
        actions.mark_abuse(request.user, conversation, data["abuse"], data["version"])
        if conversation.is_abuse:
            return _("The conversation was marked as abuse and closed. New messages in it raise no notices.")
        return _("The conversation is no longer marked as abuse.")

    return _change(request, conversation_id, lambda conversation, data: AbuseForm(data, prefix="abuse"), apply)


@caseworker_view
@require_POST
def handover(request: AuthenticatedRequest, conversation_id: Any) -> HttpResponse:
    def apply(request: AuthenticatedRequest, conversation: Conversation, data: dict[str, Any]) -> str:
        actions.handover(request.user, conversation, data["centre"], data["version"])
        return _("The conversation was handed over to %(centre)s. The person is told and can object.") % {
            "centre": data["centre"].name
        }

    return _change(request, conversation_id, lambda conversation, data: HandoverForm(
        data, prefix="handover", targets=actions.handover_targets(conversation.centre)), apply)


@caseworker_view
@require_POST
def turn_into_case(request: AuthenticatedRequest, conversation_id: Any) -> HttpResponse:
    def apply(request: AuthenticatedRequest, conversation: Conversation, data: dict[str, Any]) -> str:
        case = actions.turn_into_case(request.user, conversation, data["kind"], data["version"])
        return _("Case %(reference)s was opened for this conversation.") % {"reference": case.reference}

    return _change(request, conversation_id, lambda conversation, data: CaseForm(data, prefix="case"), apply)


# --- files ---------------------------------------------------------------------------------------


@caseworker_view
@require_safe
def attachment(request: AuthenticatedRequest, conversation_id: Any, attachment_id: Any) -> HttpResponse:
    """A file the person sent, always as a download, never shown inside the workspace."""
    conversation = access.get_conversation(request.user, conversation_id)
    item = access.get_attachment(conversation, attachment_id)
    opener, context = CentreOpener(), conversation.context
    details = opener.open_payload(item.key_pair, item.details, context)
    content = opener.open_bytes(item.key_pair, item.content.read(), context)
    content_type = str(details.get("type", ""))
    response = HttpResponse(content, content_type=content_type if content_type in EXTENSIONS else "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, str(details.get("name", "file"))) or "attachment"
    response["Cache-Control"] = "no-store"
    return response
