"""/administracion and /comunidades: the administration home and its communities (seed 001)."""

from __future__ import annotations

from models.communities import CommunityField, CommunityProblem
from models.images import ImageRefusal

# --- the administration home --------------------------------------------------------------
CMD_ADMINISTRATION = "Home de la administración: datos, comunidades, contactos, roles"
CMD_COMMUNITIES = "Comunidades: buscar, crear, editar, ingresar, eliminar"
HOME = (
    "🏢 <b>{nombre}</b>\n"
    "RUT: {rut}\n"
    "Logo de la administración: {logo}\n\n"
    "El nombre y el RUT vienen de tu contrato y no se editan aquí; para cambiarlos escribe a "
    "tu ejecutivo de ventas o a {soporte}.{solo_lectura}"
)
HOME_NO_RUT = "sin registrar"
HOME_LOGO_YES = "✅ cargado"
HOME_LOGO_NO = "no cargado"
HOME_READ_ONLY = "\n\n👀 Puedes mirar; los cambios los hace un Súper Administrador."
BUTTON_COMMUNITIES = "🏘️ Comunidades"
BUTTON_CONTACTS = "📇 Contactos"
BUTTON_ROLES = "🔐 Roles"
BUTTON_LOGO = "🖼️ Logo"
BUTTON_BACK_HOME = "🏢 Volver a la administración"

# --- the list -----------------------------------------------------------------------------
LIST_HEADER = "🏘️ <b>Comunidades</b> ({total})"
LIST_QUERY = "Búsqueda: «{busqueda}»"
LIST_PAGE = "Página {pagina} de {paginas}"
LIST_ROW = "{numero}. <b>{nombre}</b>{codigo} · {inmuebles} · {contacto}"
LIST_CODE = " ({codigo})"
LIST_PROPERTIES = {0: "sin inmuebles", 1: "1 inmueble"}
LIST_PROPERTIES_MANY = "{n} inmuebles"
LIST_CONTACT_SHOWN = "contacto visible"
LIST_CONTACT_HIDDEN = "contacto oculto"
LIST_NO_CONTACT = "sin contacto"
LIST_EMPTY = "No hay comunidades que coincidan."
LIST_HINT = "Toca una comunidad para ver su ficha y sus herramientas."
BUTTON_ROW = "{numero}. {nombre}"
BUTTON_SEARCH = "🔎 Buscar"
BUTTON_CLEAR_SEARCH = "Quitar búsqueda"
BUTTON_CREATE = "➕ Crear comunidad"
BUTTON_DELETED = "🗑️ Eliminadas"
BUTTON_BACK_TO_LIST = "◀️ Volver a la lista"
SEARCH_ASK = "Escribe parte del nombre o del código de la comunidad."
READ_ONLY = "👀 Eres usuario de prueba: puedes mirar, no cambiar."

# --- the card -----------------------------------------------------------------------------
CARD = (
    "🏢 <b>{nombre}</b>\n\n"
    "Código: {codigo}\n"
    "RUT: {rut}\n"
    "Dirección: {direccion}\n"
    "Correo: {correo}\n"
    "Teléfono: {telefono}\n"
    "Inmuebles: {inmuebles}\n"
    "Contacto: {contacto}\n"
    "Firma: {firma}"
)
CARD_EMPTY = "—"
CARD_SIGNATURE_YES = "✅ cargada"
CARD_SIGNATURE_NO = "no cargada"
BUTTON_EDIT = "✏️ Editar"
BUTTON_ENTER = "➡️ Ingresar"
BUTTON_DELETE = "🗑️ Eliminar"
GONE = "⛔ Esa comunidad ya no existe o no es de tu administración."

