"""A property's residents (models/residents.py): card, changes, invitations, counters."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from models.clock import FrozenClock
from models.core import (
    Administration,
    AuditLog,
    Community,
    Invitation,
    Profile,
    Property,
    Resident,
    ResidentRole,
    StaffUser,
)
from models.correspondence_notices import PARCEL_ARRIVED
from models.identity import identify, redeem_invitation
from models.logos import LogoChoice, Owner, save_logo, set_choice
from models.outbox import Channel, OutboxMessage, OutboxStatus, enqueue_notice
from models.permissions import Denial, NotAllowed
from models.residents import (
    ResidentError,
    ResidentErrorReason,
    add_resident,
    clean_resident_email,
    find_resident,
    invite_resident,
    notice_counters,
    pending_invitations,
    property_card,
    remove_resident,
    residents_by_property,
    set_role,
    split_emails,
)
from tests.models.test_images import jpeg
from tests.notices import rendered

T0 = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
R = ResidentErrorReason
PRINCIPAL, SECONDARY = ResidentRole.PRINCIPAL, ResidentRole.SECONDARY


@dataclass
class World:
    aromos: Community
    vista: Community
    depto: Property  # Los Aromos, Depto 101, one principal
    casa: Property  # Vista Cordillera
    andres: StaffUser  # Administrador of Los Aromos
    pablo: StaffUser  # test user of Los Aromos
    carla: StaffUser  # Conserje of Los Aromos
    principal: Resident

    @property
    def scope(self) -> set[int]:
        return {self.aromos.id}


@pytest.fixture
async def world(db: object) -> World:
    adm = await Administration.create(name="Administradora Andes")
    aromos = await Community.create(administration=adm, name="Edificio Los Aromos")
    vista = await Community.create(administration=adm, name="Condominio Vista Cordillera")
    depto = await Property.create(community=aromos, name="Depto 101", mobile="+56961234567")
    casa = await Property.create(community=vista, name="Casa 1")
    people = {}
    for key, profile, test in (
        ("andres", Profile.ADMIN, False),
        ("pablo", Profile.ADMIN, True),
        ("carla", Profile.CONCIERGE, False),
    ):
        people[key] = await StaffUser.create(
            administration=adm,
            first_name=key.capitalize(),
            last_name="Pérez",
            email=f"{key}@example.com",
            profile=profile,
            is_test_user=test,
        )
        await people[key].communities.add(aromos)
    principal = await Resident.create(
        property=depto, email="ana@example.com", role=PRINCIPAL, telegram_id=4001
    )
    return World(
        aromos, vista, depto, casa, people["andres"], people["pablo"], people["carla"], principal
    )


def test_clean_resident_email() -> None:
    assert clean_resident_email("  Ana.Perez@Example.COM ") == "ana.perez@example.com"
    for bad in ("", "   ", "ana", "ana@", "@example.com", "ana @example.com", "a" * 250 + "@x.cl"):
        with pytest.raises(ResidentError) as caught:
            clean_resident_email(bad)
        assert caught.value.reason is R.INVALID_EMAIL, bad


def test_split_emails_on_semicolons_commas_and_spaces() -> None:
    raw = " a@x.cl; b@x.cl,c@x.cl  d@x.cl ;; "
    assert split_emails(raw) == ["a@x.cl", "b@x.cl", "c@x.cl", "d@x.cl"]
    assert split_emails("") == []
    assert split_emails(None) == []


async def test_card_lists_principal_first_and_telegram_links(world: World) -> None:
    await Resident.create(property=world.depto, email="zeta@example.com", role=SECONDARY)
    await Resident.create(property=world.depto, email="beto@example.com", role=SECONDARY)
    card = await property_card(world.depto.id, world.scope)
    assert card is not None
    assert (card.name, card.community_name, card.mobile) == (
        "Depto 101",
        "Edificio Los Aromos",
        "+56961234567",
    )
    assert [r.email for r in card.residents] == [
        "ana@example.com",
        "beto@example.com",
        "zeta@example.com",
    ]
    assert [r.email for r in card.principals] == ["ana@example.com"]
    assert [r.linked for r in card.residents] == [True, False, False]
    rows = await residents_by_property([world.depto.id, world.casa.id])
    assert len(rows[world.depto.id]) == 3
    assert rows[world.casa.id] == ()


async def test_card_outside_the_scope_is_not_found(world: World) -> None:
    assert await property_card(world.casa.id, world.scope) is None
    assert await property_card(world.depto.id, set()) is None
    assert await find_resident(world.principal.id, {world.vista.id}) is None
    found = await find_resident(world.principal.id, world.scope)
    assert found is not None
    assert found.property.community.name == "Edificio Los Aromos"


async def test_add_secondary_is_audited(world: World) -> None:
    change = await add_resident(
        world.andres,
        world.depto.id,
        " Beto@Example.com ",
        "secundario",
        expected_community_ids=world.scope,
    )
    assert change.resident.email == "beto@example.com"
    assert change.demoted == ()
    stored = await Resident.get(id=change.resident.id)
    assert (stored.property_id, stored.role) == (world.depto.id, SECONDARY)
    entry = await AuditLog.get(action="resident.add")
    assert entry.actor_id == world.andres.id
    assert entry.community_id == world.aromos.id
    assert entry.after == {
        "property": "Depto 101",
        "email": "beto@example.com",
        "role": "secundario",
    }


async def test_a_new_principal_demotes_the_previous_one(world: World) -> None:
    change = await add_resident(
        world.andres,
        world.depto.id,
        "nueva@example.com",
        PRINCIPAL,
        expected_community_ids=world.scope,
    )
    assert change.demoted == ("ana@example.com",)
    roles = {r.email: r.role for r in await Resident.filter(property=world.depto)}
    assert roles == {"ana@example.com": SECONDARY, "nueva@example.com": PRINCIPAL}


async def test_duplicate_email_on_the_same_property_is_refused(world: World) -> None:
    with pytest.raises(ResidentError) as caught:
        await add_resident(
            world.andres,
            world.depto.id,
            "ANA@example.com",
            SECONDARY,
            expected_community_ids=world.scope,
        )
    assert caught.value.reason is R.DUPLICATE_EMAIL
    assert await Resident.filter(property=world.depto).count() == 1
    assert not await AuditLog.exists()


async def test_the_same_email_may_be_on_another_property(world: World) -> None:
    other = await Property.create(community=world.aromos, name="Depto 102")
    change = await add_resident(
        world.andres, other.id, "ana@example.com", PRINCIPAL, expected_community_ids=world.scope
    )
    assert change.resident.property_id == other.id
    assert await Resident.filter(email="ana@example.com").count() == 2


async def test_add_refuses_bad_input_and_out_of_scope(world: World) -> None:
    cases = [
        (world.depto.id, "no-es-correo", SECONDARY, R.INVALID_EMAIL),
        (world.depto.id, "x@example.com", "jefe", R.INVALID_ROLE),
        (world.casa.id, "x@example.com", SECONDARY, R.PROPERTY_NOT_FOUND),
        (999_999, "x@example.com", SECONDARY, R.PROPERTY_NOT_FOUND),
    ]
    for property_id, email, role, reason in cases:
        with pytest.raises(ResidentError) as caught:
            await add_resident(
                world.andres, property_id, email, role, expected_community_ids=world.scope
            )
        assert caught.value.reason is reason
    # A forged scope does not help: the actor's communities are checked too.
    with pytest.raises(NotAllowed) as denied:
        await add_resident(
            world.andres,
            world.casa.id,
            "x@example.com",
            SECONDARY,
            expected_community_ids={world.vista.id},
        )
    assert denied.value.reason is Denial.SCOPE
    assert await Resident.all().count() == 1


@pytest.mark.parametrize(
    ("who", "reason"), [("pablo", Denial.READ_ONLY), ("carla", Denial.PROFILE)]
)
async def test_test_users_and_concierges_change_nothing(
    world: World, who: str, reason: Denial
) -> None:
    actor = getattr(world, who)
    attempts = [
        add_resident(
            actor, world.depto.id, "x@example.com", SECONDARY, expected_community_ids=world.scope
        ),
        set_role(actor, world.principal.id, SECONDARY, expected_community_ids=world.scope),
        remove_resident(actor, world.principal.id, expected_community_ids=world.scope),
        invite_resident(actor, world.principal.id, expected_community_ids=world.scope),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed) as denied:
            await attempt
        assert denied.value.reason is reason
    resident = await Resident.get(id=world.principal.id)
    assert resident.role is PRINCIPAL
    assert await Resident.all().count() == 1
    assert not await Invitation.exists()
    assert not await OutboxMessage.exists()
    assert not await AuditLog.exists()


async def test_set_role_promotes_demotes_and_is_a_no_op_when_equal(world: World) -> None:
    beto = await Resident.create(property=world.depto, email="beto@example.com", role=SECONDARY)
    same = await set_role(world.andres, beto.id, SECONDARY, expected_community_ids=world.scope)
    assert not same.changed
    assert not await AuditLog.exists()
    promoted = await set_role(
        world.andres, beto.id, "principal", expected_community_ids=world.scope
    )
    assert promoted.changed
    assert promoted.demoted == ("ana@example.com",)
    roles = {r.email: r.role for r in await Resident.filter(property=world.depto)}
    assert roles == {"ana@example.com": SECONDARY, "beto@example.com": PRINCIPAL}
    entry = await AuditLog.get(action="resident.role")
    assert entry.before is not None
    assert entry.after is not None
    assert (entry.before["role"], entry.after["role"]) == ("secundario", "principal")
    assert entry.after["demoted"] == ["ana@example.com"]


async def test_remove_ends_notices_and_the_telegram_link(world: World) -> None:
    assert (await identify(4001)).residents
    change = await remove_resident(
        world.andres, world.principal.id, expected_community_ids=world.scope
    )
    assert change.resident.email == "ana@example.com"
    assert not await Resident.exists(id=world.principal.id)
    assert not (await identify(4001)).known
    entry = await AuditLog.get(action="resident.remove")
    assert entry.before == {
        "property": "Depto 101",
        "email": "ana@example.com",
        "role": "principal",
        "telegram": True,
    }
    with pytest.raises(ResidentError) as again:
        await remove_resident(world.andres, world.principal.id, expected_community_ids=world.scope)
    assert again.value.reason is R.RESIDENT_NOT_FOUND


async def test_a_resident_who_was_invited_can_be_removed(world: World) -> None:
    """Issue 12 item 5: the invitation rows the delete cascades to must not roll it back."""
    await invite_resident(world.andres, world.principal.id, expected_community_ids=world.scope)
    await invite_resident(world.andres, world.principal.id, expected_community_ids=world.scope)
    assert await Invitation.filter(resident_id=world.principal.id).count() == 2
    await remove_resident(world.andres, world.principal.id, expected_community_ids=world.scope)
    assert not await Resident.exists(id=world.principal.id)
    assert not await Invitation.filter(resident_id=world.principal.id).exists()
    assert await AuditLog.filter(action="resident.remove").count() == 1


async def test_invitation_email_carries_link_and_code_and_binds_once(world: World) -> None:
    beto = await Resident.create(property=world.depto, email="beto@example.com", role=SECONDARY)
    clock = FrozenClock(T0)
    resident, issued = await invite_resident(
        world.andres,
        beto.id,
        expected_community_ids=world.scope,
        ttl=timedelta(hours=48),
        bot_username="conserjeria_demo_bot",
        clock=clock,
    )
    assert resident.id == beto.id
    assert issued.invitation.expires_at == T0 + timedelta(hours=48)
    mail = rendered(await OutboxMessage.get(channel=Channel.EMAIL))
    assert mail.recipient == "beto@example.com"
    assert mail.community_id is None  # an account message, not a community notice
    assert mail.subject == "Avisos de Edificio Los Aromos en Telegram"
    link = f"https://t.me/conserjeria_demo_bot?start={issued.token}"
    assert link in mail.body
    assert f"/start {issued.token}" in mail.body
    assert "Depto 101" in mail.body
    assert "24-11-2026 12:00" in mail.body  # 48 h later, Santiago time (UTC-3 in summer)
    assert mail.html is not None
    assert re.search(r"/start [\w-]+", mail.html)
    assert await AuditLog.filter(action="resident.invite", object_id=str(beto.id)).exists()
    # A second invitation revokes the first one.
    _, second = await invite_resident(
        world.andres, beto.id, expected_community_ids=world.scope, clock=clock
    )
    assert await pending_invitations(beto.id) == 1
    assert (await redeem_invitation(issued.token, 5001, clock=clock)).error is not None
    redeemed = await redeem_invitation(second.token, 5001, clock=clock)
    assert redeemed.resident is not None
    assert redeemed.resident.id == beto.id
    assert (await Resident.get(id=beto.id)).telegram_id == 5001


async def test_invitation_email_shows_the_community_logo(world: World) -> None:
    beto = await Resident.create(property=world.depto, email="beto@example.com", role=SECONDARY)
    await invite_resident(world.andres, beto.id, expected_community_ids=world.scope)
    plain = rendered(await OutboxMessage.get(channel=Channel.EMAIL))
    assert plain.attachments is None  # no logo uploaded yet
    assert "<img" not in (plain.html or "")
    logo = await save_logo(Owner.community(world.aromos.id), jpeg(600, 600), world.andres)
    await set_choice(world.aromos.id, LogoChoice.COMMUNITY, world.andres)
    await invite_resident(world.andres, beto.id, expected_community_ids=world.scope)
    mail = await OutboxMessage.filter(channel=Channel.EMAIL).order_by("-id").first()
    assert mail is not None
    mail = rendered(mail)
    assert mail.attachments is not None
    (spec,) = mail.attachments
    assert spec["sha256"] == logo.sha256
    assert f'src="cid:{spec["cid"]}"' in (mail.html or "")


async def test_invite_out_of_scope_is_not_found(world: World) -> None:
    other = await Resident.create(property=world.casa, email="casa@example.com")
    with pytest.raises(ResidentError) as caught:
        await invite_resident(world.andres, other.id, expected_community_ids=world.scope)
    assert caught.value.reason is R.RESIDENT_NOT_FOUND
    assert not await OutboxMessage.exists()


async def test_notice_counters_count_sent_sms_and_emails_of_the_community(world: World) -> None:
    rows = [
        ("a", Channel.SMS, world.aromos.id, OutboxStatus.SENT),
        ("b", Channel.SMS, world.aromos.id, OutboxStatus.DELIVERED),
        ("c", Channel.SMS, world.aromos.id, OutboxStatus.PENDING),
        ("d", Channel.SMS, world.aromos.id, OutboxStatus.FAILED),
        ("e", Channel.EMAIL, world.aromos.id, OutboxStatus.SENT),
        ("f", Channel.CHAT, world.aromos.id, OutboxStatus.SENT),
        ("g", Channel.SMS, world.vista.id, OutboxStatus.SENT),
        ("h", Channel.EMAIL, None, OutboxStatus.SENT),
    ]
    for key, channel, community_id, status in rows:
        # Residents' notices (parcel arrivals); administrators' e-mails are not counted.
        message, _ = await enqueue_notice(
            key=key,
            channel=channel,
            recipient="x",
            template=PARCEL_ARRIVED,
            data={},
            community_id=community_id,
        )
        await OutboxMessage.filter(id=message.id).update(status=status)
    counters = await notice_counters(world.aromos.id)
    assert (counters.sms, counters.emails) == (2, 1)
    vista = await notice_counters(world.vista.id)
    assert (vista.sms, vista.emails) == (1, 0)


async def test_concurrent_principals_leave_exactly_one_on_postgres(
    world: World, require_postgres: None
) -> None:
    """Ten admins name ten different principals at once: one principal remains."""
    results = await asyncio.gather(
        *(
            add_resident(
                world.andres,
                world.depto.id,
                f"p{n}@example.com",
                PRINCIPAL,
                expected_community_ids=world.scope,
            )
            for n in range(10)
        ),
        return_exceptions=True,
    )
    assert not [r for r in results if isinstance(r, BaseException)]
    roles = [r.role for r in await Resident.filter(property=world.depto)]
    assert roles.count(PRINCIPAL) == 1
    assert len(roles) == 11


async def test_concurrent_duplicate_adds_keep_one_on_postgres(
    world: World, require_postgres: None
) -> None:
    results = await asyncio.gather(
        *(
            add_resident(
                world.andres,
                world.depto.id,
                "mismo@example.com",
                SECONDARY,
                expected_community_ids=world.scope,
            )
            for _ in range(10)
        ),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, ResidentError)]
    assert len(refused) == 9
    assert all(r.reason is R.DUPLICATE_EMAIL for r in refused)
    assert await Resident.filter(email="mismo@example.com").count() == 1
    assert await AuditLog.filter(action="resident.add").count() == 1
