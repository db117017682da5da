"""Libro de novedades and shift handover (Spanish, Chile, tú)."""

from __future__ import annotations

from models.logbook import Break

CMD_WRITE = "Escribir una novedad en el libro"
CMD_READ = "Libro de novedades: últimas 48 h, búsqueda, turnos"
CMD_HANDOVER = "Entregar el turno"

# --- writing ---------------------------------------------------------------------------------
ASK_CATEGORY = "📒 <b>Nueva novedad</b> — {comunidad}\n¿De qué categoría?"
NO_CATEGORIES = (
    "No hay categorías activas en {comunidad}. Pide a la administración que active una."
)
ASK_TEXT = (
    "📒 <b>{categoria}</b>\nEscribe la novedad, o envía una foto con la descripción como "
    "texto de la foto."
)
ASK_CORRECTION = (
    "✏️ <b>Corrige la #{numero}</b> ({categoria})\nEscribe la corrección (o envía una foto "
    "con la descripción). La #{numero} no se modifica: ambas mostrarán la corrección."
)
ASK_CAPTION = "📷 Foto recibida. Ahora escribe la descripción de la novedad."
EXPECTED_TEXT = (
    "Escribe la novedad como texto, o envía una foto con descripción "
    "(no stickers, audios ni archivos)."
)
CARD = (
    "📒 <b>Listo para guardar</b>\n"
    "Categoría: {categoria}\n"
    "Prioridad: {prioridad}\n"
    "Inmueble: {inmueble}\n"
    "Fotos: {fotos}{corrige}\n\n"
    "{texto}"
)
CARD_CUT = "\n\n✂️ Tu texto tenía {largo} caracteres: se guardarán los primeros {max}."
CARD_CORRECTS = "\nCorrige la #{numero}"
CARD_HINT = "Para agregar más fotos, envíalas ahora. Toca «Guardar» cuando esté listo."
NONE = "—"
PRIORITY_LABELS = {"normal": "Normal", "alta": "🚨 Alta"}
BUTTON_SAVE = "✅ Guardar"
BUTTON_ALTA = "🚨 Marcar Alta"
BUTTON_NORMAL = "Prioridad normal"
BUTTON_PROPERTY = "🏠 Inmueble"
BUTTON_NO_PROPERTY = "Quitar inmueble"
BUTTON_ANOTHER = "📒 Escribir otra"
ASK_PROPERTY = "🏠 Escribe el número o nombre del inmueble."
PROPERTY_NONE = "No encontré inmuebles con «{busqueda}». Escribe otro número o nombre."
PROPERTY_PICK = "Elige el inmueble:"
PHOTOS_FULL = "Ya hay {max} fotos: no caben más en una novedad."
SAVED = "✅ Novedad <b>#{numero}</b> guardada en el libro de {comunidad} ({fecha})."
SAVED_ALTA = "\n🚨 Avisé a la administración."
SAVED_CUT = "\n✂️ El texto se guardó cortado a {max} caracteres."

