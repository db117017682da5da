"""Texts of the access check (/acceso, a document typed as text), the visit log (/visitas) and
the access lists of a property (/listas), in Spanish (Chile)."""

from __future__ import annotations

from models.access import ListStatus, ListType
from models.documents import RUT_EXAMPLE, DocumentError, DocumentType, NameProblem

# --- shared -------------------------------------------------------------------------------
LIST_MARKS: dict[ListType, str] = {ListType.AUTHORIZED: "✅", ListType.DENIED: "⛔"}
DOC_LABELS: dict[DocumentType, str] = {
    DocumentType.RUT: "RUT",
    DocumentType.PASSPORT: "Pasaporte",
    DocumentType.OTHER: "Documento",
}
DOCUMENT = "{tipo} {numero}"
DOC_CHOICES: dict[DocumentType, str] = {
    DocumentType.RUT: "RUT",
    DocumentType.PASSPORT: "Pasaporte",
    DocumentType.OTHER: "Otro",
}
WHEN_FORMAT = "%d-%m-%Y %H:%M"
DAY_FORMAT = "%d-%m-%Y"
TIME_FORMAT = "%H:%M"
PAGE = "página {pagina} de {paginas}"

DOCUMENT_ERRORS: dict[DocumentError, str] = {
    DocumentError.EMPTY: "Escribe el número del documento.",
    DocumentError.BAD_RUT: (
        "⛔ <b>{numero}</b> no es un RUT válido: revisa los números y el dígito verificador.\n"
        "Escríbelo con guion y dígito verificador (los puntos son opcionales), "
        f"por ejemplo <b>{RUT_EXAMPLE}</b>."
    ),
    DocumentError.BAD_CHARACTERS: (
        "⛔ Ese número tiene símbolos que un documento no lleva. "
        "Usa solo letras, números, puntos y guiones."
    ),
    DocumentError.TOO_LONG: "⛔ Ese número es demasiado largo (máximo 20 caracteres).",
}
NAME_ERRORS: dict[NameProblem, str] = {
    NameProblem.EMPTY: "⛔ Falta el nombre. Escribe el nombre completo de la persona.",
    NameProblem.TOO_LONG: "⛔ El nombre es demasiado largo (máximo 120 caracteres). Acórtalo.",
    NameProblem.BAD_CHARACTERS: (
        "⛔ El nombre solo puede tener letras, espacios, apóstrofos, guiones y puntos."
    ),
}

# --- property picker ----------------------------------------------------------------------
PICK_PROPERTY = (
    "🏠 ¿Qué inmueble? Escribe el número o el nombre (por ejemplo <b>101</b>) "
    "o tócalo en la lista."
)
PICK_QUERY = "Búsqueda: «{busqueda}» · {total} inmueble(s)"
PICK_ALL = "{total} inmueble(s) en {comunidad}"
PICK_NONE = "No encontré inmuebles con «{busqueda}». Prueba con otro número o nombre."
PICK_EMPTY_COMMUNITY = "{comunidad} no tiene inmuebles cargados todavía."
EXPECTED_SEARCH_TEXT = "Escribe el número o el nombre del inmueble, o tócalo en la lista."

# --- check --------------------------------------------------------------------------------
ASK_DOCUMENT = (
    "🔎 Envía el RUT o número de documento de la persona.\n"
    f"Por ejemplo <b>{RUT_EXAMPLE}</b> o un pasaporte como <b>AB123456</b>."
)
NOT_A_DOCUMENT = (
    "Eso no parece un RUT ni un número de documento. Envía el RUT con dígito verificador "
    f"(por ejemplo <b>{RUT_EXAMPLE}</b>) o el número del pasaporte, o usa /cancel."
)
EXPECTED_DOCUMENT_TEXT = (
    "Esperaba el número del documento escrito como texto. Escríbelo o usa /cancel."
)
CHECK_HEADER = "🔎 <b>{documento}</b> en {comunidad}"
CHECK_AUTHORIZED = "✅ <b>Autorizado</b> en:"
CHECK_DENIED = "⛔ <b>No autorizado</b> en:"
CHECK_LINE = "• {inmueble} — {nombre}"
CHECK_UNLISTED = "❓ No está en ninguna lista de esta comunidad."
CHECK_MORE = "• … y {n} inmueble(s) más"
BUTTON_REGISTER = "Registrar ingreso"
BUTTON_SKIP = "No registrar"
SKIPPED = "Listo, no se registró."
CHECK_READ_ONLY = "👀 Eres usuario de prueba: puedes revisar, no registrar ingresos."