# --- fields -------------------------------------------------------------------------------
FIELD_LABELS: dict[CommunityField, str] = {
    CommunityField.NAME: "Nombre",
    CommunityField.EMAIL: "Correo",
    CommunityField.PHONE: "Teléfono",
    CommunityField.RUT: "RUT",
    CommunityField.ADDRESS: "Dirección",
    CommunityField.CODE: "Código",
}
SIGNATURE_LABEL = "Firma"
LOGO_LABEL = "Logo"
ASK_FIELD: dict[CommunityField, str] = {
    CommunityField.NAME: "¿Cómo se llama la comunidad? (p. ej. Edificio Las Palmas)",
    CommunityField.EMAIL: "¿Cuál es el correo de la comunidad?",
    CommunityField.PHONE: (
        "¿Cuál es el teléfono de la comunidad? Sirve un fijo o un celular de Chile "
        "(p. ej. 2 2345 6789)."
    ),
    CommunityField.RUT: "¿Cuál es el RUT de la comunidad? (p. ej. 76.086.428-5)",
    CommunityField.ADDRESS: "¿Cuál es la dirección de la comunidad?",
    CommunityField.CODE: (
        "¿Quieres darle un código a la comunidad? Te ayuda a ordenarlas (p. ej. LP-01). "
        "Es opcional: toca «Omitir» si no."
    ),
}
ASK_SIGNATURE = (
    "Si quieres, envía la <b>firma</b> de la administración para los reportes de esta "
    "comunidad, como foto o archivo: solo JPG/JPEG, máximo 2 MB (se guarda sin recortar, "
    "de máximo 600 px de ancho). Si no, toca «Omitir»."
)
ASK_LOGO = (
    "Si quieres, envía el <b>logo</b> de la comunidad como foto o archivo: solo JPG/JPEG, "
    "máximo 2 MB. Se guarda el cuadrado centrado; después puedes ajustarlo con /logo. "
    "Si no, toca «Omitir»."
)
BUTTON_SKIP = "Omitir"
STEP_OF = "Paso {paso} de {pasos}. "
IMAGE_RECEIVED = "✅ {que} recibido: {ancho}×{alto} px."
NOT_AN_IMAGE = "Aquí espero una imagen JPG/JPEG (foto o archivo) o que toques «Omitir»."
EXPECTED_TEXT = "Aquí espero un texto. Escríbelo, o usa /cancel para salir."

PROBLEMS: dict[CommunityProblem, str] = {
    CommunityProblem.MISSING: "⛔ {campo} es obligatorio. Escríbelo, por favor.",
    CommunityProblem.TOO_LONG: "⛔ {campo} es demasiado largo. Acórtalo, por favor.",
    CommunityProblem.INVALID_EMAIL: (
        "⛔ Ese correo no es válido. Revisa que tenga la forma nombre@dominio.cl."
    ),
    CommunityProblem.INVALID_PHONE: (
        "⛔ Ese teléfono no es un número válido de Chile. Escribe un fijo o un celular, "
        "p. ej. 2 2345 6789 o 9 6123 4567."
    ),
    CommunityProblem.INVALID_RUT: (
        "⛔ Ese RUT no es válido: revisa los números y el dígito verificador "
        "(p. ej. 76.086.428-5)."
    ),
    CommunityProblem.NAME_TAKEN: (
        "⛔ Ya hay una comunidad con ese nombre en tu administración (quizás entre las "
        "eliminadas). Escribe otro."
    ),
    CommunityProblem.CODE_TAKEN: (
        "⛔ Ese código ya lo usa otra comunidad de tu administración (quizás una eliminada). "
        "Escribe otro."
    ),
    CommunityProblem.NOT_FOUND: GONE,
    CommunityProblem.NAME_MISMATCH: (
        "⛔ El nombre no coincide, así que no eliminé nada. Para eliminar, vuelve a empezar "
        "desde la ficha y escribe el nombre exacto."
    ),
    CommunityProblem.RESTORE_EXPIRED: (
        "⛔ Pasaron más de 30 días desde que se eliminó; ya no se puede restaurar."
    ),
}
IMAGE_REFUSALS: dict[ImageRefusal, str] = {
    ImageRefusal.EMPTY: "⛔ El archivo está vacío. Envía una imagen JPG/JPEG.",
    ImageRefusal.TOO_HEAVY: "⛔ La imagen pesa más de 2 MB. Envía una más liviana.",
    ImageRefusal.FORMAT: (
        "⛔ Solo se aceptan imágenes JPG/JPEG. Esa no lo es (aunque el nombre lo diga)."
    ),
    ImageRefusal.TOO_MANY_PIXELS: "⛔ La imagen es demasiado grande. Envía una más pequeña.",
    ImageRefusal.DAMAGED: "⛔ No pude leer esa imagen (está dañada o incompleta). Envía otra.",
}
IMAGE_REFUSAL_FOOTER = "\nEnvía otra imagen o toca «Omitir»."

