"""Finding a community's properties (inmuebles) by number or name, as people type them.

Pure queries, no authorization: handlers pass the communities the person may see.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import cast

from tortoise.expressions import Q, Subquery

from models.access import natural_key
from models.core import Property, Resident
from models.pages import Page

DEFAULT_PAGE_SIZE = 8
MAX_QUERY_LENGTH = 100

_DIGITS = re.compile(r"\d+")


def clean_query(raw: str | None) -> str:
    """The search as typed, spaces collapsed and cut to a sane length ("" for none)."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def _exact_number(name: str, query: str) -> bool:
    """ "101" names "Depto 101" exactly, whereas it only appears inside "Depto 1010"."""
    return query.isdigit() and query.lstrip("0") in {n.lstrip("0") for n in _DIGITS.findall(name)}


async def search_properties(
    community_id: int,
    query: str | None = None,
    *,
    page: int = 0,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Page[Property]:
    """A page of the community's properties where every typed word is in the name or in one
    of its residents' e-mails ("perez@" finds Sra. Pérez's department).

    Case-insensitive; an exact number match comes first, then natural order ("Depto 2"
    before "Depto 10"). A page past the end shows the last one.
    """
    if page_size < 1:
        raise ValueError("page_size must be positive")
    text = clean_query(query)
    rows = Property.filter(community_id=community_id)
    for word in text.split():
        matching = Resident.filter(email__icontains=word).values_list("property_id", flat=True)
        rows = rows.filter(Q(name__icontains=word) | Q(id__in=Subquery(matching)))
    found = list(await rows)
    found.sort(key=lambda p: (not _exact_number(p.name, text), natural_key(p.name), p.id))
    total = len(found)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    items = found[page * page_size : (page + 1) * page_size]
    return Page(items=items, page=page, pages=pages, total=total)


async def get_property_in_community(community_id: int, property_id: int) -> Property | None:
    """The property if it belongs to this community (None when gone or elsewhere)."""
    return await Property.get_or_none(id=property_id, community_id=community_id)


async def find_property(property_id: int, community_ids: Collection[int]) -> Property | None:
    """The property, with its community, if it belongs to one of these communities."""
    if not community_ids:
        return None
    return await Property.get_or_none(
        id=property_id, community_id__in=list(community_ids)
    ).select_related("community")


async def property_ids_in(community_ids: Collection[int]) -> set[int]:
    """Every property id of these communities (the guard for ids read from buttons)."""
    if not community_ids:
        return set()
    ids = await Property.filter(community_id__in=list(community_ids)).values_list("id", flat=True)
    return {int(cast(int, i)) for i in ids}


@dataclass(frozen=True, slots=True)
class Collector:
    """A resident of the property who can collect its items, by name."""

    resident_id: int
    name: str


async def collectors(property_id: int, limit: int = 6) -> list[Collector]:
    """The property's residents with a name, principal first: whom to offer at a hand-over."""
    rows = (
        await Resident.filter(property_id=property_id, name__not_isnull=True)
        .exclude(name="")
        .order_by("role", "name", "id")
        .limit(limit)
    )
    return [Collector(r.id, r.name or "") for r in rows]
