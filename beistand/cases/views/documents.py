"""Documents of a case: upload, download, preview, delete. Files only ever leave through these views."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from beistand.cases import access
from beistand.cases.actions import documents as actions
from beistand.cases.documents import TEXT, download_name
from beistand.cases.forms.documents import DocumentForm
from beistand.cases.models import Case, Document
from beistand.cases.views.common import case_view, error_summary, refuse_if_closed
from beistand.cases.views.deadlines import case_section_url
from beistand.lib.http import AuthenticatedRequest


@case_view
def document_upload(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    refused = refuse_if_closed(request, case)
    if refused is not None:
        return refused
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        actions.add_document(
            request.user, case, cleaned["file"], kind=cleaned["kind"],
            original_name=cleaned["name"], description=cleaned["description"],
        )
        messages.success(request, _("The document was stored (encrypted)."))
        return redirect(case_section_url(case, "documents"))
    context = {"case": case, "form": form, "errors": error_summary(form), "nav": "cases"}
    return render(request, "cases/care/document_form.html", context)


@case_view
def document_file(request: AuthenticatedRequest, case: Case, record_id: str) -> HttpResponse:
    """The download: always an attachment, under its original name, never cached or sniffed."""
    document = access.get_record(case, Document, record_id)
    content_type = f"{TEXT}; charset=utf-8" if document.content_type == TEXT else document.content_type
    response = HttpResponse(actions.export_content(request.user, document), content_type=content_type)
    name = download_name(document.original_name, document.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name) or ""
    return _private(response)


@case_view
def document_preview(request: AuthenticatedRequest, case: Case, record_id: str) -> HttpResponse:
    """The small JPEG of an image, made at upload; documents without one are a 404."""
    document = access.get_record(case, Document, record_id)
    if not document.preview:
        raise Http404("no preview")
    response = HttpResponse(document.preview.open().read(), content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    return _private(response)


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    # Should a browser ever render the file itself, it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@case_view
def document_delete(request: AuthenticatedRequest, case: Case, record_id: str) -> HttpResponse:
    """GET asks to confirm; POST deletes the row and the encrypted files."""
    document = access.get_record(case, Document, record_id)
    refused = refuse_if_closed(request, case)
    if refused is not None:
        return refused
    if request.method == "POST":
        actions.delete_document(request.user, document)
        messages.success(request, _("The document was deleted."))
        return redirect(case_section_url(case, "documents"))
    document.case = case
    return render(request, "cases/care/document_confirm_delete.html",
                  {"case": case, "document": document, "nav": "cases"})
