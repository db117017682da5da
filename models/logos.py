"""Logos (SPEC §4.6; seed 000 "Logo por comunidad", "Subir logo"): what residents see.

- An administración has at most one logo, shown in every community that chooses it.
- A community has at most one logo of its own.
- Each community chooses what its residents see: the administration's logo (the default),
  its own, or none ("sin logo"). Changing the choice never deletes an image: "Siempre puedes
  cambiar los logos, no es necesario eliminar para que deje de mostrarse".

Only images that went through `models.images.prepare_logo` are stored (a square JPEG of at most
600×600 with no metadata). The bytes live in the database, so every instance of the bot reads
the same logos; `LogoStore` is the one place that reads and writes them, so a storage directory
could take its place. Audit entries describe a logo by size and SHA-256, never by its bytes.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from tortoise import fields
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import audit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Administration, Community, StaffUser
from models.errors import DomainError
from models.images import PreparedLogo, prepare_logo
from models.permissions import Action, require

log = logging.getLogger(__name__)


class OwnerKind(StrEnum):
    ADMINISTRATION = "administracion"
    COMMUNITY = "comunidad"


class LogoChoice(StrEnum):
    """What a community shows its residents (seed: Administración / Comunidad / Sin logo)."""

    ADMINISTRATION = "administracion"
    COMMUNITY = "comunidad"
    NONE = "sin_logo"


DEFAULT_CHOICE = LogoChoice.ADMINISTRATION


@dataclass(frozen=True)
class Owner:
    """Whose logo: an administración's or a community's."""

    kind: OwnerKind
    id: int

    @classmethod
    def administration(cls, administration_id: int) -> Owner:
        return cls(OwnerKind.ADMINISTRATION, int(administration_id))

    @classmethod
    def community(cls, community_id: int) -> Owner:
        return cls(OwnerKind.COMMUNITY, int(community_id))

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}"


class Logo(Model):
    """One stored logo: a clean JPEG of at most 600×600 and what is known about it."""

    id = fields.IntField(primary_key=True)
    owner_kind = fields.CharEnumField(OwnerKind, max_length=16)
    owner_id = fields.IntField()
    jpeg = fields.BinaryField()
    width = fields.IntField()
    height = fields.IntField()
    byte_size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField()
    updated_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    updated_by_id: int | None

    class Meta:
        table = "logo"
        unique_together = (("owner_kind", "owner_id"),)

    @property
    def owner(self) -> Owner:
        return Owner(OwnerKind(self.owner_kind), self.owner_id)

    def audit_view(self) -> dict[str, object]:
        """For the audit log: everything but the image itself."""
        return {
            "owner": str(self.owner),
            "width": self.width,
            "height": self.height,
            "bytes": self.byte_size,
            "sha256": self.sha256,
        }


class CommunityBranding(Model):
    """A community's choice of logo; no row means the default (the administration's logo)."""

    id = fields.IntField(primary_key=True)
    community: fields.OneToOneRelation[Community] = fields.OneToOneField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    choice = fields.CharEnumField(LogoChoice, max_length=16, default=DEFAULT_CHOICE)
    updated_at = fields.DatetimeField()
    updated_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    updated_by_id: int | None

    class Meta:
        table = "community_branding"


__models__ = [Logo, CommunityBranding]


# --- storage ---------------------------------------------------------------------------------


class LogoStore(Protocol):
    """Where logos live. Every instance of the bot must reach the same store."""

    async def get(self, owner: Owner) -> Logo | None: ...

    async def by_checksum(self, sha256: str) -> Logo | None:
        """The stored logo with these bytes (notices name their logo this way)."""
        ...

    async def put(
        self, owner: Owner, image: PreparedLogo, actor: StaffUser | None, at: datetime
    ) -> tuple[Logo, dict[str, object] | None]:
        """Store `image` as `owner`'s logo; returns it and a description of the one replaced."""
        ...


