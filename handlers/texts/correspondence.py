"""Correspondence and property mobiles: chat texts.

Spanish (Chile), tú form; kinds are keyed by their stored value ("carta", "paquete",
"documento", "otro"). The notices residents receive are in `notifier.notices.correspondence`.
Buttons and pages shared with other features (Cancelar, ◀️ / ▶️, "Página x de y") live in
`handlers.texts`.
"""

from __future__ import annotations

# Re-exported for /celular and its tests, which still read them from here.
from handlers.texts import BUTTON_CANCEL as BUTTON_CANCEL
from handlers.texts import BUTTON_NEXT as BUTTON_NEXT

KIND_LABELS: dict[str, str] = {
    "carta": "Carta",
    "paquete": "Paquete",
    "documento": "Documento",
    "otro": "Otro",
}
WHEN_FORMAT = "%d-%m-%Y %H:%M"
SHORT_WHEN_FORMAT = "%d-%m %H:%M"
NO_SENDER = "no indicado"

# --- /correspondencia ---------------------------------------------------------------------
ASK_PROPERTY = (
    "📦 <b>Registrar correspondencia</b> en {comunidad}\n\n"
    "¿Para qué inmueble? Escribe el número o el nombre (por ejemplo: <i>101</i>) "
    "o elige abajo."
)
PICK_NONE = (
    "No encontré inmuebles con «{busqueda}» en {comunidad}. Prueba con otro número o nombre."
)
NO_PROPERTIES = "{comunidad} todavía no tiene inmuebles cargados."
EXPECTED_PROPERTY_TEXT = "Escribe el número o el nombre del inmueble, o elige uno de los botones."
ASK_KIND = "📦 Para <b>{inmueble}</b>. ¿Qué llegó?"
ASK_SENDER = (
    "¿Quién lo envía? Escribe el remitente o la empresa (por ejemplo: <i>Starken</i>), "
    "o toca «Omitir»."
)
EXPECTED_SENDER_TEXT = "Escribe el remitente como texto, o toca «Omitir»."
ASK_PHOTO = "📷 Envía una foto de la correspondencia, o toca «Omitir»."
EXPECTED_PHOTO = (
    "Esperaba una foto. Envíala como imagen (con el ícono 📎 → Foto), o toca «Omitir»."
)
PHOTO_AS_FILE = (
    "Recibí un archivo, no una foto. Envíala como imagen (no como archivo), o toca «Omitir»."
)
ASK_NOTE = "Escribe la nota (por ejemplo: <i>caja grande, frágil</i>)."
EXPECTED_NOTE_TEXT = "Escribe la nota como texto, o usa /cancel."
SUMMARY = (
    "📋 <b>Revisa antes de guardar</b>\n\n"
    "Inmueble: <b>{inmueble}</b>\n"
    "Tipo: {tipo}\n"
    "Remitente: {remitente}\n"
    "Foto: {foto}\n"
    "Nota: {nota}\n\n"
    "<b>Al guardar avisamos</b>\n{avisos}"
)
PREVIEW_SMS = "• SMS a {celular}"
PREVIEW_SMS_NO_MOBILE = "• SMS: no, el inmueble no tiene celular"
PREVIEW_SMS_NO_BALANCE = "• SMS: no, la comunidad no tiene saldo de SMS (ver /sms)"
PREVIEW_EMAIL = "• Correo a {n} residente(s)"
PREVIEW_EMAIL_NONE = "• Correo: no, el inmueble no tiene correos de residentes"
PREVIEW_CHAT = "• Telegram a {n} residente(s)"
PREVIEW_CHAT_NONE = "• Telegram: no, ningún residente vinculado"
SUMMARY_NONE = "—"
SUMMARY_PHOTO_YES = "sí ✓"
SUMMARY_PHOTO_NO = "no"
LOGGED = (
    "✅ <b>Correspondencia registrada</b>\n\n"
    "{tipo} para <b>{inmueble}</b>\n"
    "Código de retiro: <code>{codigo}</code>\n\n"
    "<b>Avisos</b>\n{avisos}"
)
NOTICE_SMS_QUEUED = "• SMS ✓ ({celular})"
NOTICE_SMS_NO_MOBILE = "• SMS: no se envió, el inmueble no tiene celular"
NOTICE_SMS_NO_BALANCE = "• SMS: no se envió, la comunidad no tiene saldo de SMS (ver /sms)"
NOTICE_EMAIL_SENT = "• Correo ✓ ({n})"
NOTICE_EMAIL_NONE = "• Correo: el inmueble no tiene correos de residentes"
NOTICE_CHAT_SENT = "• Telegram ✓ ({n})"
NOTICE_CHAT_NONE = "• Telegram: sin residentes vinculados"

