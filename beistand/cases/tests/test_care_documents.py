"""Documents: accepted by content, images cleaned of metadata, previews, downloads, deletion, privacy."""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import ExifTags, Image

from beistand.audit.models import Action, AuditEvent
from beistand.cases import documents
from beistand.cases.choices import CaseStatus, DocumentKind
from beistand.cases.models import Document
from beistand.cases.testing import make_case
from beistand.cases.tests.test_care_helpers import (
    image_bytes,
    jpeg_with_gps,
    post,
    storage_holds,
    stored_document,
    stored_files,
    url,
)
from beistand.keys.testing import database_holds

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    """The test's own file storage, so that it can look into all of it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(backup, alice):
    return make_case(backup, assigned=[alice])


def upload(client, case, data: bytes, name: str, kind: str = DocumentKind.PHOTO, **fields):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return post(client, url("cases:document_upload", case.public_id),
                {"kind": kind, "file": file, "description": "", **fields})


# --- Content checks (documents.py) -----------------------------------------------------------------


@pytest.mark.parametrize(("data", "expected"), [
    (image_bytes("JPEG"), "image/jpeg"),
    (image_bytes("PNG"), "image/png"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf"),
    ("Gedächtnisprotokoll vom Montag\r\n\tZeile zwei".encode(), "text/plain"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", None),  # a Windows program
    (b"\x7fELF\x02\x01\x01\x00", None),
    (b"PK\x03\x04\x14\x00", None),  # a zip (or office) file
    (b"text with a NUL\x00byte", None),
    (b"\xc3\x28 not UTF-8", None),
])
def test_the_type_is_decided_by_the_content(data, expected):
    assert documents.sniff(data) == expected


def test_a_jpeg_loses_its_exif_and_gps_and_stands_upright():
    prepared = documents.prepare(jpeg_with_gps())
    assert prepared.content_type == "image/jpeg"
    assert b"MarkerCam" not in prepared.content and b"Exif" not in prepared.content
    cleaned = Image.open(io.BytesIO(prepared.content))
    assert not cleaned.getexif()
    assert not cleaned.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert cleaned.size == (40, 80)  # orientation 6 applied: the sideways photo is turned
    preview = Image.open(io.BytesIO(prepared.preview))
    assert preview.format == "JPEG" and max(preview.size) <= documents.PREVIEW_SIZE


def test_png_text_chunks_go_and_transparency_stays():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Markerautorin")
    output = io.BytesIO()
    Image.new("RGBA", (900, 300), (255, 0, 0, 0)).save(output, "PNG", pnginfo=info)
    prepared = documents.prepare(output.getvalue())
    assert b"Markerautorin" not in prepared.content
    assert Image.open(io.BytesIO(prepared.content)).mode == "RGBA"
    preview = Image.open(io.BytesIO(prepared.preview))
    assert preview.size == (400, 133)
    assert preview.getpixel((10, 10)) == (255, 255, 255)  # transparent becomes white, not black


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    (b"MZ\x90\x00\x03\x00\x00\x00" * 10, "This kind of file is not accepted"),
    (image_bytes("PNG")[:40], "could not be read"),  # a PNG cut off after the header
    (b"\xff\xd8\xff\xe0 not really a jpeg", "could not be read"),
])
def test_bad_files_are_refused_with_a_message(data, message):
    with pytest.raises(documents.Refused) as refused:
        documents.prepare(data)
    assert message in str(refused.value.message)


def test_a_decompression_bomb_is_refused_before_it_is_decoded(settings):
    settings.CASE_DOCUMENT_MAX_PIXELS = 10_000
    with pytest.raises(documents.Refused) as refused:
        documents.prepare(image_bytes("PNG", size=(200, 200)))
    assert "too many pixels" in str(refused.value.message)
    # A tiny PNG that claims a canvas of 2.5 gigapixels: refused before anything is decoded.
    del settings.CASE_DOCUMENT_MAX_PIXELS
    with pytest.raises(documents.Refused) as refused:
        documents.prepare(png_claiming(50_000, 50_000))
    assert "too many pixels" in str(refused.value.message)


def png_claiming(width: int, height: int) -> bytes:
    """A 1×1 PNG whose header (with a valid checksum) claims another size."""
    png = image_bytes("PNG", size=(1, 1))
    header = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + png[24:29]
    return png[:12] + header + zlib.crc32(header).to_bytes(4, "big") + png[33:]


def test_names_are_cleaned_and_downloads_get_the_extension_of_their_content():
    assert documents.clean_name("C:\\Users\\ayse\\Atteste\\attest.pdf") == "attest.pdf"
    assert documents.clean_name("../../etc/passwd") == "passwd"
    assert len(documents.clean_name("x" * 500 + ".jpeg")) == documents.MAX_NAME_LENGTH
    assert documents.download_name("attest.PDF", "application/pdf") == "attest.PDF"
    assert documents.download_name("foto.pdf", "image/png") == "foto.pdf.png"


# --- Upload, download, preview, delete (views) ------------------------------------------------------


def test_an_uploaded_photo_is_downloaded_without_exif(case, alice, client_for, media):
    client = client_for(alice)
    response = upload(client, case, jpeg_with_gps(), "Ayşe beim Arzt.jpg", description="Markerbeschreibung")
    assert response.status_code == 302
    assert response["Location"] == url("cases:case_detail", case.public_id) + "#documents"
    document = case.documents.get()
    assert (document.content_type, document.original_name, document.uploaded_by) == ("image/jpeg", "Ayşe beim Arzt.jpg", alice)

    download = client.get(url("cases:document_file", case.public_id, document.public_id))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/jpeg"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Ay%C5%9Fe%20beim%20Arzt.jpg" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "no-store"
    photo = Image.open(io.BytesIO(download.content))
    assert not photo.getexif() and b"MarkerCam" not in download.content
    assert document.size == len(download.content)
    exported = AuditEvent.objects.get(action=Action.EXPORT, object_id=str(document.public_id))
    assert exported.actor_id == alice.public_id and exported.centre_id == case.centre.public_id


def test_the_preview_is_a_small_jpeg_and_pdfs_have_none(case, alice, client_for, media):
    client = client_for(alice)
    photo = stored_document(case, image_bytes("PNG", size=(1200, 600)))
    preview = client.get(url("cases:document_preview", case.public_id, photo.public_id))
    assert preview.status_code == 200 and preview["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(preview.content)).size == (400, 200)
    assert preview["Cache-Control"] == "no-store"

    upload(client, case, b"%PDF-1.4\n%%EOF\n", "brief.pdf", kind=DocumentKind.LETTER)
    letter = case.documents.get(kind=DocumentKind.LETTER)
    assert not letter.preview
    assert client.get(url("cases:document_preview", case.public_id, letter.public_id)).status_code == 404
    page = client.get(url("cases:case_detail", case.public_id)).content.decode()
    assert url("cases:document_preview", case.public_id, photo.public_id) in page
    assert "PDF document (no preview)" in page and "brief.pdf" in page


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff" * 4, "attest.pdf", "This kind of file is not accepted"),
    (b"", "leer.pdf", "The file is empty."),
    (b"%PDF-1.4\n" + b"0" * 2048, "gross.pdf", "The file is too large: at most 0 MB"),
])
def test_wrong_empty_or_too_large_files_are_refused_and_the_rest_kept(
    case, alice, client_for, media, settings, data, name, message
):
    settings.CASE_DOCUMENT_MAX_BYTES = 1024
    response = upload(client_for(alice), case, data, name, kind=DocumentKind.LETTER, description="Markertext")
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'href="#id_file"' in page
    assert "Markertext</textarea>" in page
    assert '<option value="letter" selected>' in page
    assert not case.documents.exists()
    assert not stored_files(media)


def test_no_file_at_all_gets_a_message_too(case, alice, client_for, media):
    response = post(client_for(alice), url("cases:document_upload", case.public_id), {"kind": DocumentKind.PHOTO})
    assert "Choose a file of at most 20 MB." in response.content.decode()


def test_neither_the_content_nor_the_name_is_stored_in_plaintext(case, alice, client_for, media):
    marker = b"Markerinhalt des Gedaechtnisprotokolls"
    response = upload(client_for(alice), case, marker + b"\nZweite Zeile", "Protokoll-Markername.txt",
                      kind=DocumentKind.MEMORY_PROTOCOL, description="Markerbeschreibung")
    assert response.status_code == 302
    assert case.documents.get().content_type == "text/plain"
    assert not database_holds(marker.decode())
    assert not database_holds("Markername")
    assert not database_holds("Markerbeschreibung")
    assert len(stored_files(media)) == 1
    assert not storage_holds(media, marker)
    assert not storage_holds(media, b"Markername")


def test_deleting_removes_the_row_and_the_encrypted_files(case, alice, client_for, media):
    client = client_for(alice)
    document = stored_document(case)
    assert len(stored_files(media)) == 2  # the file and its preview
    delete_url = url("cases:document_delete", case.public_id, document.public_id)
    assert "Delete “photo.png”" in client.get(delete_url).content.decode()
    response = post(client, delete_url)
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not stored_files(media)
    assert AuditEvent.objects.filter(action=Action.DELETE, object_id=str(document.public_id)).exists()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(document.public_id)).exists()


def test_a_closed_case_takes_no_uploads_and_no_deletions(case, alice, client_for, media):
    document = stored_document(case)
    case.status, case.closed_on = CaseStatus.CLOSED, case.opened_on
    case.save()
    client = client_for(alice)
    for address, data in [
        (url("cases:document_upload", case.public_id), {"kind": DocumentKind.PHOTO,
                                                          "file": SimpleUploadedFile("a.png", image_bytes())}),
        (url("cases:document_delete", case.public_id, document.public_id), {}),
    ]:
        response = post(client, address, data, follow=True)
        assert "This case is closed and can no longer be changed." in response.content.decode()
    assert list(case.documents.all()) == [document]
    # Reading stays possible.
    assert client.get(url("cases:document_file", case.public_id, document.public_id)).status_code == 200


def test_documents_of_another_case_or_centre_are_404(case, alice, carol, client_for, media, backup):
    other = make_case(backup, assigned=[alice])
    document = stored_document(other)
    client = client_for(alice)
    for name in ("cases:document_file", "cases:document_preview", "cases:document_delete"):
        assert client.get(url(name, case.public_id, document.public_id)).status_code == 404
        assert client_for(carol).get(url(name, other.public_id, document.public_id)).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_case_page_lists_many_documents_with_the_same_queries(
    case, alice, client_for, media, django_assert_max_num_queries
):
    client = client_for(alice)
    address = url("cases:case_detail", case.public_id)
    stored_document(case, name="erstes.png")
    client.get(address)
    with CaptureQueriesContext(connection) as one:
        client.get(address)
    for number in range(8):
        stored_document(case, name=f"bild-{number}.png")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(address).content.decode()
    assert "bild-7.png" in page and "erstes.png" in page


def test_a_file_beyond_what_uploads_hold_in_memory_is_explained_too(case, alice, client_for, media, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # Django then drops the file on the way in
    response = upload(client_for(alice), case, image_bytes("PNG", size=(300, 300), colour="red") + b"\0" * 2000,
                      "gross.png")
    assert response.status_code == 200
    assert "Choose a file of at most 20 MB." in response.content.decode()
    assert not case.documents.exists()
