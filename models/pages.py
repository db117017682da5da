"""One page of a longer list, as the domain's listings return it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """Page `page` (from 0) of `pages`, holding `items` out of `total`."""

    items: list[T]
    page: int
    pages: int
    total: int
