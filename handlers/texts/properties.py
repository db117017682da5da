"""Texts of /inmuebles (list, property card, residents, invitations) and the property import.

The import's reasons are plain text (no HTML): the command line prints them as they are and the
chat escapes them. Keys of the reason tables are the values of the domain's enums
(`models.property_import.RejectReason`, `models.property_file.FileProblem`, `Unreadable`;
`models.residents.ResidentErrorReason`); `conversations.properties.importing` fills them.
"""

from __future__ import annotations

from handlers.texts import PROPERTY_GONE

# --- list ---------------------------------------------------------------------------------
LIST_HEADER = "🏢 <b>Inmuebles</b> — {comunidad}"
LIST_COUNTERS = "Notificaciones enviadas: 📱 {sms} SMS · ✉️ {correos} correos"
LIST_BALANCE = "SMS disponibles ahora: {saldo}"
LIST_QUERY = "Búsqueda: «{busqueda}»"
LIST_COUNT = "{total} inmueble(s) · página {pagina} de {paginas}"
LIST_EMPTY = "No hay inmuebles que coincidan."
LIST_EMPTY_COMMUNITY = (
    "Esta comunidad todavía no tiene inmuebles. Usa «Importar inmuebles» para cargarlos "
    "desde un archivo CSV o XLSX."
)
LIST_ROW = "• <b>{nombre}</b> · {correos} · {celular}"
LIST_ROW_NO_EMAILS = "sin correos"
LIST_ROW_EMAILS = "{principal}{otros}"
LIST_ROW_MORE = " (+{n})"
LIST_HINT = "Toca un inmueble para ver su ficha y sus herramientas."
READ_ONLY = "👀 Eres usuario de prueba: puedes mirar los inmuebles, no cambiarlos."
BUTTON_SEARCH = "🔎 Buscar"
BUTTON_CLEAR_SEARCH = "Quitar búsqueda"
BUTTON_IMPORT = "📥 Importar inmuebles"
BUTTON_BACK_TO_LIST = "⬅️ Volver a la lista"
SEARCH_ASK = "🔎 Escribe el número o parte del nombre del inmueble (por ejemplo, 101)."
EXPECTED_SEARCH_TEXT = "Escribe el número o el nombre del inmueble, o usa /cancel."

# --- property card ------------------------------------------------------------------------
CARD = (
    "🏠 <b>{nombre}</b> — {comunidad}\n"
    "Correo principal: {principal}\n"
    "Correos secundarios: {secundarios}\n"
    "Celular SMS: {celular}"
)
CARD_NONE = "ninguno"
CARD_NO_MOBILE = "sin celular"
CARD_LINKED = " ✓"
CARD_EMAILS_MORE = " y {n} más (ver «Residentes»)"
CARD_LEGEND = "✓ = recibe avisos en Telegram"
BUTTON_ACCESS_LISTS = "📋 Listas de acceso"
BUTTON_MOBILE = "📱 Celular SMS"
BUTTON_RESIDENTS = "👥 Residentes"

# --- residents ----------------------------------------------------------------------------
RESIDENTS_HEADER = "👥 <b>Residentes de {inmueble}</b> — {comunidad}"
RESIDENTS_EMPTY = "Todavía no tiene correos de residentes."
RESIDENTS_ROW = "{numero}. {correo} — {rol}{vinculo}"
RESIDENTS_HINT = "Toca un correo para invitarlo, cambiar su rol o quitarlo."
RESIDENTS_HINT_READ_ONLY = "Toca un correo para ver su rol y su vínculo con Telegram."
RESIDENTS_PAGE = "{total} correo(s) · página {pagina} de {paginas}"
ROLE_LABELS: dict[str, str] = {"principal": "principal", "secundario": "secundario"}
BUTTON_ADD_RESIDENT = "➕ Agregar correo"
BUTTON_BACK_TO_CARD = "⬅️ Volver al inmueble"
BUTTON_BACK_TO_RESIDENTS = "⬅️ Volver a residentes"
RESIDENT_CARD = (
    "📧 <b>{correo}</b>\nInmueble: {inmueble} — {comunidad}\nRol: {rol}\nTelegram: {telegram}"
)
RESIDENT_LINKED = "vinculado ✓"
RESIDENT_NOT_LINKED = "sin vincular"
BUTTON_INVITE = "✉️ Invitar"
BUTTON_MAKE_PRINCIPAL = "Cambiar a principal"
BUTTON_MAKE_SECONDARY = "Cambiar a secundario"
BUTTON_REMOVE = "🗑️ Quitar"
BUTTON_ACCEPT = "Aceptar"
BUTTON_SAVE = "Guardar"
RESIDENT_GONE = "⛔ Ese correo ya no está en el inmueble."

