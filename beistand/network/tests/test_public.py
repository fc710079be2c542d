"""The public directory pages: published centres only, example data marked, no cookies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from beistand.network.models import Centre, OpeningHours


@pytest.fixture
def published(backup, nrw_regions, state_network):
    regions = nrw_regions["regions"]
    backup.administrative_regions.add(regions["059"], regions["057"])
    backup.phone, backup.email, backup.contact_is_example = "0000 000000", "info@example.org", True
    backup.description = "Beratung nach rechten Angriffen."
    backup.topics, backup.target_groups = ["racism"], ["witnesses"]
    backup.save()
    OpeningHours.objects.create(centre=backup, weekday=0, opens="10:00", closes="16:00")
    return backup


@pytest.fixture
def unpublished(rheinland):
    rheinland.is_published = False
    rheinland.save()
    return rheinland


@pytest.mark.django_db
def test_list_shows_published_centres_grouped_with_their_area(client, published, unpublished):
    html = client.get(reverse("public:centres")).content.decode()
    assert "BackUp" in html
    assert "Opferberatung Rheinland" not in html
    assert 'id="type-victim_counselling"' in html
    assert "Arnsberg" in html and "Detmold" in html


@pytest.mark.django_db
def test_unpublished_and_missing_centres_are_the_same_404(client, unpublished):
    hidden = client.get(reverse("public:centre", args=["opferberatung-rheinland"]))
    missing = client.get(reverse("public:centre", args=["no-such-centre"]))
    assert hidden.status_code == missing.status_code == 404


@pytest.mark.django_db
def test_detail_shows_everything_a_person_needs(client, published):
    html = client.get(reverse("public:centre", args=["backup"])).content.decode()
    assert "Beratung nach rechten Angriffen." in html
    assert "Racism" in html
    assert "Monday" in html  # weekday names in the page's language
    german = client.get("/de/centres/backup/").content.decode()
    assert "Rassismus" in german and "Montag" in german
    assert "10:00\N{EN DASH}16:00" in html
    assert "Backup \N{EN DASH} ComeBack e.V." in html
    assert "Landesnetzwerk NRW" in html
    assert "Arnsberg" in html


@pytest.mark.django_db
def test_example_contact_data_are_marked_and_not_linked(client, published):
    html = client.get(reverse("public:centre", args=["backup"])).content.decode()
    assert 'class="example-note"' in html
    assert "0000 000000" in html
    assert 'href="tel:0000000000"' not in html


@pytest.mark.django_db
def test_real_contact_data_are_linked_and_not_marked(client, published):
    Centre.objects.filter(pk=published.pk).update(contact_is_example=False, phone="116 016")
    html = client.get(reverse("public:centre", args=["backup"])).content.decode()
    assert 'class="example-note"' not in html
    assert 'href="tel:116016"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/de/", "/de/centres/", "/de/centres/backup/", "/ar/centres/backup/"])
def test_public_pages_set_no_cookie(client, published, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.django_db
def test_home_lists_only_nationwide_help_lines(client, published, carrier):
    Centre.objects.create(slug="hilfetelefon", name="Hilfetelefon Test", type="helpline",
                          organisation=carrier, nationwide=True, phone="116 016")
    Centre.objects.create(slug="regional", name="Regionales Telefon", type="helpline",
                          organisation=carrier, nationwide=False)
    html = client.get("/de/").content.decode()
    assert "Hilfetelefon Test" in html and 'href="tel:116016"' in html
    assert "Regionales Telefon" not in html


@pytest.mark.django_db
def test_public_pages_refuse_posts(client, published):
    assert client.post("/de/centres/backup/").status_code == 405


@pytest.mark.django_db
def test_public_list_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries,
                                                    published, carrier):
    for number in range(10):
        Centre.objects.create(slug=f"c{number}", name=f"Centre {number}", type="helpline",
                              organisation=carrier)
    # One query for the centres, three for their Länder, Regierungsbezirke and Kreise.
    with django_assert_max_num_queries(4):
        client.get(reverse("public:centres"))
