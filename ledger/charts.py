"""Charts drawn by the server as SVG (no script, no CDN): horizontal bars with their values.
Each chart is also shown as a table on the page."""

from dataclasses import dataclass, field

LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT = 170, 330, 26


@dataclass
class Bar:
    label: str
    value: float
    text: str
    x: int = LABEL_WIDTH
    y: int = 0
    width: int = 0


@dataclass
class Chart:
    title: str
    bars: list[Bar] = field(default_factory=list)
    height: int = 0
    width: int = LABEL_WIDTH + BAR_WIDTH + 70


def bars(title: str, rows, *, maximum: float | None = None) -> Chart:
    """rows: (label, value, text shown at the bar's end)."""
    rows = list(rows)
    top = maximum if maximum is not None else max([v for _, v, _ in rows] + [0])
    chart = Chart(title=title, height=max(1, len(rows)) * ROW_HEIGHT + 6)
    for i, (label, value, text) in enumerate(rows):
        width = int(BAR_WIDTH * value / top) if top else 0
        chart.bars.append(
            Bar(label=label, value=value, text=text, y=i * ROW_HEIGHT + 4, width=width)
        )
    return chart
