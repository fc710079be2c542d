"""Files from the public: the type comes from the content, photos lose every hidden field."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from beistand.contact import uploads
from beistand.contact.tests.conftest import PDF, jpeg_with_location, png_with_text


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_a_photo_loses_camera_gps_and_comment_and_is_turned_upright():
    original = jpeg_with_location(size=(64, 48), orientation=6)
    assert b"SnitchCam" in original and b"SnitchComment" in original
    prepared = uploads.prepare(upload("IMG_0001.JPG", original))
    assert prepared.content_type == uploads.JPEG and prepared.name == "IMG_0001.jpg"
    assert b"SnitchCam" not in prepared.content and b"SnitchComment" not in prepared.content
    assert b"Exif" not in prepared.content
    with Image.open(io.BytesIO(prepared.content)) as image:
        assert not image.getexif()
        assert image.size == (48, 64)  # orientation 6: the picture was rotated upright


def test_a_png_loses_its_text_chunks():
    prepared = uploads.prepare(upload("scan.png", png_with_text()))
    assert prepared.content_type == uploads.PNG
    assert b"SnitchAuthor" not in prepared.content
    with Image.open(io.BytesIO(prepared.content)) as image:
        assert image.mode == "RGBA" and not image.text


def test_the_type_comes_from_the_content_not_the_name():
    prepared = uploads.prepare(upload("photo.jpg", PDF))
    assert prepared.content_type == uploads.PDF and prepared.name == "photo.pdf"
    assert prepared.content == PDF


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("invoice.pdf", b"MZ\x90\x00 a program pretending to be a PDF"),
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("notes.png", b"plain text"),
    ],
)
def test_disguised_files_are_refused(name, data):
    with pytest.raises(uploads.UnacceptableFile, match="not a JPEG, PNG or PDF"):
        uploads.prepare(upload(name, data))


def test_a_picture_that_does_not_decode_is_refused():
    with pytest.raises(uploads.UnacceptableFile, match="cannot be read"):
        uploads.prepare(upload("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200))


def test_a_truncated_pdf_is_refused():
    with pytest.raises(uploads.UnacceptableFile, match="damaged or incomplete"):
        uploads.prepare(upload("cut.pdf", PDF[:30]))


def test_a_file_over_10_mb_is_refused_before_it_is_read():
    big = upload("big.pdf", PDF)
    big.size = uploads.MAX_FILE_BYTES + 1
    with pytest.raises(uploads.UnacceptableFile, match="larger than 10 MB"):
        uploads.prepare(big)


def test_a_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(uploads.UnacceptableFile, match="too many pixels"):
        uploads.prepare(upload("huge.png", png_with_text()))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.jpg", "passwd.pdf"),
        ("C:\\Users\\Ayse\\Arztbrief.PDF", "Arztbrief.pdf"),
        ("bad\x00name\u202e.pdf", "badname.pdf"),
        ("", "file.pdf"),
        ("x" * 300 + ".pdf", "x" * 96 + ".pdf"),
    ],
)
def test_names_are_cut_to_a_harmless_last_part(name, expected):
    assert uploads.clean_name(name, uploads.PDF) == expected
