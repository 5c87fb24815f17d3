"""The typefaces of an official document, mapped to free fonts from Debian.

GB/T 9704 names 小标宋 for the title, 仿宋 for the body, 黑体 and 楷体 for headings. Those are
commercial fonts that Chinese offices have on Windows (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312,
黑体). The DOCX names them (w:eastAsia), so Word and WPS in an office set the document in the
fonts it expects, and declares the free font as their altName; the PDF embeds the free fonts
Debian ships (fonts-noto-cjk, fonts-arphic-ukai, fonts-liberation), which is also what
LibreOffice falls back to here.
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass

from django.utils.translation import gettext


@dataclass(frozen=True)
class Typeface:
    family: str  # the free font's family name as fontconfig knows it
    traditional: str  # the font a Chinese office expects (DOCX w:eastAsia, CSS fallback)
    generic: str  # CSS generic family, the last resort
    bold: bool = False  # 小标宋 is heavy: the free Song is used in bold for it
    # Digits and Latin letters: Times New Roman (Arial beside 黑体); LibreOffice and the PDF
    # use the metric-compatible Liberation fonts in their place.
    latin_free: str = "Liberation Serif"
    latin_traditional: str = "Times New Roman"


TITLE = Typeface("Noto Serif CJK SC", "方正小标宋简体", "serif", bold=True)  # 小标宋
BODY = Typeface("Noto Serif CJK SC", "仿宋_GB2312", "serif")  # 仿宋
HEI = Typeface(
    "Noto Sans CJK SC",
    "黑体",
    "sans-serif",
    latin_free="Liberation Sans",
    latin_traditional="Arial",
)
KAI = Typeface("AR PL UKai CN", "楷体_GB2312", "serif")  # 楷体
CHART = HEI

ALL = (BODY, TITLE, HEI, KAI)


@functools.cache
def font_file(family: str) -> tuple[str, int]:
    """The file and face index fontconfig picks for ``family``; raises when it is not installed."""
    try:
        out = subprocess.run(
            ["fc-match", "--format=%{file}\t%{index}\t%{family}", family],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise FontMissing(family) from exc
    path, index, families = (out.split("\t") + ["", "", ""])[:3]
    if family.lower() not in [name.strip().lower() for name in families.split(",")]:
        raise FontMissing(family)
    return path, int(index or 0)


def require_fonts() -> None:
    """Every font a PDF embeds is installed, else :class:`FontMissing`: a PDF laid out without
    them would show boxes (□) in place of the Chinese text, so none is produced."""
    for family in sorted({face.family for face in ALL} | {face.latin_free for face in ALL}):
        font_file(family)


class FontMissing(RuntimeError):
    """A font documents need is not installed; ``message`` says which and how to fix it."""

    def __init__(self, family: str):
        self.family = family
        self.message = gettext(
            "服务器缺少字体“%(family)s”，无法生成 PDF（否则中文会显示为方框）。"
            "请系统管理员运行 scripts/system-deps.sh documents，或安装 Debian 软件包 "
            "fonts-noto-cjk、fonts-arphic-ukai、fonts-liberation。"
        ) % {"family": family}
        super().__init__(self.message)
