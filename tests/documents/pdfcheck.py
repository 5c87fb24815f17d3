"""Reading back a rendered PDF the way a reader's viewer would: text, fonts, glyphs, images."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

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


@dataclass(frozen=True)
class Word:
    """A word as a viewer places it: its text and vertical extent in points from the page's top."""

    text: str
    top: float
    bottom: float


def page_words(pdf: bytes) -> list[list[Word]]:
    """Every page's words in reading order, with their positions (poppler's pdftotext -bbox)."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "document.pdf"
        path.write_bytes(pdf)
        xhtml = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>|\sxmlns=\"[^\"]*\"", "", xhtml))
    return [
        [
            Word(word.text or "", float(word.get("yMin")), float(word.get("yMax")))
            for word in page.iter("word")
        ]
        for page in root.iter("page")
    ]


def office_pdfs(documents: dict[str, bytes], directory: Path) -> dict[str, bytes]:
    """DOCX files as LibreOffice prints them (one soffice run for all; its own profile, so that
    runs in parallel do not share one)."""
    for name, data in documents.items():
        (directory / f"{name}.docx").write_bytes(data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{directory / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(directory),
            *(str(directory / f"{name}.docx") for name in documents),
        ],
        capture_output=True,
        check=True,
        timeout=600,
    )
    return {name: (directory / f"{name}.pdf").read_bytes() for name in documents}
