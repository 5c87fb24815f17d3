"""Chinese text as users type it: traditional characters and full-width forms.

Search and import treat 繁/简 alike: both sides go through :func:`normalize` first.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

from wenming.inputs import strip_bidi


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text) if text else text


def normalize(text: str | None) -> str:
    """Simplified characters, half-width digits and letters, no surrounding or inner blanks."""
    if text is None:
        return ""
    # NFKC folds full-width ＡＢＣ１２３ and the ideographic space into their ASCII forms.
    folded = unicodedata.normalize("NFKC", strip_bidi(str(text)))
    return "".join(to_simplified(folded).split())