class DatabaseLogoStore:
    """Logos as rows of the `logo` table (bytes included): nothing to share between hosts."""

    async def get(self, owner: Owner) -> Logo | None:
        return await Logo.get_or_none(owner_kind=owner.kind, owner_id=owner.id)

    async def by_checksum(self, sha256: str) -> Logo | None:
        return await Logo.filter(sha256=sha256).order_by("id").first()

    async def put(
        self, owner: Owner, image: PreparedLogo, actor: StaffUser | None, at: datetime
    ) -> tuple[Logo, dict[str, object] | None]:
        values: dict[str, Any] = {
            "jpeg": image.jpeg,
            "width": image.width,
            "height": image.height,
            "byte_size": len(image.jpeg),
            "sha256": image.sha256,
            "updated_at": at,
            "updated_by_id": actor.id if actor is not None else None,
        }
        existing = await Logo.get_or_none(owner_kind=owner.kind, owner_id=owner.id)
        if existing is None:
            created = await Logo.create(owner_kind=owner.kind, owner_id=owner.id, **values)
            return created, None
        before = existing.audit_view()
        existing.update_from_dict(values)
        await existing.save()
        return existing, before


store: LogoStore = DatabaseLogoStore()
"""The store every function below uses; replace it (e.g. in tests) with another `LogoStore`."""


# --- rules -----------------------------------------------------------------------------------


class LogoOwnerMismatch(DomainError, ValueError):
    """The logo's owner is not the community acted from, nor its administración."""

    def __init__(self, detail: str) -> None:
        super().__init__("logo_owner_mismatch", {"detail": detail})


async def _authorised_community(
    owner: Owner, actor: StaffUser | None, community_id: int | None
) -> Community:
    """The community the change is made from, once `actor` may manage logos there.

    A community logo is changed from that community; the administración's logo from any
    community of that administración ("desde cualquiera de tus comunidades").
    """
    where = (
        owner.id if owner.kind is OwnerKind.COMMUNITY and community_id is None else community_id
    )
    await require(actor, Action.MANAGE_LOGOS, where)
    assert where is not None  # require() refuses a missing community
    community = await Community.get(id=where)
    if owner.kind is OwnerKind.COMMUNITY and owner.id != community.id:
        raise LogoOwnerMismatch("a community logo is changed from its own community")
    if owner.kind is OwnerKind.ADMINISTRATION and owner.id != community.administration_id:
        raise LogoOwnerMismatch("an administration logo is changed from one of its communities")
    return community


async def _lock_owner(owner: Owner) -> None:
    """Lock the owner's row until the transaction ends (a no-op on SQLite, serial anyway)."""
    model = Community if owner.kind is OwnerKind.COMMUNITY else Administration
    await model.filter(id=owner.id).select_for_update().first()


