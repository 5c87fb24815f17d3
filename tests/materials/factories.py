"""Tasks to submit materials for, built directly on the framework models."""

import datetime
import io

from PIL import Image

from wenming.framework.models import Framework, Indicator, Method, Task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 300


def png_bytes(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "PNG")
    return out.getvalue()


def indicator(
    code="3.1.2", name="社区综合服务设施建设", points="10", method=Method.MATERIAL, framework=None
):
    framework = (
        framework
        or Framework.objects.get_or_create(name="测试测评体系", defaults={"version": 1})[0]
    )
    return Indicator.objects.create(
        framework=framework, code=code, name=name, points=points, method=method, depth=3
    )


def task(unit, *, ind=None, due=None, start=None):
    ind = ind or indicator()
    start = start or datetime.date(2026, 1, 1)
    return Task.objects.create(
        indicator=ind,
        unit=unit,
        region=unit.region,
        period_start=start,
        due=due or datetime.date(2026, 12, 31),
        title=f"{ind.name}（{unit.short_name}）",
    )