BUTTON_SKIP = "Omitir"
BUTTON_SAVE = "Guardar"
BUTTON_ADD_NOTE = "Agregar nota"
BUTTON_ADD_SENDER = "Agregar remitente"
BUTTON_SHOW_PENDING = "📦 Ver pendientes"
CODE_NOT_PENDING = (
    "No hay correspondencia pendiente con el código <b>{codigo}</b>. "
    "Revísalo, o busca por inmueble con /entregar."
)
PHOTO_CAPTION_HINT = (
    "Para registrar un paquete con foto, envíala con el número del inmueble como texto "
    "(por ejemplo «101»), o usa /correspondencia."
)
BUTTON_EDIT_NOTE = "Cambiar nota"
BUTTON_ANOTHER = "Registrar otra"

# --- /entregar ----------------------------------------------------------------------------
ASK_CODE = (
    "📦 <b>Entregar correspondencia</b> en {comunidad}\n\n"
    "Escribe el código de retiro (por ejemplo: <code>K7M2QX</code>), "
    "o busca por inmueble."
)
BUTTON_BY_PROPERTY = "Buscar por inmueble"
EXPECTED_CODE_TEXT = "Escribe el código de retiro como texto, o toca «Buscar por inmueble»."
ASK_DELIVER_PROPERTY = (
    "¿De qué inmueble? Escribe el número o el nombre (por ejemplo: <i>101</i>) o elige abajo."
)
PROPERTY_NOTHING_PENDING = "<b>{inmueble}</b> no tiene correspondencia pendiente de retiro."
PROPERTY_PENDING = "📦 <b>{inmueble}</b>: {total} por retirar. Elige cuál entregas:"
ITEM_BUTTON = "{codigo} · {tipo} · {fecha}"
ITEM_CARD = (
    "📦 <b>{tipo}</b> para <b>{inmueble}</b>\n"
    "Remitente: {remitente}\n"
    "Recibido: {fecha}\n"
    "{nota}"
    "Código: <code>{codigo}</code>"
)
ITEM_CARD_NOTE = "Nota: {nota}\n"
ASK_WHO = "{tarjeta}\n\n¿Quién la retira? Escribe su nombre."
ASK_WHO_OR_PICK = "{tarjeta}\n\n¿Quién la retira? Elige a un residente o escribe el nombre."
EXPECTED_WHO_TEXT = "Escribe el nombre de quien retira, o usa /cancel."
CONFIRM_DELIVERY = "{tarjeta}\n\nRetira: <b>{quien}</b>\n\n¿Confirmas la entrega?"
BUTTON_CONFIRM_DELIVERY = "Confirmar entrega"
DELIVERED = (
    "✅ <b>Entregada</b>\n\n"
    "{tipo} de <b>{inmueble}</b> (código <code>{codigo}</code>) a <b>{quien}</b>, {fecha}.\n"
    "{avisos}"
)
DELIVERED_NOTICES = "Avisamos a los residentes (correo: {correos}, Telegram: {chats})."

# --- /pendientes, /mis_paquetes -----------------------------------------------------------
PENDING_HEADER = "📦 <b>Correspondencia pendiente</b> en {comunidad}: {total}\n"
PENDING_NONE = "📦 No hay correspondencia pendiente de retiro en {comunidad}."
PENDING_ROW = (
    "{numero}. <b>{inmueble}</b> · {tipo} · {remitente} · {fecha} · <code>{codigo}</code>"
)
PENDING_HINT = "\nToca un código para entregarla."
PENDING_READ_ONLY = (
    "\n👀 Eres usuario de prueba: puedes mirar, no entregar ni enviar recordatorios."
)
BUTTON_REMIND = "🔔 Recordar a los residentes"
BUTTON_REMIND_SEND = "Enviar recordatorios"
REMIND_CONFIRM = (
    "🔔 Se enviará un recordatorio por correo y Telegram (nunca SMS) a los residentes de "
    "{total} ítem(s) que esperan desde hace más de un día en {comunidad}.\n"
    "Cada ítem se recuerda como máximo una vez al día."
)
REMIND_NONE = "🔔 No hay correspondencia que espere desde hace más de un día en {comunidad}."
REMIND_DONE = (
    "🔔 Recordatorios en camino: {items} ítem(s) · ✉️ {correos} correo(s) · 💬 {chats} en Telegram."
)
REMIND_ALREADY = "🔔 Esos ítems ya tienen su recordatorio de hoy; no envié nada nuevo."
REMIND_CANCELLED = "No envié recordatorios."
BUTTON_DELIVER = "Entregar {codigo}"
MY_PARCELS_HEADER = "📦 <b>Tu correspondencia por retirar</b>\n"
MY_PARCELS_ROW = (
    "• <b>{inmueble}</b> ({comunidad}): {tipo}, {fecha} · código <code>{codigo}</code>"
)
MY_PARCELS_NONE = "No tienes correspondencia por retirar. Te avisaremos cuando llegue algo. 📭"
MY_PARCELS_PAGE = "Página {pagina} de {paginas} · {total} por retirar"
MY_PARCELS_FOOTER = "\nMuestra el código en conserjería para retirarla."
MY_PARCELS_STAFF = (
    "Este comando es para residentes. Para ver lo pendiente de tu comunidad usa /pendientes."
)

