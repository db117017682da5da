"""What the /inmuebles modules share: the button namespace, the flow's steps, the list view."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from handlers.kit.callbacks import Namespace
from handlers.kit.context import BotContext
from handlers.kit.flow import user_data

PRP = Namespace("prp")
ACCESS_LISTS = Namespace("acl")  # conversations.access_lists: `acl:prop:<id>`
MOBILE = Namespace("mob")  # conversations.mobile: `mob:prop:<id>`

VIEW = "prp_view"  # the list's community, search and page, per person (JSON only)


class Step(StrEnum):
    """The steps that wait for the person (strings: they are persisted as JSON)."""

    SEARCH = "prp_search"
    ADD_EMAIL = "prp_add_email"
    ADD_ROLE = "prp_add_role"
    ADD_CONFIRM = "prp_add_confirm"
    IMPORT = "prp_import"


@dataclass
class ListView:
    """Which list the person looks at: its community, the search and the page.

    Kept between updates (not a draft: it outlives flows), stored as ``{"c", "q", "p"}``.
    """

    community_id: int | None = None
    query: str = ""
    page: int = 0

    @classmethod
    def load(cls, context: BotContext) -> ListView:
        stored = user_data(context).get(VIEW)
        if not isinstance(stored, dict):
            return cls()
        community_id = stored.get("c")
        page = stored.get("p")
        return cls(
            community_id if isinstance(community_id, int) else None,
            str(stored.get("q") or ""),
            page if isinstance(page, int) else 0,
        )

    def save(self, context: BotContext) -> ListView:
        user_data(context)[VIEW] = {"c": self.community_id, "q": self.query, "p": self.page}
        return self
