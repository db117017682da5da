"""SMS notices to administrators: a bundle was bought, the balance runs low, an SMS was given up.

Plain text, as they always were. Data (`models.sms`): ``community``; a purchase's
``bundle``, ``sms_count``, ``price_clp``, ``billing_period``, ``valid_until`` and
``purchased_on`` (ISO dates), ``buyer_name``, ``buyer_email``, ``available``; a warning's
``available`` and ``threshold``. An SMS given up as not sent (`notifier.undecided`):
``property`` and ``code`` of its notice (or null), ``attempted_at`` (ISO), ``hours`` it stayed
undecided and ``refunded`` (SMS given back).
"""

from __future__ import annotations

from datetime import date

from models.outbox import SMS_UNCONFIRMED, Channel
from models.sms_purchases import (
    SMS_LOW_BALANCE,
    SMS_PURCHASE,
    format_clp,
    format_date,
    format_int,
)
from notifier.notices.base import Notice, Rendered, Renderer

MONTHS: tuple[str, ...] = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
PERIOD = "{mes} {anio}"
PURCHASE_EMAIL_SUBJECT = "Compra de bolsa de SMS — {comunidad}"
PURCHASE_EMAIL_BODY = (
    "Hola:\n"
    "\n"
    "Se registró una compra de SMS para la comunidad {comunidad}.\n"
    "\n"
    "Bolsa: {bolsa}\n"
    "SMS: {sms}\n"
    "Costo: {costo}\n"
    "Período de facturación: {periodo}\n"
    "Válidos hasta: {vigencia}\n"
    "Compra realizada por: {comprador}\n"
    "Fecha de compra: {fecha}\n"
    "\n"
    "SMS disponibles ahora: {disponible}.\n"
    "\n"
    "Puedes revisar el saldo y el historial de compras con el comando /sms.\n"
    "\n"
    "— Conserjería"
)
BUYER = "{nombre} ({correo})"
LOW_BALANCE_EMAIL_SUBJECT = "Quedan pocos SMS — {comunidad}"
LOW_BALANCE_EMAIL_BODY = (
    "Hola:\n"
    "\n"
    "A la comunidad {comunidad} le quedan {disponible} SMS disponibles.\n"
    "\n"
    "Para que los avisos de correspondencia no se interrumpan, te recomendamos comprar una "
    "nueva bolsa de SMS con el comando /sms.\n"
    "\n"
    "No te volveremos a avisar hasta que el saldo supere los {umbral} SMS y vuelva a bajar.\n"
    "\n"
    "— Conserjería"
)


UNCONFIRMED_EMAIL_SUBJECT = "Un SMS no pudo confirmarse — {comunidad}"
UNCONFIRMED_EMAIL_INTRO = (
    "Hola:\n"
    "\n"
    "Un aviso por SMS de la comunidad {comunidad}{detalle}, intentado el {fecha}, sigue sin "
    "confirmación del proveedor después de {horas} horas. Lo dimos por no enviado."
)
UNCONFIRMED_DETAIL = " para {inmueble}"
UNCONFIRMED_CODE = " (código de retiro {codigo})"
UNCONFIRMED_REFUNDED = "Devolvimos {sms} SMS al saldo de la comunidad."
UNCONFIRMED_NOT_REFUNDED = "No hubo SMS que devolver al saldo (su bolsa ya había vencido)."
UNCONFIRMED_CLOSING = (
    "Es posible que el residente no haya recibido el SMS: si es importante, avísale por otro "
    "medio.\n"
    "\n"
    "— Conserjería"
)


def period_label(value: date) -> str:
    """date(2026, 12, 1) → "diciembre 2026" (no locale needed)."""
    return PERIOD.format(mes=MONTHS[value.month - 1], anio=value.year)


def purchase_email(notice: Notice) -> Rendered:
    values = {
        "comunidad": notice.text("community"),
        "bolsa": notice.text("bundle"),
        "sms": format_int(notice.number("sms_count")),
        "costo": format_clp(notice.number("price_clp")),
        "periodo": period_label(notice.day("billing_period")),
        "vigencia": format_date(notice.day("valid_until")),
        "comprador": BUYER.format(
            nombre=notice.text("buyer_name"), correo=notice.text("buyer_email")
        ),
        "fecha": format_date(notice.day("purchased_on")),
        "disponible": format_int(notice.number("available")),
    }
    return Rendered(
        subject=PURCHASE_EMAIL_SUBJECT.format(**values),
        text=PURCHASE_EMAIL_BODY.format(**values),
    )


def low_balance_email(notice: Notice) -> Rendered:
    values = {
        "comunidad": notice.text("community"),
        "disponible": format_int(notice.number("available")),
        "umbral": format_int(notice.number("threshold")),
    }
    return Rendered(
        subject=LOW_BALANCE_EMAIL_SUBJECT.format(**values),
        text=LOW_BALANCE_EMAIL_BODY.format(**values),
    )


def unconfirmed_email(notice: Notice) -> Rendered:
    prop, code = notice.optional_text("property"), notice.optional_text("code")
    detail = UNCONFIRMED_DETAIL.format(inmueble=prop) if prop else ""
    if code:
        detail += UNCONFIRMED_CODE.format(codigo=code)
    community = notice.text("community")
    refunded = notice.number("refunded")
    intro = UNCONFIRMED_EMAIL_INTRO.format(
        comunidad=community,
        detalle=detail,
        fecha=notice.when("attempted_at"),
        horas=format_int(notice.number("hours")),
    )
    refund = (
        UNCONFIRMED_REFUNDED.format(sms=format_int(refunded))
        if refunded > 0
        else UNCONFIRMED_NOT_REFUNDED
    )
    return Rendered(
        subject=UNCONFIRMED_EMAIL_SUBJECT.format(comunidad=community),
        text="\n\n".join([intro, refund, UNCONFIRMED_CLOSING]),
    )


RENDERERS: dict[tuple[str, Channel], Renderer] = {
    (SMS_PURCHASE, Channel.EMAIL): purchase_email,
    (SMS_LOW_BALANCE, Channel.EMAIL): low_balance_email,
    (SMS_UNCONFIRMED, Channel.EMAIL): unconfirmed_email,
}
