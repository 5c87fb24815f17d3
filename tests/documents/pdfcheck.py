"""Reading back a rendered PDF the way a reader's viewer would: text, fonts, glyphs, images."""

from __future__ import annotations

import io
import re

import pypdf


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    """All text with every whitespace removed (line breaks fall anywhere in Chinese text)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader(pdf).pages))


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used on any page (its base name) → whether its program is embedded."""
    found = {}
    for page in reader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[str(font["/BaseFont"])] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return found


def image_count(pdf: bytes) -> int:
    """Distinct images in the document (WeasyPrint shares one resource dictionary between pages)."""
    found = set()
    for page in reader(pdf).pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            if ref.get_object().get("/Subtype") == "/Image":
                found.add(ref.idnum)
    return len(found)
