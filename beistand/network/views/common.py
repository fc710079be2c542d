"""What every staff directory view shares: the reader check and the error summary."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm, BaseFormSet, ModelForm
from django.forms.utils import ErrorList
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from beistand.lib.http import AuthenticatedRequest
from beistand.lib.locking import StaleEdit, with_current_version
from beistand.network import rules as network_rules
from beistand.network.models import Network, Organisation

NON_FIELD = "__all__"
STALE_MESSAGE = _(
    "Someone else saved this entry while you were editing it. Your entries are shown below and were not "
    "saved. Check them against the current entry, then save again to replace it with your entries."
)


def reader_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and holding a role (or admin); everyone else gets the same 404."""

    @login_required
    @require_http_methods(["GET", "HEAD", "POST"])
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        network_rules.require(network_rules.can_read_directory, request.user)
        return view(request, *args, **kwargs)

    return wrapped


def error_summary(form: BaseForm, *formsets: BaseFormSet) -> list[dict[str, Any]]:
    """Every error of a form and its formsets, each with the id of the field to jump to."""
    items = _form_errors(form, prefix="")
    for formset in formsets:
        items += [{"label": "", "message": e, "anchor": f"{formset.prefix}-section"}
                  for e in formset.non_form_errors()]
        for number, sub in enumerate(formset.forms, start=1):
            items += _form_errors(sub, prefix=f"{number}. ")
    return items


def _form_errors(form: BaseForm, prefix: str) -> list[dict[str, Any]]:
    items = []
    for name, errors in form.errors.items():
        field = form[name] if name != NON_FIELD else None
        label = f"{prefix}{field.label}" if field is not None else prefix.strip()
        anchor = field.auto_id if field is not None and not field.is_hidden else ""
        items += [{"label": label, "message": e, "anchor": anchor} for e in _messages(errors)]
    return items


def _messages(errors: ErrorList) -> list[str]:
    return [str(message) for message in errors]


def simple_form_page(
    request: AuthenticatedRequest,
    instance: Network | Organisation | None,
    *,
    form_class: Callable[..., ModelForm],
    save: Callable[..., Network | Organisation],
    saved_message: str,
    detail_url: str,
    section: str,
) -> HttpResponse:
    """Create or edit one organisation or network: show the form, or save and go to the entry.

    `saved_message` is a translated text with a %(name)s placeholder.
    """
    saved_slug, saved_name = (instance.slug, instance.name) if instance else (None, None)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=instance, user=request.user)
    if data is not None and form.is_valid():
        try:
            saved = save(request.user, form)
        except StaleEdit:
            form = _stale_form(request, instance, form_class)
        else:
            messages.success(request, saved_message % {"name": saved.name})
            return redirect(detail_url, saved.slug)
    context = {
        "form": form,
        "errors": error_summary(form),
        "saved_slug": saved_slug,
        "saved_name": saved_name,
        "nav": "network",
        "section": section,
    }
    return render(request, f"network/{section[:-1]}_form.html", context)


def _stale_form(request: AuthenticatedRequest, instance: Any, form_class: Callable[..., ModelForm]) -> ModelForm:
    """The user's input again, on the record as it is now, with the current version to save over."""
    current = get_object_or_404(type(instance), pk=instance.pk)  # deleted meanwhile: gone
    form = form_class(with_current_version(request.POST, current), instance=current, user=request.user)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
    return form
