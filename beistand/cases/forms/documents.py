"""The upload form: the file is checked by its content and cleaned while the form validates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from beistand.cases import documents
from beistand.cases.choices import DocumentKind


class DocumentForm(forms.Form):
    """After `is_valid()`, cleaned_data["file"] is a documents.Prepared and "name" the original name."""

    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("Photos and scans (JPEG, PNG), PDF documents or plain text. Photos are stored "
                    "without their metadata (e.g. the place where they were taken)."),
        error_messages={"empty": _("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf,text/plain"}),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Stored encrypted."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = {"megabytes": documents.max_bytes() // (1024 * 1024)}
        file = self.fields["file"]
        file.help_text = _("%(types)s At most %(megabytes)s MB.") % {"types": file.help_text, **limit}
        # Also what a browser sees when a far too large file never arrived (uploads stay in memory).
        file.error_messages["required"] = _("Choose a file of at most %(megabytes)s MB.") % limit

    def clean_file(self) -> documents.Prepared:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > documents.max_bytes():
            # Checked before reading: a large file is not read into memory twice.
            raise forms.ValidationError(
                _("The file is too large: at most %(megabytes)s MB are accepted.")
                % {"megabytes": documents.max_bytes() // (1024 * 1024)}
            )
        self.cleaned_data["name"] = documents.clean_name(upload.name or "")
        upload.seek(0)
        try:
            return documents.prepare(upload.read())
        except documents.Refused as refused:
            raise forms.ValidationError(refused.message) from refused