# --- refusals -------------------------------------------------------------------------------
REFUSALS: dict[str, str] = {
    "property_not_found": "⛔ Ese inmueble ya no existe o no es de tu comunidad.",
    "item_not_found": "⛔ Esa correspondencia ya no existe.",
    "unknown_code": (
        "⛔ No encontré correspondencia pendiente con el código <code>{codigo}</code>. "
        "Revísalo (son 6 letras y números) o busca por inmueble."
    ),
    "already_delivered": "⛔ Esa correspondencia ya fue entregada{detalle}.",
    "wrong_community": "⛔ Esa correspondencia es de otra comunidad.",
    "sender_too_long": (
        "⛔ El remitente es muy largo (máximo {max} caracteres). Escríbelo más corto."
    ),
    "note_too_long": "⛔ La nota es muy larga (máximo {max} caracteres). Escríbela más corta.",
    "name_missing": "⛔ Escribe el nombre de quien retira.",
    "name_too_long": "⛔ El nombre es muy largo (máximo {max} caracteres).",
    "bad_kind": "⛔ Ese tipo de correspondencia no existe.",
}
ALREADY_DELIVERED_DETAIL = " a {quien} el {fecha}"

# --- /celular -------------------------------------------------------------------------------
MOBILE_ASK_PROPERTY = (
    "📱 <b>Celular para avisos SMS</b> en {comunidad}\n\n"
    "¿De qué inmueble? Escribe el número o el nombre (por ejemplo: <i>101</i>) o elige abajo."
)
MOBILE_CARD = (
    "📱 <b>{inmueble}</b> ({comunidad})\n\n"
    "Celular para avisos SMS: {celular}\n\n"
    "Los SMS se usan solo para avisar la correspondencia."
)
MOBILE_NONE = "<i>sin celular</i>"
MOBILE_ASK_NUMBER = (
    "Escribe el celular de <b>{inmueble}</b>.\n"
    "Ejemplo: <code>{ejemplo}</code> (también sirve +56 9 6123 4567)."
)
MOBILE_ASK_NUMBER_REPLACES = "\nReemplazará al actual: {actual}."
MOBILE_CONFIRM = "📱 ¿Guardar <b>{celular}</b> como celular de <b>{inmueble}</b>?"
MOBILE_CONFIRM_ALSO_ON = "\nEste número también está en: {otros}."
MOBILE_SAVED = "✅ Celular guardado."
MOBILE_UNCHANGED = "Ese ya era el celular del inmueble; no cambió nada."
MOBILE_DELETE_CONFIRM = (
    "¿Eliminar el celular <b>{celular}</b> de <b>{inmueble}</b>?\n"
    "El inmueble dejará de recibir avisos por SMS."
)
MOBILE_DELETED = "✅ Celular eliminado."
MOBILE_KEPT = "Cancelado. Se mantiene el número que estaba guardado."
MOBILE_EXPECTED_TEXT = (
    "Escribe el número de celular como texto (ejemplo: {ejemplo}), o usa /cancel."
)
MOBILE_ERRORS: dict[str, str] = {
    "empty": "⛔ Escribe el número de celular. Ejemplo: <code>{ejemplo}</code>.",
    "not_a_number": (
        "⛔ «{numero}» no parece un número de teléfono. "
        "Escribe un celular chileno, por ejemplo <code>{ejemplo}</code>."
    ),
    "foreign": (
        "⛔ «{numero}» no es un número chileno. Solo se pueden usar celulares de Chile, "
        "por ejemplo <code>{ejemplo}</code>."
    ),
    "landline": (
        "⛔ «{numero}» es un teléfono fijo, no un celular; no puede recibir SMS. "
        "Escribe un celular (9 dígitos, empieza con 9), por ejemplo <code>{ejemplo}</code>."
    ),
    "invalid": (
        "⛔ «{numero}» no es un celular chileno válido. Revisa los dígitos "
        "(9 dígitos, empieza con 9), por ejemplo <code>{ejemplo}</code>."
    ),
}
MOBILE_READ_ONLY = "👀 Eres usuario de prueba: puedes ver el celular, no cambiarlo."
BUTTON_MOBILE_ADD = "Agregar celular"
BUTTON_MOBILE_EDIT = "Editar"
BUTTON_MOBILE_DELETE = "Eliminar"
BUTTON_ACCEPT = "Aceptar"
BUTTON_OTHER_PROPERTY = "Otro inmueble"
