from django import template

register = template.Library()


def _percent(value) -> str:
    return "—" if value is None else f"{value:.0%}"


@register.simple_tag
def share(figures, level) -> str:
    """The share of answers at `level`, with the count: "50% (2)"."""
    count = figures.levels.get(level, 0)
    return f"{_percent(figures.share(level))} ({count})" if figures.answered else "—"


@register.simple_tag
def rate(figures) -> str:
    return _percent(figures.satisfied_rate)
