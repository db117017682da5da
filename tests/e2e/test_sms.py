"""/sms through the sandbox: balance, catalogue, the purchase card, history and who may buy."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.demo import ADMINISTRATION, LOS_AROMOS, VISTA_CORDILLERA
from bot.sandbox_app import sandbox
from handlers import texts
from handlers.texts import sms as t
from models.clock import DEFAULT_ZONE as TZ
from models.clock import FrozenClock
from models.core import Administration, Community, Profile, StaffUser
from models.permissions import Denial
from models.sms import SmsBundle, SmsLot, SmsPurchase
from models.sms_purchases import purchase
from sandbox import BotApiEmulator
from tests.chat import Message, Simulator, buttons_of, text_of
from tests.dbutil import settings_for

SOFIA, ANDRES, CARLA, PABLO = 1001, 1002, 1003, 1005
OTHER_ADMIN = 5020
SUPPORT = "soporte@conserjeria.example"
TICK = t.BUTTON_ACCEPT_OFF
UNTICK = t.BUTTON_ACCEPT_ON


def santiago(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(santiago(2026, 11, 22, 10, 30))


@pytest.fixture
async def emulator_and_app(
    db: object, db_url: str, clock: FrozenClock
) -> AsyncIterator[tuple[BotApiEmulator, object]]:
    """The sandbox with the demo data, on a clock the test controls (22 Nov 2026, Santiago)."""
    async with sandbox(settings_for(db_url), port=0, clock=clock) as (emulator, app):
        yield emulator, app


@pytest.fixture
def emulator(emulator_and_app: tuple[BotApiEmulator, object]) -> BotApiEmulator:
    return emulator_and_app[0]


async def ids() -> tuple[int, int]:
    aromos = await Community.get(name=LOS_AROMOS)
    bundle = await SmsBundle.get(name="Bolsa 100")
    return aromos.id, bundle.id


async def open_card(sim: Simulator, user_id: int, bundle: str = "Bolsa 100") -> Message:
    person = sim.person(user_id)
    summary = (await person.send("/sms"))[-1]
    catalogue = (await person.click(summary, t.BUTTON_BUY))[-1]
    card = (await person.click(catalogue, f"Comprar {bundle}"))[-1]
    assert "Confirma tu compra" in card["text"]
    return card


def last_alert(emulator: BotApiEmulator, user_id: int) -> dict[str, object]:
    return emulator.callback_answers[user_id][-1]


async def test_admin_sees_30_then_buys_bolsa_100_after_accepting(sim, clock) -> None:
    andres = sim.person(ANDRES)
    summary = (await andres.send("/sms"))[-1]
    assert LOS_AROMOS in summary["text"]
    assert "Disponibles ahora: 30" in summary["text"]
    assert "30 de 30 del mes (noviembre 2026)" in summary["text"]
    assert "vencen el 30-11-2026" in summary["text"]
    assert "Bolsas compradas en la comunidad: 0" in summary["text"]
    assert buttons_of(summary) == [t.BUTTON_BUY, t.BUTTON_HISTORY]

    catalogue = (await andres.click(summary, t.BUTTON_BUY))[-1]
    assert catalogue["message_id"] == summary["message_id"]
    for line in (
        "Bolsa 100: 100 SMS, $5.000",
        "Bolsa 500: 500 SMS, $20.000",
        "Bolsa 1000: 1.000 SMS, $35.000",
    ):
        assert line in catalogue["text"]
    assert buttons_of(catalogue) == [
        "Comprar Bolsa 100",
        "Comprar Bolsa 500",
        "Comprar Bolsa 1000",
        t.BUTTON_BACK,
    ]

    card = (await andres.click(catalogue, "Comprar Bolsa 100"))[-1]
    for fact in (
        "Bolsa: Bolsa 100",
        "SMS: 100",
        "Costo: $5.000",
        "Período de facturación: diciembre 2026",
        "Vigencia: 6 meses, hasta el 22-05-2027",
        "se factura en el período más próximo a cobrar",
        "solo son válidos por 6 meses",
        "Los 30 SMS mensuales de la comunidad no se acumulan",
        "solo para los avisos de correspondencia",
    ):
        assert fact in card["text"], fact
    assert buttons_of(card) == [TICK, texts.BUTTON_CANCEL]
    assert t.BUTTON_CONFIRM not in buttons_of(card)

    ticked = (await andres.click(card, TICK))[-1]
    assert buttons_of(ticked) == [UNTICK, t.BUTTON_CONFIRM, texts.BUTTON_CANCEL]
    unticked = (await andres.click(ticked, UNTICK))[-1]
    assert buttons_of(unticked) == [TICK, texts.BUTTON_CANCEL]
    ticked = (await andres.click(unticked, TICK))[-1]
    assert await SmsPurchase.all().count() == 0  # ticking buys nothing

    done = (await andres.click(ticked, t.BUTTON_CONFIRM))[-1]
    assert "Compra realizada" in done["text"]
    assert "SMS disponibles ahora: 130" in done["text"]
    assert "diciembre 2026" in done["text"]
    record = await SmsPurchase.get()
    assert (record.bundle_name, record.sms_count, record.price_clp) == ("Bolsa 100", 100, 5_000)
    assert record.buyer_label == "Andrés Admin"

    summary = (await andres.send("/sms"))[-1]
    assert "Disponibles ahora: 130" in summary["text"]
    assert "100 de 100 de una bolsa; válidos hasta el 22-05-2027" in summary["text"]
    assert "Bolsas compradas en la comunidad: 1" in summary["text"]

    history = (await andres.click(summary, t.BUTTON_HISTORY))[-1]
    row = "22-11-2026 · Bolsa 100 · 100 SMS · $5.000 · Andrés Admin"
    assert row in history["text"]
    assert buttons_of(history) == ["noviembre 2026", "✓ Todo", t.BUTTON_BACK]
    by_month = (await andres.click(history, "noviembre 2026"))[-1]
    assert row in by_month["text"]
    assert "Período: noviembre 2026" in by_month["text"]
    assert "✓ noviembre 2026" in buttons_of(by_month)


async def test_purchase_emails_los_aromos_administrators_and_support(sim) -> None:
    card = await open_card(sim, ANDRES)
    andres = sim.person(ANDRES)
    ticked = (await andres.click(card, TICK))[-1]
    await andres.click(ticked, t.BUTTON_CONFIRM)
    emails = [e for e in await sim.emails() if "Compra de bolsa de SMS" in e["subject"]]
    assert sorted(e["to"] for e in emails) == sorted(
        ["sofia@example.com", "andres@example.com", SUPPORT]
    )
    assert all(LOS_AROMOS in e["subject"] for e in emails)
    body = emails[0]["text"]
    for fact in ("Bolsa 100", "$5.000", "diciembre 2026", "Andrés Admin"):
        assert fact in body
    everyone = {e["to"] for e in await sim.emails()}
    assert "pablo@example.com" not in everyone
    assert "valentina@example.com" not in everyone
    assert "carla@example.com" not in everyone


async def test_cancel_on_the_card_buys_nothing(sim, emulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(sim, ANDRES)
    ticked = (await andres.click(card, TICK))[-1]
    cancelled = (await andres.click(ticked, texts.BUTTON_CANCEL))[-1]
    assert cancelled["text"] == t.PURCHASE_CANCELLED
    assert buttons_of(cancelled) == [t.BUTTON_BACK]
    # The old card's confirm, replayed after cancelling, is a stale button.
    community_id, bundle_id = await ids()
    emulator.forge_click(ANDRES, card["message_id"], f"sms:conf:{community_id}:{bundle_id}")
    await sim.settle()
    assert last_alert(emulator, ANDRES) == {"text": texts.STALE_BUTTON, "show_alert": True}
    assert await SmsPurchase.all().count() == 0
    assert await sim.emails() == []
    assert "Disponibles ahora: 30" in text_of(await andres.send("/sms"))


async def test_a_forged_early_confirm_is_refused_server_side(sim, emulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(sim, ANDRES)
    community_id, bundle_id = await ids()
    emulator.forge_click(ANDRES, card["message_id"], f"sms:conf:{community_id}:{bundle_id}")
    await sim.settle()
    assert last_alert(emulator, ANDRES) == {"text": t.NOT_ACCEPTED, "show_alert": True}
    assert await SmsPurchase.all().count() == 0
    assert await sim.emails() == []
    # The card is still open and still works the honest way.
    current = next(m for m in await sim.messages(ANDRES) if m["message_id"] == card["message_id"])
    assert buttons_of(current) == [TICK, texts.BUTTON_CANCEL]
    ticked = (await andres.click(card, TICK))[-1]
    assert "Compra realizada" in text_of(await andres.click(ticked, t.BUTTON_CONFIRM))
    assert await SmsPurchase.all().count() == 1


async def test_confirm_for_another_bundle_than_the_card_is_refused(sim, emulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(sim, ANDRES)
    await andres.click(card, TICK)
    community_id, _ = await ids()
    other = await SmsBundle.get(name="Bolsa 1000")
    emulator.forge_click(ANDRES, card["message_id"], f"sms:conf:{community_id}:{other.id}")
    await sim.settle()
    assert last_alert(emulator, ANDRES) == {"text": texts.STALE_BUTTON, "show_alert": True}
    assert await SmsPurchase.all().count() == 0


async def test_a_double_confirm_buys_once(sim, emulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(sim, ANDRES)
    await andres.click(card, TICK)
    community_id, bundle_id = await ids()
    for _ in range(2):
        emulator.forge_click(ANDRES, card["message_id"], f"sms:conf:{community_id}:{bundle_id}")
    await sim.settle()
    assert await SmsPurchase.all().count() == 1
    assert "Disponibles ahora: 130" in text_of(await andres.send("/sms"))


async def test_terms_that_changed_since_the_card_must_be_accepted_again(sim, clock) -> None:
    andres = sim.person(ANDRES)
    clock.set(santiago(2026, 11, 30, 23, 58))
    card = await open_card(sim, ANDRES)
    assert "Período de facturación: diciembre 2026" in card["text"]
    ticked = (await andres.click(card, TICK))[-1]
    clock.set(santiago(2026, 12, 1, 0, 1))  # a new month: billed in January now
    renewed = (await andres.click(ticked, t.BUTTON_CONFIRM))[-1]
    assert await SmsPurchase.all().count() == 0
    assert "Período de facturación: enero 2027" in renewed["text"]
    assert buttons_of(renewed) == [TICK, texts.BUTTON_CANCEL]
    ticked = (await andres.click(renewed, TICK))[-1]
    done = (await andres.click(ticked, t.BUTTON_CONFIRM))[-1]
    assert "enero 2027" in done["text"]
    assert (await SmsPurchase.get()).billing_period.isoformat() == "2027-01-01"


async def test_concierge_cannot_see_or_buy(sim, emulator) -> None:
    carla = sim.person(CARLA)
    replies = await carla.send("/sms")
    assert text_of(replies) == texts.DENIALS[Denial.PROFILE]
    assert not replies[-1]["buttons"]
    community_id, bundle_id = await ids()
    message = (await carla.send("/start"))[-1]
    for data in (
        f"sms:cat:{community_id}",
        f"sms:buy:{community_id}:{bundle_id}",
        f"sms:conf:{community_id}:{bundle_id}",
        f"sms:hist:{community_id}",
    ):
        emulator.forge_click(CARLA, message["message_id"], data)
        await sim.settle()
        assert last_alert(emulator, CARLA) == {
            "text": texts.DENIALS[Denial.PROFILE],
            "show_alert": True,
        }, data
    assert await SmsPurchase.all().count() == 0


async def test_test_user_looks_but_every_purchase_step_is_read_only(sim, emulator) -> None:
    pablo = sim.person(PABLO)
    summary = (await pablo.send("/sms"))[-1]
    assert "Disponibles ahora: 30" in summary["text"]
    history = (await pablo.click(summary, t.BUTTON_HISTORY))[-1]
    assert t.HISTORY_NONE in history["text"]
    summary = (await pablo.click(history, t.BUTTON_BACK))[-1]
    # Read-only views (issue 12, item 19): the bundles can be seen, not bought.
    assert buttons_of(summary) == [t.BUTTON_SEE_BUNDLES, t.BUTTON_HISTORY]
    catalogue = (await pablo.click(summary, t.BUTTON_SEE_BUNDLES))[-1]
    assert "Bolsa 100: 100 SMS, $5.000" in catalogue["text"]
    assert buttons_of(catalogue) == [t.BUTTON_BACK]
    read_only = {"text": texts.DENIALS[Denial.READ_ONLY], "show_alert": True}

    community_id, bundle_id = await ids()
    emulator.forge_click(PABLO, catalogue["message_id"], f"sms:buy:{community_id}:{bundle_id}")
    await sim.settle()
    assert last_alert(emulator, PABLO) == read_only
    assert "Confirma tu compra" not in text_of(await sim.messages(PABLO))
    for data in (
        f"sms:acc:{community_id}:{bundle_id}",
        f"sms:conf:{community_id}:{bundle_id}",
        f"sms:no:{community_id}",
    ):
        emulator.forge_click(PABLO, catalogue["message_id"], data)
        await sim.settle()
        assert last_alert(emulator, PABLO) == read_only, data
    assert await SmsPurchase.all().count() == 0
    assert await sim.emails() == []


async def test_admin_of_another_community_cannot_act_on_los_aromos(sim, emulator) -> None:
    administration = await Administration.get(name=ADMINISTRATION)
    vista = await Community.get(name=VISTA_CORDILLERA)
    other = await StaffUser.create(
        administration=administration,
        first_name="Olga",
        last_name="Otra",
        email="olga@example.com",
        profile=Profile.ADMIN,
        telegram_id=OTHER_ADMIN,
    )
    await other.communities.add(vista)
    olga = sim.person(OTHER_ADMIN)
    summary = (await olga.send("/sms"))[-1]
    assert VISTA_CORDILLERA in summary["text"]
    assert LOS_AROMOS not in summary["text"]
    community_id, bundle_id = await ids()
    for data in (
        f"sms:home:{community_id}",
        f"sms:hist:{community_id}",
        f"sms:buy:{community_id}:{bundle_id}",
        f"sms:conf:{community_id}:{bundle_id}",
    ):
        emulator.forge_click(OTHER_ADMIN, summary["message_id"], data)
        await sim.settle()
        assert last_alert(emulator, OTHER_ADMIN) == {
            "text": texts.DENIALS[Denial.SCOPE],
            "show_alert": True,
        }, data
    assert await SmsPurchase.all().count() == 0
    current = next(
        m for m in await sim.messages(OTHER_ADMIN) if m["message_id"] == summary["message_id"]
    )
    assert current["text"] == summary["text"]


async def test_garbage_callback_data_is_a_stale_button(sim, emulator) -> None:
    summary = (await sim.person(ANDRES).send("/sms"))[-1]
    community_id, _ = await ids()
    for data in ("sms:buy:x:y", f"sms:buy:{community_id}:999999", f"sms:hist:{community_id}:0"):
        emulator.forge_click(ANDRES, summary["message_id"], data)
        await sim.settle()
        assert last_alert(emulator, ANDRES)["show_alert"] is True, data
    assert texts.ERROR_GENERIC not in text_of(await sim.messages(ANDRES))
    assert await SmsPurchase.all().count() == 0


async def test_history_by_period_newest_first_with_the_buyer(sim, clock) -> None:
    aromos = await Community.get(name=LOS_AROMOS)
    sofia = await StaffUser.get(telegram_id=SOFIA)
    andres = await StaffUser.get(telegram_id=ANDRES)
    b100 = await SmsBundle.get(name="Bolsa 100")
    b500 = await SmsBundle.get(name="Bolsa 500")
    await purchase(
        aromos.id, b500.id, sofia, support_email=SUPPORT, clock=FrozenClock(santiago(2026, 9, 3))
    )
    await purchase(
        aromos.id, b100.id, andres, support_email=SUPPORT, clock=FrozenClock(santiago(2026, 11, 5))
    )
    person = sim.person(ANDRES)
    summary = (await person.send("/sms"))[-1]
    assert "Bolsas compradas en la comunidad: 2" in summary["text"]
    history = (await person.click(summary, t.BUTTON_HISTORY))[-1]
    newer = "05-11-2026 · Bolsa 100 · 100 SMS · $5.000 · Andrés Admin"
    older = "03-09-2026 · Bolsa 500 · 500 SMS · $20.000 · Sofía Súper"
    assert history["text"].index(newer) < history["text"].index(older)
    assert buttons_of(history) == ["noviembre 2026", "septiembre 2026", "✓ Todo", t.BUTTON_BACK]
    september = (await person.click(history, "septiembre 2026"))[-1]
    assert older in september["text"]
    assert newer not in september["text"]
    everything = (await person.click(september, "Todo"))[-1]
    assert newer in everything["text"]
    assert older in everything["text"]


async def test_super_admin_buys_for_the_community_she_chose(sim) -> None:
    sofia = sim.person(SOFIA)
    assert text_of(await sofia.send("/sms")) == texts.COMMUNITY_FIRST
    chooser = (await sofia.send("/comunidad"))[-1]
    await sofia.click(chooser, VISTA_CORDILLERA)
    card = await open_card(sim, SOFIA, "Bolsa 500")
    assert VISTA_CORDILLERA in card["text"]
    ticked = (await sofia.click(card, TICK))[-1]
    done = (await sofia.click(ticked, t.BUTTON_CONFIRM))[-1]
    assert "SMS disponibles ahora: 530" in done["text"]
    vista = await Community.get(name=VISTA_CORDILLERA)
    assert (await SmsPurchase.get()).community_id == vista.id
    lots = await SmsLot.filter(community_id=vista.id, kind="purchase")
    assert [lot.remaining for lot in lots] == [500]
    recipients = {e["to"] for e in await sim.emails()}
    assert recipients == {"sofia@example.com", SUPPORT}  # Vista Cordillera has no Administrador


async def test_sms_command_inside_an_open_card_starts_over(sim, emulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(sim, ANDRES)
    await andres.click(card, TICK)
    summary = (await andres.send("/sms"))[-1]
    assert "Disponibles ahora: 30" in summary["text"]
    community_id, bundle_id = await ids()
    emulator.forge_click(ANDRES, card["message_id"], f"sms:conf:{community_id}:{bundle_id}")
    await sim.settle()
    assert last_alert(emulator, ANDRES) == {"text": texts.STALE_BUTTON, "show_alert": True}
    assert await SmsPurchase.all().count() == 0
