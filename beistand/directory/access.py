"""Who reads and who changes which directory entry: the only way views reach entries.

- Readers: counsellors, centre leads and coordinators read the public entries,
  the network-wide entries of the networks their centres belong to (or that
  they coordinate) and the entries private to their own centres. Admins read
  every entry (they run imports and exports for the installation).
- Referrers (external agencies) have no staff directory: the public entries
  reach them through the help finder and the open API. Their answer is the
  same 404 as for a page that does not exist.
- Editors: admins change everything; coordinators the entries of the networks
  they coordinate; centre leads the entries their centre maintains.
- Private notes belong to one centre; its members (any role) read and write
  them. Admins, whose role holds no centre, get a 404.

Everything outside the scope answers with the 404 of a missing entry.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from beistand.accounts.models import CENTRE_ROLES, Membership, Role
from beistand.directory.choices import Visibility
from beistand.directory.models import PrivateNote, Service
from beistand.network.choices import CentreType
from beistand.network.models import Centre, Network


@dataclass(frozen=True)
class Scope:
    """What one user may read and change, as id sets (one small query, once per request)."""

    reads_all: bool = False
    edits_all: bool = False
    centres: frozenset[int] = field(default_factory=frozenset)
    networks: frozenset[int] = field(default_factory=frozenset)
    led_centres: frozenset[int] = field(default_factory=frozenset)
    coordinated: frozenset[int] = field(default_factory=frozenset)

    @property
    def reads(self) -> bool:
        return self.reads_all or bool(self.centres or self.networks)

    @property
    def edits(self) -> bool:
        return self.edits_all or bool(self.led_centres or self.coordinated)

    def visible(self) -> Q:
        """The entries this scope reads, as a filter on Service."""
        if self.reads_all:
            return Q()
        return (
            Q(visibility=Visibility.PUBLIC)
            | Q(visibility=Visibility.NETWORK, network_id__in=self.networks)
            | Q(owner_centre_id__in=self.centres)
        )

    def editable(self) -> Q:
        if self.edits_all:
            return Q()
        return Q(network_id__in=self.coordinated) | Q(owner_centre_id__in=self.led_centres)


NO_SCOPE = Scope()


def _is_working_account(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def scope_of(user: Any) -> Scope:
    """The user's directory scope, remembered on the user object for the rest of the request."""
    if not _is_working_account(user):
        return NO_SCOPE
    cached = getattr(user, "_directory_scope", None)
    if cached is None:
        cached = user._directory_scope = _build_scope(user)
    return cached


def _build_scope(user: Any) -> Scope:
    # One query: each membership with its centre's networks and the networks the centre coordinates.
    rows = list(
        Membership.objects.filter(user=user, role__in=CENTRE_ROLES, centre__isnull=False)
        .values_list("centre", "role", "centre__type", "centre__networks", "centre__coordinated_networks")
    )
    centres = frozenset(centre for centre, *_rest in rows)
    led = frozenset(centre for centre, role, *_rest in rows if role == Role.LEAD)
    # As network.rules.coordinated_networks: coordinators of a coordination office.
    offices = {centre for centre, role, kind, *_rest in rows if role == Role.COORDINATOR and kind == CentreType.COORDINATION}
    coordinated = frozenset(network for centre, *_rest, network in rows if centre in offices and network is not None)
    member_of = {network for *_rest, network, _coordinated in rows if network is not None}
    return Scope(
        reads_all=bool(user.is_admin), edits_all=bool(user.is_admin), centres=centres,
        networks=frozenset(member_of | coordinated), led_centres=led, coordinated=coordinated,
    )


# --- Querysets and getters ---------------------------------------------------------------


def readable_services(user: Any) -> QuerySet[Service]:
    scope = scope_of(user)
    if not scope.reads:
        return Service.objects.none()
    return Service.objects.filter(scope.visible())


def editable_services(user: Any) -> QuerySet[Service]:
    scope = scope_of(user)
    if not scope.edits:
        return Service.objects.none()
    return Service.objects.filter(scope.editable())


def public_services() -> QuerySet[Service]:
    """What the open API and the help finder show: public entries that are not defunct."""
    return Service.objects.filter(visibility=Visibility.PUBLIC).exclude(status="defunct")


def require_reader(user: Any) -> None:
    if not scope_of(user).reads:
        raise Http404("no directory here")


def require_editor(user: Any) -> None:
    if not scope_of(user).edits:
        raise Http404("no directory editing here")


def get_service(user: Any, public_id: uuid.UUID | str) -> Service:
    return _get(readable_services(user), public_id)


def get_service_for_edit(user: Any, public_id: uuid.UUID | str) -> Service:
    return _get(editable_services(user), public_id)


def _get(services: QuerySet[Service], public_id: uuid.UUID | str) -> Service:
    try:
        return services.select_related("provider", "network", "owner_centre").get(public_id=public_id)
    except (Service.DoesNotExist, ValueError) as missing:
        raise Http404("no such directory entry") from missing


def can_edit(user: Any, service: Service) -> bool:
    return editable_services(user).filter(pk=service.pk).exists()


# --- What an editor may choose for an entry ------------------------------------------------


def owner_centre_choices(user: Any, keep: int | None = None) -> QuerySet[Centre]:
    """Centres an editor may let maintain an entry: the centres they lead (and `keep`, the current one)."""
    scope = scope_of(user)
    if scope.edits_all:
        return Centre.objects.all()
    return Centre.objects.filter(Q(pk__in=scope.led_centres) | Q(pk=keep))


def network_choices(user: Any, keep: int | None = None) -> QuerySet[Network]:
    """Networks an editor may put entries into: coordinated ones, those of the centres they lead (and `keep`)."""
    scope = scope_of(user)
    if scope.edits_all:
        return Network.objects.all()
    of_led_centres = Network.objects.filter(centres__in=scope.led_centres).values("pk")
    return Network.objects.filter(Q(pk__in=scope.coordinated) | Q(pk__in=of_led_centres) | Q(pk=keep))


# --- Private notes ----------------------------------------------------------------------------


def note_centres(user: Any) -> QuerySet[Centre]:
    """The centres whose notes the user reads and writes: their own (never an admin's, who has none)."""
    return Centre.objects.filter(pk__in=scope_of(user).centres)


def notes_for(user: Any, service: Service) -> QuerySet[PrivateNote]:
    return (
        PrivateNote.objects.filter(service=service, centre__in=note_centres(user))
        .select_related("centre", "author", "data_key")
    )


def get_note(user: Any, service: Service, public_id: uuid.UUID | str) -> PrivateNote:
    try:
        return notes_for(user, service).get(public_id=public_id)
    except (PrivateNote.DoesNotExist, ValueError) as missing:
        raise Http404("no such note") from missing


def require_note_writer(user: Any) -> None:
    if not scope_of(user).centres:
        raise Http404("no centre of one's own")


def may_edit_taxonomy(user: Any) -> bool:
    """Admins and coordinators keep the shared taxonomy; centre leads suggest terms to them."""
    scope = scope_of(user)
    return scope.edits_all or bool(scope.coordinated)


def require_taxonomy_editor(user: Any) -> None:
    if not may_edit_taxonomy(user):
        raise Http404("no taxonomy editing here")
