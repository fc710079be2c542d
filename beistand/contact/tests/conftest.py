"""Fixtures of the contact tests: a file storage per test, images with hidden data, conversations."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.utils import translation
from PIL import Image

from beistand.contact.testing import make_conversation

# Text of this kind must never be stored or logged in plain.
SECRET_TEXT = "Geheimnis-4711: Herr Mustermann schlug mich in der Nordstadt"
REMOTE_ADDR = "203.0.113.77"


@pytest.fixture(autouse=True)
def english_interface():
    """These tests read the English source texts: URLs reversed here get the /en/ prefix."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def isolated_files(settings, tmp_path):
    """Each test gets its own file storage, so it can look into it."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def public_client() -> Client:
    """A visitor's browser: CSRF checks on, as in real life."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=REMOTE_ADDR)


def csrf_token(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the page has no CSRF token"
    return match.group(1)


def post_with_token(client: Client, url: str, data: dict | None = None, **extra):
    """A form post as a browser sends it: with the CSRF token of a page it loaded before."""
    page = client.get("/en/write/")  # any page with a form gives the token
    return client.post(url, {"csrfmiddlewaretoken": csrf_token(page), **(data or {})}, **extra)


def form_value(response, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', response.content.decode())
    assert match, f"the page has no field {name}"
    return match.group(1)


def shown_passphrase(response) -> str:
    return form_value_by_id(response, "passphrase-copy")


def form_value_by_id(response, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*value="([^"]*)"', response.content.decode())
    assert match, f"the page has no element {element_id}"
    return match.group(1)


def jpeg_with_location(size=(64, 48), orientation: int = 6) -> bytes:
    """A photo whose EXIF names a camera and GPS coordinates and says it is rotated."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SnitchCam"  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.0), 3: "E", 4: (7.0, 28.0, 5.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"SnitchComment")
    return out.getvalue()


def png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SnitchAuthor")
    out = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def conversation(backup, alice):
    """A conversation with BackUp (Alice counsels there) and its passphrase."""
    return make_conversation(backup, SECRET_TEXT)
