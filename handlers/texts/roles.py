"""/roles: custom roles (Spanish, Chile, tú)."""

from __future__ import annotations

from models.core import RoleKind
from models.permissions import Action
from models.roles import RoleErrorReason

CMD_ROLES = "Roles y permisos"

KIND_LABELS: dict[RoleKind, str] = {
    RoleKind.ADMINISTRATION: "Administración (todas las comunidades)",
    RoleKind.COMMUNITY: "Comunidad (solo las elegidas)",
}
KIND_SHORT: dict[RoleKind, str] = {
    RoleKind.ADMINISTRATION: "Administración",
    RoleKind.COMMUNITY: "Comunidad",
}

# The permissions, grouped by module, in the order the buttons show them.
MODULES: tuple[tuple[str, tuple[Action, ...]], ...] = (
    (
        "Control de acceso",
        (
            Action.CHECK_ACCESS,
            Action.LOG_VISIT,
            Action.VIEW_VISITS,
            Action.VIEW_ACCESS_LISTS,
            Action.MANAGE_ACCESS_LISTS,
        ),
    ),
    (
        "Correspondencia",
        (
            Action.VIEW_CORRESPONDENCE,
            Action.LOG_CORRESPONDENCE,
            Action.DELIVER_CORRESPONDENCE,
        ),
    ),
    (
        "Libro de novedades",
        (
            Action.VIEW_LOGBOOK,
            Action.WRITE_LOGBOOK,
            Action.REVIEW_LOGBOOK,
            Action.CONFIGURE_LOGBOOK,
            Action.RECORD_METER_READING,
            Action.VIEW_REPORTS,
        ),
    ),
    ("Lecturas de medidores", (Action.MANAGE_METERS, Action.EXPORT_METER_READINGS)),
    (
        "Inmuebles",
        (Action.VIEW_PROPERTIES, Action.MANAGE_PROPERTIES, Action.MANAGE_MOBILES),
    ),
    ("Usuarios", (Action.VIEW_USERS, Action.MANAGE_USERS, Action.VIEW_AUDIT)),
    ("SMS", (Action.VIEW_SMS, Action.BUY_SMS)),
    ("Logos", (Action.VIEW_LOGOS, Action.MANAGE_LOGOS)),
    (
        "Administración",
        (
            Action.SWITCH_COMMUNITY,
            Action.VIEW_ADMINISTRATION,
            Action.VIEW_COMMUNITIES,
            Action.EDIT_COMMUNITY,
            Action.MANAGE_COMMUNITIES,
            Action.VIEW_CONTACTS,
            Action.MANAGE_CONTACTS,
            Action.VIEW_ROLES,
            Action.MANAGE_ROLES,
            Action.MANAGE_CATALOGUE,
        ),
    ),
)

PERMISSION_LABELS: dict[Action, str] = {
    Action.CHECK_ACCESS: "Consultar acceso",
    Action.LOG_VISIT: "Registrar visitas",
    Action.VIEW_VISITS: "Ver visitas",
    Action.VIEW_ACCESS_LISTS: "Ver listas de acceso",
    Action.MANAGE_ACCESS_LISTS: "Administrar listas de acceso",
    Action.VIEW_CORRESPONDENCE: "Ver correspondencia",
    Action.LOG_CORRESPONDENCE: "Registrar correspondencia",
    Action.DELIVER_CORRESPONDENCE: "Entregar correspondencia",
    Action.VIEW_LOGBOOK: "Ver el libro de novedades",
    Action.WRITE_LOGBOOK: "Escribir en el libro",
    Action.REVIEW_LOGBOOK: "Revisar todo el libro (búsqueda, cadena, turnos)",
    Action.CONFIGURE_LOGBOOK: "Configurar el libro (categorías)",
    Action.RECORD_METER_READING: "Registrar lecturas de medidores",
    Action.VIEW_REPORTS: "Ver informes",
    Action.VIEW_PROPERTIES: "Ver inmuebles y residentes",
    Action.MANAGE_PROPERTIES: "Administrar inmuebles y residentes",
    Action.MANAGE_MOBILES: "Administrar celulares",
    Action.VIEW_USERS: "Ver usuarios",
    Action.MANAGE_USERS: "Administrar usuarios",
    Action.VIEW_AUDIT: "Ver la auditoría",
    Action.VIEW_SMS: "Ver saldo SMS",
    Action.BUY_SMS: "Comprar SMS",
    Action.VIEW_LOGOS: "Ver logos",
    Action.MANAGE_LOGOS: "Administrar logos",
    Action.SWITCH_COMMUNITY: "Cambiar de comunidad",
    Action.VIEW_ADMINISTRATION: "Ver la administración",
    Action.VIEW_COMMUNITIES: "Ver comunidades",
    Action.EDIT_COMMUNITY: "Editar comunidades",
    Action.MANAGE_COMMUNITIES: "Crear y eliminar comunidades",
    Action.VIEW_CONTACTS: "Ver contactos",
    Action.MANAGE_CONTACTS: "Administrar contactos",
    Action.VIEW_ROLES: "Ver roles",
    Action.MANAGE_ROLES: "Administrar roles",
    Action.MANAGE_CATALOGUE: "Administrar el catálogo",
    Action.MANAGE_METERS: "Configurar medidores y corregir lecturas",
    Action.EXPORT_METER_READINGS: "Exportar lecturas de medidores",
}

