"""Files the public sends: checked by their content, photos cleaned of hidden data.

Accepted are JPEG, PNG and PDF, recognised by their first bytes whatever the
name says. Photos are decoded and encoded again with Pillow: what survives is
the picture (turned upright first), never EXIF, GPS, camera serial numbers,
colour profiles or comments. A file that claims to be a picture but does not
decode is refused. PDFs are checked for their header and end marker and kept
as they are (removing their metadata would need a PDF library; the form says
so). The name is cut to its last part, loses control characters and gets the
extension of the real type.
"""

from __future__ import annotations

import io
import logging
import posixpath
import unicodedata
import warnings
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# Pillow logs every EXIF tag it reads or writes (GPS positions included) at DEBUG level:
# with BEISTAND_LOG_LEVEL=DEBUG they would reach the log. Its loggers stop at INFO.
logging.getLogger("PIL").setLevel(logging.INFO)

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
# A 10 MB file can unpack to gigabytes of pixels; 40 megapixels is any phone camera.
MAX_IMAGE_PIXELS = 40_000_000
MAX_NAME_CHARS = 100

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", PDF: ".pdf"}
_PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
# Modes PNG stores as they are; anything else becomes RGBA.
_PNG_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"}


class UnacceptableFile(ValueError):
    """A file that cannot be taken; `message` says why in the person's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PreparedFile:
    name: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    def details(self) -> dict[str, object]:
        return {"name": self.name, "type": self.content_type, "size": self.size}


def prepare(upload: UploadedFile) -> PreparedFile:
    """The file as it will be stored, or UnacceptableFile."""
    if (upload.size or 0) > MAX_FILE_BYTES:
        raise UnacceptableFile(str(_("The file is larger than 10 MB.")))
    data = upload.read()
    content_type = sniff(data)
    if content_type is None:
        raise UnacceptableFile(str(_(
            "This is not a JPEG, PNG or PDF file. We check what the file contains, not its name."
        )))
    content = check_pdf(data) if content_type == PDF else reencode(data, content_type)
    return PreparedFile(clean_name(upload.name or "", content_type), content_type, content)


def sniff(data: bytes) -> str | None:
    """The type by the file's first bytes (its "magic number")."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"%PDF-"):
        return PDF
    return None


def check_pdf(data: bytes) -> bytes:
    if b"%%EOF" not in data[-2048:]:
        raise UnacceptableFile(str(_("This PDF file is damaged or incomplete.")))
    return data


def reencode(data: bytes, content_type: str) -> bytes:
    """Decodes and encodes the picture again, which leaves every hidden field behind."""
    unreadable = UnacceptableFile(str(_("This picture cannot be read. It may be damaged.")))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != _PILLOW_FORMATS[content_type]:
                    raise unreadable
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise UnacceptableFile(str(_("This picture has too many pixels (at most 40 megapixels).")))
                image.load()
                return _encode_clean(image, content_type)
    except UnacceptableFile:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise unreadable from None


def _encode_clean(image: Image.Image, content_type: str) -> bytes:
    upright = ImageOps.exif_transpose(image) or image
    transparency = upright.info.get("transparency")
    upright.info = {}  # EXIF, XMP, ICC profile, comments: nothing is carried over
    out = io.BytesIO()
    if content_type == JPEG:
        upright.convert("RGB").save(out, "JPEG", quality=90)
    else:
        clean = upright if upright.mode in _PNG_MODES else upright.convert("RGBA")
        options = {"transparency": transparency} if transparency is not None and clean.mode == upright.mode else {}
        clean.save(out, "PNG", **options)
    return out.getvalue()


def clean_name(name: str, content_type: str) -> str:
    """The last part of the name, printable, short, with the extension of the real type."""
    base = posixpath.basename(name.replace("\\", "/"))
    printable = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    stem = posixpath.splitext(printable)[0].strip() or "file"
    extension = EXTENSIONS[content_type]
    return stem[: MAX_NAME_CHARS - len(extension)] + extension