# --- reading ---------------------------------------------------------------------------------
LIST_TITLE = "📒 <b>Libro de novedades</b> — {comunidad}\nÚltimas 48 horas · {total} novedad(es)"
SEARCH_TITLE = "🔎 <b>Búsqueda en el libro</b> — {comunidad}\n{filtros} · {total} novedad(es)"
LIST_EMPTY = "\n\nNo hay novedades en las últimas 48 horas."
SEARCH_EMPTY = "\n\nNinguna novedad coincide."
ENTRY_LINE = (
    "\n\n<b>#{numero}</b> · {fecha} · {categoria}{prioridad}{inmueble}\n{autor}: {texto}{extra}"
)
ENTRY_ALTA = " · 🚨 Alta"
ENTRY_PROPERTY = " · {inmueble}"
ENTRY_PHOTOS = "\n📷 {fotos} foto(s)"
ENTRY_CORRECTS = "\n↪️ Corrige la #{numero}"
ENTRY_CORRECTED = "\n⚠️ Corregida por la #{numeros}"
HANDOVER_CATEGORY = "🔁 Entrega de turno"
HANDOVER_LINE = "📦 {paquetes} en espera · 🚶 {visitas} visita(s) · 🚨 alta: {altas}"
LIST_SHOWN_TEXT = 300
BUTTON_PHOTOS = "📷 #{numero}"
BUTTON_FIX = "✏️ Corregir #{numero}"
BUTTON_SEARCH = "🔎 Buscar"
BUTTON_CONFIG = "⚙️ Categorías"
BUTTON_CHAIN = "🔗 Cadena"
BUTTON_UNRECEIVED = "⏳ Turnos sin recibir"
BUTTON_HANDOVER = "🔁 Entregar turno"
SEARCH_HELP = (
    "🔎 Escribe <code>/novedades</code> seguido de lo que buscas. Puedes combinar:\n"
    "• palabras del texto: <code>/novedades portón</code>\n"
    "• <code>alta</code> o <code>normal</code>: la prioridad\n"
    "• <code>desde 01-12-2026</code> y <code>hasta 05-12-2026</code>\n"
    "• <code>#Seguridad</code>: la categoría\n"
    "• <code>@101</code>: el inmueble\n"
    "Ej.: <code>/novedades portón alta desde 01-12-2026 #Seguridad</code>"
)
FILTER_TEXT = "«{texto}»"
FILTER_PRIORITY = "prioridad {prioridad}"
FILTER_SINCE = "desde {fecha}"
FILTER_UNTIL = "hasta {fecha}"
FILTER_CATEGORY = "categoría {categoria}"
FILTER_PROPERTY = "inmueble {inmueble}"
FILTER_ALL = "todo el libro"
SEARCH_BAD_DATE = "No entendí la fecha «{fecha}». Usa día-mes-año, p. ej. 01-12-2026."
SEARCH_NO_CATEGORY = "No hay una categoría «{categoria}» en {comunidad}."
SEARCH_NO_PROPERTY = "No encontré el inmueble «{inmueble}» en {comunidad}."
SEARCH_ONLY_ADMINS = (
    "Buscar en todo el libro es para la administración; aquí tienes las últimas 48 horas."
)
NO_PHOTOS = "Esa novedad no tiene fotos."
PHOTO_CAPTION = "#{numero} · foto {n} de {total}"

CHAIN_OK = (
    "🔗 <b>Cadena del libro</b> — {comunidad}\n✅ Íntegra: {entradas} novedad(es) verificadas."
)
CHAIN_BROKEN = (
    "🔗 <b>Cadena del libro</b> — {comunidad}\n"
    "❌ <b>Rota en la #{numero}</b>: {motivo}.\n"
    "{entradas} novedad(es) anteriores están íntegras. Revisa la base de datos y la auditoría."
)
BREAKS: dict[Break, str] = {
    Break.HASH: "su contenido no coincide con su hash (fue modificada)",
    Break.LINK: "no enlaza con la anterior (se alteró el orden o una anterior)",
    Break.GAP: "falta una novedad o su número se repite (se borró o insertó una fila)",
}
CLI_INTACT = "{comunidad}: íntegra ({entradas} novedades)."
CLI_BROKEN = "{comunidad}: ROTA en la #{numero} (id {id}): {motivo}."
CLI_NO_COMMUNITY = "No existe la comunidad «{comunidad}»."

# --- categories ------------------------------------------------------------------------------
CONFIG_TITLE = (
    "⚙️ <b>Categorías del libro</b> — {comunidad}\n"
    "Toca una para activarla o desactivarla. "
    "Una categoría con novedades no se borra: se desactiva."
)
CATEGORY_ON = "✅ {nombre}"
CATEGORY_OFF = "⏸ {nombre}"
BUTTON_ADD_CATEGORY = "➕ Agregar"
BUTTON_RENAME = "✏️ {nombre}"
BUTTON_DONE = "Listo"
CONFIG_DONE = "✅ Categorías guardadas."
ASK_CATEGORY_NAME = "Escribe el nombre de la nueva categoría (máximo {max} caracteres)."
ASK_RENAME = (
    "Escribe el nuevo nombre de «{nombre}» (las novedades ya escritas conservan el anterior)."
)
CATEGORY_ADDED = "✅ Categoría «{nombre}» agregada."
CATEGORY_RENAMED = "✅ Categoría renombrada a «{nombre}»."