LIST_HEADER = "🛡️ <b>Roles</b> ({total} personalizados · página {pagina} de {paginas})"
LIST_BUILTIN_HEADER = "<b>Incorporados</b> (no se editan ni eliminan):"
LIST_BUILTIN_ROW = "• {nombre} — {permisos} permisos"
LIST_CUSTOM_HEADER = "<b>Personalizados</b>:"
LIST_CUSTOM_ROW = "• {nombre} — {tipo} · {permisos} permisos · {usuarios} usuarios"
LIST_EMPTY = "Aún no hay roles personalizados."
BUILTIN_SUFFIX = " (incorporado)"
BUTTON_NEW = "➕ Nuevo rol"
BUTTON_PREVIOUS = "◀️"
BUTTON_NEXT = "▶️"
BUTTON_BACK = "⬅️ Volver a los roles"
BUTTON_EDIT_NAME = "Nombre"
BUTTON_EDIT_COMMUNITIES = "Comunidades"
BUTTON_EDIT_PERMISSIONS = "Permisos"
BUTTON_DELETE = "🗑️ Eliminar"
BUTTON_SAVE = "💾 Guardar"
BUTTON_DONE = "Listo"
BUTTON_CONFIRM_DELETE = "Sí, eliminar"
TOGGLE_ON = "☑ {nombre}"
TOGGLE_OFF = "☐ {nombre}"

ASK_KIND = "🛡️ <b>Nuevo rol</b>\n¿Dónde trabajará quien lo tenga?"
ASK_NAME = "¿Cómo se llamará el rol? (por ejemplo, «Conserje nocturno»)"
ASK_COMMUNITIES = "¿En qué comunidades sirve este rol? Marca una o más y toca «Listo»."
ASK_PERMISSIONS = (
    "<b>Permisos</b> · {modulo} ({pagina} de {paginas})\n"
    "Marca lo que podrá hacer quien tenga el rol. Solo ves los permisos que tú tienes."
)
PICK_ONE_COMMUNITY = "Elige al menos una comunidad."

CARD = (
    "🛡️ <b>{nombre}</b>\n"
    "Tipo: {tipo}\n"
    "Comunidades: {comunidades}\n"
    "Usuarios: {usuarios}\n"
    "Permisos:\n{permisos}"
)
REVIEW_TITLE = "Revisa el rol antes de guardarlo:"
ALL_COMMUNITIES = "todas las de la administración"
NO_COMMUNITIES = "—"
NO_PERMISSIONS = "(ninguno: solo /start y /help)"
PERMISSION_LINE = "• {modulo}: {permisos}"
SAVED = "✅ Rol «{nombre}» guardado."
NOTHING_CHANGED = "No cambiaste nada."
DELETE_CONFIRM = "¿Eliminar el rol «{nombre}»? Nadie lo tiene."
DELETE_MOVE = (
    "El rol «{nombre}» lo tienen {usuarios} usuarios. ¿A qué rol pasan antes de eliminarlo?"
)
DELETED = "🗑️ Rol «{nombre}» eliminado."
DELETED_MOVED = "🗑️ Rol «{nombre}» eliminado; sus usuarios pasaron a «{destino}»."

ERRORS: dict[RoleErrorReason, str] = {
    RoleErrorReason.NOT_ALLOWED: (
        "⛔ Solo quien administra roles (Súper Administrador) puede usar /roles."
    ),
    RoleErrorReason.READ_ONLY: "👁️ Usuario de prueba: puedes mirar, pero no cambiar roles.",
    RoleErrorReason.NOT_FOUND: "Ese rol ya no existe o no es de tu administración.",
    RoleErrorReason.INVALID_NAME: (
        "Escribe un nombre de hasta 100 caracteres, con letras o números."
    ),
    RoleErrorReason.NAME_TAKEN: "Ya hay un rol con ese nombre. Elige otro.",
    RoleErrorReason.NO_COMMUNITY: "Un rol de tipo Comunidad necesita al menos una comunidad.",
    RoleErrorReason.COMMUNITY_OUT_OF_SCOPE: "Esa comunidad no es de las tuyas.",
    RoleErrorReason.UNKNOWN_PERMISSION: "Ese permiso no existe.",
    RoleErrorReason.PERMISSION_NOT_HELD: "⛔ No puedes dar un permiso que tú no tienes.",
    RoleErrorReason.ADMINISTRATION_ONLY: (
        "⛔ Ese permiso es de toda la administración: solo un rol de tipo Administración puede "
        "tenerlo."
    ),
    RoleErrorReason.MOVE_REQUIRED: "El rol está en uso: elige a qué rol pasan sus usuarios.",
    RoleErrorReason.MOVE_INVALID: "No puedes mover a los usuarios a ese rol.",
}
