"""Who a resident notice comes from: the administración's name and, with «Mostrar», the
community's contact block (seed 001: the administración's name and logo appear in the
e-mails residents get; «Mostrar» adds the contact's name, e-mail and phone).

`models.outbox.enqueue_notice(resident_of=community_id)` is the one place that puts it into a
notice, under the data key `BRANDING`; `notifier.notices.layout` is the one place that shows
it. A module that writes a resident notice passes `resident_of` and gets both for free.

Captured when the notice is enqueued, not looked up when it is rendered:
- the notice says what was true when it happened, in the same transaction as its cause,
  like the rest of its data (the logo's Content-ID is captured the same way): the parcel
  e-mail queued after «Mostrar» was turned on carries the block, the one queued after it was
  turned off does not, whenever the worker gets to them;
- rendering stays a pure function of the row (`notifier.notices.render` is synchronous and
  reads no database), so a retried notice, the text recorded on the row and what the sandbox
  shows before sending are always the same e-mail;
- a contact edited or deleted later does not rewrite e-mails already decided.
"""

from __future__ import annotations

from typing import Any

from models.core import Community, Contact

BRANDING = "branding"
"""Data key of a resident notice holding ``{"administration": name, "contact": {…} | None}``."""


async def notice_branding(community_id: int) -> dict[str, Any] | None:
    """What a resident e-mail of this community shows of its sender, as JSON values.

    ``{"administration": "…", "contact": {"name", "email", "phone" (E.164)} or None}``; None
    when the community is gone. The contact is there only while «Mostrar» is on."""
    # One query per notice: this runs for every resident e-mail enqueued.
    community = (
        await Community.filter(id=community_id).select_related("administration", "contact").first()
    )
    if community is None:
        return None
    contact: dict[str, Any] | None = None
    row: Contact | None = community.contact
    if community.show_contact and row is not None:
        contact = {"name": row.name, "email": row.email, "phone": row.phone}
    return {"administration": community.administration.name, "contact": contact}
