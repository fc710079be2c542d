"""Exchange with other directories: export and import of HSDS 3.0 tabular data packages."""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from beistand.audit.events import record
from beistand.audit.models import Action, Category
from beistand.directory import access
from beistand.directory.forms.other import ImportForm
from beistand.directory.hsds.export import zip_stream
from beistand.directory.hsds.importer import import_package
from beistand.directory.hsds.report import Options, Report
from beistand.directory.views.common import editor_view, page, reader_view
from beistand.lib.http import AuthenticatedRequest
from beistand.network.views.common import error_summary


@reader_view
def exchange(request: AuthenticatedRequest) -> HttpResponse:
    form = ImportForm(user=request.user) if access.scope_of(request.user).edits else None
    return render(request, "directory/exchange.html", page(request, "exchange", form=form, report=None, errors=[]))


@reader_view
def export(request: AuthenticatedRequest) -> StreamingHttpResponse:
    """Everything the user reads, as a ZIP (streamed; the browser saves it as a file)."""
    record(Action.EXPORT, object_type="directory.export", object_id=timezone.now().strftime("%Y%m%d%H%M%S"),
           category=Category.TECHNICAL, user=request.user)
    response = StreamingHttpResponse(zip_stream(access.readable_services(request.user)), content_type="application/zip")
    name = f"beistand-verweisverzeichnis-hsds-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@editor_view
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    """GET shows the form; POST checks the file and imports it (or reports why not)."""
    report: Report | None = None
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = Options(
            visibility=data["visibility"], network=data.get("network"), owner_centre=data.get("owner_centre"),
            import_valid_rows=bool(data.get("import_valid_rows")),
        )
        report = import_package(request.user, data["file"], options)
    errors = error_summary(form) if form.is_bound else []
    return render(request, "directory/exchange.html", page(request, "exchange", form=form, report=report, errors=errors))
