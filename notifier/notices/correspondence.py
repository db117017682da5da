"""Correspondence notices: an item arrived (SMS, e-mail, chat), was delivered, still waits.

Spanish (Chile), tú form. Data (`models.correspondence` writes it): ``community``,
``property``, ``kind`` (an `ItemKind` value), ``code``, ``sender`` and ``note`` (or null),
``received_at`` / ``delivered_at`` (ISO), ``collected_by``, ``zone``; e-mails also
``logo_cid``.
"""

from __future__ import annotations

from html import escape

from models.correspondence_notices import PARCEL_ARRIVED, PARCEL_DELIVERED, PARCEL_REMINDER
from models.gsm import SINGLE_GSM7, gsm7_septets, segments, to_gsm7
from models.outbox import Channel
from notifier.notices.base import Notice, Rendered, Renderer, RenderError
from notifier.notices.layout import email

KIND_NAMES: dict[str, str] = {
    "carta": "Carta",
    "paquete": "Paquete",
    "documento": "Documento",
    "otro": "Otro",
}
KIND_WITH_ARTICLE: dict[str, str] = {
    "carta": "una carta",
    "paquete": "un paquete",
    "documento": "un documento",
    "otro": "correspondencia",
}
NO_SENDER = "no indicado"

# The SMS is written with accents here and transliterated to GSM-7 before it is sent.
SMS_TEMPLATE = "Conserjería {comunidad}: llegó {tipo} para {inmueble}. Código de retiro {codigo}."

EMAIL_SUBJECT = "📦 Llegó {tipo} para {inmueble} — código {codigo}"
EMAIL_INTRO = "Hola:\n\nEn la conserjería de {comunidad} recibimos {tipo} para {inmueble}."
EMAIL_DETAILS = "Tipo: {tipo}\nRemitente: {remitente}\nRecibido: {fecha}"
EMAIL_NOTE = "Nota de conserjería: {nota}"
EMAIL_CODE = "Código de retiro: {codigo}"
EMAIL_CLOSING = "Muestra este código en la conserjería para retirarlo."

CHAT_NOTICE = (
    "📦 <b>Llegó {tipo} para {inmueble}</b>\n"
    "{comunidad}\n\n"
    "Remitente: {remitente}\n"
    "Recibido: {fecha}\n"
    "{nota}"
    "\nCódigo de retiro: <code>{codigo}</code>\n"
    "Muéstralo en conserjería para retirarlo."
)
CHAT_NOTICE_NOTE = "Nota: {nota}\n"

DELIVERED_EMAIL_SUBJECT = "✅ Se entregó la correspondencia de {inmueble} ({codigo})"
DELIVERED_EMAIL_BODY = (
    "Hola:\n\nLa conserjería de {comunidad} entregó {tipo} de {inmueble} "
    "(código {codigo}) a {quien} el {fecha}."
)
DELIVERED_EMAIL_CLOSING = "Si no fuiste tú ni alguien de tu confianza, avisa a la conserjería."
DELIVERED_CHAT = (
    "✅ <b>Correspondencia entregada</b>\n"
    "{tipo_mayuscula} de {inmueble} (código <code>{codigo}</code>) se entregó a "
    "<b>{quien}</b> el {fecha}."
)

REMIND_EMAIL_SUBJECT = "🔔 Recordatorio: {tipo} para {inmueble} espera en conserjería"
REMIND_EMAIL_BODY = (
    "Hola:\n\nTe recordamos que en la conserjería de {comunidad} espera {tipo} para "
    "{inmueble}, recibido el {fecha}.\nRemitente: {remitente}"
)
REMIND_CHAT = (
    "🔔 <b>Recordatorio</b>: {tipo} para {inmueble} espera en conserjería desde el {fecha}.\n"
    "Código de retiro: <code>{codigo}</code>"
)


def _esc(value: str) -> str:
    return escape(value, quote=False)


def _kind(notice: Notice) -> str:
    kind = notice.text("kind")
    if kind not in KIND_WITH_ARTICLE:
        raise RenderError("data['kind'] is not a kind of correspondence")
    return kind