# --- shift handover --------------------------------------------------------------------------
HANDOVER_CARD = (
    "🔁 <b>Entrega de turno</b> — {comunidad}\n"
    "Desde {desde}:\n"
    "📦 Correspondencia en espera: {paquetes}\n"
    "🚶 Visitas del turno: {visitas}\n"
    "🚨 Novedades de prioridad alta: {altas}\n"
    "📝 Nota: {nota}\n\n"
    "Escribe una nota para quien recibe (opcional) y toca «Entregar turno»."
)
BUTTON_HAND_OVER = "🔁 Entregar turno"
HANDED_OVER = (
    "✅ Turno entregado (novedad <b>#{numero}</b>). Quien te reciba lo verá al abrir el bot."
)
PENDING_HANDOVER = (
    "🔁 <b>Turno pendiente de recibir</b>\n"
    "Entregado por {quien} el {fecha} (novedad #{numero}).\n"
    "{resumen}{nota}"
)
PENDING_NOTE = "\n📝 {nota}"
BUTTON_RECEIVE = "✅ Recibir turno"
RECEIVED = "✅ Recibiste el turno de {quien} ({fecha})."
UNRECEIVED_TITLE = "⏳ <b>Turnos sin recibir</b> — {comunidad}: {total}"
UNRECEIVED_EMPTY = "\n\nTodos los turnos entregados fueron recibidos."
UNRECEIVED_LINE = "\n• #{numero} · entregado por {quien} el {fecha}"

REFUSALS: dict[str, str] = {
    "empty_text": "La novedad no puede quedar vacía: escribe qué pasó.",
    "text_too_long": "El texto es demasiado largo (máximo {max} caracteres).",
    "too_many_photos": "Una novedad lleva como máximo {max} fotos.",
    "category_not_found": "Esa categoría no existe en esta comunidad.",
    "category_inactive": "La categoría «{name}» fue desactivada. Elige otra con /novedad.",
    "category_name_missing": "Escribe un nombre para la categoría.",
    "category_name_too_long": "El nombre es muy largo (máximo {max} caracteres).",
    "category_exists": "Ya hay una categoría «{name}».",
    "category_in_use": "«{name}» tiene novedades: desactívala en vez de borrarla.",
    "entry_not_found": "Esa novedad no existe en esta comunidad.",
    "property_not_found": "Ese inmueble ya no existe en esta comunidad.",
    "handover_not_found": "Ese turno no existe en esta comunidad.",
    "own_handover": "No puedes recibir tu propio turno: debe recibirlo otra persona.",
    "already_received": "Ese turno ya fue recibido por {by}.",
    "bad_range": "La fecha «desde» debe ser anterior a «hasta».",
}

AUDIT_ACTIONS: dict[str, str] = {
    "logbook.write": "escribió una novedad",
    "logbook.handover": "entregó el turno",
    "logbook.receive": "recibió el turno",
    "logbook.category_add": "agregó una categoría del libro",
    "logbook.category_rename": "renombró una categoría del libro",
    "logbook.category_active": "activó o desactivó una categoría del libro",
    "logbook.category_delete": "borró una categoría del libro",
}
AUDIT_FIELDS: dict[str, str] = {
    "sequence": "número",
    "category": "categoría",
    "priority": "prioridad",
    "active": "activa",
    "parcels_waiting": "correspondencia en espera",
    "visits": "visitas",
    "alta": "novedades alta",
    "corrects": "corrige",
}
AUDIT_OBJECT_TYPES: dict[str, str] = {
    "logbook_entry": "novedad",
    "logbook_category": "categoría del libro",
    "logbook_handover": "entrega de turno",
}
