"""The upload checks every app uses: type by content, size and pixel limits, re-encoding."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wenming.uploads import UploadRejected, check_upload

DOCS = {"pdf", "docx", "xlsx", "jpg", "png"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 300


def jpeg_with_gps(size=(40, 20), orientation=None) -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (32.0, 37.0, 30.0), 3: "E", 4: (116.0, 59.0, 60.0)}
    exif[0x010F] = "SecretCam"  # Make: must not survive
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(size=(10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, "PNG")
    return out.getvalue()


def xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_exe_renamed_pdf_is_refused_saying_what_it_really_is():
    with pytest.raises(UploadRejected) as err:
        check_upload(upload("总结.pdf", EXE), allowed=DOCS)
    assert "Windows 可执行程序" in err.value.messages[0]
    assert "PDF" in err.value.messages[0]


def test_pdf_passes_unchanged_with_its_type():
    checked = check_upload(upload("台账.pdf", PDF), allowed=DOCS)
    assert (checked.kind, checked.extension, checked.mime) == ("pdf", ".pdf", "application/pdf")
    assert checked.content == PDF
    assert checked.name == "台账.pdf"


def test_office_files_are_told_apart_by_their_parts():
    assert check_upload(upload("表.xlsx", xlsx()), allowed=DOCS).kind == "xlsx"
    assert check_upload(upload("文.docx", docx()), allowed=DOCS).kind == "docx"


def test_xlsx_renamed_docx_is_a_mismatch():
    with pytest.raises(UploadRejected) as err:
        check_upload(upload("文.docx", xlsx()), allowed=DOCS)
    assert err.value.code == "name_mismatch"
    assert "Excel" in err.value.messages[0]


def test_macro_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(UploadRejected) as err:
        check_upload(upload("宏.xlsx", out.getvalue()), allowed=DOCS)
    assert "宏" in err.value.messages[0]


def test_type_not_in_allowed_set_is_refused_even_when_honestly_named():
    with pytest.raises(UploadRejected) as err:
        check_upload(upload("a.pdf", PDF), allowed={"jpg", "png"})
    assert err.value.code == "type_not_allowed"
    assert "JPEG、PNG" in err.value.messages[0]


def test_size_limit_from_settings(settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(UploadRejected) as err:
        check_upload(upload("a.pdf", PDF + b" " * 200), allowed=DOCS)
    assert err.value.code == "too_large"
    assert check_upload(upload("a.pdf", PDF), allowed=DOCS, max_bytes=1000).kind == "pdf"


def test_empty_and_unknown_content_refused():
    with pytest.raises(UploadRejected):
        check_upload(upload("a.pdf", b""), allowed=DOCS)
    with pytest.raises(UploadRejected) as err:
        check_upload(upload("a.pdf", b"just some text, not a pdf"), allowed=DOCS)
    assert "无法识别" in err.value.messages[0]


def test_image_is_reencoded_without_exif_but_gps_is_returned():
    checked = check_upload(upload("现场.JPG", jpeg_with_gps()), allowed=DOCS)
    assert checked.kind == "jpg" and checked.is_image
    assert (checked.width, checked.height) == (40, 20)
    assert checked.latitude == pytest.approx(32.625)
    assert checked.longitude == pytest.approx(117.0)
    reopened = Image.open(io.BytesIO(checked.content))
    assert not reopened.getexif()
    assert b"SecretCam" not in checked.content


def test_camera_rotation_is_applied_before_exif_is_dropped():
    checked = check_upload(upload("竖拍.jpg", jpeg_with_gps(orientation=6)), allowed=DOCS)
    assert (checked.width, checked.height) == (20, 40)


def test_trailing_payload_after_image_is_dropped():
    checked = check_upload(upload("a.png", png() + b"<?php evil(); ?>"), allowed=DOCS)
    assert b"evil" not in checked.content
    assert checked.latitude is None


def test_pixel_limit(settings):
    settings.UPLOAD_MAX_PIXELS = 50 * 50
    with pytest.raises(UploadRejected) as err:
        check_upload(upload("big.png", png((60, 60))), allowed=DOCS)
    assert "60×60" in err.value.messages[0]


def test_png_named_jpg_is_refused_and_nameless_upload_gets_an_extension():
    with pytest.raises(UploadRejected):
        check_upload(upload("a.jpg", png()), allowed=DOCS)
    assert check_upload(png(), allowed=DOCS).name.endswith(".png")


def test_truncated_image_is_refused():
    with pytest.raises(UploadRejected) as err:
        check_upload(upload("a.jpg", jpeg_with_gps()[:200]), allowed=DOCS)
    assert err.value.code == "broken_image"


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width×height (a few hundred bytes: the pixels never follow)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [30000, 10000])
def test_a_huge_png_is_refused_naming_the_pixel_limit_not_as_broken(side):
    with pytest.raises(UploadRejected) as err:
        check_upload(upload("huge.png", png_header_only(side, side)), allowed={"png"})
    message = err.value.messages[0]
    assert "像素过大" in message and "上限为 40 百万像素" in message, message
    assert "损坏" not in message


def test_the_images_of_one_request_share_a_pixel_budget(settings):
    from wenming.uploads import PixelBudgetMiddleware

    settings.UPLOAD_MAX_PIXELS_PER_REQUEST = 3 * 60 * 60
    outcomes = []

    def view(request):
        for _ in range(4):
            try:
                check_upload(upload("p.png", png((60, 60))), allowed={"png"})
                outcomes.append("ok")
            except UploadRejected as rejected:
                outcomes.append(rejected.messages[0])
        return None

    PixelBudgetMiddleware(view)(None)
    assert outcomes[:3] == ["ok"] * 3 and "分几次上传" in outcomes[3]
    PixelBudgetMiddleware(view)(None)  # the next request starts afresh
    assert outcomes[4:7] == ["ok"] * 3
