"""Texts of /usuarios (list, card, create, edit, delete, reset access) and /auditoria."""

from __future__ import annotations

from models.staff import StaffErrorReason

# --- list ---------------------------------------------------------------------------------
LIST_HEADER = "👥 <b>Usuarios</b> — {alcance}"
LIST_SCOPE_ALL = "todas tus comunidades"
LIST_SCOPE_ONE = "{comunidad}"
LIST_QUERY = "Búsqueda: «{busqueda}»"
LIST_COUNT = "{total} usuario(s) · página {pagina} de {paginas}"
LIST_EMPTY = "No hay usuarios que coincidan."
LIST_ROW = "{numero}. <b>{nombre}</b>{marca} · {perfil}\n    {correo} · último acceso: {acceso}"
LIST_MARK_SELF = " (tú)"
LIST_MARK_TEST = " (prueba)"
LIST_HINT = "Toca un usuario para ver sus herramientas."
LIST_HINT_READ_ONLY = "Toca un usuario para ver sus datos."
READ_ONLY = "👀 Eres usuario de prueba: puedes mirar los usuarios, no cambiarlos."
NEVER = "nunca"
BUTTON_ROW = "{numero}. {nombre}"
BUTTON_SEARCH = "🔎 Buscar"
BUTTON_CLEAR_SEARCH = "Quitar búsqueda"
BUTTON_FILTER = "🏢 Comunidad"
BUTTON_CREATE = "➕ Crear usuario"
BUTTON_BACK_TO_LIST = "⬅️ Volver a la lista"
FILTER_CHOOSE = "¿De qué comunidad quieres ver los usuarios?"
FILTER_ALL = "Todas"
FILTER_CURRENT_MARK = "✓ {nombre}"
SEARCH_ASK = "🔎 Escribe parte del nombre o del correo que buscas."
NO_COMMUNITIES = "No tienes comunidades asignadas. Pide a tu administración que te asigne una."

# --- card ---------------------------------------------------------------------------------
CARD = (
    "<b>{nombre}</b>{marca}\n"
    "Perfil: {perfil}\n"
    "Correo: {correo}\n"
    "Comunidades: {comunidades}\n"
    "Último acceso: {acceso}\n"
    "Telegram: {telegram}"
)
CARD_ALL_COMMUNITIES = "todas ({comunidades})"
CARD_TELEGRAM_BOUND = "vinculado ✅"
CARD_TELEGRAM_PENDING = "sin vincular (invitación pendiente)"
CARD_NO_TOOLS: dict[StaffErrorReason, str] = {
    StaffErrorReason.TEST_USER: "Usuario de prueba: no tiene herramientas.",
    StaffErrorReason.TARGET_PROFILE: "Tu perfil no permite modificar a este usuario.",
    StaffErrorReason.TARGET_OUTSIDE_SCOPE: (
        "Trabaja también en comunidades que no administras; lo modifica un Súper Administrador."
    ),
}
BUTTON_RESET = "🔑 Restablecer acceso"
BUTTON_EDIT = "✏️ Editar"
BUTTON_DELETE = "🗑️ Eliminar"
BUTTON_ACCEPT = "Aceptar"

# --- delete and reset ---------------------------------------------------------------------
DELETE_CONFIRM = (
    "¿Eliminar a <b>{nombre}</b> ({correo})?\n"
    "Perderá el acceso de inmediato. Su historial (registros y cambios) se conserva."
)
DELETED = "✅ Eliminaste a <b>{nombre}</b>. Ya no tiene acceso al bot."
RESET_CONFIRM = (
    "¿Restablecer el acceso de <b>{nombre}</b>?\n"
    "Su cuenta de Telegram se desvinculará ahora y le enviaremos una nueva invitación a {correo}."
)
RESET_DONE = (
    "✅ Acceso restablecido para <b>{nombre}</b>. Le enviamos una nueva invitación a {correo}.\n\n"
    "{invitacion}"
)
INVITATION_BLOCK = (
    "También puedes reenviarle esto:\n"
    "Enlace: {enlace}\n"
    "Código: <code>{codigo}</code> (enviar <code>/start {codigo}</code> al bot)\n"
    "Vence: {vence}"
)

