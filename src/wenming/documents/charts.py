"""Charts for documents: matplotlib (no pyplot, no global state) in a CJK font, drawn to PNG.

The same PNG goes into the DOCX and the PDF; a small cache keeps a bulletin rendered as both
from drawing each chart twice.
"""

from __future__ import annotations

import functools
import io
import logging
import warnings

from PIL import Image

from wenming.documents import fonts
from wenming.documents.blocks import Chart

DPI = 200
# Restrained colours that survive greyscale printing: dark red first (the campaign's colour).
PALETTE = ["#b22222", "#1f4e79", "#d9822b", "#3f7f3f", "#6b4c9a", "#8c8c8c", "#c7a252", "#2a9d8f"]

logger = logging.getLogger(__name__)

# A bar chart with more categories than this, or long names, turns horizontal: the names of
# 66 communities cannot stand side by side under the bars.
HORIZONTAL_CATEGORIES = 12
HORIZONTAL_TEXT = 60  # categories × longest name, in characters

# A horizontal bar chart grows with its categories, up to what a page holds: the text block is
# 225 mm, and a heading line and the chart's caption keep their place beside it.
MAX_HEIGHT_MM = 200.0
# Around the bars: title, value axis, legend and padding (measured: 22 to 25 mm).
FRAME_MM = 28.0
# The names beside horizontal bars: 9 pt (小五), down to 8 pt before a chart holds no more. Each
# category's band is 1.4 times the name's size, so neighbouring names keep a gap (the box of a
# CJK name is 1.12 em tall).
LABEL_PT, MIN_LABEL_PT = 9.0, 8.0
BAND_EM = 1.4
ROOMY_BAND_MM = 7.0  # a chart of a few categories, its height not given, spaces them so


def _band_mm(label_pt: float) -> float:
    return label_pt * BAND_EM * 25.4 / 72


def horizontal_capacity() -> int:
    """The most categories a horizontal bar chart shows with every name readable on one page;
    a document with more shows a selection and says so (see the bulletin's district chart)."""
    return int((MAX_HEIGHT_MM - FRAME_MM) / _band_mm(MIN_LABEL_PT))


def horizontal_size(count: int, height: float | None) -> tuple[float, float]:
    """Height (mm) and name size (pt) of a horizontal bar chart of ``count`` categories: at
    least ``height``, taller when the names need it, at most a page."""
    count = max(count, 1)
    band = _band_mm(LABEL_PT)
    if height is None:
        band = max(band, min(ROOMY_BAND_MM, 190 / count))
    height = min(MAX_HEIGHT_MM, max(height or 0.0, FRAME_MM + count * band))
    label_pt = (height - FRAME_MM) / count / BAND_EM * 72 / 25.4
    return height, min(LABEL_PT, label_pt)


# matplotlib is imported inside the functions that draw, on purpose: render.py imports this
# module, and every process that renders a document without a chart (most of them) would
# otherwise load matplotlib, the heaviest import of the project, for nothing.
@functools.cache
def _font_properties():
    from matplotlib.font_manager import FontProperties, fontManager

    family = fonts.CHART.family
    if not any(entry.name == family for entry in fontManager.ttflist):
        # A font installed after matplotlib built its cache: register the file fontconfig found.
        fontManager.addfont(fonts.font_file(family)[0])
    properties = FontProperties(family=family)
    found = fontManager.findfont(properties, fallback_to_default=False)
    if not found:
        raise fonts.FontMissing(family)
    return properties


def chart_png(chart: Chart) -> bytes:
    """The chart as PNG bytes at :data:`DPI`."""
    return _cached_png(_key(chart))


def _key(chart: Chart) -> tuple:
    series = tuple(
        (str(name), tuple(float(v) for v in values)) for name, values in chart.series.items()
    )
    return (
        chart.kind,
        str(chart.title),
        tuple(str(c) for c in chart.categories),
        series,
        str(chart.y_label),
        chart.width,
        chart.height,
    )


