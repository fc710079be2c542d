import pytest
from django.conf import settings
from django.test import Client

from beistand.demo.network import load_demo_network
from tests.browser.pages import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def login(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_pages(page, context, live_server):
    from beistand.conftest import make_persona
    ada = make_persona("ada@x.example", "Ada", admin=True)
    load_demo_network()
    login(context, live_server, ada)
    problems = []
    for name, path in [("list", "/de/staff/network/"), ("detail", "/de/staff/network/centres/backup/"),
                       ("form", "/de/staff/network/centres/backup/edit/"),
                       ("orgs", "/de/staff/network/organisations/"), ("nets", "/de/staff/network/networks/"),
                       ("netform", "/de/staff/network/networks/new/"),
                       ("orgform", "/de/staff/network/organisations/backup-comeback/edit/"),
                       ("netdetail", "/de/staff/network/networks/weact/"),
                       ("orgdetail", "/de/staff/network/organisations/nemo/"),
                       ("pubhome", "/de/"), ("publist", "/de/centres/"), ("pubdetail", "/de/centres/backup/"),
                       ("pubar", "/ar/centres/hilfetelefon-gewalt-gegen-frauen/")]:
        page.goto(live_server.url + path)
        page.screenshot(path=f"/tmp/shot_{name}.png", full_page=True)
        try:
            assert_accessible(page)
        except AssertionError as e:
            problems.append(str(e))
    page.goto(live_server.url + "/de/staff/network/centres/backup/edit/")
    page.fill("#id_name", "")
    page.fill("#id_postcode", "12")
    page.select_option("#id_hours-0-weekday", "1")
    page.fill("#id_hours-0-opens", "16:00")
    page.fill("#id_hours-0-closes", "10:00")
    page.click(".form-actions button[type=submit]")
    page.screenshot(path="/tmp/shot_error.png", full_page=False)
    try:
        assert_accessible(page)
    except AssertionError as e:
        problems.append(str(e))
    print("\n".join(problems))
    assert not problems
