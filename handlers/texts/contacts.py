"""/contactos: contacts, their communities and «Mostrar» (seed 001 "Crear contactos")."""

from __future__ import annotations

from models.contacts import ContactErrorReason

CMD_CONTACTS = "Contactos de la administración y «Mostrar» en los correos"

# --- list ---------------------------------------------------------------------------------
LIST_HEADER = "📇 <b>Contactos de la administración</b>"
LIST_QUERY = "Búsqueda: «{busqueda}»"
LIST_COUNT = "{total} contacto(s) · página {pagina} de {paginas}"
LIST_ROW = "{numero}. <b>{nombre}</b> — {medios}"
LIST_ROW_COMMUNITIES = " · {cantidad} comunidad(es)"
LIST_EMPTY = "No hay contactos todavía."
LIST_EMPTY_SEARCH = "Ningún contacto coincide con la búsqueda."
LIST_HINT = "Toca un contacto para ver sus herramientas."
LIST_READ_ONLY = "👀 Eres usuario de prueba: puedes mirar los contactos, no cambiarlos."
BUTTON_ROW = "{numero}. {nombre}"
BUTTON_SEARCH = "🔎 Buscar"
BUTTON_CLEAR_SEARCH = "Quitar búsqueda"
BUTTON_CREATE = "➕ Crear contacto"
BUTTON_COMMUNITIES = "🏢 Comunidades y «Mostrar»"
SEARCH_ASK = "Escribe parte del nombre, correo o teléfono del contacto que buscas."
NO_EMAIL = "sin correo"
NO_PHONE = "sin teléfono"

# --- card ---------------------------------------------------------------------------------
CARD = (
    "📇 <b>{nombre}</b>\n\n"
    "Correo: {correo}\n"
    "Teléfono: {telefono}\n"
    "Comunidades asociadas: {comunidades}"
)
CARD_OTHERS = "{comunidades} y {otras} más que no administras"
CARD_NONE = "ninguna"
CARD_OUTSIDE_SCOPE = (
    "Este contacto está asociado a comunidades que no administras: solo puedes asociarlo o "
    "desasociarlo de las tuyas."
)
BUTTON_EDIT = "✏️ Editar"
BUTTON_ASSOCIATE = "🏢 Asociar comunidades"
BUTTON_DELETE = "🗑️ Eliminar"
BUTTON_BACK_TO_LIST = "◀️ Volver a la lista"
BUTTON_BACK_TO_CARD = "◀️ Volver al contacto"

# --- form ---------------------------------------------------------------------------------
ASK_NAME = (
    "Escribe el <b>nombre</b> del contacto (la persona o el área que atiende a los "
    "residentes, por ejemplo «Mesa de ayuda»)."
)
ASK_NAME_EDIT = "Nombre actual: <b>{actual}</b>.\nEscribe el nuevo nombre o mantén el actual."
ASK_EMAIL = "Escribe el <b>correo</b> del contacto, o toca «Sin correo»."
ASK_PHONE = (
    "Escribe el <b>teléfono</b> del contacto (fijo o celular de Chile, por ejemplo "
    "2 2123 4567 o 9 6123 4567), o toca «Sin teléfono»."
)
ASK_CURRENT = "\nAhora: <b>{actual}</b>."
BUTTON_KEEP = "Mantener el actual"
BUTTON_NO_EMAIL = "Sin correo"
BUTTON_NO_PHONE = "Sin teléfono"
REVIEW = (
    "Revisa el contacto:\n\n"
    "Nombre: <b>{nombre}</b>\n"
    "Correo: {correo}\n"
    "Teléfono: {telefono}\n\n"
    "¿Lo guardo?"
)
REVIEW_EDIT_WARNING = (
    "\n\nLos cambios se verán en los correos de las comunidades donde está asociado y "
    "«Mostrar» está activo."
)
BUTTON_SAVE = "✅ Guardar"
BUTTON_DROP = "Cancelar"
CREATED = "✅ Contacto <b>{nombre}</b> creado. Ahora puedes asociarlo a comunidades."
UPDATED = "✅ Contacto <b>{nombre}</b> actualizado."
DROPPED = "No guardé nada."

# --- delete -------------------------------------------------------------------------------
DELETE_WARNING = (
    "¿Eliminar el contacto <b>{nombre}</b>?\n\n"
    "Sus datos dejarán de mostrarse en los correos de estas comunidades, donde está "
    "asociado: {comunidades}."
)
DELETE_WARNING_NONE = (
    "¿Eliminar el contacto <b>{nombre}</b>?\n\nNo está asociado a ninguna comunidad."
)
BUTTON_DELETE_CONFIRM = "🗑️ Sí, eliminar"
BUTTON_DELETE_CANCEL = "No, volver"
DELETED = "🗑️ Contacto <b>{nombre}</b> eliminado."
DELETED_FROM = "\nSe quitó de: {comunidades} («Mostrar» quedó desactivado)."

