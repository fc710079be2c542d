"""The person's side: write to a centre, keep the passphrase, come back, write more, object, delete.

No account and no session. Every request that touches a conversation carries
the passphrase — typed on the return page, then in a hidden field of each form
on the conversation page — and pays one Argon2id run in a work slot for it;
the server keeps nothing between two requests. A flood gets HTTP 429 with
Retry-After and the page again with everything typed (chosen files excepted:
browsers cannot keep them, the page says so). Nothing here logs or stores an
address.

Cookies: the directory pages set none. The write and return forms carry
Django's CSRF token, so opening one of them sets the CSRF cookie (random,
HttpOnly, SameSite=Lax, no link to any conversation). It is needed: without it
another site could make a visitor's browser open a conversation of the
attacker's choosing (a "login CSRF"), and the visitor might then write into a
thread the attacker reads. No session cookie is ever set here; every answer
is `no-store`, so no conversation stays in a shared device's cache.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from beistand.contact.actions import public
from beistand.contact.actions.public import AlreadySent, Letter
from beistand.contact.forms import (
    DeleteForm,
    FollowUpForm,
    HiddenPassphrase,
    ObjectionForm,
    PassphraseForm,
    WriteForm,
)
from beistand.contact.models import Conversation
from beistand.contact.passphrase_work import Busy
from beistand.contact.retention import deletion_date, retention_days
from beistand.contact.threads import person_thread
from beistand.lib.passphrases import PassphraseKeys, wordlist_for_language
from beistand.network.choices import Channel
from beistand.network.models import Centre
from beistand.network.views.common import error_summary

NOT_FOUND = "not_found"


def _accepting_centre(slug: str) -> Centre:
    """A published centre that accepts anonymous writing; every other slug is the same 404."""
    centre = get_object_or_404(Centre.objects.published(), slug=slug)
    if not centre.offers(Channel.ANONYMOUS):
        raise Http404("this centre takes no anonymous messages")
    return centre


def _busy(response: HttpResponse, busy: Busy) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(busy.retry_after)
    return response


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _letter(data: dict[str, Any]) -> Letter:
    return Letter(
        text=data["message"], files=tuple(data.get("attachments") or ()),
        contact=data.get("contact", ""), safe_time=data.get("safe_time", ""),
    )


# --- writing the first message ---------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def write(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _accepting_centre(slug)
    if request.method != "POST":
        return _write_page(request, centre, WriteForm(initial={"submission": WriteForm.new_token()}))
    form = WriteForm(request.POST, request.FILES)
    form.is_valid()
    form.refuse_dropped_uploads(_content_length(request))
    if form.errors:
        return _write_page(request, centre, form)
    try:
        conversation, passphrase = public.start_conversation(
            centre, _letter(form.cleaned_data), language=get_language(), submission=form.cleaned_data["submission"]
        )
    except Busy as busy:
        return _busy(_write_page(request, centre, form, busy=True), busy)
    except AlreadySent:
        return render(request, "contact/public/already_sent.html", {"centre": centre})
    return _passphrase_page(request, conversation, passphrase)


def _write_page(request: HttpRequest, centre: Centre, form: WriteForm, *, busy: bool = False) -> HttpResponse:
    context = {
        "centre": centre,
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "busy": busy,
        "files_dropped": bool(request.FILES),
        "retention_days": retention_days(centre),
    }
    return render(request, "contact/public/write.html", context)


def _passphrase_page(request: HttpRequest, conversation: Conversation, passphrase: str) -> HttpResponse:
    words_language = wordlist_for_language(conversation.language)
    context = {
        "centre": conversation.centre,
        "passphrase": passphrase,
        "words_language": words_language,
        "deletion_days": retention_days(conversation.centre),
    }
    return render(request, "contact/public/passphrase.html", context)


# --- coming back -------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def come_back(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _return_page(request, PassphraseForm())
    form = PassphraseForm(request.POST)
    if not form.is_valid():
        return _return_page(request, form)
    opened = _open(request, form, busy_page=lambda: _return_page(request, form, busy=True))
    if isinstance(opened, HttpResponse):
        return opened
    conversation, keys = opened
    return _conversation_page(request, conversation, keys, form.cleaned_data["passphrase"])


def _return_page(request: HttpRequest, form: PassphraseForm, *, busy: bool = False) -> HttpResponse:
    context = {"form": form, "errors": error_summary(form) if form.is_bound else [], "busy": busy}
    return render(request, "contact/public/return.html", context)


def _open(
    request: HttpRequest, form: HiddenPassphrase | PassphraseForm, *, busy_page: Any
) -> HttpResponse | tuple[Conversation, PassphraseKeys]:
    """The conversation of the form's passphrase, or the page to answer with instead."""
    try:
        conversation, keys = public.open_conversation(form.cleaned_data["passphrase"])
    except Busy as busy:
        return _busy(busy_page(), busy)
    if conversation is None:
        return _not_found(request, form)
    return conversation, keys


