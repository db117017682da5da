"""Every chat text the bot says, in Spanish (Chile), `tú` form, in one folder for review.

This module holds the shared texts; each feature has its own module beside it
(`bot/texts/access.py`, `bot/texts/sms.py`…).

Placeholders are named (`{nombre}`); handlers fill them with HTML-escaped values, because
messages are sent with HTML parse mode.
"""

from __future__ import annotations

from datetime import date

from models.core import Profile
from models.permissions import Denial

PROFILE_LABELS: dict[Profile, str] = {
    Profile.SUPER_ADMIN: "Súper Administrador",
    Profile.ADMIN: "Administrador",
    Profile.CONCIERGE: "Conserje",
}

# --- shared buttons and pages (the chat kit's widgets) -----------------------------------
BUTTON_PREV = "◀️ Anterior"
BUTTON_NEXT = "Siguiente ▶️"
BUTTON_CANCEL = "Cancelar"
PAGE_OF = "Página {pagina} de {paginas}"
PICK_FOUND = "Encontré {total} inmuebles con «{busqueda}». Elige uno:"

# --- identity -----------------------------------------------------------------------------
UNKNOWN_PERSON = (
    "Hola 👋 Este es el bot de conserjería de tu comunidad.\n\n"
    "Tu cuenta de Telegram no tiene acceso. Si trabajas en la comunidad o eres residente, "
    "pide a tu administración una invitación y ábrela desde este teléfono."
)
UNKNOWN_PERSON_ALERT = "Tu cuenta no tiene acceso a este bot."
WELCOME_STAFF = (
    "Hola, <b>{nombre}</b> 👋\n"
    "Perfil: {perfil}{prueba}\n"
    "Comunidad: <b>{comunidad}</b>\n\n"
    "Esto es lo que puedes hacer:\n{comandos}"
)
WELCOME_STAFF_NO_COMMUNITY = "elige una con /comunidad"
WELCOME_STAFF_NONE_ASSIGNED = "ninguna asignada todavía; pide a tu administración que te asigne"
TEST_USER_SUFFIX = " (usuario de prueba: puedes mirar, no cambiar)"
WELCOME_RESIDENT = (
    "Hola, <b>{nombre}</b> 👋\n"
    "Te avisaremos por aquí cuando llegue correspondencia a <b>{inmuebles}</b>.\n\n"
    "{comandos}"
)
BOUND_STAFF = "✅ Listo, tu cuenta de Telegram quedó vinculada."
BOUND_RESIDENT = "✅ Listo, recibirás aquí los avisos de tu comunidad."
REDEEM_ERRORS: dict[str, str] = {
    "unknown": "⛔ Ese código de invitación no existe. Revisa que lo copiaste completo.",
    "used": "⛔ Esa invitación ya fue usada. Si no fuiste tú, avisa a tu administración.",
    "expired": "⛔ Esa invitación venció. Pide a tu administración una nueva.",
    "revoked": (
        "⛔ Esa invitación fue reemplazada por una más reciente. Usa la última que recibiste."
    ),
    "account_taken": (
        "⛔ Esta cuenta de Telegram ya está vinculada a otro usuario. "
        "Usa otra cuenta o pide a tu administración que restablezca el acceso."
    ),
    "inactive": (
        "⛔ Esa invitación es de una cuenta que ya no tiene acceso. Habla con tu administración."
    ),
    "already_yours": "Ya usaste esta invitación: tu cuenta ya tiene ese acceso.",
}

# --- help and commands --------------------------------------------------------------------
HELP_HEADER = "<b>Lo que puedes hacer</b>\n"
HELP_LINE = "/{comando} — {descripcion}"
HELP_FOOTER = "\nEn cualquier momento, /cancel deja lo que estés haciendo."
HELP_UNKNOWN = "No tienes acceso a este bot. Pide una invitación a tu administración."