# --- create and edit ----------------------------------------------------------------------
CREATE_PROFILE = "👤 <b>Nuevo usuario</b>\n¿Qué perfil o rol tendrá?"
CUSTOM_ROLE_LABEL = "{nombre}"  # a custom role in the "perfil" step and on the card
ASK_PROFILE = "¿Qué perfil tendrá?"
ASK_FIRST_NAME = "Escribe el <b>nombre</b>."
ASK_LAST_NAME = "Escribe el <b>apellido paterno</b>."
ASK_SECOND_LAST_NAME = "Escribe el <b>apellido materno</b>, o toca Omitir si no tiene."
ASK_EMAIL = "Escribe el <b>correo electrónico</b>. Ahí le llegará la invitación."
ASK_COMMUNITIES = "Elige las <b>comunidades</b> a las que tendrá acceso y toca Listo."
BUTTON_SKIP = "Omitir"
BUTTON_DONE = "Listo"
TOGGLE_ON = "☑ {nombre}"
TOGGLE_OFF = "☐ {nombre}"
PICK_ONE_COMMUNITY = "Elige al menos una comunidad."

FORM_CREATE_TITLE = "👤 <b>Nuevo usuario</b> — revisa antes de guardar"
FORM_EDIT_TITLE = "✏️ <b>Editar usuario</b> — toca lo que quieras cambiar"
FORM_BODY = (
    "Perfil: {perfil}\n"
    "Nombre: {nombre}\n"
    "Apellido paterno: {apellido_paterno}\n"
    "Apellido materno: {apellido_materno}\n"
    "Correo: {correo}\n"
    "Comunidades: {comunidades}"
)
FORM_MISSING = "Falta completar: {faltan}. «Guardar» aparece cuando todo esté listo."
FORM_EMPTY = "—"
FORM_OPTIONAL_EMPTY = "(sin apellido materno)"
FIELD_LABELS: dict[str, str] = {
    "profile": "perfil",
    "first_name": "nombre",
    "last_name": "apellido paterno",
    "email": "correo",
    "community_ids": "comunidades",
}
BUTTON_SET_PROFILE = "Perfil"
BUTTON_SET_FIRST_NAME = "Nombre"
BUTTON_SET_LAST_NAMES = "Apellidos"
BUTTON_SET_EMAIL = "Correo"
BUTTON_SET_COMMUNITIES = "Comunidades"
BUTTON_SAVE = "✅ Guardar"

CREATED = (
    "✅ Usuario creado: <b>{nombre}</b> ({perfil}).\n"
    "Le enviamos la invitación a {correo}.\n\n"
    "{invitacion}"
)
UPDATED = "✅ Guardaste los cambios de <b>{nombre}</b>."
UPDATED_INVITED = (
    "Las invitaciones enviadas al correo anterior ya no sirven. "
    "Le enviamos una nueva a {correo}.\n\n{invitacion}"
)
UPDATED_KEPT_TELEGRAM = "Su cuenta de Telegram sigue vinculada; no le enviamos invitación."
UNLINK_ASK = "¿Desvincular también su Telegram?"
UNLINK_QUESTION = (
    "El correo de <b>{nombre}</b> cambiará a {correo}.\n"
    "<b>{pregunta}</b>\n"
    "Sí: deja de entrar con su cuenta actual y le enviamos una invitación al nuevo correo.\n"
    "No: sigue entrando con su cuenta actual."
)
BUTTON_UNLINK_YES = "Sí"
BUTTON_UNLINK_NO = "No"
NOTHING_CHANGED = "No cambiaste nada; quedó igual."

