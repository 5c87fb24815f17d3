"""Personal information (个人信息保护法): one owner for normalising, validating and masking it.

Every page, API response, export and log line that shows a phone number or a citizen ID
number shows it through :func:`mask_phone` / :func:`mask_id_number`; the full value leaves the
service only through a deliberate, audited action of the app that holds it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

# GB 11643-1999: the weights of the first 17 digits and the check character for sum mod 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-－—()（）]")


def _narrow(value) -> str:
    """Full-width digits and letters as ASCII (NFKC), surrounding blanks removed."""
    return unicodedata.normalize("NFKC", str(value or "")).strip()


def normalise_phone(value) -> str:
    """An 11-digit mainland mobile number from what people type (full-width digits, spaces,
    dashes, +86); "" when empty. Raises ValueError with a Chinese message when not a mobile."""
    text = _SEPARATORS.sub("", _narrow(value))
    if not text:
        return ""
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    if not _MOBILE.match(text):
        raise ValueError(_("手机号码应为11位数字，以1开头。"))
    return text


def mask_phone(value) -> str:
    """138****8000; anything shorter than 7 characters is hidden entirely."""
    text = _SEPARATORS.sub("", _narrow(value))
    if not text:
        return ""
    if len(text) < 7:
        return "*" * len(text)
    return f"{text[:3]}{'*' * (len(text) - 7)}{text[-4:]}"


def mask_id_number(value) -> str:
    """110101********1234: the region code and the last four characters stay visible."""
    text = _narrow(value).upper()
    if not text:
        return ""
    if len(text) < 10:
        return "*" * len(text)
    return f"{text[:6]}{'*' * (len(text) - 10)}{text[-4:]}"


def mask_name(value) -> str:
    """张*, 欧阳** : the family name's first character stays visible."""
    text = _narrow(value)
    if len(text) <= 1:
        return text
    return text[0] + "*" * (len(text) - 1)


def mask_address(value) -> str:
    """田家庵区朝阳社区幸福路**** : the street stays, the house number and what follows do not
    (from the first digit on; an address without one keeps its first half)."""
    text = _narrow(value)
    if not text:
        return ""
    digit = next((i for i, ch in enumerate(text) if ch.isdigit()), None)
    keep = digit if digit is not None and digit > 0 else len(text) // 2
    return text[:keep] + "*" * 4


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: date
    sex: str  # "male" / "female"


def validate_id_number(value) -> IdNumber:
    """A resident ID number checked against GB 11643 (shape, birth date, check character).

    Raises ValueError with a Chinese message that says what is wrong."""
    text = _narrow(value).upper()
    if not _ID_SHAPE.match(text):
        raise ValueError(_("身份证号码应为18位，前17位为数字，最后一位为数字或X。"))
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise ValueError(_("身份证号码中的出生日期无效。")) from None
    if born.year < 1900 or born > date.today():
        raise ValueError(_("身份证号码中的出生日期无效。"))
    total = sum(int(digit) * weight for digit, weight in zip(text[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != text[17]:
        raise ValueError(_("身份证号码校验位错误。"))
    return IdNumber(text, born, "male" if int(text[16]) % 2 else "female")


def check_character(first17: str) -> str:
    """The GB 11643 check character for 17 digits (demo and test data use it)."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


# What a full ID number or mobile number looks like in any text: tests scan pages and exports
# with these to prove nothing leaks unmasked.
FULL_ID_PATTERN = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
FULL_MOBILE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
