"""Upload checks every app uses before a file is stored (DESIGN.md §7 "upload checks").

The type is decided by the content (magic bytes via ``filetype``, OOXML by its zip members),
never by the name; a name whose extension disagrees with the content is refused. Images are
decoded under a pixel limit and re-encoded with Pillow, which drops EXIF and any payload
appended to the file; the GPS position, if the photo carried one, is returned so callers
can keep it (a before/after photo's position is evidence).

    checked = check_upload(request.FILES["file"], allowed={"pdf", "jpg", "png"})
    storage.save(f"materials/{uuid}{checked.extension}", ContentFile(checked.content))
"""

from __future__ import annotations

import io
import os
import re
import warnings
import zipfile
from contextvars import ContextVar
from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS_PER_REQUEST = 400_000_000
DEFAULT_MAX_PIXELS = 40_000_000  # a 48 MP phone photo is refused; 40 MP covers common cameras
# Unpacked OOXML may be far larger than the zip, but not without bound (zip bombs).
OOXML_MAX_UNPACKED_RATIO = 20


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    mime: str
    extension: str
    name_extensions: frozenset[str]
    is_image: bool = False


KINDS: dict[str, FileKind] = {
    k.key: k
    for k in (
        FileKind("pdf", "PDF", "application/pdf", ".pdf", frozenset({".pdf"})),
        FileKind(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            frozenset({".docx"}),
        ),
        FileKind(
            "xlsx",
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            frozenset({".xlsx"}),
        ),
        FileKind("jpg", "JPEG", "image/jpeg", ".jpg", frozenset({".jpg", ".jpeg", ".jfif"}), True),
        FileKind("png", "PNG", "image/png", ".png", frozenset({".png"}), True),
        FileKind("webp", "WebP", "image/webp", ".webp", frozenset({".webp"}), True),
    )
}
DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx"})
IMAGE_KINDS = frozenset({"jpg", "png"})
# What people call the things we refuse, so the message says what the file really is.
FOREIGN_LABELS = {
    "exe": gettext_lazy("Windows 可执行程序"),
    "elf": gettext_lazy("可执行程序"),
    "zip": gettext_lazy("压缩包"),
    "rar": gettext_lazy("压缩包"),
    "7z": gettext_lazy("压缩包"),
    "gz": gettext_lazy("压缩包"),
    "doc": gettext_lazy("旧版 Word 文档"),
    "xls": gettext_lazy("旧版 Excel 表格"),
    "gif": gettext_lazy("GIF 动图"),
    "heic": gettext_lazy("HEIC 图片"),
    "mp4": gettext_lazy("视频"),
    "mov": gettext_lazy("视频"),
}


class UploadRejected(ValidationError):
    """The file may not be stored; the message says why, in words a user understands."""


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed the checks: safe bytes plus what we learned about them."""

    content: bytes
    kind: str
    mime: str
    extension: str
    name: str
    width: int | None = None
    height: int | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def is_image(self) -> bool:
        return KINDS[self.kind].is_image


def _read_limited(file, max_bytes: int, name: str = "") -> bytes:
    if isinstance(file, (bytes, bytearray)):
        data = bytes(file)
    else:
        declared = getattr(file, "size", None)
        if declared is not None and declared > max_bytes:
            raise _too_large(max_bytes, name)
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes, name)
    return data


def _named(name: str) -> str:
    """How a message names the file: 文件“现场照片.jpg”, or 文件 when it has no name."""
    return _("文件“%(name)s”") % {"name": name} if name else _("文件")


def _too_large(max_bytes: int, name: str = "") -> UploadRejected:
    return UploadRejected(
        _("%(file)s超过大小限制：每个文件不超过 %(mb)s MB。")
        % {"file": _named(name), "mb": f"{max_bytes / 1024 / 1024:g}"},
        code="too_large",
    )


def _ooxml_kind(data: bytes) -> str | None:
    """docx or xlsx by the parts inside the zip; raises on macros and zip bombs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UploadRejected(
            _("文件包含宏，出于安全原因不能上传，请另存为不含宏的文档。"), code="macro"
        )
    if unpacked > max(len(data), 1) * OOXML_MAX_UNPACKED_RATIO + 10 * 1024 * 1024:
        raise UploadRejected(_("文件解压后过大，可能已损坏。"), code="zip_bomb")
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def detect_kind(data: bytes) -> tuple[str | None, str]:
    """(our kind key or None, a human label of what the content is)."""
    guess = filetype.guess(data)
    if guess is None:
        return None, _("无法识别的文件")
    if guess.extension in {"zip", "docx", "xlsx", "pptx"}:
        kind = _ooxml_kind(data)
        if kind:
            return kind, KINDS[kind].label
        return None, _("压缩包或其他 Office 文件")
    key = {"jpg": "jpg", "png": "png", "pdf": "pdf", "webp": "webp"}.get(guess.extension)
    if key:
        return key, KINDS[key].label
    return None, str(FOREIGN_LABELS.get(guess.extension, guess.extension.upper()))


