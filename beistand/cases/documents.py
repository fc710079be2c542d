"""Checking and cleaning uploaded documents before they are encrypted and stored.

- The type is decided by the content (magic bytes), never by the file name or
  the type the browser claims: JPEG, PNG, PDF and UTF-8 plain text.
- Images are decoded and encoded again with Pillow, so that EXIF data (GPS
  position, camera, time), comments and other metadata are gone; the EXIF
  orientation is applied first, so the picture still stands the right way up.
  Images larger than CASE_DOCUMENT_MAX_PIXELS are refused before they are
  decoded (decompression bombs).
- Images get a small JPEG preview (at most 400 px), made here on the server.
  PDFs and text files get none; they are only ever downloaded through the view.

Every refusal is a `Refused` with a message for the counsellor; nothing here
raises anything else for bad input.
"""

from __future__ import annotations

import io
import posixpath
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Defaults; an installation may set CASE_DOCUMENT_MAX_BYTES / CASE_DOCUMENT_MAX_PIXELS.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
PREVIEW_SIZE = 400

JPEG, PNG, PDF, TEXT = "image/jpeg", "image/png", "application/pdf", "text/plain"
IMAGE_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
EXTENSIONS = {JPEG: (".jpg", ".jpeg"), PNG: (".png",), PDF: (".pdf",), TEXT: (".txt", ".text")}
MAGIC = [(b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG), (b"%PDF-", PDF)]
# Control characters that do not occur in text a person wrote (tab, line breaks and form feed do).
TEXT_CONTROLS = set(range(32)) - {9, 10, 12, 13}
MAX_NAME_LENGTH = 200


class Refused(ValueError):
    """The upload cannot be accepted; `message` says why, in the user's language."""

    def __init__(self, message: Any) -> None:
        super().__init__("document refused")
        self.message = message


@dataclass(frozen=True)
class Prepared:
    """What is stored: the cleaned content, its type and the preview (images only)."""

    content: bytes
    content_type: str
    preview: bytes | None


def max_bytes() -> int:
    return int(getattr(settings, "CASE_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_pixels() -> int:
    return int(getattr(settings, "CASE_DOCUMENT_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def prepare(data: bytes) -> Prepared:
    """Checks an upload by its content and cleans it; raises Refused for anything not accepted."""
    if not data:
        raise Refused(_("The file is empty."))
    if len(data) > max_bytes():
        raise Refused(_("The file is too large: at most %(megabytes)s MB are accepted.")
                      % {"megabytes": max_bytes() // (1024 * 1024)})
    content_type = sniff(data)
    if content_type is None:
        raise Refused(_("This kind of file is not accepted. Accepted are photos and scans "
                        "(JPEG, PNG), PDF documents and plain text."))
    if content_type in IMAGE_FORMATS:
        return _prepare_image(data, content_type)
    return Prepared(content=data, content_type=content_type, preview=None)


def sniff(data: bytes) -> str | None:
    """The type the content has, by its first bytes (text: valid UTF-8 without binary controls)."""
    for magic, content_type in MAGIC:
        if data.startswith(magic):
            return content_type
    return TEXT if _is_text(data) else None


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(ord(char) in TEXT_CONTROLS for char in text)


def _prepare_image(data: bytes, content_type: str) -> Prepared:
    image = _open_image(data, IMAGE_FORMATS[content_type])
    try:
        clean = _without_metadata(image)
        content = _encode(clean, IMAGE_FORMATS[content_type])
        preview = _preview(clean)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as damaged:
        raise Refused(_("The image could not be read; it may be damaged.")) from damaged
    return Prepared(content=content, content_type=content_type, preview=preview)


def _open_image(data: bytes, expected_format: str) -> Image.Image:
    """Opens the image (header only) and refuses bombs before a pixel is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[expected_format])
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as bomb:
        raise _too_many_pixels() from bomb
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as damaged:
        raise Refused(_("The image could not be read; it may be damaged.")) from damaged
    width, height = image.size
    if width * height > max_pixels():
        raise _too_many_pixels()
    return image


def _too_many_pixels() -> Refused:
    return Refused(_("The image has too many pixels (at most %(megapixels)s megapixels are accepted).")
                   % {"megapixels": max_pixels() // 1_000_000})


def _without_metadata(image: Image.Image) -> Image.Image:
    """The pixels only, turned upright; EXIF, XMP, ICC, comments and text chunks are dropped."""
    image.load()
    upright = ImageOps.exif_transpose(image)
    clean = upright.copy()
    # Transparency is part of the picture, not metadata; everything else in info goes.
    clean.info = {key: value for key, value in upright.info.items() if key == "transparency"}
    if clean.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "CMYK"):
        clean = clean.convert("RGBA" if "A" in clean.getbands() else "RGB")
    return clean


def _encode(image: Image.Image, image_format: str) -> bytes:
    if image_format == "JPEG" and image.mode not in ("L", "RGB", "CMYK"):
        image = image.convert("RGB")
    output = io.BytesIO()
    if image_format == "JPEG":
        image.save(output, "JPEG", quality=90)
    else:
        image.save(output, "PNG")
    return output.getvalue()


def _preview(image: Image.Image) -> bytes:
    thumbnail = image.copy()
    thumbnail.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE))
    output = io.BytesIO()
    _on_white(thumbnail).save(output, "JPEG", quality=80)
    return output.getvalue()


def _on_white(image: Image.Image) -> Image.Image:
    """RGB for the JPEG preview; transparent parts become white instead of black."""
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return background
    return image.convert("RGB")


def clean_name(name: str) -> str:
    """The file's own name without any directory part a browser may send, shortened if long."""
    base = posixpath.basename(name.replace("\\", "/")).strip() or "document"
    if len(base) <= MAX_NAME_LENGTH:
        return base
    stem, extension = posixpath.splitext(base)
    return stem[: MAX_NAME_LENGTH - len(extension[:10])] + extension[:10]


def download_name(original_name: str, content_type: str) -> str:
    """The name to download under: the original one, with the extension that fits the content."""
    extensions = EXTENSIONS.get(content_type, ())
    if not extensions or original_name.lower().endswith(extensions):
        return original_name
    return original_name + extensions[0]
