"""Forms of the anonymous conversations (public) and of the inbox (staff).

The public forms keep everything the person typed when something is wrong
(browsers cannot keep chosen files: the page says so). Messages carry no
`maxlength` attribute, so a browser never cuts a pasted text silently: the
server counts and says how much is too much.
"""

from __future__ import annotations

import secrets
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from beistand.accounts.models import User
from beistand.cases.choices import CaseKind
from beistand.contact.models import Status
from beistand.contact.uploads import MAX_FILES, PreparedFile, UnacceptableFile, prepare
from beistand.lib.passphrases import MAX_INPUT_CHARS, WORDS, normalise
from beistand.network.models import Centre

MAX_MESSAGE_CHARS = 20_000
# Line breaks, tabs: the only control characters a written message has.
ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def refuse_binary(text: str) -> None:
    """Text from a program file or an image pasted as text is no message."""
    if any(ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS) for ch in text):
        raise forms.ValidationError(
            _("Your message contains characters that are not text, for example from a program "
              "or picture file. Please write or paste plain text."),
            code="binary",
        )


class MessageField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {
            "required": _("Please write your message."),
            "max_length": _(
                "Your message is too long: it has %(show_value)d characters, at most "
                "%(limit_value)d are possible. Please shorten it or send the rest as a second message."
            ),
        })
        super().__init__(validators=[MaxLengthValidator(MAX_MESSAGE_CHARS), refuse_binary], **kwargs)
        self.widget.attrs.update(rows=10, spellcheck="true")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to MAX_FILES files, each prepared (checked by content, photos cleaned) in clean()."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = "image/jpeg,image/png,application/pdf"

    def clean(self, data: Any, initial: Any = None) -> list[PreparedFile]:
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                _("You can send at most %(limit)d files at once; you chose %(count)d."),
                code="too_many", params={"limit": MAX_FILES, "count": len(uploads)},
            )
        prepared, problems = [], []
        for upload in uploads:
            try:
                prepared.append(prepare(super().clean(upload, initial)))
            except UnacceptableFile as refused:
                problems.append(forms.ValidationError(
                    "%(name)s: %(problem)s", code="file", params={"name": upload.name, "problem": refused.message}
                ))
        if problems:
            raise forms.ValidationError(problems)
        return prepared


# --- the public -----------------------------------------------------------------------


class LetterFields(forms.Form):
    message = MessageField(label=_("Your message"))
    attachments = FilesField(
        label=_("Photos or documents (optional)"),
        help_text=_("Up to 5 files: JPEG, PNG or PDF, each at most 10 MB. We remove location and "
                    "camera data from photos. PDF files are kept as they are: they may contain "
                    "the author's name."),
    )

    def refuse_dropped_uploads(self, content_length: int) -> None:
        """Django drops uploads beyond FILE_UPLOAD_MAX_MEMORY_SIZE without a word: say so instead."""
        if content_length > settings.FILE_UPLOAD_MAX_MEMORY_SIZE and "attachments" not in self.errors:
            self.add_error("attachments", forms.ValidationError(
                _("These files are too large together. Please send at most 5 files of at most 10 MB each."),
                code="too_large",
            ))


class WriteForm(LetterFields):
    """The first message to a centre."""

    contact = forms.CharField(
        label=_("How can we reach you? (optional)"), required=False, max_length=300,
        help_text=_("A phone number or e-mail address, only if you want us to contact you. "
                    "Leave it empty to stay anonymous."),
    )
    safe_time = forms.CharField(
        label=_("When is it safe to contact you? (optional)"), required=False, max_length=200,
        help_text=_("For example: weekdays after 6 pm, no voicemail."),
    )
    # One-time token of this form: sending it twice (a reload) starts one conversation only.
    submission = forms.CharField(widget=forms.HiddenInput, min_length=32, max_length=64)

    field_order = ["message", "contact", "safe_time", "attachments"]

    @staticmethod
    def new_token() -> str:
        return secrets.token_hex(16)


TOO_LONG = _("This is far longer than a passphrase. Please enter the seven words only.")


def clean_passphrase(value: str) -> str:
    if not normalise(value):
        raise forms.ValidationError(_("Please enter your passphrase."), code="required")
    words = len(value.split())
    # Typed without spaces (one "word") is fine: spaces do not matter.
    if words > 1 and words != WORDS:
        raise forms.ValidationError(
            _("Your passphrase has %(expected)d words; you entered %(count)d. Please check it."),
            code="word_count", params={"expected": WORDS, "count": words},
        )
    return value


class PassphraseForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Your passphrase"), max_length=MAX_INPUT_CHARS,
        error_messages={"required": _("Please enter your passphrase."), "max_length": TOO_LONG},
        help_text=_("The seven words you received when you first wrote. Spaces and capital letters do not matter."),
        widget=forms.TextInput(attrs={
            "autocomplete": "off", "autocapitalize": "none", "autocorrect": "off", "spellcheck": "false",
        }),
    )

    def clean_passphrase(self) -> str:
        return clean_passphrase(self.cleaned_data["passphrase"])


class HiddenPassphrase(forms.Form):
    """The passphrase travels with each form of the conversation page; nothing is kept in between."""

    passphrase = forms.CharField(
        widget=forms.HiddenInput, max_length=MAX_INPUT_CHARS,
        error_messages={"required": _("Please enter your passphrase."), "max_length": TOO_LONG},
    )

    def clean_passphrase(self) -> str:
        return clean_passphrase(self.cleaned_data["passphrase"])


class FollowUpForm(HiddenPassphrase, LetterFields):
    field_order = ["message", "attachments"]


class DeleteForm(HiddenPassphrase):
    confirm = forms.BooleanField(
        label=_("Yes, delete my conversation with all messages and files. This cannot be undone."),
        error_messages={"required": _("Please tick the box to confirm that you want to delete everything.")},
    )


class ObjectionForm(HiddenPassphrase):
    pass


# --- the inbox --------------------------------------------------------------------------


class VersionedForm(forms.Form):
    """Carries the version the page was loaded with (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReplyForm(forms.Form):
    text = MessageField(label=_("Your reply"))


class CounsellorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class AssignForm(VersionedForm):
    assignee = CounsellorChoiceField(
        label=_("Assigned counsellor"), queryset=User.objects.none(), required=False, empty_label=_("Nobody"),
    )

    def __init__(self, *args: Any, caseworkers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 -- narrows the type
        field.queryset = caseworkers


class StatusForm(VersionedForm):
    status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)


class AbuseForm(VersionedForm):
    abuse = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")], coerce=lambda value: value == "yes", widget=forms.HiddenInput
    )


class HandoverForm(VersionedForm):
    centre = forms.ModelChoiceField(label=_("Hand over to"), queryset=Centre.objects.none())

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["centre"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 -- narrows the type
        field.queryset = targets


class CaseForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Kind of counselling"),
        choices=[(value, label) for value, label in CaseKind.choices if value != CaseKind.EXIT],
        help_text=_("An exit case needs two counsellors: create it from the case list."),
    )