# --- register a visit ---------------------------------------------------------------------
PICK_MATCH = "¿A qué inmueble va <b>{documento}</b>?"
BUTTON_MATCH = "{marca} {inmueble}"
DECISION_MARKS: dict[ListStatus, str] = {
    ListStatus.AUTHORIZED: "✅",
    ListStatus.DENIED: "⛔",
    ListStatus.UNLISTED: "❓",
}
PICK_FOR_UNLISTED = "❓ <b>{documento}</b> no está en ninguna lista."
PICK_FOR_MANY = "<b>{documento}</b> está en las listas de {total} inmuebles."
ASK_DECISION = "<b>{documento}</b> → {inmueble} ({estado}).\n¿Ingresó?"
BUTTON_ENTERED = "Ingresó"
BUTTON_NOT_ENTERED = "No ingresó"
REGISTERED = (
    "✅ Registrado a las {hora}: {nombre}<b>{documento}</b> → {inmueble}, "
    "<b>{resultado}</b> ({estado})."
)
REGISTERED_NAME = "{nombre}, "
VISIT_PROPERTY_NOT_HERE = "⛔ Ese inmueble no es de la comunidad donde revisaste el documento."
STATUS_LABELS: dict[ListStatus, str] = {
    ListStatus.AUTHORIZED: "autorizado",
    ListStatus.DENIED: "no autorizado",
    ListStatus.UNLISTED: "en ninguna lista",
}
ENTERED_LABELS: dict[bool, str] = {True: "ingresó", False: "no ingresó"}
LIST_LABELS: dict[ListType, str] = {
    ListType.AUTHORIZED: "Autorizado",
    ListType.DENIED: "No autorizado",
}

# --- visit log ----------------------------------------------------------------------------
VISITS_HEADER = "📋 <b>Ingresos de hoy</b> — {comunidad} ({dia})"
VISITS_COUNT = "{total} registro(s) · página {pagina} de {paginas}"
VISITS_NONE = "📋 Hoy ({dia}) no hay ingresos registrados en {comunidad}."
VISIT_LINE = (
    "{hora} · <b>{nombre}</b> · {documento}\n"
    "    {inmueble} · {marca} {resultado} ({estado}) · {conserje}"
)
VISIT_NO_NAME = "sin nombre"
VISIT_BY_SYSTEM = "sistema"
VISIT_NO_PROPERTY = "sin inmueble"
VISIT_MARKS: dict[bool, str] = {True: "✅", False: "⛔"}

# --- lists of a property ------------------------------------------------------------------
FILTER_LABELS: dict[str, str] = {"t": "Todos", "a": "Autorizado", "n": "No autorizado"}
FILTER_CURRENT = "• {nombre}"
LIST_HEADER = "🏠 <b>{inmueble}</b> — {comunidad}\nListas de acceso · Filtro: <b>{filtro}</b>"
LIST_COUNT = "{total} persona(s) · página {pagina} de {paginas}"
LIST_EMPTY = "No hay personas en esta lista."
LIST_ROW = (
    "{numero}. <b>{nombre}</b> · {documento}\n    {marca} {lista} · por {registro} · {fecha}"
)
LIST_HINT = "Toca una persona para cambiarla de lista o eliminarla."
LIST_HINT_READ_ONLY = "Toca una persona para ver sus datos."
READ_ONLY = "👀 Eres usuario de prueba: puedes mirar las listas, no cambiarlas."
BUTTON_ROW = "{numero}. {nombre}"
BUTTON_ADD = "➕ Ingresar acceso"
BUTTON_OTHER_PROPERTY = "🏠 Otro inmueble"
BUTTON_BACK_TO_LIST = "⬅️ Volver a la lista"
BUTTON_SHOW_LIST = "Ver lista"
NOTICE_MOVED = "✅ Ahora está en <b>{lista}</b>."
NOTICE_ALREADY = "Ya estaba en <b>{lista}</b>; no cambió nada."
NOTICE_DELETED = "✅ Se eliminó a <b>{nombre}</b> de la lista {lista}."
REGISTERED_BY_NOBODY = "—"

