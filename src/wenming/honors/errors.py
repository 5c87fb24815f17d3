"""What an honours write refuses: the page or the API shows each message beside its field."""

from __future__ import annotations


class HonorsInputError(Exception):
    """Input the service refuses: ``errors`` maps a field name ("" = the whole form) to a message."""

    def __init__(self, errors: dict[str, str] | str):
        if isinstance(errors, str):
            errors = {"": errors}
        self.errors = errors
        self.message = "；".join(errors.values())
        super().__init__(self.message)
