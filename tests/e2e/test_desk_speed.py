"""Speed at the front desk, counted in interactions (issue 12, item 22)."""

from __future__ import annotations

from handlers.texts import correspondence as t
from models.core import Community, Property, StaffUser
from models.correspondence import CorrespondenceItem, ItemKind, ItemStatus, log_item
from tests.chat import buttons_of, text_of

CARLA = 1003  # concierge, Los Aromos


async def pending_item_for_depto_101() -> CorrespondenceItem:
    carla = await StaffUser.get(telegram_id=CARLA)
    aromos = await Community.get(name="Edificio Los Aromos")
    depto = await Property.get(community=aromos, name="Depto 101")
    return (await log_item(carla, aromos.id, depto.id, ItemKind.PARCEL)).item


async def test_a_hand_over_by_code_to_a_known_resident_takes_three_interactions(sim) -> None:
    item = await pending_item_for_depto_101()
    carla = sim.person(CARLA)
    (who,) = await carla.send(f"/entregar {item.pickup_code}")  # 1
    assert "Rodrigo Residente" in buttons_of(who)
    (confirm,) = await carla.click(who, "Rodrigo Residente")  # 2
    assert "Retira: Rodrigo Residente" in confirm["text"]
    (done,) = await carla.click(confirm, t.BUTTON_CONFIRM_DELIVERY)  # 3
    assert item.pickup_code in done["text"]
    delivered = await CorrespondenceItem.get(id=item.id)
    assert delivered.status is ItemStatus.DELIVERED
    assert delivered.delivered_to == "Rodrigo Residente"


async def test_a_resident_button_of_another_property_is_refused(sim, emulator_and_app) -> None:
    from models.core import Resident

    emulator, _ = emulator_and_app
    item = await pending_item_for_depto_101()
    stranger = await Resident.create(
        property=await Property.get(name="Depto 105"), name="Otra Persona", email="o@example.com"
    )
    carla = sim.person(CARLA)
    (who,) = await carla.send(f"/entregar {item.pickup_code}")
    emulator.forge_click(CARLA, who["message_id"], f"cor:wr:{stranger.id}")
    await sim.settle()
    assert (await CorrespondenceItem.get(id=item.id)).status is ItemStatus.PENDING
    assert "Otra Persona" not in text_of(await sim.messages(CARLA))