STAFF_ERRORS: dict[StaffErrorReason, str] = {
    StaffErrorReason.NOT_ALLOWED: "⛔ Tu perfil no permite administrar usuarios.",
    StaffErrorReason.READ_ONLY: "⛔ Eres usuario de prueba: puedes mirar, pero no cambiar nada.",
    StaffErrorReason.NOT_FOUND: "⛔ Ese usuario no existe o no está en tus comunidades.",
    StaffErrorReason.TEST_USER: "⛔ Los usuarios de prueba no se pueden modificar.",
    StaffErrorReason.SELF: (
        "⛔ No puedes hacer eso con tu propio usuario; pídeselo a otro administrador."
    ),
    StaffErrorReason.TARGET_PROFILE: "⛔ Tu perfil no permite modificar a este usuario.",
    StaffErrorReason.TARGET_OUTSIDE_SCOPE: (
        "⛔ Este usuario trabaja también en comunidades que no administras; "
        "pídeselo a un Súper Administrador."
    ),
    StaffErrorReason.PROFILE_NOT_ALLOWED: "⛔ No puedes dar ese perfil.",
    StaffErrorReason.INVALID_NAME: (
        "⛔ Ese nombre no sirve: usa solo letras, espacios, guion, punto o apóstrofo "
        "(hasta 100 caracteres). Escríbelo de nuevo."
    ),
    StaffErrorReason.INVALID_EMAIL: (
        "⛔ Ese correo no es válido (ejemplo: nombre@dominio.cl). Escríbelo de nuevo."
    ),
    StaffErrorReason.EMAIL_TAKEN: (
        "⛔ Ya hay un usuario con ese correo en tu administración. Usa otro correo."
    ),
    StaffErrorReason.NO_COMMUNITY: "⛔ Elige al menos una comunidad.",
    StaffErrorReason.COMMUNITY_OUT_OF_SCOPE: "⛔ Esa comunidad no está entre las tuyas.",
}

# --- audit log ----------------------------------------------------------------------------
AUDIT_HEADER = "🗂 <b>Últimos cambios</b> — {quien}"
AUDIT_EVERYONE = "todos los usuarios"
AUDIT_PAGE = "Página {pagina} de {paginas} · {total} cambio(s)"
AUDIT_EMPTY = "Todavía no hay cambios registrados."
AUDIT_LINE = "<b>{fecha}</b> · {actor}\n{accion} {objeto}"
AUDIT_DIFF = "\n    <i>{cambios}</i>"
AUDIT_CHOOSE_USER = "¿De quién quieres ver los cambios?"
AUDIT_DELETED_USER = "{nombre} (eliminado)"
AUDIT_NO_ACTORS = "Nadie tiene cambios registrados todavía."
BUTTON_AUDIT_FILTER = "👤 Filtrar por usuario"
BUTTON_AUDIT_EVERYONE = "Todos"
BUTTON_AUDIT_MORE = "Más ▶️"
BUTTON_AUDIT_NEWER = "◀️ Más recientes"

