"""Correspondence: logging with its notices and SMS spend in one transaction, codes, delivery."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.exceptions import IntegrityError

from models import correspondence as corr
from models.clock import DEFAULT_ZONE as TZ
from models.clock import FrozenClock
from models.core import (
    Administration,
    AuditLog,
    Community,
    Profile,
    Property,
    Resident,
    ResidentRole,
    StaffUser,
)
from models.correspondence import (
    CODE_ALPHABET,
    CODE_LENGTH,
    NO_BALANCE_ERROR,
    CodeSpaceExhausted,
    CorrespondenceItem,
    CorrespondenceRefused,
    ItemKind,
    ItemStatus,
    Refusal,
    SmsOutcome,
    deliver,
    find_by_code,
    log_item,
    normalise_code,
    pending_items,
    resident_pending,
)
from models.gsm import gsm7_septets, is_gsm7, segments
from models.logos import Logo, LogoChoice, Owner, logo_for_community, save_logo, set_choice
from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.permissions import Denial, NotAllowed
from models.sms import SmsMovement, balance, grant_monthly, spend
from tests.models.test_images import BLUE, jpeg
from tests.notices import all_rendered, rendered

MOBILE = "+56961234567"
PHOTO = "AgACAgEAAxkBAAIBb2Zphoto"


def santiago(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


@dataclass
class World:
    clock: FrozenClock
    community: Community
    other: Community
    concierge: StaffUser
    tester: StaffUser
    outsider: StaffUser
    prop: Property
    bare: Property
    elsewhere: Property
    principal: Resident
    secondary: Resident


_names = itertools.count()


@pytest.fixture
async def world(db: object) -> World:
    tag = next(_names)
    clock = FrozenClock(santiago(2026, 11, 22, 10, 30))
    administration = await Administration.create(name=f"Administradora {tag}")
    community = await Community.create(administration=administration, name="Edificio Los Aromos")
    other = await Community.create(administration=administration, name="Vista Cordillera")

    async def staff(
        email: str, profile: Profile, where: Community, test: bool = False
    ) -> StaffUser:
        user = await StaffUser.create(
            administration=administration,
            first_name="Carla",
            last_name=email.split("@")[0].capitalize(),
            email=email,
            profile=profile,
            is_test_user=test,
        )
        await user.communities.add(where)
        return user

    prop = await Property.create(community=community, name="Depto 101", mobile=MOBILE)
    principal = await Resident.create(
        property=prop,
        name="Rodrigo Residente",
        email="Residente101@Example.com",
        role=ResidentRole.PRINCIPAL,
        telegram_id=1004,
    )
    secondary = await Resident.create(
        property=prop, name="Inés", email="ines@example.com", role=ResidentRole.SECONDARY
    )
    for where in (community, other):
        await grant_monthly(where.id, clock=clock)
    return World(
        clock=clock,
        community=community,
        other=other,
        concierge=await staff("conserje@example.cl", Profile.CONCIERGE, community),
        tester=await staff("prueba@example.cl", Profile.ADMIN, community, test=True),
        outsider=await staff("otra@example.cl", Profile.CONCIERGE, other),
        prop=prop,
        bare=await Property.create(community=community, name="Depto 102"),
        elsewhere=await Property.create(community=other, name="Casa 1"),
        principal=principal,
        secondary=secondary,
    )


async def available(community: Community, clock: FrozenClock) -> int:
    return (await balance(community.id, clock=clock)).available


async def log(world: World, prop: Property | None = None, **kwargs: object) -> corr.LogResult:
    values: dict[str, object] = {"kind": ItemKind.PARCEL, "sender": "Starken"}
    values.update(kwargs)
    return await log_item(
        world.concierge,
        world.community.id,
        (prop or world.prop).id,
        clock=world.clock,
        **values,  # type: ignore[arg-type]
    )


# --- logging -------------------------------------------------------------------------------


async def test_log_item_saves_and_queues_every_notice_in_one_go(world: World) -> None:
    result = await log(world, note="Caja grande", photo_file_id=PHOTO)
    item = await CorrespondenceItem.get(id=result.item.id)
    assert item.status is ItemStatus.PENDING
    assert item.kind is ItemKind.PARCEL
    assert item.sender == "Starken"
    assert item.note == "Caja grande"
    assert item.photo_file_id == PHOTO
    assert item.received_by_id == world.concierge.id
    assert item.received_by_label == world.concierge.full_name
    assert item.received_at == world.clock.now()
    assert item.pending_code == item.pickup_code
    assert len(item.pickup_code) == CODE_LENGTH
    assert set(item.pickup_code) <= set(CODE_ALPHABET)

    assert result.sms is SmsOutcome.QUEUED
    assert result.sms_recipient == MOBILE
    assert result.emails == 2
    assert result.chats == 1

    sms = rendered(await OutboxMessage.get(channel=Channel.SMS))
    assert sms.idempotency_key == f"corr:{item.id}:sms"
    assert sms.recipient == MOBILE
    assert sms.status is OutboxStatus.PENDING
    assert item.pickup_code in sms.body
    assert is_gsm7(sms.body)
    assert gsm7_septets(sms.body) <= 160
    assert sms.body == (
        f"Conserjeria Edificio Los Aromos: llego un paquete para Depto 101. "
        f"Codigo de retiro {item.pickup_code}."
    )
    assert sms.community_id == world.community.id

    spent = await SmsMovement.filter(kind="spend")
    assert [(m.reference, m.amount) for m in spent] == [(sms.idempotency_key, 1)]
    assert await available(world.community, world.clock) == 29

    emails = all_rendered(await OutboxMessage.filter(channel=Channel.EMAIL).order_by("id"))
    assert [(m.idempotency_key, m.recipient) for m in emails] == [
        (f"corr:{item.id}:email:{world.principal.id}", "residente101@example.com"),
        (f"corr:{item.id}:email:{world.secondary.id}", "ines@example.com"),
    ]
    for mail in emails:
        assert mail.status is OutboxStatus.PENDING
        assert item.pickup_code in (mail.subject or "")
        assert "Llegó un paquete para Depto 101" in (mail.subject or "")
        assert f"Código de retiro: {item.pickup_code}" in mail.body
        assert "Remitente: Starken" in mail.body
        assert "Recibido: 22-11-2026 10:30" in mail.body
        assert "Nota de conserjería: Caja grande" in mail.body
        assert mail.html is not None
        assert item.pickup_code in mail.html

    chat = rendered(await OutboxMessage.get(channel=Channel.CHAT))
    assert chat.idempotency_key == f"corr:{item.id}:chat:{world.principal.id}"
    assert chat.recipient == "1004"
    assert f"<code>{item.pickup_code}</code>" in chat.body
    assert "Llegó un paquete para Depto 101" in chat.body
    assert "Nota: Caja grande" in chat.body
    assert chat.attachments == {"photo_file_id": PHOTO}
    assert chat.status is OutboxStatus.PENDING

    entry = await AuditLog.get(action="correspondence.log")
    assert entry.object_id == str(item.id)
    assert entry.community_id == world.community.id
    assert entry.actor_id == world.concierge.id
    assert entry.after is not None
    assert entry.after["property"] == "Depto 101"
    assert entry.after["pickup_code"] == item.pickup_code


async def test_chat_notice_escapes_what_people_typed(world: World) -> None:
    await log(world, sender="<b>Fake</b> & Co", note="a < b")
    chat = rendered(await OutboxMessage.get(channel=Channel.CHAT))
    assert "&lt;b&gt;Fake&lt;/b&gt; &amp; Co" in chat.body
    assert "a &lt; b" in chat.body
    assert chat.attachments is None


async def test_sms_fits_one_segment_with_long_names(world: World) -> None:
    await Community.filter(id=world.community.id).update(
        name=("Comunidad Edificio Ñuñoa Parque Cordillera Señorial " * 4)[:200]
    )
    await Property.filter(id=world.prop.id).update(
        name=("Departamento número 1.203, torre B, ala oriente — “el del fondo” 📦 " * 2)[:100]
    )
    result = await log(world)
    sms = rendered(await OutboxMessage.get(channel=Channel.SMS))
    assert result.item.pickup_code in sms.body
    assert sms.body.endswith(f"Codigo de retiro {result.item.pickup_code}.")
    assert is_gsm7(sms.body)
    assert gsm7_septets(sms.body) <= 160
    assert segments(sms.body) == 1
    assert sms.body.startswith("Conserjeria Comunidad Edificio Nunoa")
    assert "para Departamento numero 1.203" in sms.body
    assert await available(world.community, world.clock) == 29


async def test_no_balance_skips_the_sms_but_sends_the_rest(world: World) -> None:
    assert await spend(world.community.id, 30, reference="test:all", clock=world.clock)
    assert await available(world.community, world.clock) == 0
    result = await log(world, photo_file_id=PHOTO)
    assert result.sms is SmsOutcome.NO_BALANCE
    assert result.sms_recipient is None
    assert await available(world.community, world.clock) == 0
    sms = rendered(await OutboxMessage.get(channel=Channel.SMS))
    assert sms.status is OutboxStatus.SKIPPED
    assert sms.last_error == NO_BALANCE_ERROR
    assert sms.recipient == MOBILE
    assert result.item.pickup_code in sms.body
    assert await SmsMovement.filter(reference=sms.idempotency_key).count() == 0
    assert result.emails == 2
    assert result.chats == 1
    assert await OutboxMessage.filter(channel=Channel.EMAIL, status="pending").count() == 2
    assert await OutboxMessage.filter(channel=Channel.CHAT, status="pending").count() == 1
    assert await CorrespondenceItem.filter(status=ItemStatus.PENDING).count() == 1


async def test_no_mobile_no_sms_and_no_spend(world: World) -> None:
    result = await log(world, prop=world.bare)
    assert result.sms is SmsOutcome.NO_MOBILE
    assert result.emails == 0
    assert result.chats == 0
    assert await OutboxMessage.all().count() == 0
    assert await available(world.community, world.clock) == 30
    assert await CorrespondenceItem.filter(property_id=world.bare.id).count() == 1


async def test_each_sms_spends_exactly_one(world: World) -> None:
    for _ in range(3):
        await log(world)
    assert await available(world.community, world.clock) == 27
    assert await OutboxMessage.filter(channel=Channel.SMS).count() == 3
    assert await available(world.other, world.clock) == 30


async def test_a_failure_after_the_spend_rolls_everything_back(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(corr.notices, "queue_arrival", broken)
    with pytest.raises(RuntimeError, match="boom"):
        await log(world)
    assert await CorrespondenceItem.all().count() == 0
    assert await OutboxMessage.all().count() == 0
    assert await AuditLog.filter(action="correspondence.log").count() == 0
    assert await SmsMovement.filter(kind="spend").count() == 0
    assert await available(world.community, world.clock) == 30


async def test_refusals_change_nothing(world: World) -> None:
    with pytest.raises(CorrespondenceRefused) as caught:
        await log(world, prop=world.elsewhere)
    assert caught.value.reason is Refusal.PROPERTY_NOT_FOUND
    with pytest.raises(CorrespondenceRefused) as caught:
        await log(world, sender="x" * 101)
    assert caught.value.reason is Refusal.SENDER_TOO_LONG
    with pytest.raises(CorrespondenceRefused) as caught:
        await log(world, note="x" * 501)
    assert caught.value.reason is Refusal.NOTE_TOO_LONG
    with pytest.raises(CorrespondenceRefused) as caught:
        await log(world, kind="caja")
    assert caught.value.reason is Refusal.BAD_KIND
    with pytest.raises(NotAllowed) as denied:
        await log_item(world.tester, world.community.id, world.prop.id, ItemKind.LETTER)
    assert denied.value.reason is Denial.READ_ONLY
    with pytest.raises(NotAllowed) as denied:
        await log_item(world.outsider, world.community.id, world.prop.id, ItemKind.LETTER)
    assert denied.value.reason is Denial.SCOPE
    assert await CorrespondenceItem.all().count() == 0
    assert await OutboxMessage.all().count() == 0
    assert await available(world.community, world.clock) == 30


async def test_optional_fields_are_trimmed_or_empty(world: World) -> None:
    result = await log(world, sender="   ", note="  dos   espacios ", photo_file_id="")
    item = await CorrespondenceItem.get(id=result.item.id)
    assert item.sender is None
    assert item.note == "dos espacios"
    assert item.photo_file_id is None
    mail = await OutboxMessage.filter(channel=Channel.EMAIL).first()
    assert mail is not None
    mail = rendered(mail)
    assert "Remitente: no indicado" in mail.body


# --- pickup codes --------------------------------------------------------------------------


def _codes(*codes: str) -> Iterator[str]:
    yield from codes
    raise AssertionError("asked for more codes than the test planned")


async def test_code_is_unique_among_pending(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    codes = _codes("AAAAAA", "AAAAAA", "BBBBBB")
    monkeypatch.setattr(corr, "new_code", lambda: next(codes))
    first = await log(world)
    second = await log(world)
    assert first.item.pickup_code == "AAAAAA"
    assert second.item.pickup_code == "BBBBBB"


async def test_a_delivered_code_may_come_back(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = _codes("CCCCCC", "CCCCCC")
    monkeypatch.setattr(corr, "new_code", lambda: next(codes))
    first = await log(world)
    await deliver(
        world.concierge,
        world.community.id,
        code="CCCCCC",
        collected_by="Rodrigo",
        clock=world.clock,
    )
    second = await log(world)
    assert second.item.pickup_code == first.item.pickup_code == "CCCCCC"
    found = await find_by_code(world.community.id, "cccccc")
    assert found is not None
    assert found.id == second.item.id


async def test_same_code_in_another_community_is_fine(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corr, "new_code", lambda: "DDDDDD")
    await log(world)
    other = await log_item(
        world.outsider, world.other.id, world.elsewhere.id, ItemKind.LETTER, clock=world.clock
    )
    assert other.item.pickup_code == "DDDDDD"


async def test_database_refuses_two_pending_items_with_one_code(world: World) -> None:
    result = await log(world)
    with pytest.raises(IntegrityError):
        await CorrespondenceItem.create(
            community_id=world.community.id,
            property_id=world.prop.id,
            kind=ItemKind.LETTER,
            received_by_label="x",
            received_at=world.clock.now(),
            pickup_code=result.item.pickup_code,
            pending_code=result.item.pickup_code,
        )


async def test_no_free_code_saves_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corr, "new_code", lambda: "EEEEEE")
    await log(world)
    with pytest.raises(CodeSpaceExhausted):
        await log(world)
    assert await CorrespondenceItem.all().count() == 1
    assert await OutboxMessage.filter(channel=Channel.SMS).count() == 1
    assert await available(world.community, world.clock) == 29


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("k7m2qx", "K7M2QX"),
        (" K7M 2QX ", "K7M2QX"),
        ("K7M-2QX", "K7M2QX"),
        ("K7M2Q", None),
        ("K7M2QXX", None),
        ("K0M2QX", None),  # 0 is not in the alphabet
        ("", None),
        (None, None),
    ],
)
def test_normalise_code(typed: str | None, expected: str | None) -> None:
    assert normalise_code(typed) == expected


# --- delivering ----------------------------------------------------------------------------


async def test_deliver_by_code_records_and_tells_the_residents(world: World) -> None:
    logged = await log(world)
    code = logged.item.pickup_code
    world.clock.advance(timedelta(hours=3))
    typed = f"  {code[:3].lower()} {code[3:].lower()} "
    result = await deliver(
        world.concierge,
        world.community.id,
        code=typed,
        collected_by=" Rodrigo  Pérez ",
        clock=world.clock,
    )
    item = await CorrespondenceItem.get(id=logged.item.id)
    assert item.status is ItemStatus.DELIVERED
    assert item.pending_code is None
    assert item.pickup_code == code
    assert item.delivered_to == "Rodrigo Pérez"
    assert item.delivered_at == world.clock.now()
    assert item.delivered_by_id == world.concierge.id
    assert item.delivered_by_label == world.concierge.full_name
    assert result.emails == 2
    assert result.chats == 1

    chat = rendered(
        await OutboxMessage.get(
            idempotency_key=f"corr:{item.id}:delivered:chat:{world.principal.id}"
        )
    )
    assert chat.recipient == "1004"
    assert "Correspondencia entregada" in chat.body
    assert "<b>Rodrigo Pérez</b>" in chat.body
    assert "22-11-2026 13:30" in chat.body
    mail = rendered(
        await OutboxMessage.get(
            idempotency_key=f"corr:{item.id}:delivered:email:{world.secondary.id}"
        )
    )
    assert mail.recipient == "ines@example.com"
    assert code in (mail.subject or "")
    assert "a Rodrigo Pérez el 22-11-2026 13:30" in mail.body
    assert await OutboxMessage.filter(channel=Channel.SMS).count() == 1  # only the arrival
    entry = await AuditLog.get(action="correspondence.deliver")
    assert entry.after is not None
    assert entry.after["delivered_to"] == "Rodrigo Pérez"
    assert await find_by_code(world.community.id, code) is None


async def test_deliver_twice_is_refused(world: World) -> None:
    logged = await log(world)
    code = logged.item.pickup_code
    await deliver(
        world.concierge, world.community.id, code=code, collected_by="Rodrigo", clock=world.clock
    )
    with pytest.raises(CorrespondenceRefused) as caught:
        await deliver(
            world.concierge, world.community.id, code=code, collected_by="Otro", clock=world.clock
        )
    assert caught.value.reason is Refusal.ALREADY_DELIVERED
    assert caught.value.item is not None
    assert caught.value.item.delivered_to == "Rodrigo"
    with pytest.raises(CorrespondenceRefused) as caught:
        await deliver(
            world.concierge,
            world.community.id,
            item_id=logged.item.id,
            collected_by="Otro",
            clock=world.clock,
        )
    assert caught.value.reason is Refusal.ALREADY_DELIVERED
    item = await CorrespondenceItem.get(id=logged.item.id)
    assert item.delivered_to == "Rodrigo"
    assert await AuditLog.filter(action="correspondence.deliver").count() == 1
    assert await OutboxMessage.filter(idempotency_key__contains="delivered").count() == 3


async def test_deliver_refusals(world: World) -> None:
    logged = await log(world)
    theirs = await log_item(
        world.outsider, world.other.id, world.elsewhere.id, ItemKind.LETTER, clock=world.clock
    )
    with pytest.raises(CorrespondenceRefused) as caught:
        await deliver(
            world.concierge,
            world.community.id,
            item_id=theirs.item.id,
            collected_by="X",
            clock=world.clock,
        )
    assert caught.value.reason is Refusal.WRONG_COMMUNITY
    with pytest.raises(CorrespondenceRefused) as caught:
        await deliver(
            world.concierge,
            world.community.id,
            code=theirs.item.pickup_code,
            collected_by="X",
            clock=world.clock,
        )
    assert caught.value.reason in (Refusal.UNKNOWN_CODE,)
    with pytest.raises(CorrespondenceRefused) as caught:
        await deliver(
            world.concierge, world.community.id, code="ZZZ", collected_by="X", clock=world.clock
        )
    assert caught.value.reason is Refusal.UNKNOWN_CODE
    with pytest.raises(CorrespondenceRefused) as caught:
        await deliver(
            world.concierge,
            world.community.id,
            item_id=999_999,
            collected_by="X",
            clock=world.clock,
        )
    assert caught.value.reason is Refusal.ITEM_NOT_FOUND
    with pytest.raises(CorrespondenceRefused) as caught:
        await deliver(
            world.concierge,
            world.community.id,
            item_id=logged.item.id,
            collected_by="   ",
            clock=world.clock,
        )
    assert caught.value.reason is Refusal.NAME_MISSING
    with pytest.raises(CorrespondenceRefused) as caught:
        await deliver(
            world.concierge,
            world.community.id,
            item_id=logged.item.id,
            collected_by="x" * 201,
            clock=world.clock,
        )
    assert caught.value.reason is Refusal.NAME_TOO_LONG
    with pytest.raises(NotAllowed) as denied:
        await deliver(
            world.tester,
            world.community.id,
            item_id=logged.item.id,
            collected_by="X",
            clock=world.clock,
        )
    assert denied.value.reason is Denial.READ_ONLY
    with pytest.raises(NotAllowed) as denied:
        await deliver(
            world.outsider,
            world.community.id,
            item_id=logged.item.id,
            collected_by="X",
            clock=world.clock,
        )
    assert denied.value.reason is Denial.SCOPE
    with pytest.raises(ValueError, match="exactly one"):
        await deliver(world.concierge, world.community.id, collected_by="X", clock=world.clock)
    assert await CorrespondenceItem.filter(status=ItemStatus.DELIVERED).count() == 0
    assert await AuditLog.filter(action="correspondence.deliver").count() == 0


# --- the community's logo in notices (SPEC §4.6) -------------------------------------------


async def brand(world: World, choice: LogoChoice) -> Logo:
    """Give Los Aromos and its administración a logo each, and make the community show `choice`."""
    admin = await StaffUser.create(
        administration_id=world.community.administration_id,
        first_name="Andrés",
        last_name="Admin",
        email="admin@example.cl",
        profile=Profile.ADMIN,
    )
    await admin.communities.add(world.community)
    own = await save_logo(Owner.community(world.community.id), jpeg(700, 700), admin)
    await save_logo(
        Owner.administration(world.community.administration_id),
        jpeg(600, 600, BLUE),
        admin,
        community_id=world.community.id,
    )
    await set_choice(world.community.id, choice, admin)
    shown = await logo_for_community(world.community.id)
    return shown if shown is not None else own


async def test_notices_carry_the_logo_the_community_shows(world: World) -> None:
    logo = await brand(world, LogoChoice.COMMUNITY)
    assert logo.owner == Owner.community(world.community.id)
    cid = f"logo-{logo.sha256[:16]}@conserjeria"
    spec = {
        "kind": "logo",
        "sha256": logo.sha256,
        "cid": cid,
        "filename": "logo.jpg",
        "content_type": "image/jpeg",
    }
    with_photo = await log(world, photo_file_id=PHOTO)
    without_photo = await log(world)
    for result in (with_photo, without_photo):
        emails = all_rendered(
            await OutboxMessage.filter(
                channel=Channel.EMAIL, idempotency_key__startswith=f"corr:{result.item.id}:"
            )
        )
        assert len(emails) == 2
        for mail in emails:
            assert mail.attachments == [spec]
            assert f'src="cid:{cid}"' in (mail.html or "")
    # The parcel's photo wins over the logo; without one, the logo is the notice's picture.
    chat = await OutboxMessage.get(
        idempotency_key=f"corr:{with_photo.item.id}:chat:{world.principal.id}"
    )
    assert chat.attachments == {"photo_file_id": PHOTO}
    chat = await OutboxMessage.get(
        idempotency_key=f"corr:{without_photo.item.id}:chat:{world.principal.id}"
    )
    assert chat.attachments == {"logo_sha256": logo.sha256}

    await deliver(
        world.concierge,
        world.community.id,
        item_id=with_photo.item.id,
        collected_by="Rodrigo",
        clock=world.clock,
    )
    delivered = f"corr:{with_photo.item.id}:delivered:"
    mail = rendered(
        await OutboxMessage.get(idempotency_key=f"{delivered}email:{world.principal.id}")
    )
    assert mail.attachments == [spec]
    assert f'src="cid:{cid}"' in (mail.html or "")
    chat = await OutboxMessage.get(idempotency_key=f"{delivered}chat:{world.principal.id}")
    assert chat.attachments == {"logo_sha256": logo.sha256}


async def test_the_administration_choice_shows_the_administration_logo(world: World) -> None:
    logo = await brand(world, LogoChoice.ADMINISTRATION)
    assert logo.owner == Owner.administration(world.community.administration_id)
    result = await log(world)
    mail = await OutboxMessage.get(
        idempotency_key=f"corr:{result.item.id}:email:{world.principal.id}"
    )
    assert mail.attachments is not None
    assert mail.attachments[0]["sha256"] == logo.sha256


async def test_sin_logo_sends_notices_without_any_image(world: World) -> None:
    await brand(world, LogoChoice.NONE)
    assert await Logo.all().count() == 2  # the images are kept, just not shown
    result = await log(world)
    await deliver(
        world.concierge,
        world.community.id,
        item_id=result.item.id,
        collected_by="Rodrigo",
        clock=world.clock,
    )
    notices = all_rendered(await OutboxMessage.filter(channel__in=[Channel.EMAIL, Channel.CHAT]))
    assert len(notices) == 6
    for notice in notices:
        assert notice.attachments is None
        assert "cid:" not in (notice.html or "")
        assert "<img" not in (notice.html or "")


# --- reminders -----------------------------------------------------------------------------


async def test_items_waiting_over_a_day_are_reminded_by_email_and_chat_once_a_day(
    world: World,
) -> None:
    old = await log(world)
    world.clock.advance(timedelta(hours=20))
    fresh = await log(world)  # logged 20 hours after the first
    delivered = await log(world)
    await deliver(
        world.concierge,
        world.community.id,
        item_id=delivered.item.id,
        collected_by="Rodrigo",
        clock=world.clock,
    )
    world.clock.advance(timedelta(hours=5))  # the first has waited 25 h, the second 5 h
    assert await corr.remindable_count(world.community.id, clock=world.clock) == 1
    sms_before = await OutboxMessage.filter(channel=Channel.SMS).count()

    result = await corr.remind_pending(world.concierge, world.community.id, clock=world.clock)
    assert result == corr.RemindResult(items=1, emails=2, chats=1)
    day = "2026-11-23"  # 10:30 + 25 h, Santiago
    reminders = all_rendered(
        await OutboxMessage.filter(idempotency_key__contains=":remind:").order_by("id")
    )
    assert [m.idempotency_key for m in reminders] == [
        f"corr:{old.item.id}:remind:{day}:email:{world.principal.id}",
        f"corr:{old.item.id}:remind:{day}:email:{world.secondary.id}",
        f"corr:{old.item.id}:remind:{day}:chat:{world.principal.id}",
    ]
    assert "Recordatorio" in (reminders[0].subject or "")
    assert f"Código de retiro: {old.item.pickup_code}" in reminders[0].body
    assert old.item.pickup_code in reminders[2].body
    assert not [m for m in reminders if fresh.item.pickup_code in m.body]
    assert await OutboxMessage.filter(channel=Channel.SMS).count() == sms_before  # never SMS
    entry = await AuditLog.get(action="correspondence.remind")
    assert entry.after == {"items": 1, "emails": 2, "chats": 1, "day": day}

    # Pressed again the same day: nothing new, nothing audited.
    again = await corr.remind_pending(world.concierge, world.community.id, clock=world.clock)
    assert again == corr.RemindResult(items=0, emails=0, chats=0)
    assert await OutboxMessage.filter(idempotency_key__contains=":remind:").count() == 3
    assert await AuditLog.filter(action="correspondence.remind").count() == 1

    # The next day both items are old enough, and each is reminded again.
    world.clock.advance(timedelta(days=1))
    later = await corr.remind_pending(world.concierge, world.community.id, clock=world.clock)
    assert later == corr.RemindResult(items=2, emails=4, chats=2)


async def test_reminders_are_refused_outside_ones_communities_and_to_test_users(
    world: World,
) -> None:
    await log(world)
    world.clock.advance(timedelta(days=2))
    for who, reason in ((world.outsider, Denial.SCOPE), (world.tester, Denial.READ_ONLY)):
        with pytest.raises(NotAllowed) as refused:
            await corr.remind_pending(who, world.community.id, clock=world.clock)
        assert refused.value.reason is reason
    assert not await OutboxMessage.filter(idempotency_key__contains=":remind:").exists()


# --- lists ---------------------------------------------------------------------------------


async def test_pending_items_oldest_first_in_pages(world: World) -> None:
    logged = []
    for minutes in range(5):
        world.clock.set(santiago(2026, 11, 22, 9, minutes))
        logged.append(await log(world, prop=world.bare if minutes % 2 else world.prop))
    first = await pending_items(world.community.id, page=0, page_size=2)
    assert first.total == 5
    assert first.pages == 3
    assert [i.id for i in first.items] == [logged[0].item.id, logged[1].item.id]
    assert first.items[0].property.name == "Depto 101"
    last = await pending_items(world.community.id, page=9, page_size=2)
    assert last.page == 2
    assert [i.id for i in last.items] == [logged[4].item.id]

    await deliver(
        world.concierge,
        world.community.id,
        item_id=logged[0].item.id,
        collected_by="Rodrigo",
        clock=world.clock,
    )
    remaining = await pending_items(world.community.id, page_size=10)
    assert [i.id for i in remaining.items] == [r.item.id for r in logged[1:]]
    only_bare = await pending_items(world.community.id, property_id=world.bare.id)
    assert [i.id for i in only_bare.items] == [logged[1].item.id, logged[3].item.id]
    assert (await pending_items(world.other.id)).total == 0
    with pytest.raises(ValueError, match="page_size"):
        await pending_items(world.community.id, page_size=0)


async def test_resident_pending(world: World) -> None:
    mine = await log(world)
    await log(world, prop=world.bare)
    also = await log(world, kind=ItemKind.LETTER)
    await deliver(
        world.concierge,
        world.community.id,
        item_id=mine.item.id,
        collected_by="R",
        clock=world.clock,
    )
    items = await resident_pending(1004)
    assert [i.id for i in items] == [also.item.id]
    assert items[0].property.name == "Depto 101"
    assert items[0].community.name == "Edificio Los Aromos"
    assert await resident_pending(999) == []


async def test_find_by_code_stays_in_its_community(world: World) -> None:
    logged = await log(world)
    code = logged.item.pickup_code
    assert (await find_by_code(world.community.id, code.lower())) is not None
    assert await find_by_code(world.other.id, code) is None
    assert await find_by_code(world.community.id, "not a code") is None


# --- races (PostgreSQL) --------------------------------------------------------------------


async def test_concurrent_items_never_share_a_code(
    world: World, require_postgres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two items drawing the same code at once: the loser retries inside a savepoint."""
    draws: dict[int, Iterator[str]] = {}

    def code() -> str:
        task = id(asyncio.current_task())
        if task not in draws:
            draws[task] = iter(["FFFFFF", "GGGGG" + "HJ"[len(draws)]])
        return next(draws[task])

    monkeypatch.setattr(corr, "new_code", code)
    results = await asyncio.gather(*(log(world) for _ in range(2)))
    codes = sorted(r.item.pickup_code for r in results)
    assert len(set(codes)) == 2
    assert "FFFFFF" in codes
    assert await available(world.community, world.clock) == 28
    assert await OutboxMessage.filter(channel=Channel.SMS).count() == 2


async def test_concurrent_deliveries_hand_over_once(world: World, require_postgres: None) -> None:
    logged = await log(world)

    async def one(name: str) -> str:
        try:
            await deliver(
                world.concierge,
                world.community.id,
                item_id=logged.item.id,
                collected_by=name,
                clock=world.clock,
            )
        except CorrespondenceRefused as refused:
            return refused.reason.value
        return "ok"

    outcomes = await asyncio.gather(one("Ana"), one("Beto"), one("Caro"))
    assert sorted(outcomes) == ["already_delivered", "already_delivered", "ok"]
    assert await AuditLog.filter(action="correspondence.deliver").count() == 1
