"""A chart goes into the documents as it was drawn: placed at its width, not decoded and encoded
again, and scaled down only when it is wider than its place."""

import io

from PIL import Image as PILImage

from tests.documents.factories import bulletin
from wenming.documents.blocks import Chart
from wenming.documents.charts import chart_png
from wenming.documents.render import TEXT_WIDTH_MM, chart_picture, prepare


def _chart(width: float) -> Chart:
    return Chart(
        kind="bar",
        title="各县区问题数",
        categories=["田家庵区", "谢家集区"],
        series={"问题数": [12, 7]},
        width=width,
    )


def test_a_chart_that_fits_is_placed_as_drawn():
    chart = _chart(150)
    placed = chart_picture(chart, width_mm=150)
    assert placed.data == chart_png(chart)
    assert placed.mime == "image/png"
    width_px, height_px = PILImage.open(io.BytesIO(placed.data)).size
    assert abs(placed.height_mm - 150 * height_px / width_px) < 1e-6


def test_a_chart_wider_than_its_place_is_scaled_down():
    chart = _chart(TEXT_WIDTH_MM + 40)
    placed = chart_picture(chart, width_mm=TEXT_WIDTH_MM)
    width_px, _ = PILImage.open(io.BytesIO(placed.data)).size
    assert width_px <= TEXT_WIDTH_MM / 25.4 * 200 + 1
    assert placed.width_mm == TEXT_WIDTH_MM


def test_a_document_places_each_chart_it_holds():
    doc = bulletin()
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    placed = {p.data for p in prepare(doc).blocks if getattr(p, "mime", "") == "image/png"}
    assert {chart_png(c) for c in charts} <= placed
