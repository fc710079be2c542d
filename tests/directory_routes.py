"""URL matrix entries for the referral directory and its HSDS API (see tests/matrix.py).

Who gets what (beistand/directory/access.py):
- readers — counsellors, leads, coordinators and admins — search and open the entries in their scope:
  public ones, network-wide ones of their networks, and those private to their own centre (admins: all);
- referrers (paul) have no staff directory: 404, like a page that does not exist;
- editors: the lead of the maintaining centre (lena), the coordinator of the network (kai), admins (ada);
- the taxonomy: coordinators and admins;
- private notes: members of the note's centre (alice, lena; kai for his own centre); admins 404;
- "refer" and "card" live under a case: the case's counsellors and lead only;
- the card for a conversation lives under the conversation: its centre's counsellors and lead only;
- the open API: everybody alike, public entries only.
"""

from __future__ import annotations

import uuid

from beistand.contact.testing import make_conversation
from beistand.directory import actions
from beistand.directory.choices import Visibility
from beistand.directory.models import TaxonomyTerm
from beistand.directory.testing import make_service
from tests.matrix import CASEWORKERS, Route, everyone, only

READERS = only(("alice", "lena", "kai", "ada"))
EDITORS = only(("lena", "kai", "ada"))
TAXONOMY_KEEPERS = only(("kai", "ada"))
# Entries private to the foreign centre: nobody here reads them, except admins.
FOREIGN = {"alice": 404, "lena": 404, "kai": 404}


def own_entry(world):
    """A network-wide entry of the state network, maintained by BackUp (lena leads it, kai coordinates)."""
    return make_service("Eigene Praxis", visibility=Visibility.NETWORK, network=world.own_network,
                        owner_centre=world.own_centre)


def foreign_entry(world):
    return make_service("Fremde Praxis", visibility=Visibility.CENTRE, owner_centre=world.foreign_centre)


def entry_of(make):
    return lambda world: {"service_id": make(world).public_id}


def note_of(make, centre):
    def kwargs(world):
        from beistand.accounts.models import User

        service = make(world)
        note = actions.add_note(User.objects.get(email="lena@backup.example"), service, getattr(world, centre), "Warteliste lang")
        return {"service_id": service.public_id, "note_id": note.public_id}

    return kwargs


def case_entry(case):
    return lambda world: {"case_id": getattr(world, case).public_id, "service_id": own_entry(world).public_id}


def conversation_entry(centre):
    def kwargs(world):
        conversation, _passphrase = make_conversation(getattr(world, centre))
        return {"conversation_id": conversation.public_id, "service_id": own_entry(world).public_id}

    return kwargs


def public_entry(world):
    return make_service("Öffentliche Praxis", visibility=Visibility.PUBLIC, network=world.own_network)


MISSING_ENTRY = lambda world: {"service_id": uuid.uuid4()}  # noqa: E731
MISSING_NOTE = lambda world: {"service_id": uuid.uuid4(), "note_id": uuid.uuid4()}  # noqa: E731
MISSING_CASE_ENTRY = lambda world: {"case_id": uuid.uuid4(), "service_id": uuid.uuid4()}  # noqa: E731
MISSING_CONVERSATION_ENTRY = lambda world: {"conversation_id": uuid.uuid4(), "service_id": uuid.uuid4()}  # noqa: E731
NOT_PUBLIC = everyone(404)


def entry_route(expect, method="get", foreign_expect=FOREIGN):
    return Route(expect, kwargs=entry_of(own_entry), foreign=entry_of(foreign_entry),
                 foreign_expect=foreign_expect, missing=MISSING_ENTRY, method=method)


DIRECTORY_ROUTES: dict[str, Route] = {
    "directory:search": Route(READERS),
    "directory:service_create": Route(EDITORS),
    "directory:needs_checking": Route(EDITORS),
    "directory:service_detail": entry_route(READERS),
    "directory:service_history": entry_route(READERS),
    "directory:service_edit": entry_route(EDITORS, foreign_expect={"lena": 404, "kai": 404}),
    "directory:service_verify": entry_route(only(("lena", "kai", "ada"), status=302), method="post",
                                            foreign_expect={"lena": 404, "kai": 404}),
    # Without text the note form comes back with its error (200).
    "directory:note_add": entry_route(only(("alice", "lena", "kai")), method="post"),
    # GET asks to confirm the deletion.
    "directory:note_delete": Route(
        only(("alice", "lena")), kwargs=note_of(own_entry, "own_centre"),
        foreign=note_of(foreign_entry, "foreign_centre"), foreign_expect={"alice": 404, "lena": 404},
        missing=MISSING_NOTE,
    ),
    "directory:term_list": Route(READERS),
    "directory:term_create": Route(TAXONOMY_KEEPERS),
    "directory:term_edit": Route(
        TAXONOMY_KEEPERS, kwargs=lambda world: {"term_id": TaxonomyTerm.objects.get(code="legal").public_id},
        missing=lambda world: {"term_id": uuid.uuid4()},
    ),
    "directory:exchange": Route(READERS),
    "directory:export": Route(READERS),
    "directory:import": Route(EDITORS),
    "directory:refer": Route(CASEWORKERS, kwargs=case_entry("own_case"), foreign=case_entry("foreign_case"),
                             foreign_expect={"alice": 404, "lena": 404}, missing=MISSING_CASE_ENTRY),
    "directory:card": Route(CASEWORKERS, kwargs=case_entry("own_case"), foreign=case_entry("foreign_case"),
                            foreign_expect={"alice": 404, "lena": 404}, missing=MISSING_CASE_ENTRY),
    "directory:conversation_card": Route(
        CASEWORKERS, kwargs=conversation_entry("own_centre"), foreign=conversation_entry("foreign_centre"),
        foreign_expect={"alice": 404, "lena": 404}, missing=MISSING_CONVERSATION_ENTRY,
    ),
    # The open API: public entries, for everybody alike.
    "hsds:meta": Route(everyone(200)),
    "hsds:services": Route(everyone(200)),
    "hsds:organizations": Route(everyone(200)),
    "hsds:taxonomy_terms": Route(everyone(200)),
    "hsds:service": Route(
        everyone(200), kwargs=lambda world: {"service_id": public_entry(world).public_id},
        foreign=entry_of(own_entry), foreign_expect=NOT_PUBLIC, missing=MISSING_ENTRY,
    ),
    "hsds:organization": Route(
        everyone(200), kwargs=lambda world: {"organization_id": public_entry(world).provider.public_id},
        foreign=lambda world: {"organization_id": own_entry(world).provider.public_id}, foreign_expect=NOT_PUBLIC,
        missing=lambda world: {"organization_id": uuid.uuid4()},
    ),
}