def _allowed_labels(allowed: set[str]) -> str:
    return "、".join(KINDS[k].label for k in sorted(allowed, key=list(KINDS).index))


def _gps_position(exif: Image.Exif) -> tuple[float | None, float | None]:
    """Decimal degrees from the EXIF GPS IFD, or (None, None) when absent or malformed."""
    try:
        gps = exif.get_ifd(0x8825)
    except Exception:  # noqa: BLE001 - a broken IFD means no position, not a refusal
        return None, None
    if not gps:
        return None, None

    def degrees(value, ref) -> float | None:
        try:
            d, m, s = (float(part) for part in value)
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        result = d + m / 60 + s / 3600
        if isinstance(ref, bytes):
            ref = ref.decode("ascii", "ignore")
        return -result if str(ref).strip().upper() in {"S", "W"} else result

    lat = degrees(gps.get(2), gps.get(1))
    lon = degrees(gps.get(4), gps.get(3))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    if lat == 0 and lon == 0:
        return None, None
    return round(lat, 7), round(lon, 7)


def _reencode_image(
    data: bytes, kind: str, max_pixels: int
) -> tuple[bytes, int, int, float | None, float | None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            try:
                image = Image.open(io.BytesIO(data))
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                # Pillow refuses before we see the size; its message carries the pixel count.
                found = re.search(r"\((\d+) pixels\)", str(exc))
                raise _too_many_pixels(None, int(found.group(1)) if found else 0, max_pixels)
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels(f"{width}×{height}", width * height, max_pixels)
            _spend_request_pixels(width * height)
            latitude, longitude = _gps_position(image.getexif())
            image.load()
            # Apply the camera's rotation before EXIF (which carried it) is dropped.
            image = ImageOps.exif_transpose(image)
        except UploadRejected:
            raise
        except (
            UnidentifiedImageError,
            OSError,
            ValueError,
            SyntaxError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            EOFError,
        ) as exc:
            raise UploadRejected(_("图片已损坏或无法读取。"), code="broken_image") from exc
    out = io.BytesIO()
    if kind == "jpg":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=85, optimize=True)
    elif kind == "png":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
    else:
        image.save(out, format="WEBP", quality=85)
    return out.getvalue(), image.width, image.height, latitude, longitude


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}" if pixels >= 10_000_000 else f"{pixels / 1_000_000:.1f}"


def _too_many_pixels(size: str | None, pixels: int, max_pixels: int) -> UploadRejected:
    values = {"size": size, "mp": _megapixels(pixels), "max": _megapixels(max_pixels)}
    message = (
        _("图片像素过大（%(size)s，约 %(mp)s 百万像素），上限为 %(max)s 百万像素，请缩小后再上传。")
        if size
        else _("图片像素过大（约 %(mp)s 百万像素），上限为 %(max)s 百万像素，请缩小后再上传。")
    )
    return UploadRejected(message % values, code="too_many_pixels")