async def save_logo(
    owner: Owner,
    image: bytes | PreparedLogo,
    actor: StaffUser | None,
    *,
    community_id: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Logo:
    """Make `image` the logo of `owner`, replacing any previous one; audited.

    Raw bytes are checked and normalised first (`models.images.LogoRefused` says why not); a
    `PreparedLogo` is stored as it is, so what the person previewed is exactly what is kept.
    `community_id` is where the person acts from (required for the administration's logo).
    Raises `models.permissions.NotAllowed` when `actor` may not manage logos there.
    """
    community = await _authorised_community(owner, actor, community_id)
    prepared = image if isinstance(image, PreparedLogo) else prepare_logo(image)
    if hashlib.sha256(prepared.jpeg).hexdigest() != prepared.sha256:
        raise ValueError("prepared logo does not match its checksum")
    async with in_transaction():
        # One writer per owner at a time: two uploads at once cannot both create the row.
        await _lock_owner(owner)
        logo, before = await store.put(owner, prepared, actor, clock.now())
        await audit.record(
            actor=actor,
            action="logo.save",
            object_type="logo",
            object_id=logo.id,
            before=before,
            after=logo.audit_view(),
            administration_id=community.administration_id,
            community_id=community.id if owner.kind is OwnerKind.COMMUNITY else None,
        )
    log.info("logo saved: owner=%s staff=%s", owner, actor.id if actor else None)
    return logo


async def get_choice(community_id: int) -> LogoChoice:
    """What this community shows its residents (the administration's logo unless changed)."""
    branding = await CommunityBranding.get_or_none(community_id=community_id)
    return LogoChoice(branding.choice) if branding is not None else DEFAULT_CHOICE


async def set_choice(
    community_id: int,
    choice: LogoChoice,
    actor: StaffUser | None,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> LogoChoice:
    """Choose what this community shows; deletes nothing. Returns the previous choice."""
    choice = LogoChoice(choice)
    await require(actor, Action.MANAGE_LOGOS, community_id)
    community = await Community.get(id=community_id)
    async with in_transaction():
        await _lock_owner(Owner.community(community_id))
        branding = await CommunityBranding.get_or_none(community_id=community_id)
        before = LogoChoice(branding.choice) if branding is not None else DEFAULT_CHOICE
        if branding is None:
            await CommunityBranding.create(
                community_id=community_id,
                choice=choice,
                updated_at=clock.now(),
                updated_by_id=actor.id if actor is not None else None,
            )
        elif before is not choice:
            branding.choice = choice
            branding.updated_at = clock.now()
            branding.updated_by_id = actor.id if actor is not None else None
            await branding.save()
        if before is not choice:
            await audit.record(
                actor=actor,
                action="logo.choice",
                object_type="community",
                object_id=community_id,
                before={"choice": before.value},
                after={"choice": choice.value},
                administration_id=community.administration_id,
                community_id=community_id,
            )
    return before


@dataclass(frozen=True)
class LogoState:
    """Everything the /logo summary and the community card say about one community."""

    community: Community
    choice: LogoChoice
    administration_logo: Logo | None
    community_logo: Logo | None

    @property
    def shown(self) -> Logo | None:
        """The logo residents see: the chosen one, if it exists; never one when "sin logo"."""
        if self.choice is LogoChoice.ADMINISTRATION:
            return self.administration_logo
        if self.choice is LogoChoice.COMMUNITY:
            return self.community_logo
        return None


async def logo_state(community_id: int) -> LogoState:
    community = await Community.get(id=community_id)
    return LogoState(
        community=community,
        choice=await get_choice(community_id),
        administration_logo=await store.get(Owner.administration(community.administration_id)),
        community_logo=await store.get(Owner.community(community_id)),
    )


async def get_logo(owner: Owner) -> Logo | None:
    return await store.get(owner)


async def has_logo(owner: Owner) -> bool:
    """Whether `owner` has a stored logo, without reading its image."""
    return await Logo.filter(owner_kind=owner.kind, owner_id=owner.id).exists()


async def logo_for_community(community_id: int) -> Logo | None:
    """The logo this community's residents see, honouring its choice ("sin logo" → None).

    A choice whose image was never uploaded shows nothing; it never falls back to the other.
    """
    return (await logo_state(community_id)).shown


@dataclass(frozen=True)
class NoticeLogo:
    """A community's logo ready for an e-mail (inline, `cid:`) or a chat notice (photo)."""

    jpeg: bytes
    sha256: str
    width: int
    height: int
    mime_type: str = "image/jpeg"
    filename: str = "logo.jpg"

    @property
    def content_id(self) -> str:
        """Stable per image, so mail clients may cache it: `<img src="cid:{content_id}">`."""
        return f"logo-{self.sha256[:16]}@conserjeria"

    def email_attachment(self) -> dict[str, str]:
        """The outbox spec of the inline logo of an e-mail (`notifier.email` resolves it).

        The image is named by its checksum, not copied into every queued e-mail.
        """
        return {
            "kind": LOGO_ATTACHMENT,
            "sha256": self.sha256,
            "cid": self.content_id,
            "filename": self.filename,
            "content_type": self.mime_type,
        }

    def chat_attachment(self) -> dict[str, str]:
        """The outbox spec of a chat notice shown with this logo (`notifier.chat` sends it)."""
        return {CHAT_LOGO_KEY: self.sha256}


LOGO_ATTACHMENT = "logo"
"""`kind` of an e-mail attachment spec naming a stored logo by its SHA-256."""
CHAT_LOGO_KEY = "logo_sha256"
"""Key of a chat notice's attachments naming the logo to show with it."""


async def notice_logo(community_id: int) -> NoticeLogo | None:
    """The logo for notices to this community's residents, or None when it shows none."""
    logo = await logo_for_community(community_id)
    if logo is None:
        return None
    return NoticeLogo(
        jpeg=bytes(logo.jpeg), sha256=logo.sha256, width=logo.width, height=logo.height
    )


async def logo_by_checksum(sha256: str) -> Logo | None:
    """The stored logo with these bytes, or None once it was replaced by another image."""
    return await store.by_checksum(sha256)


async def logo_for_notices(community_id: int) -> bytes | None:
    """The JPEG bytes for e-mails and chat notices to this community's residents, or None."""
    found = await notice_logo(community_id)
    return found.jpeg if found is not None else None
