"""Step 3, classification: categories (and their departments) suggested for an item from its
words and from similar items classified before. Shown to union staff, never applied by
themselves."""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from consult.models import Category, Department
from grievances.models import Grievance

_SPLIT = re.compile(r"[\s,，、;；]+")


@dataclass
class Suggestion:
    category: Category
    departments: list[Department] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def suggest_categories(grievance: Grievance, *, limit: int = 3) -> list[Suggestion]:
    """Categories suggested by the category's keywords and by similar past items."""
    categories = {
        c.pk: c
        for c in Category.objects.filter(enterprise=grievance.enterprise, is_active=True)
        .select_related("parent")
        .prefetch_related("default_departments")
    }
    found: dict[int, Suggestion] = {}
    for category, hits in _keyword_hits(categories.values(), grievance.content):
        s = _suggestion(found, category)
        s.score += len(hits)
        s.reasons.append(_("keywords: %(words)s") % {"words": "、".join(hits)})
    for category_id, count in _similar_past(grievance, categories).items():
        s = _suggestion(found, categories[category_id])
        s.score += 2 * count
        s.reasons.append(_("%(count)d similar earlier item(s)") % {"count": count})
    return sorted(found.values(), key=lambda s: -s.score)[:limit]


def _suggestion(found: dict[int, Suggestion], category: Category) -> Suggestion:
    """The category's suggestion, made with its default departments when first found."""
    if category.pk not in found:
        found[category.pk] = Suggestion(
            category=category, departments=list(category.default_departments.all())
        )
    return found[category.pk]


def _keyword_hits(categories, content: str):
    """(category, the keywords of it that the text contains) for each category with any."""
    for category in categories:
        words = [w for w in _SPLIT.split(category.keywords or "") if w]
        hits = [w for w in words if w in content]
        if hits:
            yield category, hits


def _similar_past(grievance: Grievance, categories: dict[int, Category]) -> Counter[int]:
    """How many of the latest 300 classified items of the enterprise are similar to this one
    (a quarter of their character pairs shared), by their category."""
    similar: Counter[int] = Counter()
    mine = _bigrams(grievance.content)
    if not mine:
        return similar
    past = (
        Grievance.objects.filter(enterprise=grievance.enterprise, category__isnull=False)
        .exclude(pk=grievance.pk)
        .order_by("-id")
        .values_list("category_id", "content")[:300]
    )
    for category_id, content in past:
        theirs = _bigrams(content)
        if not theirs:
            continue
        overlap = len(mine & theirs) / len(mine | theirs)
        if overlap >= 0.25 and category_id in categories:
            similar[category_id] += 1
    return similar
