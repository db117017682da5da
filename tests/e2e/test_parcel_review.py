"""The parcel review card says exactly who will be told, and how, before saving
(issue 12, item 13)."""

from __future__ import annotations

from handlers.texts import correspondence as t
from models.core import Community
from models.sms import balance, spend

CARLA = 1003


async def review_card(sim, prop: str) -> str:
    carla = sim.person(CARLA)
    (kind,) = await carla.send(f"/correspondencia {prop}")
    (sender,) = await carla.click(kind, "Paquete")
    (photo,) = await carla.click(sender, t.BUTTON_SKIP)
    (review,) = await carla.click(photo, t.BUTTON_SKIP)
    return review["text"]


async def test_depto_101_is_told_by_sms_email_and_telegram(sim) -> None:
    text = await review_card(sim, "101")
    assert "SMS a +56 9 6123 4567" in text
    assert "Correo a 2 residente(s)" in text  # Rodrigo and Daniela
    assert "Telegram a 2 residente(s)" in text
    assert "SMS, correo y Telegram" not in text


async def test_a_property_with_nobody_to_tell_says_so(sim) -> None:
    text = await review_card(sim, "102")
    assert "SMS: no, el inmueble no tiene celular" in text
    assert "Correo: no, el inmueble no tiene correos de residentes" in text
    assert "Telegram: no, ningún residente vinculado" in text


async def test_without_sms_balance_the_card_says_no_sms(sim) -> None:
    aromos = await Community.get(name="Edificio Los Aromos")
    left = (await balance(aromos.id)).available
    assert await spend(aromos.id, left, reference="test:drain") is not None
    text = await review_card(sim, "101")
    assert "SMS: no, la comunidad no tiene saldo de SMS" in text
    assert "Correo a 2 residente(s)" in text
