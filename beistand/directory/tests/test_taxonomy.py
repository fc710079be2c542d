"""The taxonomies of needs and features: shipped as a default, edited by coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from beistand.cases.choices import ReferralPurpose
from beistand.directory.models import TaxonomyTerm
from beistand.directory.taxonomy_defaults import default_id
from beistand.network.tests.factories import csrf_token

pytestmark = pytest.mark.django_db


def test_the_default_needs_follow_the_referral_purposes():
    top = set(TaxonomyTerm.objects.filter(taxonomy__code="beistand-needs", parent=None).values_list("code", flat=True))
    assert top == {value for value, _label in ReferralPurpose.choices} - {"other"}
    assert TaxonomyTerm.objects.get(code="legal-criminal-joint-plaintiff").parent.code == "legal"


def test_default_terms_have_the_same_id_in_every_installation():
    assert TaxonomyTerm.objects.get(code="psychotherapy").public_id == default_id("psychotherapy")


def test_a_coordinator_adds_a_term_that_the_search_offers(kai, alice, client_for):
    legal = TaxonomyTerm.objects.get(code="legal")
    client = client_for(kai)
    response = client.post(reverse("directory:term_create"), {
        "csrfmiddlewaretoken": csrf_token(client), "taxonomy": str(legal.taxonomy_id), "name": "Sozialrecht",
        "code": "legal-social", "description": "", "parent": str(legal.pk), "position": "5",
    })
    assert response.status_code == 302
    assert "Sozialrecht" in client_for(alice).get(reverse("directory:search")).content.decode()


def test_a_term_cannot_lie_below_itself(kai, client_for):
    legal = TaxonomyTerm.objects.get(code="legal")
    child = TaxonomyTerm.objects.get(code="legal-antidiscrimination")
    client = client_for(kai)
    response = client.post(reverse("directory:term_edit", args=[legal.public_id]), {
        "csrfmiddlewaretoken": csrf_token(client), "name": legal.name, "description": "", "parent": str(child.pk), "position": "0",
    })
    assert response.status_code == 200
    assert "A term cannot lie below itself." in response.content.decode()


def test_a_term_saved_from_a_stale_page_is_refused_with_the_input_kept(kai, client_for):
    legal = TaxonomyTerm.objects.get(code="legal")
    url = reverse("directory:term_edit", args=[legal.public_id])
    client = client_for(kai)
    loaded = client.get(url).context["form"]["version"].value()

    def save(name: str, version) -> object:
        return client.post(url, {"csrfmiddlewaretoken": csrf_token(client), "name": name, "description": "",
                                 "parent": "", "position": "0", "version": str(version)})

    assert save("Rechtsberatung", loaded).status_code == 302
    refused = save("Rechtliche Hilfe", loaded)
    assert refused.status_code == 200
    assert "Someone else saved this entry while you were editing it." in refused.content.decode()
    assert 'value="Rechtliche Hilfe"' in refused.content.decode()
    legal.refresh_from_db()
    assert legal.name == "Rechtsberatung"
    assert save("Rechtliche Hilfe", refused.context["form"]["version"].value()).status_code == 302


def test_counsellors_and_leads_read_the_taxonomy_but_do_not_edit_it(alice, lena, client_for):
    assert "Psychotherapie" in client_for(alice).get(reverse("directory:term_list")).content.decode()
    assert client_for(lena).get(reverse("directory:term_create")).status_code == 404
