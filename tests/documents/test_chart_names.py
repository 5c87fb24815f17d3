"""A bar chart of many districts prints every name readable: the chart grows taller with its
bars (up to what a page holds), and beyond that a bulletin shows the districts with the most and
the fewest problems and says so in the caption. Checked on matplotlib's own layout: the boxes of
the names, as drawn."""

from wenming.documents import charts
from wenming.documents.blocks import Chart
from wenming.documents.render import TEXT_WIDTH_MM, chart_picture
from wenming.scoring.bulletins import CHART_HEIGHT, CHART_WIDTH
from wenming.scoring.bulletins import charts as bulletin_charts


def _districts(count: int) -> Chart:
    names = [f"基准市{i // 4 + 1}第{i % 4 + 1}区" for i in range(count)]
    return Chart(
        kind="bar",
        title="各县区问题发现与整改数",
        categories=names,
        series={
            "本期发现": [300 - i * 7 for i in range(count)],
            "本期整改完成": [120 + i * 3 for i in range(count)],
        },
        width=CHART_WIDTH,
        height=CHART_HEIGHT,  # as the bulletin asks: the names make it taller
    )


def _name_boxes(chart: Chart):
    figure = charts.draw(chart)
    renderer = figure.canvas.get_renderer()
    (axes,) = figure.axes
    labels = [label for label in axes.get_yticklabels() if label.get_text()]
    return figure, [label.get_window_extent(renderer) for label in labels], labels


def _assert_apart(figure, boxes) -> None:
    ordered = sorted(boxes, key=lambda box: -box.y1)  # top to bottom
    for upper, lower in zip(ordered, ordered[1:]):
        assert lower.y1 <= upper.y0, (upper, lower)  # no two names share a line of pixels
    for box in boxes:  # and none is cut off by the edge of the picture
        assert box.x0 >= 0 and box.y0 >= 0 and box.y1 <= figure.bbox.height


def test_forty_district_names_stand_apart_on_a_chart_that_fits_a_page():
    chart = _districts(40)
    figure, boxes, labels = _name_boxes(chart)
    assert [label.get_text() for label in labels] == chart.categories
    _assert_apart(figure, boxes)
    assert min(label.get_fontsize() for label in labels) >= charts.MIN_LABEL_PT
    placed = chart_picture(chart, width_mm=chart.width)
    assert CHART_HEIGHT < placed.height_mm <= charts.MAX_HEIGHT_MM


def test_as_many_names_as_a_page_holds_still_stand_apart():
    chart = _districts(charts.horizontal_capacity())
    figure, boxes, labels = _name_boxes(chart)
    _assert_apart(figure, boxes)
    assert min(label.get_fontsize() for label in labels) >= charts.MIN_LABEL_PT


def test_a_few_districts_keep_the_height_asked_for():
    chart = _districts(9)  # 9 names of 7 characters: too long to stand under the bars
    assert charts.is_horizontal(chart.kind, chart.categories)
    figure, boxes, _labels = _name_boxes(chart)
    _assert_apart(figure, boxes)
    assert round(figure.get_figheight() * 25.4) == CHART_HEIGHT


def _figures(districts: int) -> dict:
    return {
        "trend": [],
        "categories": [],
        "districts": [
            {"name": f"第{i + 1}区", "found": 10 + (i * 37) % 90, "closed": 5}
            for i in range(districts)
        ],
    }


def test_a_bulletin_shows_every_district_that_fits_and_no_caption():
    (chart,) = bulletin_charts(_figures(40))
    assert len(chart.categories) == 40 and not chart.caption


def test_beyond_a_page_the_bulletin_shows_the_most_and_fewest_problems_and_says_so():
    figures = _figures(90)
    (chart,) = bulletin_charts(figures)
    half = charts.horizontal_capacity() // 2
    found = sorted((d["found"] for d in figures["districts"]), reverse=True)
    assert chart.series["本期发现"] == found[:half] + found[-half:]
    assert chart.caption == f"共90个县区，图中列出本期发现问题最多和最少的各{half}个"
    assert chart_picture(chart, width_mm=TEXT_WIDTH_MM).caption == chart.caption
    figure, boxes, _labels = _name_boxes(chart)
    _assert_apart(figure, boxes)