ROLE_CONFIRM = "¿Cambiar el rol de <b>{correo}</b> en {inmueble} a <b>{rol}</b>?"
ROLE_CONFIRM_DEMOTES = "\nEl principal actual, {anterior}, pasará a secundario."
ROLE_DONE = "✅ {correo} ahora es <b>{rol}</b> en {inmueble}."
ROLE_DONE_DEMOTED = "\n{anterior} pasó a secundario."
ROLE_UNCHANGED = "{correo} ya era {rol} en {inmueble}; no cambió nada."
REMOVE_CONFIRM = (
    "¿Quitar <b>{correo}</b> de {inmueble}?\n"
    "Dejará de recibir los avisos de este inmueble (correo y Telegram)."
)
REMOVED = "✅ Quitaste {correo} de {inmueble}."
INVITE_CONFIRM = (
    "¿Enviar una invitación a <b>{correo}</b>?\n"
    "Le llegará un correo con un enlace y un código para recibir en Telegram los avisos de "
    "{inmueble}. Las invitaciones anteriores sin usar dejarán de servir."
)
INVITED = "✅ Enviamos la invitación a {correo}.\n\n{invitacion}"
INVITATION_BLOCK = (
    "También puedes reenviarle esto:\n"
    "Enlace: {enlace}\n"
    "Código: <code>{codigo}</code> (enviar <code>/start {codigo}</code> al bot)\n"
    "Vence: {vence}"
)

# --- add a resident -----------------------------------------------------------------------
ADD_ASK_EMAIL = "📧 Escribe el correo del residente de <b>{inmueble}</b>."
ADD_ASK_ROLE = "¿Qué rol tiene <b>{correo}</b> en {inmueble}?"
ADD_ROLE_PRINCIPAL = "Principal"
ADD_ROLE_SECONDARY = "Secundario"
ADD_SUMMARY = (
    "Revisa antes de guardar:\n"
    "Inmueble: <b>{inmueble}</b>\n"
    "Correo: <b>{correo}</b>\n"
    "Rol: <b>{rol}</b>"
)
ADD_SUMMARY_DEMOTES = "\nEl principal actual, {anterior}, pasará a secundario."
ADDED = "✅ Agregaste {correo} como {rol} de {inmueble}."
EXPECTED_EMAIL_TEXT = "Escribe el correo como texto, o usa /cancel."

RESIDENT_ERRORS: dict[str, str] = {
    "property_not_found": PROPERTY_GONE,
    "resident_not_found": RESIDENT_GONE,
    "invalid_email": (
        "⛔ Ese correo no es válido. Escríbelo completo, por ejemplo: nombre@ejemplo.cl"
    ),
    "duplicate_email": "⛔ Ese correo ya está en este inmueble.",
    "invalid_role": "⛔ Ese rol no existe. Elige principal o secundario.",
}

# --- import -------------------------------------------------------------------------------
IMPORT_ASK = (
    "📥 <b>Importar inmuebles</b> en {comunidad}\n"
    "Envíame el archivo <b>CSV o XLSX</b> como documento (📎 → Archivo).\n\n"
    "Primera fila con los encabezados:\n"
    "<code>inmueble</code> (obligatorio), <code>correo_principal</code>, "
    "<code>correos_secundarios</code> (separados por ; o ,), <code>celular</code>.\n"
    "Máximo 2 MB y 5.000 filas. Se crean los inmuebles nuevos y se completan los existentes; "
    "nada se borra y una celda vacía no cambia nada."
)
IMPORT_EXPECTED_DOCUMENT = (
    "Envía el archivo CSV o XLSX como documento (📎 → Archivo), no como foto ni texto. "
    "O usa /cancel."
)
IMPORT_DOWNLOAD_FAILED = "⚠️ No pude descargar el archivo. Envíalo de nuevo."
IMPORT_SEND_ANOTHER = "Corrígelo y envíalo de nuevo, o usa /cancel."
IMPORT_DONE_TITLE = "✅ <b>Importación lista</b> — {comunidad}"
IMPORT_NO_CHANGES_TITLE = "ℹ️ <b>Importación sin cambios</b> — {comunidad}"
IMPORT_ALL_REJECTED_TITLE = "⛔ <b>Importación rechazada</b> — {comunidad}"
# What an import did, as a whole, when it changed nothing (by `ImportOutcome`; plain text).
IMPORT_OUTCOME_NOTES: dict[str, str] = {
    "no_changes": "El archivo no trajo nada nuevo: todo ya estaba así.",
    "some_rejected": "Las filas válidas ya estaban así; las rechazadas no se importaron.",
    "all_rejected": "No importé ninguna fila: todas tienen errores.",
}
IMPORT_FILE = "Archivo: {archivo} · {filas} fila(s)"
IMPORT_COUNTS = (
    "Creados: <b>{creados}</b> · Actualizados: <b>{actualizados}</b> · "
    "Sin cambios: <b>{sin_cambios}</b> · Rechazadas: <b>{rechazadas}</b>"
)
IMPORT_DETAILS = "Correos agregados: {correos} · Roles cambiados: {roles} · Celulares: {celulares}"
IMPORT_REJECTED_TITLE = "\n<b>Filas rechazadas</b> (corrígelas y vuelve a importar):"
IMPORT_REJECTED_ROW = "Fila {fila}: {motivo}"
IMPORT_REJECTED_MORE = "… y {n} fila(s) más."
IMPORT_IGNORED_COLUMNS = "Columnas ignoradas: {columnas}"
IMPORT_IGNORED_MORE = " y {n} más"
IMPORT_REFUSED = "⛔ No importé nada. {motivo}"
BUTTON_SHOW_LIST = "🏢 Ver inmuebles"

