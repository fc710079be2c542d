"""Forms of the network directory."""

from beistand.network.forms.centres import CentreForm, OpeningHoursFormSet, centre_forms
from beistand.network.forms.filters import CentreFilterForm
from beistand.network.forms.organisations import NetworkForm, OrganisationForm

__all__ = [
    "CentreFilterForm",
    "CentreForm",
    "NetworkForm",
    "OpeningHoursFormSet",
    "OrganisationForm",
    "centre_forms",
]