# --- association --------------------------------------------------------------------------
ASSOCIATE = (
    "🏢 <b>Asociar comunidades a {nombre}</b>\n\n"
    "Un contacto por comunidad; un contacto puede atender varias comunidades. "
    "Toca una comunidad para asociarla o desasociarla."
)
ASSOCIATED_HEADER = "\n\n<b>Asociadas a este contacto</b>: {comunidades}"
AVAILABLE_HEADER = "\n<b>Disponibles</b> (sin contacto): {comunidades}"
TAKEN_HEADER = "\n<b>Con otro contacto</b>: {comunidades}"
TAKEN_ROW = "{comunidad} ({contacto})"
NONE_LISTED = "ninguna"
BUTTON_LINKED = "✅ {comunidad}"
BUTTON_AVAILABLE = "➕ {comunidad}"
BUTTON_TAKEN = "🔁 {comunidad} ({contacto})"
REPLACE_ASK = (
    "<b>{comunidad}</b> ya tiene el contacto <b>{actual}</b>.\n"
    "¿Lo reemplazo por <b>{nuevo}</b>? «Mostrar» queda como estaba."
)
BUTTON_REPLACE = "🔁 Sí, reemplazar"
BUTTON_REPLACE_CANCEL = "No, volver"
LINKED = "✅ {comunidad} ahora tiene como contacto a {nombre}."
UNLINKED = "{comunidad} ya no tiene contacto; «Mostrar» quedó desactivado."

# --- communities and «Mostrar» ------------------------------------------------------------
COMMUNITIES = (
    "🏢 <b>Contacto de cada comunidad</b>\n\n"
    "Con «Mostrar» activo (☑), los correos a los residentes de esa comunidad llevan los datos "
    "de su contacto bajo el nombre y el logo de la administración. Se activa una a una."
)
COMMUNITY_ROW = "\n• <b>{comunidad}</b>: {contacto} — Mostrar {marca}"
COMMUNITY_NO_CONTACT = "sin contacto"
SHOW_ON = "☑"
SHOW_OFF = "☐"
BUTTON_SHOW = "{marca} Mostrar en {comunidad}"
NO_COMMUNITIES = "No tienes comunidades."
COMMUNITIES_PAGE = "Página {pagina} de {paginas}"
SHOWN = "☑ «Mostrar» activo en {comunidad}."
HIDDEN = "☐ «Mostrar» desactivado en {comunidad}."

ERRORS: dict[ContactErrorReason, str] = {
    ContactErrorReason.NOT_ALLOWED: "⛔ Tu perfil no permite cambiar contactos.",
    ContactErrorReason.READ_ONLY: (
        "⛔ Eres usuario de prueba: puedes mirar, pero no cambiar nada."
    ),
    ContactErrorReason.NOT_FOUND: "Ese contacto ya no existe.",
    ContactErrorReason.COMMUNITY_NOT_FOUND: "Esa comunidad no existe o no es tuya.",
    ContactErrorReason.OUTSIDE_SCOPE: (
        "⛔ Este contacto está asociado a comunidades que no administras; solo un "
        "Súper Administrador puede editarlo o eliminarlo."
    ),
    ContactErrorReason.INVALID_NAME: (
        "⚠️ Falta el nombre: escribe el nombre del contacto (con letras o números, hasta 200 "
        "caracteres)."
    ),
    ContactErrorReason.INVALID_EMAIL: (
        "⚠️ Ese correo no es válido (ejemplo: contacto@administracion.cl). Escríbelo de nuevo."
    ),
    ContactErrorReason.INVALID_PHONE: (
        "⚠️ Ese teléfono no es un número de Chile válido (ejemplos: 2 2123 4567, "
        "9 6123 4567). Escríbelo de nuevo."
    ),
    ContactErrorReason.NO_CHANNEL: (
        "⚠️ Un contacto necesita al menos un correo o un teléfono. Escribe un teléfono, o "
        "vuelve con /contactos y agrega un correo."
    ),
    ContactErrorReason.COMMUNITY_TAKEN: "Esa comunidad ya tiene otro contacto.",
    ContactErrorReason.NOT_ASSOCIATED: "Ese contacto ya no está asociado a esa comunidad.",
    ContactErrorReason.NO_CONTACT: (
        "Esa comunidad no tiene contacto: asócialo primero desde un contacto."
    ),
}

# --- audit (/auditoria) -------------------------------------------------------------------
AUDIT_ACTIONS: dict[str, str] = {
    "contact.create": "creó el contacto",
    "contact.update": "editó el contacto",
    "contact.delete": "eliminó el contacto",
    "contact.associate": "asoció a una comunidad el contacto",
    "contact.dissociate": "desasoció de una comunidad el contacto",
    "community.contact_shown": "activó «Mostrar» del contacto en",
    "community.contact_hidden": "desactivó «Mostrar» del contacto en",
}
AUDIT_FIELDS: dict[str, str] = {
    "phone": "teléfono",
    "community": "comunidad",
    "replaced": "reemplazó a",
    "show_contact": "Mostrar",
}
AUDIT_OBJECT_TYPES: dict[str, str] = {"contact": "un contacto"}