# Why a row was rejected ({valor} is what the file had).
REJECT_REASONS: dict[str, str] = {
    "missing_name": "falta el nombre del inmueble",
    "name_too_long": "el nombre del inmueble tiene más de {valor} caracteres",
    "invalid_email": "correo inválido: {valor}",
    "invalid_mobile": "celular inválido: {valor}",
    "duplicate": "inmueble repetido en el archivo con datos distintos (filas {valor})",
    "repeated": "fila repetida (igual a la fila {valor})",
    "ambiguous": "el nombre coincide con varios inmuebles: {valor}",
}
REJECT_JOIN = "; "

# Why a whole file was refused ({valor} is a detail).
FILE_PROBLEMS: dict[str, str] = {
    "too_large": "El archivo pesa {valor}; el máximo es 2 MB.",
    "too_many_rows": "El archivo tiene {valor} filas; el máximo es 5.000. Divídelo en partes.",
    "unreadable": "No pude leer el archivo: {valor}.",
    "missing_column": (
        "Falta la columna «inmueble» en la primera fila. Encabezados esperados: inmueble, "
        "correo_principal, correos_secundarios, celular."
    ),
    "duplicate_column": "La columna «{valor}» aparece más de una vez.",
    "empty": "El archivo no tiene filas de inmuebles bajo los encabezados.",
    "conflict": (
        "Alguien cambió los inmuebles de la comunidad al mismo tiempo. Vuelve a enviar el archivo."
    ),
    "archive_too_large": (
        "El XLSX es demasiado grande por dentro: {valor}. Guárdalo de nuevo solo con las "
        "columnas de inmuebles, o envíalo como CSV."
    ),
    "cell_too_long": "{valor}. Revisa esa fila y envía el archivo de nuevo.",
}
ARCHIVE_DETAILS: dict[str, str] = {
    "unpacked_size": "al descomprimirlo ocuparía más de {limite}",
    "members": "contiene más de {limite} archivos internos",
    "ratio": "está comprimido más de {limite} veces, algo que una planilla normal no hace",
}
CELL_TOO_LONG_DETAIL = "La fila {fila} tiene una celda de más de {limite} caracteres"
IMPORT_ROWS_OVER = "más de {n}"
UNREADABLE_DETAILS: dict[str, str] = {
    "not_table": "no es un CSV ni un XLSX",
    "old_xls": "es un .xls antiguo; guárdalo como .xlsx o como CSV",
    "broken_xlsx": "el XLSX está dañado o protegido con contraseña",
    "no_sheet": "el XLSX no tiene hojas",
}

# --- command line (plain text) ------------------------------------------------------------
CLI_TITLE = "Importación en {comunidad} ({archivo}): {filas} fila(s)"
CLI_COUNTS = (
    "Creados: {creados} · Actualizados: {actualizados} · Sin cambios: {sin_cambios} · "
    "Rechazadas: {rechazadas}"
)
CLI_NO_CHANGES = "Sin cambios: todo ya estaba así."
CLI_OUTCOME_NOTES: dict[str, str] = {
    "no_changes": CLI_NO_CHANGES,
    "some_rejected": (
        "Sin cambios: las filas válidas ya estaban así; las rechazadas no se importaron."
    ),
    "all_rejected": "Nada importado: todas las filas tienen errores.",
}
CLI_REJECTED_TITLE = "Filas rechazadas:"
CLI_NO_COMMUNITY = "No existe la comunidad «{comunidad}»."
CLI_AMBIGUOUS_COMMUNITY = (
    "Hay varias comunidades «{comunidad}» ({administraciones}); indica --administration."
)
CLI_CANNOT_READ = "No pude abrir {archivo}: {motivo}"
