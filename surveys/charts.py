"""The figures as a chart the app draws itself: one SVG of stacked bars (no script, no CDN).

One bar per handling department, split into the four levels and 未答复, each segment as wide
as its share of the people asked.
"""

from django.utils.html import escape
from django.utils.translation import gettext as _

from surveys.models import SatisfactionLevel
from surveys.selectors import SatisfactionFigures

COLOURS = {
    SatisfactionLevel.VERY_SATISFIED: "#1b7f3b",
    SatisfactionLevel.SATISFIED: "#5cb85c",
    SatisfactionLevel.BASICALLY_SATISFIED: "#f0ad4e",
    SatisfactionLevel.UNSATISFIED: "#c9302c",
}
NO_ANSWER = "#bbbbbb"
LABEL_W, BAR_W, ROW_H, TOP = 150, 420, 30, 40


def figures_svg(rows: list[tuple[str, SatisfactionFigures]]) -> str:
    """The chart of (department, figures) rows, one bar each, under the colours' legend."""
    legend, legend_width = _legend()
    width = max(LABEL_W + BAR_W + 70, legend_width)
    height = TOP + ROW_H * max(len(rows), 1) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img">',
        f"<title>{escape(_('Satisfaction by handling department'))}</title>",
        *legend,
    ]
    if not rows:
        parts.append(f'<text x="0" y="{TOP + 16}">{escape(_("No survey in this period."))}</text>')
    for index, (name, figures) in enumerate(rows):
        parts += _bar(TOP + index * ROW_H, name, figures)
    parts.append("</svg>")
    return "".join(parts)


def _legend() -> tuple[list[str], int]:
    """The four levels' colours and 未答复's, in one line; and the width the line takes."""
    legend = [(str(label), COLOURS[value]) for value, label in SatisfactionLevel.choices]
    legend.append((_("No answer"), NO_ANSWER))
    parts, x = [], 0
    for label, colour in legend:
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="16">{escape(label)}</text>')
        x += 16 + 13 * len(label) + 14
    return parts, x


def _bar(y: int, name: str, figures: SatisfactionFigures) -> list[str]:
    """A department's name, its bar (each segment its share of the people asked), its rate."""
    parts = [f'<text x="0" y="{y + 16}">{escape(name[:12])}</text>']
    x: float = LABEL_W
    segments = [(figures.levels.get(v, 0), COLOURS[v]) for v in SatisfactionLevel.values]
    segments.append((figures.asked - figures.answered, NO_ANSWER))
    for count, colour in segments:
        if not count or not figures.asked:
            continue
        w = BAR_W * count / figures.asked
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW_H - 8}" fill="{colour}">'
            f"<title>{count}</title></rect>"
        )
        x += w
    rate = figures.satisfied_rate
    text = f"{rate:.0%}" if rate is not None else "—"
    parts.append(f'<text x="{LABEL_W + BAR_W + 6}" y="{y + 16}">{text}</text>')
    return parts