# --- entry card ---------------------------------------------------------------------------
ENTRY_CARD = (
    "<b>{nombre}</b>\n"
    "Documento: {documento}\n"
    "Lista: {marca} {lista}\n"
    "Inmueble: {inmueble}\n"
    "Registrado por: {registro}\n"
    "Fecha: {fecha}"
)
BUTTON_MOVE_TO = "Cambiar a {lista}"
BUTTON_DELETE = "Eliminar"
BUTTON_ACCEPT = "Aceptar"
DELETE_CONFIRM = (
    "¿Eliminar a <b>{nombre}</b> ({documento}) de la lista <b>{lista}</b> de {inmueble}?"
)
ENTRY_GONE = "Esa persona ya no existe en la lista (alguien la eliminó). No se cambió nada."

# --- add ----------------------------------------------------------------------------------
ADD_LIST_TYPE = "➕ Ingresar acceso a <b>{inmueble}</b>.\n¿En qué lista?"
BUTTON_LIST_TYPE = "{marca} {lista}"
ADD_DOC_TYPE = "¿Qué tipo de documento?"
ASK_NUMBER: dict[DocumentType, str] = {
    DocumentType.RUT: (
        f"Escribe el RUT con dígito verificador, por ejemplo <b>{RUT_EXAMPLE}</b>."
    ),
    DocumentType.PASSPORT: "Escribe el número del pasaporte.",
    DocumentType.OTHER: "Escribe el número del documento.",
}
ASK_NAME = "Escribe el nombre completo de la persona."
EXPECTED_NAME_TEXT = "Esperaba el nombre escrito como texto. Escríbelo o usa /cancel."
ADD_CARD = (
    "Revisa los datos antes de ingresar:\n\n"
    "Inmueble: <b>{inmueble}</b>\n"
    "Lista: {marca} <b>{lista}</b>\n"
    "Documento: <b>{documento}</b>\n"
    "Nombre: <b>{nombre}</b>"
)
BUTTON_SAVE = "Ingresar"
ADDED = "✅ <b>{nombre}</b> ({documento}) quedó en la lista <b>{lista}</b> de {inmueble}."
BUTTON_ADD_ANOTHER = "➕ Ingresar otro"
EXISTS_SAME = (
    "ℹ️ <b>{documento}</b> ya está en la lista <b>{lista}</b> de {inmueble} ({nombre}). "
    "No se agrega dos veces."
)
EXISTS_OTHER = (
    "ℹ️ <b>{documento}</b> ya está en la lista <b>{lista}</b> de {inmueble} ({nombre}). "
    "Una persona no puede estar en las dos listas.\n¿La cambias a <b>{nueva}</b>?"
)
BUTTON_MOVE = "Mover a {lista}"
BUTTON_KEEP = "Dejar como está"

# --- the visitor's name, when no list has it ------------------------------------------------
ASK_VISITOR_NAME = (
    "{documento} no está en ninguna lista de este inmueble. ¿Cómo se llama? "
    "Escribe su nombre y apellido."
)
EXPECTED_VISITOR_NAME = "Escribe el nombre de la visita, o toca «Sin nombre»."
BUTTON_NO_NAME = "Sin nombre"