# --- review and save ----------------------------------------------------------------------
REVIEW = (
    "Revisa la nueva comunidad antes de guardarla:\n\n"
    "Nombre: <b>{nombre}</b>\n"
    "Correo: {correo}\n"
    "Teléfono: {telefono}\n"
    "RUT: {rut}\n"
    "Dirección: {direccion}\n"
    "Código: {codigo}\n"
    "Firma: {firma}\n"
    "Logo: {logo}"
)
REVIEW_IMAGE_YES = "✅ se adjunta"
REVIEW_IMAGE_NO = "sin imagen"
BUTTON_SAVE = "✅ Guardar"
BUTTON_FIX = "✏️ Corregir un dato"
FIX_CHOOSE = "¿Qué dato quieres corregir?"
CREATED = (
    "✅ Comunidad <b>{nombre}</b> creada. Ya aparece en /comunidad y en las listas de quienes "
    "trabajan en ella."
)
CREATE_DROPPED = "Listo, no creé la comunidad."

# --- edit ---------------------------------------------------------------------------------
EDIT_CHOOSE = (
    "¿Qué dato de <b>{nombre}</b> quieres cambiar?\n\n"
    "⚠️ Estos datos aparecen en reportes y en los avisos que se envían a los residentes."
)
EDIT_ASK = "{pregunta}\nAhora: {actual}"
EDIT_ASK_SIGNATURE = (
    "Envía la nueva firma como foto o archivo: solo JPG/JPEG, máximo 2 MB "
    "(se guarda sin recortar, de máximo 600 px de ancho)."
)
EDIT_CONFIRM = (
    "¿Cambio el {campo} de <b>{nombre}</b>?\n{antes} → <b>{despues}</b>\n\n"
    "⚠️ Se verá en reportes y en los avisos a los residentes."
)
EDIT_CLEAR_CODE = "Quitar el código"
EDITED = "✅ Listo: {campo} de <b>{nombre}</b> actualizado."
EDIT_UNCHANGED = "Ese ya era el valor; no cambié nada."
SIGNATURE_SAVED = "✅ Firma de <b>{nombre}</b> guardada ({ancho}×{alto} px)."
EDIT_DROPPED = "Listo, no cambié nada."
EDIT_LOGO_HINT = "El logo de la comunidad se cambia con /logo."

# --- delete and restore -------------------------------------------------------------------
DELETE_SUMMARY = (
    "🗑️ <b>Eliminar {nombre}</b>\n\n"
    "Con ella se van:\n"
    "• {inmuebles} inmuebles\n"
    "• {residentes} residentes\n"
    "• {pendientes} envíos de correspondencia pendientes de retiro\n"
    "• {listas} personas en listas de acceso\n"
    "• {sms} SMS de saldo\n\n"
    "Desaparece al instante para todos. Durante 30 días un Súper Administrador puede "
    "restaurarla desde /comunidades → Eliminadas; después se borra para siempre.\n\n"
    "Para confirmar, <b>escribe el nombre de la comunidad</b>. /cancel para no eliminar."
)
DELETED = (
    "✅ <b>{nombre}</b> fue eliminada. Puedes restaurarla hasta el {fecha} desde "
    "/comunidades → Eliminadas."
)
DELETED_HEADER = "🗑️ <b>Comunidades eliminadas</b> ({total})\nSe pueden restaurar por 30 días."
DELETED_ROW = "{numero}. <b>{nombre}</b>{codigo} · se borra el {fecha}"
DELETED_EMPTY = "No hay comunidades eliminadas en los últimos 30 días."
BUTTON_RESTORE = "♻️ Restaurar {nombre}"
RESTORE_CONFIRM = (
    "¿Restaurar <b>{nombre}</b>? Vuelve con sus inmuebles, residentes, listas y "
    "correspondencia, para todos los que trabajaban en ella."
)
BUTTON_RESTORE_OK = "♻️ Restaurar"
RESTORED = "✅ <b>{nombre}</b> fue restaurada y ya aparece de nuevo en /comunidad."

# --- audit (the domain's codes in words) ----------------------------------------------------
AUDIT_ACTIONS: dict[str, str] = {
    "community.create": "creó la comunidad",
    "community.edit": "editó los datos de la comunidad",
    "community.signature": "cambió la firma de la comunidad",
    "community.delete": "eliminó la comunidad",
    "community.restore": "restauró la comunidad",
    "community.purge": "borró definitivamente la comunidad",
    "administration.rut": "registró el RUT de la administración",
}
AUDIT_FIELDS: dict[str, str] = {
    "phone": "teléfono",
    "rut": "RUT",
    "address": "dirección",
    "code": "código",
    "properties": "inmuebles",
    "residents": "residentes",
    "pending_items": "correspondencia pendiente",
    "access_entries": "personas en listas",
    "sms_balance": "saldo SMS",
}
