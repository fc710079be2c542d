"""The taxonomies of needs and features: everyone with a directory reads them, coordinators edit them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from beistand.directory import access, actions
from beistand.directory.forms.other import TermForm
from beistand.directory.models import Taxonomy, TaxonomyTerm
from beistand.directory.views.common import page, reader_view
from beistand.lib.http import AuthenticatedRequest
from beistand.lib.locking import StaleEdit, with_current_version
from beistand.network.views.common import STALE_MESSAGE, error_summary


@reader_view
def term_list(request: AuthenticatedRequest) -> HttpResponse:
    taxonomies = Taxonomy.objects.prefetch_related("terms__parent").order_by("name")
    context = page(request, "taxonomy", taxonomies=taxonomies, can_edit=access.may_edit_taxonomy(request.user))
    return render(request, "directory/term_list.html", context)


@reader_view
def term_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_taxonomy_editor(request.user)
    return _term_form_page(request, TaxonomyTerm())


@reader_view
def term_edit(request: AuthenticatedRequest, term_id: Any) -> HttpResponse:
    access.require_taxonomy_editor(request.user)
    try:
        term = TaxonomyTerm.objects.select_related("taxonomy").get(public_id=term_id)
    except (TaxonomyTerm.DoesNotExist, ValueError) as missing:
        raise Http404("no such term") from missing
    return _term_form_page(request, term)


def _term_form_page(request: AuthenticatedRequest, term: TaxonomyTerm) -> HttpResponse:
    saved_name = term.name if term.pk else None
    form = TermForm(request.POST if request.method == "POST" else None, instance=term)
    if form.is_bound and form.is_valid():
        try:
            saved = actions.save_term(request.user, form)
        except StaleEdit:
            form = _stale_term_form(request, term)
        else:
            messages.success(request, _("The term “%(name)s” was saved.") % {"name": saved.name})
            return redirect("directory:term_list")
    context = page(request, "taxonomy", form=form, saved_name=saved_name, errors=error_summary(form))
    return render(request, "directory/term_form.html", context)


def _stale_term_form(request: AuthenticatedRequest, term: TaxonomyTerm) -> TermForm:
    """The user's input again, on the term as it is now, with the current version to save over."""
    current = get_object_or_404(TaxonomyTerm.objects.select_related("taxonomy"), pk=term.pk)
    form = TermForm(with_current_version(request.POST, current), instance=current)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
    return form
