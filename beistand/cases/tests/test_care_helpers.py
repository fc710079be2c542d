"""What the tests of deadlines, reminders, "my week" and documents share (no tests of its own).

Imported by test_care_*.py; fixtures are re-exported there by name.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image

from beistand.cases.actions.documents import add_document
from beistand.cases.choices import DocumentKind
from beistand.cases.documents import prepare
from beistand.cases.models import Document


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A file storage of the test's own, so that a test can look into all of it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(name: str, *args: Any) -> str:
    """The English address of a view: tests read the English source texts."""
    with translation.override("en"):
        return reverse(name, args=args)


def post(client: Any, address: str, data: dict | None = None, **options: Any) -> Any:
    """A POST with the CSRF token, as the browser sends it (the test clients enforce CSRF)."""
    if "beistand_csrf" not in client.cookies:
        client.get(url("workspace:home"))  # the workspace page sets the cookie
    token = client.cookies["beistand_csrf"].value
    return client.post(address, {**(data or {}), "csrfmiddlewaretoken": token}, **options)


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (64, 48), colour: str = "teal", **save: Any) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, image_format, **save)
    return output.getvalue()


def jpeg_with_gps(camera: str = "MarkerCam") -> bytes:
    """A JPEG whose EXIF names a camera and a GPS position (the metadata that must go)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = camera
    exif[ExifTags.Base.Orientation] = 6  # taken sideways: stored turned, shown upright
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (51.0, 30.0, 46.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (7.0, 27.0, 55.0),
    }
    return image_bytes("JPEG", size=(80, 40), exif=exif)


def stored_document(case: Any, data: bytes | None = None, *, name: str = "photo.png", actor: Any = None) -> Document:
    """A document in the case, stored the way the upload view stores it."""
    return add_document(
        actor, case, prepare(data or image_bytes()), kind=DocumentKind.PHOTO,
        original_name=name, description="",
    )


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def storage_holds(root: Path, needle: bytes) -> list[Path]:
    """Files under the storage root whose content or name contains the bytes."""
    if not root.exists():
        return []
    return [
        path for path in root.rglob("*")
        if path.is_file() and (needle in path.read_bytes() or needle.decode(errors="ignore") in path.name)
    ]