def sms_text(community_name: str, property_name: str, kind: str, code: str) -> str:
    """The SMS: GSM-7, one segment; the names are shortened (longest first) until it fits."""
    community, prop = to_gsm7(community_name), to_gsm7(property_name)

    def render() -> str:
        return to_gsm7(
            SMS_TEMPLATE.format(
                comunidad=community, tipo=KIND_WITH_ARTICLE[kind], inmueble=prop, codigo=code
            )
        )

    text = render()
    while gsm7_septets(text) > SINGLE_GSM7 and (community or prop):
        if len(community) >= len(prop):
            community = community[:-1].rstrip()
        else:
            prop = prop[:-1].rstrip()
        text = render()
    return text


def _arrival_values(notice: Notice) -> dict[str, str]:
    kind = _kind(notice)
    return {
        "tipo": KIND_WITH_ARTICLE[kind],
        "tipo_nombre": KIND_NAMES[kind],
        "inmueble": notice.text("property"),
        "comunidad": notice.text("community"),
        "remitente": notice.optional_text("sender") or NO_SENDER,
        "fecha": notice.when("received_at"),
        "codigo": notice.text("code"),
    }


def arrived_sms(notice: Notice) -> Rendered:
    text = sms_text(
        notice.text("community"), notice.text("property"), _kind(notice), notice.text("code")
    )
    if segments(text) != 1:  # the domain spent exactly one SMS for it
        raise RenderError("the SMS does not fit one segment")
    return Rendered(subject=None, text=text)


def arrived_email(notice: Notice) -> Rendered:
    values = _arrival_values(notice)
    note = notice.optional_text("note")
    return email(
        notice,
        EMAIL_SUBJECT.format(**values),
        [
            EMAIL_INTRO.format(**values),
            EMAIL_DETAILS.format(**{**values, "tipo": values["tipo_nombre"]}),
            EMAIL_NOTE.format(nota=note) if note else "",
            EMAIL_CODE.format(**values),
            EMAIL_CLOSING,
        ],
    )


def arrived_chat(notice: Notice) -> Rendered:
    values = {k: _esc(v) for k, v in _arrival_values(notice).items()}
    note = notice.optional_text("note")
    text = CHAT_NOTICE.format(
        **values, nota=CHAT_NOTICE_NOTE.format(nota=_esc(note)) if note else ""
    )
    return Rendered(subject=None, text=text)


def _delivery_values(notice: Notice) -> dict[str, str]:
    return {
        "tipo": KIND_WITH_ARTICLE[_kind(notice)],
        "inmueble": notice.text("property"),
        "comunidad": notice.text("community"),
        "codigo": notice.text("code"),
        "quien": notice.text("collected_by"),
        "fecha": notice.when("delivered_at"),
    }


def delivered_email(notice: Notice) -> Rendered:
    values = _delivery_values(notice)
    return email(
        notice,
        DELIVERED_EMAIL_SUBJECT.format(**values),
        [DELIVERED_EMAIL_BODY.format(**values), DELIVERED_EMAIL_CLOSING],
    )


def delivered_chat(notice: Notice) -> Rendered:
    values = _delivery_values(notice)
    escaped = {k: _esc(v) for k, v in values.items()}
    text = DELIVERED_CHAT.format(**escaped, tipo_mayuscula=_esc(values["tipo"].capitalize()))
    return Rendered(subject=None, text=text)


def reminder_email(notice: Notice) -> Rendered:
    values = _arrival_values(notice)
    return email(
        notice,
        REMIND_EMAIL_SUBJECT.format(**values),
        [REMIND_EMAIL_BODY.format(**values), EMAIL_CODE.format(**values), EMAIL_CLOSING],
    )


def reminder_chat(notice: Notice) -> Rendered:
    values = {k: _esc(v) for k, v in _arrival_values(notice).items()}
    return Rendered(subject=None, text=REMIND_CHAT.format(**values))


RENDERERS: dict[tuple[str, Channel], Renderer] = {
    (PARCEL_ARRIVED, Channel.SMS): arrived_sms,
    (PARCEL_ARRIVED, Channel.EMAIL): arrived_email,
    (PARCEL_ARRIVED, Channel.CHAT): arrived_chat,
    (PARCEL_DELIVERED, Channel.EMAIL): delivered_email,
    (PARCEL_DELIVERED, Channel.CHAT): delivered_chat,
    (PARCEL_REMINDER, Channel.EMAIL): reminder_email,
    (PARCEL_REMINDER, Channel.CHAT): reminder_chat,
}
