"""Tracking codes a citizen can read out on the phone: 8 characters, none of 0/O/1/I."""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8


def new_tracking_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str | None) -> str:
    """What a citizen typed as a code: upper case, blanks and dashes dropped; '' when impossible."""
    code = "".join(str(text or "").split()).replace("-", "").upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return code


def new_token() -> str:
    return secrets.token_hex(16)


def digest(secret: str) -> str:
    """SHA-256 of a high-entropy secret (API keys, one-time codes salted with the phone)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
