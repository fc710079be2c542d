"""An entry: its page, the entry form, verification, history, the "needs checking" queue, notes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beistand.directory import access, actions, referrals
from beistand.directory.choices import EXAMPLE_ENTRY
from beistand.directory.forms.entry import entry_forms
from beistand.directory.forms.other import NoteForm
from beistand.directory.models import Service
from beistand.directory.search import (
    needs_checking,
    verification_due_before,
    verified_text,
    with_details,
)
from beistand.directory.views.common import editor_view, page, reader_view
from beistand.directory.views.conversations import answering_conversation
from beistand.directory.views.search import referring_case
from beistand.lib.http import AuthenticatedRequest
from beistand.lib.locking import StaleEdit
from beistand.network.views.common import error_summary

STALE_MESSAGE = gettext_lazy(
    "Someone else saved this entry while you were editing it. Your entries are kept below. "
    "Save again to replace the other changes with yours, or open the entry anew to see them."
)


@reader_view
def service_detail(request: AuthenticatedRequest, service_id: Any) -> HttpResponse:
    service = access.get_service(request.user, service_id)
    service = with_details(Service.objects.filter(pk=service.pk)).get()
    return render(request, "directory/service_detail.html", detail_context(request, service))


def detail_context(request: AuthenticatedRequest, service: Service, note_form: NoteForm | None = None) -> dict[str, Any]:
    writes_notes = bool(access.scope_of(request.user).centres)
    terms = [attribute.term for attribute in service.attributes.all()]
    return page(
        request, "search",
        service=service,
        terms=[term for term in terms if term.code != EXAMPLE_ENTRY],
        is_example=any(term.code == EXAMPLE_ENTRY for term in terms),
        locations=[link.location for link in service.at_locations.all()],
        verified=verified_text(service),
        needs_checking=needs_checking(service),
        can_edit=access.can_edit(request.user, service),
        notes=list(access.notes_for(request.user, service)) if writes_notes else None,
        note_form=note_form or (NoteForm(user=request.user) if writes_notes else None),
        outcomes=referrals.outcomes_for(request.user, service),
        case=referring_case(request, request.GET.get("case")),
        conversation=answering_conversation(request, request.GET.get("conversation")),
    )


@editor_view
def service_create(request: AuthenticatedRequest) -> HttpResponse:
    return _entry_form_page(request, None)


@editor_view
def service_edit(request: AuthenticatedRequest, service_id: Any) -> HttpResponse:
    return _entry_form_page(request, access.get_service_for_edit(request.user, service_id))


def _entry_form_page(request: AuthenticatedRequest, service: Service | None) -> HttpResponse:
    saved_name = service.name if service else None
    data = request.POST if request.method == "POST" else None
    forms = entry_forms(request.user, data, service)
    if data is not None and forms.is_valid():
        try:
            saved = actions.save_entry(request.user, forms)
        except StaleEdit:
            forms.service.show_stale(_current_version(forms.service.instance), str(STALE_MESSAGE))
        else:
            messages.success(request, _("The entry “%(name)s” was saved.") % {"name": saved.name})
            return redirect("directory:service_detail", saved.public_id)
    context = page(
        request, "search", forms=forms, saved=service, saved_name=saved_name,
        errors=error_summary(forms.service, forms.phones, forms.hours) + error_summary(forms.provider) + error_summary(forms.place),
    )
    return render(request, "directory/service_form.html", context)


def _current_version(service: Service) -> int | None:
    return Service.objects.filter(pk=service.pk).values_list("version", flat=True).first()


@editor_view
@require_POST
def service_verify(request: AuthenticatedRequest, service_id: Any) -> HttpResponse:
    service = access.get_service_for_edit(request.user, service_id)
    actions.verify(request.user, service)
    messages.success(request, _("Marked as verified today."))
    return redirect("directory:service_detail", service.public_id)


@reader_view
def service_history(request: AuthenticatedRequest, service_id: Any) -> HttpResponse:
    service = access.get_service(request.user, service_id)
    changes = service.changes.select_related("user")[:200]
    return render(request, "directory/service_history.html", page(request, "search", service=service, changes=changes))


@editor_view
def needs_checking_list(request: AuthenticatedRequest) -> HttpResponse:
    """Entries the user maintains that nobody verified for 12 months, the oldest first."""
    due = Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=verification_due_before())
    services = (
        access.editable_services(request.user).filter(due).select_related("provider")
        .order_by("last_verified_on", "name", "pk")
    )
    entries = Paginator(services, 50).get_page(request.GET.get("page"))
    return render(request, "directory/needs_checking.html", page(request, "checking", entries=entries))


# --- Private notes ---------------------------------------------------------------------------------


@reader_view
@require_POST
def note_add(request: AuthenticatedRequest, service_id: Any) -> HttpResponse:
    access.require_note_writer(request.user)
    service = access.get_service(request.user, service_id)
    form = NoteForm(request.POST, user=request.user)
    if form.is_valid():
        actions.add_note(request.user, service, form.cleaned_data["centre"], form.cleaned_data["text"])
        messages.success(request, _("The note was saved. Only your centre sees it."))
        return redirect("directory:service_detail", service.public_id)
    service = with_details(Service.objects.filter(pk=service.pk)).get()
    context = detail_context(request, service, note_form=form)
    context["errors"] = error_summary(form)
    return render(request, "directory/service_detail.html", context)


@reader_view
def note_delete(request: AuthenticatedRequest, service_id: Any, note_id: Any) -> HttpResponse:
    """GET asks to confirm; POST deletes."""
    access.require_note_writer(request.user)
    service = access.get_service(request.user, service_id)
    note = access.get_note(request.user, service, note_id)
    if request.method != "POST":
        return render(request, "directory/note_confirm_delete.html", page(request, "search", service=service, note=note))
    actions.delete_note(request.user, note)
    messages.success(request, _("The note was deleted."))
    return redirect("directory:service_detail", service.public_id)
