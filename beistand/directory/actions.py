"""Changing the directory: each action takes the acting user, saves in one transaction,
writes a line of the entry's history and an audit event (ids and field names, never content)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Avg, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.directory.choices import FEATURES, NEEDS, ChangeKind
from beistand.directory.models import (
    Address,
    Attribute,
    Change,
    Language,
    Location,
    PrivateNote,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from beistand.keys.models import DataKey, Purpose
from beistand.lib.locking import next_version
from beistand.network.models import Postcode

if TYPE_CHECKING:
    from beistand.accounts.models import User
    from beistand.directory.forms.entry import EntryForms
    from beistand.network.models import Centre

NEW_ENTRY_FIELDS = ["name"]
# The purpose of the data keys of private notes (one key per centre). keys.Purpose does not list it yet
# (the column takes any code; a key that is not SYSTEM must name its centre, as this one does).
NOTE_KEY_PURPOSE = Purpose.DIRECTORY_NOTE


def _centre_id(service: Service) -> Any:
    return service.owner_centre.public_id if service.owner_centre_id and service.owner_centre else None


def note_change(actor: User | None, service: Service, kind: str, fields: Iterable[str] = ()) -> None:
    Change.objects.create(service=service, user=actor, kind=kind, fields=sorted(set(fields)))
    action = Action.CREATE if kind == ChangeKind.CREATED else Action.CHANGE
    record(action, obj=service, centre_id=_centre_id(service), fields=sorted(set(fields)), user=actor)


@transaction.atomic
def save_entry(actor: User, forms: EntryForms) -> Service:
    """Creates or changes an entry with its parts; StaleEdit (nothing written) if it changed meanwhile."""
    creating = forms.service.instance.pk is None
    changed = _changed_fields(forms)
    provider = forms.provider.save(commit=False)
    provider.updated_at = timezone.now()
    provider.save()
    service = forms.service.save(commit=False)
    service.provider = provider
    if forms.service.cleaned_data.get("verified_now"):
        service.last_verified_on, service.last_verified_by = timezone.localdate(), actor
    service.save_checked(forms.service.expected_version())
    _set_terms(service, [*forms.service.cleaned_data["needs"], *forms.service.cleaned_data["features"]],
               taxonomies=(NEEDS, FEATURES))
    _set_languages(service, forms.service.cleaned_data["languages"])
    _save_place(service, provider, forms.place)
    forms.phones.instance = forms.hours.instance = service
    forms.phones.save()
    forms.hours.save()
    note_change(actor, service, ChangeKind.CREATED if creating else ChangeKind.CHANGED, NEW_ENTRY_FIELDS if creating else changed)
    return service


def _changed_fields(forms: EntryForms) -> list[str]:
    names = [name for name in forms.service.changed_data if name not in ("version", "verified_now")]
    names += [f"provider.{name}" for name in forms.provider.changed_data]
    names += [f"place.{name}" for name in forms.place.changed_data]
    if forms.phones.has_changed():
        names.append("phones")
    if forms.hours.has_changed():
        names.append("schedules")
    return names


def _set_terms(service: Service, terms: list[TaxonomyTerm], taxonomies: tuple[str, ...]) -> None:
    """Attaches exactly these terms (of these taxonomies); unchanged attributes keep their ids."""
    wanted = {term.pk for term in terms}
    current = Attribute.objects.filter(service=service, term__taxonomy__code__in=taxonomies)
    current.exclude(term_id__in=wanted).delete()
    have = set(current.values_list("term_id", flat=True))
    Attribute.objects.bulk_create(Attribute(service=service, term_id=pk) for pk in sorted(wanted - have))


def _set_languages(service: Service, codes: list[str]) -> None:
    service.languages.exclude(code__in=codes).delete()
    have = set(service.languages.values_list("code", flat=True))
    Language.objects.bulk_create(Language(service=service, code=code) for code in codes if code not in have)


def _save_place(service: Service, provider: Any, form: Any) -> None:
    """The main location and its address; without an address nothing is kept or made."""
    location: Location = form.instance
    if not form.has_address():
        if location.pk:
            location.delete()
        return
    data = form.cleaned_data
    if data.get("latitude") is None or location.address_is_confidential:
        # A confidential address keeps no finer position than its postcode's centre (see coarsen_confidential).
        location.latitude, location.longitude = postcode_centroid(data["postal_code"])
    location.provider = location.provider or provider
    location.name = location.name or service.name
    location.save()
    ServiceAtLocation.objects.get_or_create(service=service, location=location)
    address = location.addresses.order_by("pk").first() or Address(location=location)
    for name in ("address_1", "postal_code", "city", "state_province"):
        setattr(address, name, data.get(name) or "")
    address.state_province = address.state_province or state_of(address.postal_code)
    address.save()


def state_of(postcode: str) -> str:
    """The Land of a postcode (HSDS requires it in every address)."""
    found = Postcode.objects.filter(code=postcode).select_related("main_district__state").first()
    return found.main_district.state.name if found and found.main_district else ""


def postcode_centroid(code: str) -> tuple[float | None, float | None]:
    centre = Postcode.objects.filter(code=code).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    return centre["lat"], centre["lon"]


def coarsen_confidential() -> int:
    """Puts every confidential location on its postcode's centre; returns how many moved.

    A shelter's exact position is not kept at all, so no search, distance or export can
    give it away, not even by asking from many places where it drops out of a radius.
    The postcode's centre says no more than the town the help finder shows anyway.
    """
    moved = 0
    confidential = Location.objects.filter(address_is_confidential=True).prefetch_related(
        Prefetch("addresses", queryset=Address.objects.order_by("pk"))
    )
    for location in confidential:
        first = next(iter(location.addresses.all()), None)
        position = postcode_centroid(first.postal_code) if first is not None else (None, None)
        if (location.latitude, location.longitude) != position:
            Location.objects.filter(pk=location.pk).update(latitude=position[0], longitude=position[1])
            moved += 1
    return moved


@transaction.atomic
def verify(actor: User, service: Service) -> None:
    """The details were checked today: leaves the "needs checking" queue."""
    Service.objects.filter(pk=service.pk).update(last_verified_on=timezone.localdate(), last_verified_by=actor)
    note_change(actor, service, ChangeKind.VERIFIED, ["last_verified_on"])


@transaction.atomic
def add_note(actor: User, service: Service, centre: Centre, text: str) -> PrivateNote:
    """One data key per centre for its notes (reused), bound to the centre."""
    key_id = PrivateNote.objects.filter(centre=centre).values_list("data_key", flat=True).first()
    data_key = DataKey.objects.get(pk=key_id) if key_id else DataKey.create(NOTE_KEY_PURPOSE, centre)
    note = PrivateNote(service=service, centre=centre, author=actor, data_key=data_key, text=text)
    note.save()
    record(Action.CREATE, obj=note, centre_id=centre.public_id, fields=["text"], user=actor)
    return note


@transaction.atomic
def delete_note(actor: User, note: PrivateNote) -> None:
    centre_id = note.centre.public_id
    record(Action.DELETE, obj=note, centre_id=centre_id, user=actor)
    note.delete()


@transaction.atomic
def save_term(actor: User, form: Any) -> TaxonomyTerm:
    """Creates or changes a term; StaleEdit (nothing written) if someone saved it since the form was loaded."""
    creating = form.instance.pk is None
    with transaction.atomic():
        if not creating:
            message = _("Someone else saved this term in the meantime.")
            form.instance.version = next_version(form.instance, form.expected_version(), message)
        term = form.save()
        record(Action.CREATE if creating else Action.CHANGE, obj=term, fields=form.changed_data, user=actor)
    return term