def is_horizontal(kind: str, categories) -> bool:
    longest = max((len(c) for c in categories), default=0)
    return kind == "bar" and (
        len(categories) > HORIZONTAL_CATEGORIES or len(categories) * longest > HORIZONTAL_TEXT
    )


@functools.lru_cache(maxsize=64)
def _cached_png(key: tuple) -> bytes:
    canvas, caught = _drawn(key)
    # An opaque RGB PNG: the page is white anyway, and an alpha channel would make the PDF
    # split every chart into an image and a soft mask (two more PNG encodings per chart).
    pixels = canvas.get_width_height()
    image = Image.frombuffer("RGBA", pixels, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    # Level 3 compresses these flat colours about as well as the default 6, in half the time.
    image.convert("RGB").save(buffer, format="PNG", dpi=(DPI, DPI), compress_level=3)
    for warning in caught:
        if "missing from" in str(warning.message):
            # A character no installed font has (an emoji in a name…) prints as a box: say so.
            logger.warning("chart %r: %s", key[1], warning.message)
    return buffer.getvalue()


def draw(chart: Chart):
    """The chart's matplotlib figure, laid out and drawn (what :func:`chart_png` encodes)."""
    return _drawn(_key(chart))[0].figure


def _drawn(key: tuple):
    kind, title, categories, series, y_label, width, height = key
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = _font_properties()
    horizontal = is_horizontal(kind, categories)
    label_size = 9.0
    if horizontal:
        height, label_size = horizontal_size(len(categories), height)
    elif height is None:
        height = width * (0.55 if kind == "pie" else 0.62)
    figure = Figure(figsize=(width / 25.4, height / 25.4), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    figure.set_facecolor("white")
    axes = figure.add_subplot()
    legend = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if kind == "pie":
            _draw_pie(axes, categories, series, _sized(font, 9))
        elif horizontal:
            _draw_horizontal_bars(axes, categories, series, _sized(font, label_size), y_label)
        else:
            _draw_xy(axes, kind, categories, series, _sized(font, 9), y_label)
        if len(series) > 1 and kind != "pie":
            # Below everything, outside the axes: _fit makes room for it.
            legend = figure.legend(
                prop=_sized(font, 9),
                frameon=False,
                ncols=min(len(series), 4),
                loc="lower center",
                borderaxespad=PAD_INCHES * 72 / 9,
            )
        axes.set_title(title, fontproperties=_sized(font, 12), pad=10)
        _fit(figure, axes, legend, canvas.get_renderer())
        canvas.draw()
    return canvas, caught


PAD_INCHES = 3 / 72  # around the drawing (matplotlib's constrained layout pads as much)


def _fit(figure, axes, legend, renderer) -> None:
    """Place the axes so that their tick labels, axis label and title just fit in the figure,
    above the legend. One measuring pass: matplotlib's constrained layout, which gave the same
    picture, measured twice and ran a solver, a third of a chart's drawing time."""
    width, height = figure.bbox.width, figure.bbox.height
    pad = PAD_INCHES * figure.dpi
    below = legend.get_window_extent(renderer).height + pad if legend is not None else 0.0
    inner = axes.get_window_extent(renderer)
    outer = axes.get_tightbbox(renderer)
    left = inner.x0 - outer.x0 + pad
    right = outer.x1 - inner.x1 + pad
    bottom = inner.y0 - outer.y0 + pad + below
    top = outer.y1 - inner.y1 + pad
    # Names too long for the figure still leave the bars a tenth of it (and they are cut).
    across = max(0.1, 1 - (left + right) / width)
    up = max(0.1, 1 - (bottom + top) / height)
    axes.set_position([min(left / width, 0.9), min(bottom / height, 0.9), across, up])


def _sized(font, size):
    copy = font.copy()
    copy.set_size(size)
    return copy


def _draw_xy(axes, kind, categories, series, font, y_label):
    positions = list(range(len(categories)))
    count = max(len(series), 1)
    bar_width = 0.8 / count
    single = len(series) == 1
    for number, (name, values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        if kind == "bar":
            offsets = [p - 0.4 + bar_width * (number + 0.5) for p in positions]
            bars = axes.bar(offsets, values, width=bar_width * 0.92, color=colour, label=name)
            if single and len(categories) <= 16:
                axes.bar_label(
                    bars,
                    labels=[_number(v) for v in values],
                    padding=2,
                    fontproperties=_sized(font, 8),
                )
        else:
            axes.plot(
                positions, values, marker="o", markersize=4, linewidth=2, color=colour, label=name
            )
            if single and len(categories) <= 16:
                for x, y in zip(positions, values):
                    axes.annotate(
                        _number(y),
                        (x, y),
                        textcoords="offset points",
                        xytext=(0, 6),
                        ha="center",
                        fontproperties=_sized(font, 8),
                    )
    axes.set_xticks(positions)
    longest = max((len(c) for c in categories), default=0)
    rotate = len(categories) * max(longest, 2) > 40
    if len(categories) > 24:  # a long line of days or weeks: label every n-th
        step = -(-len(categories) // 24)
        axes.set_xticks(positions[::step])
        categories = categories[::step]
    axes.set_xticklabels(
        categories,
        fontproperties=font,
        rotation=35 if rotate else 0,
        ha="right" if rotate else "center",
        rotation_mode="anchor",
    )
    _value_axis(axes, "y", font, y_label)
    axes.margins(y=0.15)
    _from_zero(axes, "y", series)


def _value_axis(axes, axis: str, font, label: str) -> None:
    """The axis of the numbers: our font, its label, light grid lines behind the data, no box."""
    for tick in axes.get_yticklabels() if axis == "y" else axes.get_xticklabels():
        tick.set_fontproperties(font)
    if label:
        (axes.set_ylabel if axis == "y" else axes.set_xlabel)(label, fontproperties=font)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis=axis, color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _draw_horizontal_bars(axes, categories, series, font, x_label):
    """Bars left to right, the first category on top (a ranking reads downwards)."""
    positions = list(range(len(categories)))
    count = max(len(series), 1)
    band = 0.8 / count
    for number, (name, values) in enumerate(series):
        offsets = [p - 0.4 + band * (number + 0.5) for p in positions]
        bars = axes.barh(
            offsets, values, height=band * 0.9, color=PALETTE[number % len(PALETTE)], label=name
        )
        if count == 1:
            axes.bar_label(
                bars, labels=[_number(v) for v in values], padding=2, fontproperties=font
            )
    axes.set_yticks(positions)
    axes.set_yticklabels(categories, fontproperties=font)
    axes.set_ylim(len(categories) - 0.5, -0.5)  # inverted: the first category on top
    _value_axis(axes, "x", font, x_label)
    axes.margins(x=0.08)
    _from_zero(axes, "x", series)


def _from_zero(axes, axis: str, series) -> None:
    """A value axis starts at 0 (a rate of 92 % must not look like a fifth of 98 %), and counts
    get whole-number ticks."""
    from matplotlib.ticker import MaxNLocator

    values = [v for _name, vs in series for v in vs]
    low = min(values, default=0)
    (axes.set_ylim if axis == "y" else axes.set_xlim)(min(0, low), None)
    if values and all(float(v).is_integer() for v in values):
        (axes.yaxis if axis == "y" else axes.xaxis).set_major_locator(MaxNLocator(integer=True))


def _draw_pie(axes, categories, series, font):
    values = list(series[0][1]) if series else []
    total = sum(values)
    wedges, _texts, autotexts = axes.pie(
        values,
        colors=[PALETTE[i % len(PALETTE)] for i in range(len(values))],
        autopct=(lambda pct: f"{pct:.1f}%" if pct >= 3 else "") if total else None,
        startangle=90,
        counterclock=False,
        pctdistance=0.72,
        wedgeprops={"linewidth": 1, "edgecolor": "white"},
    )
    for text in autotexts:
        text.set_fontproperties(font)
        text.set_color("white")
    axes.legend(
        wedges,
        [f"{c}（{_number(v)}）" for c, v in zip(categories, values)],
        prop=font,
        frameon=False,
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
    )
    axes.set_aspect("equal")


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