CMD_ACCESS = "Revisar si una persona puede entrar (RUT o documento)"
CMD_CORRESPONDENCE = "Registrar correspondencia y avisar al residente"
CMD_DELIVER = "Entregar correspondencia (con código o por inmueble)"
CMD_PENDING = "Correspondencia pendiente de retiro"
CMD_MY_PARCELS = "Tu correspondencia por retirar"
CMD_MOBILE = "Celular de un inmueble para avisos SMS"
CMD_VISITS = "Ingresos registrados hoy"
CMD_LISTS = "Listas de acceso de un inmueble"
CMD_SMS = "Saldo y compra de bolsas de SMS"
CMD_PROPERTIES = "Inmuebles: residentes, celular, listas, importar"
CMD_USERS = "Usuarios: crear, editar, restablecer acceso"
CMD_LOGO = "Logos de la administración y de la comunidad"
CMD_AUDIT = "Últimos cambios, por usuario"
CMD_START = "Inicio y datos de tu cuenta"
CMD_HELP = "Qué puedo hacer aquí"
CMD_COMMUNITY = "Cambiar la comunidad en la que trabajas"
CMD_CANCEL = "Cancelar lo que estás haciendo"

# --- community selector -------------------------------------------------------------------
COMMUNITY_FIRST = "¿En qué comunidad? Elige una y sigo con lo que pediste."
COMMUNITY_CHOOSE = "¿En qué comunidad trabajas ahora?\nActual: <b>{actual}</b>"
COMMUNITY_NONE_CHOSEN = "ninguna"
COMMUNITY_CURRENT_MARK = "✓ {nombre}"
COMMUNITY_SWITCHED = "✅ Ahora trabajas en <b>{comunidad}</b>. Todo lo que hagas se aplica a ella."
COMMUNITY_ONLY_ONE = "Trabajas en <b>{comunidad}</b>; es tu única comunidad."
COMMUNITY_NONE = "No tienes comunidades asignadas. Pide a tu administración que te asigne una."
COMMUNITY_NOT_YOURS = "⛔ Esa comunidad no está entre las tuyas."
RESIDENTS_NO_COMMUNITY_SWITCH = "Este comando es para el personal de la comunidad."

# --- generic ------------------------------------------------------------------------------
CANCELLED = "Cancelado. No se guardó nada."
NOTHING_TO_CANCEL = "No estabas haciendo nada; no hay nada que cancelar."
UNKNOWN_COMMAND = "No conozco ese comando. Usa /help para ver lo que puedes hacer."
FREE_TEXT_HINT = "No entendí. Usa /help para ver lo que puedes hacer."
STALE_BUTTON = "Ese botón ya no sirve. Vuelve a empezar con el comando."
PROPERTY_GONE = "⛔ Ese inmueble ya no existe o no es de tus comunidades."
CONVERSATION_TIMEOUT = "⏱️ Pasó mucho rato sin respuesta; dejé esto sin guardar."
ERROR_GENERIC = (
    "⚠️ Algo falló de nuestro lado y no se completó. Intenta de nuevo en un momento; "
    "si se repite, avisa a tu administración."
)
UNEXPECTED_IN_FLOW = (
    "No esperaba eso en este paso. Sigue las indicaciones o usa /cancel para salir."
)

DENIALS: dict[Denial, str] = {
    Denial.INACTIVE: "⛔ Tu usuario ya no tiene acceso.",
    Denial.PROFILE: "⛔ Tu perfil no permite hacer esto.",
    Denial.SCOPE: "⛔ No tienes acceso a esa comunidad.",
    Denial.READ_ONLY: "⛔ Eres usuario de prueba: puedes mirar, pero no cambiar nada.",
    Denial.NO_COMMUNITY: "Primero elige tu comunidad con /comunidad.",
}


# A month as people say it: "diciembre 2026" (no locale needed).
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


def month_label(value: date) -> str:
    """date(2026, 12, 1) → "diciembre 2026"."""
    return PERIOD.format(mes=MONTHS[value.month - 1], anio=value.year)
