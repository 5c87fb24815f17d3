from django.core.files.uploadedfile import SimpleUploadedFile

from tests.inspections.factories import jpeg_bytes
from tests.participation.conftest import TJA
from wenming.participation import services
from wenming.uploads import check_upload


def photo(name="现场.jpg", color=(200, 30, 30)):
    return check_upload(
        SimpleUploadedFile(name, jpeg_bytes(color=color), content_type="image/jpeg"),
        allowed={"jpg", "png"},
    )


def upload(name="现场.jpg", color=(200, 30, 30)):
    return SimpleUploadedFile(name, jpeg_bytes(color=color), content_type="image/jpeg")


def citizen_report(**overrides):
    fields = {
        "service": "street-vending",
        "description": "人行道上有流动摊贩卖菜",
        "latitude": TJA[0],
        "longitude": TJA[1],
        "phone": "13800138000",
        "consent": True,
        "ip": "203.0.113.9",
    }
    fields.update(overrides)
    return services.submit_report(**fields)
