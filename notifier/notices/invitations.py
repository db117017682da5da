"""The invitation e-mail: one template for staff users and residents.

Data (`models.staff`, `models.residents`): ``inviter``, ``link``, ``bot``, ``code``,
``expires_at`` (ISO), ``zone``; a staff user's also ``name``, ``profile`` (a `Profile` value),
``role`` (a custom role's name, optional)
and ``communities`` (names); a resident's ``community`` and ``property``, and ``logo_cid``
when the community shows a logo. The link and the code are one-time secrets
(`models.outbox.SECRET_DATA`): once sent they are replaced by `SECRET_PLACEHOLDERS`.
"""

from __future__ import annotations

from models.core import Profile
from models.outbox import INVITATION, Channel
from notifier.notices.base import Notice, Rendered, Renderer, RenderError
from notifier.notices.layout import email

PROFILE_NAMES: dict[str, str] = {
    Profile.SUPER_ADMIN.value: "Súper Administrador",
    Profile.ADMIN.value: "Administrador",
    Profile.CONCIERGE.value: "Conserje",
}

STAFF_SUBJECT = "Invitación a Conserjería — {comunidades}"
STAFF_GREETING = "Hola, {nombre}:"
STAFF_INTRO = (
    "{invitador} te dio acceso a Conserjería, el bot de Telegram de {comunidades}, "
    "con el perfil {perfil}."
)
NO_COMMUNITIES = "tu administración"

RESIDENT_SUBJECT = "Avisos de {comunidad} en Telegram"
RESIDENT_GREETING = "Hola:"
RESIDENT_INTRO = (
    "{invitador}, de la administración de {comunidad}, te invita a recibir en Telegram los "
    "avisos de correspondencia de {inmueble}."
)
LINK = "Para {accion}, abre este enlace en el teléfono o computador donde usas Telegram:\n{enlace}"
STAFF_ACTION = "entrar"
RESIDENT_ACTION = "activarlos"

CODE = (
    "Si el enlace no abre el bot, busca @{bot} en Telegram y envíale este mensaje:\n"
    "/start {codigo}"
)
EXPIRY = (
    "La invitación sirve una sola vez y vence el {vence} (hora de Chile). "
    "Si vence, pide una nueva a tu administración."
)
IGNORE = "Si no esperabas este correo, ignóralo."

SECRET_PLACEHOLDERS: dict[str, str] = {
    "link": "[enlace de un solo uso]",
    "code": "[código de un solo uso]",
}
"""What the recorded text shows instead of the token once the invitation went out."""


def invitation_email(notice: Notice) -> Rendered:
    """A staff user's invitation when the data names a profile, else a resident's."""
    values = {
        "invitador": notice.text("inviter"),
        "enlace": notice.text("link"),
        "bot": notice.text("bot"),
        "codigo": notice.text("code"),
        "vence": notice.when("expires_at"),
    }
    profile = notice.optional_text("profile")
    if profile is not None:
        if profile not in PROFILE_NAMES:
            raise RenderError("data['profile'] is not a staff profile")
        values |= {
            "nombre": notice.text("name"),
            # A custom role (issue 13) is named by its own name instead of the profile's.
            "perfil": notice.optional_text("role") or PROFILE_NAMES[profile],
            "comunidades": ", ".join(notice.texts("communities")) or NO_COMMUNITIES,
            "accion": STAFF_ACTION,
        }
        subject, greeting, intro = STAFF_SUBJECT, STAFF_GREETING, STAFF_INTRO
    else:
        values |= {
            "comunidad": notice.text("community"),
            "inmueble": notice.text("property"),
            "accion": RESIDENT_ACTION,
        }
        subject, greeting, intro = RESIDENT_SUBJECT, RESIDENT_GREETING, RESIDENT_INTRO
    return email(
        notice,
        subject.format(**values),
        [
            greeting.format(**values),
            intro.format(**values),
            LINK.format(**values),
            CODE.format(**values),
            EXPIRY.format(**values),
            IGNORE,
        ],
    )


RENDERERS: dict[tuple[str, Channel], Renderer] = {(INVITATION, Channel.EMAIL): invitation_email}
