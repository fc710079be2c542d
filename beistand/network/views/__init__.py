"""The network directory in the staff workspace: centres, organisations, networks."""

from beistand.network.views.centres import centre_create, centre_detail, centre_edit, centre_list
from beistand.network.views.networks import (
    network_create,
    network_detail,
    network_edit,
    network_list,
)
from beistand.network.views.organisations import (
    organisation_create,
    organisation_detail,
    organisation_edit,
    organisation_list,
)

__all__ = [
    "centre_create",
    "centre_detail",
    "centre_edit",
    "centre_list",
    "network_create",
    "network_detail",
    "network_edit",
    "network_list",
    "organisation_create",
    "organisation_detail",
    "organisation_edit",
    "organisation_list",
]
