"""Photos of the demo's practice sites: small pictures drawn with Pillow (a building front under
a sky, in each site's own colours), checked and re-encoded like every upload, for every 中心
and the 站 of community1's community."""

from __future__ import annotations

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from wenming.uploads import check_upload
from wenming.volunteers.models import PracticeSite, PracticeSitePhoto, SiteLevel

CAPTIONS = ["阵地外景", "志愿服务活动室"]


def _picture(rng: random.Random, size=(480, 320)) -> bytes:
    width, height = size
    sky = (rng.randint(120, 170), rng.randint(170, 210), rng.randint(220, 250))
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, height * 2 // 3, width, height], fill=(rng.randint(90, 130), 150, 90))
    wall = (rng.randint(200, 240), rng.randint(180, 220), rng.randint(150, 190))
    left, right = width // 6, width * 5 // 6
    draw.rectangle([left, height // 4, right, height * 5 // 6], fill=wall)
    draw.rectangle([left - 10, height // 4 - 24, right + 10, height // 4], fill=(178, 34, 34))
    for column in range(5):  # windows
        x = left + 20 + column * (right - left - 40) // 5
        draw.rectangle([x, height // 3 + 10, x + 36, height // 3 + 50], fill=(70, 110, 160))
    door = (left + right) // 2
    draw.rectangle(
        [door - 28, height * 5 // 6 - 70, door + 28, height * 5 // 6], fill=(120, 60, 30)
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def load_photos(rng: random.Random, managed) -> int:
    sites = list(PracticeSite.objects.filter(level=SiteLevel.CENTRE).order_by("pk"))
    if managed is not None and managed.site_id:
        sites.append(managed.site)
    photos = []
    for site in sites:
        for caption in CAPTIONS:
            upload = check_upload(_picture(rng), allowed={"jpg"})
            photos.append(
                PracticeSitePhoto(
                    site=site,
                    image=ContentFile(upload.content, name=f"{caption}.jpg"),
                    caption=caption,
                )
            )
    for photo in photos:
        photo.save()
    return len(photos)
