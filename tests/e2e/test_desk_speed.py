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


def jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


async def test_a_typed_pickup_code_opens_the_hand_over(sim) -> None:
    item = await pending_item_for_depto_101()
    carla = sim.person(CARLA)
    replies = await carla.send(item.pickup_code.lower())  # 1: just the code
    who = replies[-1]
    assert "Rodrigo Residente" in buttons_of(who)
    (confirm,) = await carla.click(who, "Rodrigo Residente")  # 2
    (done,) = await carla.click(confirm, t.BUTTON_CONFIRM_DELIVERY)  # 3
    assert item.pickup_code in done["text"]
    assert (await CorrespondenceItem.get(id=item.id)).status is ItemStatus.DELIVERED


async def test_a_code_that_is_no_pending_item_is_said_or_checked_as_a_document(sim) -> None:
    carla = sim.person(CARLA)
    answer = text_of(await carla.send("ABCDEF"))
    assert "No hay correspondencia pendiente con el código ABCDEF" in answer
    # Shaped like a passport too: then it is an access check.
    answer = text_of(await carla.send("A23456"))
    assert "Pasaporte A23456" in answer


async def test_a_photo_with_a_property_in_its_caption_logs_a_parcel_in_three_steps(sim) -> None:
    carla = sim.person(CARLA)
    (kind,) = await carla.send_file("photo", jpeg(), "paquete.jpg", caption="101")  # 1
    assert "Depto 101" in kind["text"]
    (review,) = await carla.click(kind, "Paquete")  # 2
    assert "Foto: sí" in review["text"]
    assert t.BUTTON_ADD_SENDER in buttons_of(review)
    (done,) = await carla.click(review, t.BUTTON_SAVE)  # 3
    assert "Código de retiro" in done["text"]
    item = await CorrespondenceItem.get(status=ItemStatus.PENDING)
    assert item.photo_file_id
    assert item.kind == ItemKind.PARCEL


async def test_a_captioned_photo_can_still_take_a_sender(sim) -> None:
    carla = sim.person(CARLA)
    (kind,) = await carla.send_file("photo", jpeg(), "paquete.jpg", caption="Depto 102")
    (review,) = await carla.click(kind, "Paquete")
    (sender,) = await carla.click(review, t.BUTTON_ADD_SENDER)
    (review,) = await carla.click(sender, "Starken")
    assert "Remitente: Starken" in review["text"]
    await carla.click(review, t.BUTTON_SAVE)
    assert (await CorrespondenceItem.get(status=ItemStatus.PENDING)).sender == "Starken"