# One Spanish verb phrase per action the domain records (tests check none is missing).
AUDIT_ACTIONS: dict[str, str] = {
    "staff.create": "creó el usuario",
    "role.create": "creó el rol",
    "role.update": "editó el rol",
    "role.delete": "eliminó el rol",
    "staff.update": "editó el usuario",
    "staff.delete": "eliminó el usuario",
    "staff.reset_access": "restableció el acceso de",
    "identity.bind": "vinculó su cuenta de Telegram",
    "access.add": "agregó a una lista de acceso a",
    "access.move": "cambió de lista a",
    "access.delete": "quitó de una lista de acceso a",
    "visit.register": "registró el ingreso de",
    "sms.purchase": "compró SMS:",
    "correspondence.log": "registró la llegada de",
    "correspondence.deliver": "entregó",
    "correspondence.remind": "envió recordatorios de correspondencia pendiente",
    "logo.save": "guardó",
    "logo.choice": "cambió el logo que ven los residentes",
    "property.import": "importó inmuebles y residentes desde una planilla",
    "property.mobile_set": "registró el celular de",
    "property.mobile_delete": "borró el celular de",
    "resident.add": "agregó al residente",
    "resident.invite": "invitó al residente",
    "resident.remove": "quitó al residente",
    "resident.role": "cambió el rol del residente",
}
AUDIT_UNKNOWN_ACTION = "hizo un cambio en"
# Who acted when no person did (the codes `models.audit` stores).
AUDIT_SOURCES: dict[str, str] = {
    "system": "El sistema",
    "cli": "Línea de comandos",
}
AUDIT_OBJECT_TYPES: dict[str, str] = {
    "staff_user": "un usuario",
    "role": "un rol",
    "access_entry": "una persona",
    "visit": "una visita",
    "sms_purchase": "una compra",
    "property": "un inmueble",
    "resident": "un residente",
    "community": "",
    "correspondence_item": "la correspondencia",
    "logo": "un logo",
}
AUDIT_PERSON = "{nombre} ({documento})"
AUDIT_NO_NAME = "una persona sin nombre"
AUDIT_IN_PROPERTY = "{objeto}, {inmueble}"
AUDIT_ITEM = "{tipo} para {inmueble}"
AUDIT_ITEM_KINDS: dict[str, str] = {
    "carta": "una carta",
    "paquete": "un paquete",
    "documento": "un documento",
    "otro": "correspondencia",
}
AUDIT_ITEM_OF = "la correspondencia de {inmueble}"
AUDIT_RESIDENT = "{correo} de {inmueble}"
AUDIT_LOGO_OWNERS: dict[str, str] = {
    "administracion": "el logo de la administración",
    "comunidad": "el logo de la comunidad",
}
AUDIT_FIELDS: dict[str, str] = {
    "name": "nombre",
    "email": "correo",
    "profile": "perfil",
    "staff_role": "rol",
    "role_kind": "tipo de rol",
    "permissions": "permisos",
    "moved_to": "usuarios movidos a",
    "users": "usuarios",
    "communities": "comunidades",
    "active": "activo",
    "telegram": "Telegram",
    "list_type": "lista",
    "full_name": "nombre",
    "property": "inmueble",
    "bundle": "bolsa",
    "sms_count": "SMS",
    "price_clp": "precio ($)",
    "billing_period": "período de cobro",
    "doc_type": "tipo de documento",
    "doc_number": "documento",
    "registered_by": "registrado por",
    "list_status": "según las listas",
    "entered": "ingresó",
    "mobile": "celular",
    "role": "rol",
    "demoted": "pasaron a secundario",
    "kind": "tipo",
    "sender": "remitente",
    "note": "nota",
    "photo": "foto",
    "pickup_code": "código de retiro",
    "status": "estado",
    "delivered_to": "retirada por",
    "items": "avisos",
    "emails": "correos",
    "chats": "mensajes de Telegram",
    "day": "día",
    "choice": "logo",
    "width": "ancho (px)",
    "height": "alto (px)",
    "file": "archivo",
    "rows": "filas",
    "created": "inmuebles nuevos",
    "updated": "inmuebles actualizados",
    "unchanged": "sin cambios",
    "rejected": "filas rechazadas",
    "residents_added": "residentes agregados",
    "roles_changed": "roles cambiados",
    "mobiles_set": "celulares registrados",
    "created_properties": "nuevos",
    "updated_properties": "actualizados",
    "rejected_rows": "número de las filas rechazadas",
}
AUDIT_TELEGRAM: dict[bool, str] = {True: "vinculado", False: "sin vincular"}
AUDIT_ITEM_STATUS: dict[str, str] = {"pendiente": "pendiente", "entregada": "entregada"}
AUDIT_YES = "sí"
AUDIT_NO = "no"
AUDIT_NONE = "—"
AUDIT_CHANGE = "{campo}: {antes} → {despues}"
AUDIT_VALUE = "{campo}: {valor}"
