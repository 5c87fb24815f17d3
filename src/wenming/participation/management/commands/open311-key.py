"""``wenming open311-key NAME``: make an Open311 API key for a client and print it once.

Only the key's SHA-256 is stored; a lost key is revoked in the admin and a new one made.
"""

from django.core.management.base import BaseCommand, CommandError

from wenming.participation.errors import ParticipationError
from wenming.participation.keys import create_open311_key


class Command(BaseCommand):
    help = "Create an Open311 GeoReport v2 API key (printed once, stored hashed)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="who uses the key, e.g. 12345 热线")

    def handle(self, *args, name, **options):
        try:
            key, raw = create_open311_key(actor=None, name=name)
        except ParticipationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
        self.stderr.write(
            f"Open311 key #{key.pk} “{key.name}” created; it is shown only this once."
        )