# Pixels decoded so far in the current request (set by PixelBudgetMiddleware); None outside one.
_request_pixels: ContextVar[list[int] | None] = ContextVar("upload_request_pixels", default=None)


def _spend_request_pixels(pixels: int) -> None:
    """Every image of a request together stays under UPLOAD_MAX_PIXELS_PER_REQUEST: decoding is
    the expensive part, and 30 photos at the per-image limit would tie a worker up for long."""
    spent = _request_pixels.get()
    if spent is None:
        return
    limit = getattr(settings, "UPLOAD_MAX_PIXELS_PER_REQUEST", DEFAULT_MAX_PIXELS_PER_REQUEST)
    if spent[0] + pixels > limit:
        raise UploadRejected(
            _("本次上传的图片合计超过 %(max)s 百万像素，请分几次上传或缩小图片。")
            % {"max": _megapixels(limit)},
            code="too_many_pixels_in_request",
        )
    spent[0] += pixels


class PixelBudgetMiddleware:
    """Gives each request its own budget of decoded image pixels (see ``_spend_request_pixels``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_pixels.set([0])
        try:
            return self.get_response(request)
        finally:
            _request_pixels.reset(token)


def check_upload(
    file, *, allowed: set[str], max_bytes: int | None = None, max_pixels: int | None = None
) -> CheckedUpload:
    """Check an uploaded file (Django ``UploadedFile``, file object or bytes) and make it safe.

    ``allowed`` holds kind keys from :data:`KINDS` (pdf, docx, xlsx, jpg, png, webp).
    Raises :class:`UploadRejected` (a ``ValidationError``) with a Chinese message.
    """
    unknown = set(allowed) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
    if max_bytes is None:
        max_bytes = getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    if max_pixels is None:
        max_pixels = getattr(settings, "UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    name = os.path.basename(str(getattr(file, "name", "") or ""))
    data = _read_limited(file, max_bytes, name)
    if not data:
        raise UploadRejected(_("%(file)s是空的。") % {"file": _named(name)}, code="empty")

    kind, what = detect_kind(data)
    if kind is None or kind not in allowed:
        raise UploadRejected(
            _("%(file)s：不允许上传此类文件，内容是%(what)s。允许的类型：%(allowed)s。")
            % {"file": _named(name), "what": what, "allowed": _allowed_labels(allowed)},
            code="type_not_allowed",
        )
    spec = KINDS[kind]
    stem, ext = os.path.splitext(name)
    ext = ext.lower()
    if ext and ext not in spec.name_extensions:
        raise UploadRejected(
            _("文件名“%(name)s”的扩展名是 %(ext)s，但内容是 %(what)s，两者不符，请检查文件。")
            % {"name": name, "ext": ext, "what": spec.label},
            code="name_mismatch",
        )
    safe_name = (stem or _("文件")).strip()[:100] + spec.extension

    if not spec.is_image:
        return CheckedUpload(
            content=data, kind=kind, mime=spec.mime, extension=spec.extension, name=safe_name
        )
    content, width, height, latitude, longitude = _reencode_image(data, kind, max_pixels)
    return CheckedUpload(
        content=content,
        kind=kind,
        mime=spec.mime,
        extension=spec.extension,
        name=safe_name,
        width=width,
        height=height,
        latitude=latitude,
        longitude=longitude,
    )


class SpreadsheetUploadForm(forms.Form):
    """An .xlsx upload checked by content; ``cleaned_data["file"]`` is a :class:`CheckedUpload`."""

    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx", "data-testid": "import-file"}
        ),
    )

    def clean_file(self):
        try:
            return check_upload(self.cleaned_data["file"], allowed={"xlsx"})
        except UploadRejected as rejected:
            raise forms.ValidationError(rejected.messages) from rejected