def _typed_passphrase(form: HiddenPassphrase | PassphraseForm) -> str:
    return str(form.data.get(form.add_prefix("passphrase"), ""))


def _not_found(request: HttpRequest, form: HiddenPassphrase | PassphraseForm) -> HttpResponse:
    """Wrong and unknown passphrases get the same answer: the return page with this message."""
    retry = PassphraseForm({"passphrase": _typed_passphrase(form)})
    retry.is_valid()
    retry.add_error("passphrase", _(
        "We found no conversation with this passphrase. Please check every word and try again."
    ))
    return _return_page(request, retry)


def _conversation_page(
    request: HttpRequest,
    conversation: Conversation,
    keys: PassphraseKeys,
    passphrase: str,
    *,
    bound: FollowUpForm | DeleteForm | None = None,
    notice: str = "",
) -> HttpResponse:
    hidden = {"passphrase": passphrase}
    context = {
        "conversation": conversation,
        "centre": conversation.centre,
        "thread": person_thread(conversation, keys.reply_private_key),
        "deletion_date": deletion_date(conversation),
        "followup": bound if isinstance(bound, FollowUpForm) else FollowUpForm(initial=hidden, prefix="more"),
        "delete_form": bound if isinstance(bound, DeleteForm) else DeleteForm(initial=hidden, prefix="delete"),
        "objection_form": (
            ObjectionForm(initial=hidden, prefix="objection") if conversation.handover_pending_objection else None
        ),
        "errors": error_summary(bound) if bound is not None else [],
        "files_dropped": bound is not None and bool(request.FILES),
        "notice": notice,
    }
    return render(request, "contact/public/conversation.html", context)


def _hidden_passphrase_missing(request: HttpRequest, form: HiddenPassphrase) -> HttpResponse | None:
    """A conversation form without a usable passphrase goes back to the return page."""
    if "passphrase" not in form.errors:
        return None
    retry = PassphraseForm({"passphrase": _typed_passphrase(form)})
    retry.is_valid()
    return _return_page(request, retry)


def _busy_form_page(request: HttpRequest, form: HiddenPassphrase, action: str, submit: str) -> HttpResponse:
    """When the server is busy: the same form again, with what was typed, to send once more."""
    context = {"form": form, "action": action, "submit": submit, "files_dropped": bool(request.FILES)}
    return render(request, "contact/public/busy.html", context)


# --- writing more, objecting, deleting -------------------------------------------------------------


@never_cache
@require_POST
def write_more(request: HttpRequest) -> HttpResponse:
    form = FollowUpForm(request.POST, request.FILES, prefix="more")
    form.is_valid()
    form.refuse_dropped_uploads(_content_length(request))
    missing = _hidden_passphrase_missing(request, form)
    if missing is not None:
        return missing
    opened = _open(request, form, busy_page=lambda: _busy_form_page(
        request, form, "contact_public:write_more", _("Send message")
    ))
    if isinstance(opened, HttpResponse):
        return opened
    conversation, keys = opened
    passphrase = form.cleaned_data["passphrase"]
    if form.errors:
        return _conversation_page(request, conversation, keys, passphrase, bound=form)
    public.add_person_message(conversation, _letter(form.cleaned_data))
    return _conversation_page(request, conversation, keys, passphrase, notice=_("Your message was sent."))


@never_cache
@require_POST
def object_to_handover(request: HttpRequest) -> HttpResponse:
    form = ObjectionForm(request.POST, prefix="objection")
    form.is_valid()
    missing = _hidden_passphrase_missing(request, form)
    if missing is not None:
        return missing
    opened = _open(request, form, busy_page=lambda: _busy_form_page(
        request, form, "contact_public:objection", _("I do not agree")
    ))
    if isinstance(opened, HttpResponse):
        return opened
    conversation, keys = opened
    notice = ""
    if public.object_to_handover(conversation):
        notice = _("Your conversation is back with %(centre)s.") % {"centre": conversation.centre.name}
    return _conversation_page(request, conversation, keys, form.cleaned_data["passphrase"], notice=notice)


@never_cache
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteForm(request.POST, prefix="delete")
    form.is_valid()
    missing = _hidden_passphrase_missing(request, form)
    if missing is not None:
        return missing
    opened = _open(request, form, busy_page=lambda: _busy_form_page(
        request, form, "contact_public:delete", _("Delete everything")
    ))
    if isinstance(opened, HttpResponse):
        return opened
    conversation, keys = opened
    if form.errors:
        return _conversation_page(request, conversation, keys, form.cleaned_data["passphrase"], bound=form)
    public.delete_conversation(conversation)
    return render(request, "contact/public/deleted.html", {})
