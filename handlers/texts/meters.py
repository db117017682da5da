"""/lecturas: meters, reading rounds, corrections and the monthly export (Spanish, Chile, tú)."""

from __future__ import annotations

from models.meters import Flag, MeterKind, MeterUnit, Refusal

CMD_METERS = "Lecturas de medidores"

KIND_LABELS: dict[MeterKind, str] = {
    MeterKind.COLD_WATER: "agua fría",
    MeterKind.HOT_WATER: "agua caliente",
    MeterKind.GAS: "gas",
    MeterKind.ELECTRICITY: "electricidad",
    MeterKind.COMMON: "medidores comunes",
}
KIND_ICONS: dict[MeterKind, str] = {
    MeterKind.COLD_WATER: "💧",
    MeterKind.HOT_WATER: "♨️",
    MeterKind.GAS: "🔥",
    MeterKind.ELECTRICITY: "⚡",
    MeterKind.COMMON: "🏢",
}
UNIT_LABELS: dict[MeterUnit, str] = {MeterUnit.CUBIC_METRE: "m³", MeterUnit.KWH: "kWh"}
FLAG_LABELS: dict[Flag, str] = {
    Flag.METER_CHANGE: "cambio de medidor",
    Flag.JUMP: "consumo alto confirmado",
    Flag.CORRECTED: "corregida",
}

MENU = "📟 <b>Lecturas de medidores</b> · {comunidad}\nPeríodo: {periodo}\n\n{resumen}"
MENU_LINE = "• {icono} {tipo}: {leidos} de {total} leídos"
MENU_NONE = "Esta comunidad aún no tiene medidores."
MENU_NONE_ADMIN = "Esta comunidad aún no tiene medidores. Configúralos con «Configurar»."
MENU_ASK = "Elige qué medidores vas a leer:"
BUTTON_KIND = "{icono} {tipo}"
BUTTON_CONFIGURE = "⚙️ Configurar"
BUTTON_EXPORT = "📊 Exportar"
BUTTON_SKIP = "⏭️ Saltar"
BUTTON_END = "⏹️ Terminar"
BUTTON_METER_CHANGE = "🔁 Cambio de medidor"
BUTTON_CONFIRM_JUMP = "✅ Sí, es correcta"
BUTTON_RETYPE = "✏️ La escribo de nuevo"
BUTTON_CORRECT = "✏️ Corregir la anterior"
BUTTON_COMMON = "🏢 Medidor común"
BUTTON_ALL = "Todos los inmuebles"

ASK_READING = "<b>{inmueble}</b> · {tipo} · {ultima}\n{numero} de {total}"
READING_HINT = (
    "\n\nEscribe la lectura (por ejemplo 1.234,5) o envía una foto del medidor con la lectura "
    "como pie de foto."
)
LAST_READING = "última {valor} {unidad} el {fecha}"
NO_LAST_READING = "sin lecturas anteriores"
SAVED = "✅ {inmueble}: {valor} {unidad}{consumo}."
SAVED_CONSUMPTION = " (consumo {consumo} {unidad})"
SAVED_FLAGGED = " Quedó marcada: {marcas}."
ROUND_DONE = (
    "🏁 Ronda de {tipo} terminada: {leidos} de {total} medidores con lectura este período."
)
ROUND_STOPPED = (
    "⏸️ Ronda de {tipo} en pausa en {numero} de {total}. Para seguir donde quedó: /lecturas y "
    "elige {tipo} de nuevo."
)
BELOW_PREVIOUS = (
    "⛔ {valor} es menor que la lectura anterior ({anterior} {unidad}). Revisa el número y "
    "escríbelo de nuevo. Si cambiaron el medidor, toca «Cambio de medidor»."
)
ASK_CHANGE_REASON = (
    "🔁 Cambio de medidor: se guardará {valor} {unidad}. Escribe el motivo (por ejemplo "
    "«medidor nuevo instalado por Aguas Andinas»)."
)
JUMP = (
    "⚠️ El consumo de {consumo} {unidad} es más de 3 veces la mediana de los últimos meses "
    "({mediana} {unidad}). ¿La lectura {valor} es correcta? Si la confirmas, quedará marcada."
)
ASK_FIX = "✏️ Escribe la lectura correcta de {inmueble} (antes: {valor} {unidad})."
ASK_FIX_REASON = (
    "Pasaron más de 10 minutos desde que se guardó: escribe el motivo de la corrección "
    "(quedará en la auditoría)."
)
BUTTON_CORRECT_ANY = "✏️ Corregir una lectura"
ASK_FIX_PROPERTY = (
    "✏️ ¿De qué inmueble es la lectura? Escribe su número o nombre (por ejemplo 101)."
)
FIX_PICK = "Elige la lectura que vas a corregir:"
FIX_NONE = "No hay lecturas de «{busqueda}» este mes ni el anterior."
FIX_BUTTON = "{inmueble} · {tipo} · {valor} ({mes})"
FIXED = (
    "✅ Corregida: {inmueble} ahora {valor} {unidad}. La lectura anterior queda en el historial."
)
PHOTO_NO_CAPTION = (
    "📷 Recibí la foto, pero sin la lectura. Envíala de nuevo con la lectura como pie de foto, "
    "o escribe el número."
)
EXPECTED_VALUE = "Escribe la lectura como número (por ejemplo 1.234,5), o toca Saltar o Terminar."
EXPECTED_REASON = "Escribe el motivo del cambio de medidor (texto)."
NOT_YOUR_TURN = "Ese medidor ya no es el de la ronda. Sigue con el que te muestro."

CONFIGURE = (
    "⚙️ <b>Medidores</b> · {comunidad}\n{resumen}\n\n"
    "Elige un tipo para crear medidores en todos o algunos inmuebles (los que ya lo tienen no "
    "cambian), agrega un medidor común con nombre, o revisa los medidores para ponerles número "
    "de serie o desactivarlos."
)
BUTTON_METERS = "📋 Ver medidores"
ASK_SCOPE = "{icono} <b>{tipo}</b>: ¿en qué inmuebles?"
BUTTON_CHOOSE = "Elegir inmuebles"
TOGGLE_ON = "☑ {nombre}"
TOGGLE_OFF = "☐ {nombre}"
BUTTON_DONE = "✅ Listo"
ASK_PROPERTIES = (
    "{icono} <b>{tipo}</b>: toca los inmuebles que tendrán este medidor ({elegidos} elegidos)."
)
ASK_PROPERTIES_SEARCH = "Para buscar, escribe parte del nombre (por ejemplo 101)."
PROPERTIES_QUERY = "Búsqueda: «{busqueda}» ({total} inmuebles)."
PROPERTIES_NONE = "Ningún inmueble coincide con «{busqueda}»."
BUTTON_CLEAR_SEARCH = "✖️ Quitar búsqueda"
PICK_ONE_PROPERTY = "Elige al menos un inmueble."
PROPERTY_GONE = "⛔ Ese inmueble no existe o no es de esta comunidad."
REVIEW = (
    "{icono} <b>{tipo}</b> ({unidad}) en {cantidad} inmuebles:\n{inmuebles}\n\n"
    "Los que ya tienen este medidor no cambian. ¿Guardo?"
)
REVIEW_MORE = "… y {mas} más"
BUTTON_SAVE = "💾 Guardar"
BUTTON_EDIT_CHOICE = "✏️ Cambiar inmuebles"
METERS_LIST = "📋 <b>Medidores</b> · {comunidad} ({total})\nElige uno para verlo:"
METERS_EMPTY = "Aún no hay medidores."
METERS_QUERY = "Búsqueda: «{busqueda}» ({total} medidores)."
METERS_SEARCH = "Para buscar, escribe parte del nombre del inmueble."
METER_BUTTON = "{inmueble} · {tipo}{estado}"
METER_INACTIVE_MARK = " (desactivado)"
METER_CARD = (
    "📟 <b>{inmueble}</b> · {tipo}\nUnidad: {unidad}\nNúmero de serie: {serie}\nEstado: {estado}"
)
NO_SERIAL = "sin número"
STATE_ACTIVE = "activo"
STATE_INACTIVE = "desactivado (no entra en las rondas)"
BUTTON_SERIAL = "🔢 Número de serie"
BUTTON_DEACTIVATE = "🚫 Desactivar"
BUTTON_BACK_TO_METERS = "◀️ Volver a la lista"
ASK_SERIAL = (
    "🔢 Escribe el número de serie de <b>{inmueble}</b> · {tipo} (máximo {max} caracteres), "
    "o toca «Quitar» para dejarlo sin número."
)
EXPECTED_SERIAL = "Escribe el número de serie (texto), o toca «Quitar»."
BUTTON_CLEAR_SERIAL = "🗑️ Quitar"
SERIAL_SAVED = "✅ Número de serie de {inmueble} · {tipo}: {serie}."
SERIAL_CLEARED = "✅ {inmueble} · {tipo} quedó sin número de serie."
ASK_DEACTIVATE = (
    "🚫 ¿Desactivo el medidor <b>{inmueble}</b> · {tipo}? Sus lecturas se guardan, pero ya no "
    "entra en las rondas."
)
BUTTON_CONFIRM_DEACTIVATE = "🚫 Sí, desactivar"
DEACTIVATED = "✅ Medidor {inmueble} · {tipo} desactivado: ya no entra en las rondas."
CONFIGURE_LINE = "• {tipo}: {cantidad} medidores"
CONFIGURE_EMPTY = "Aún no hay medidores."
CREATED = "✅ {tipo}: {creados} medidores nuevos ({existentes} ya existían)."
ASK_COMMON_NAME = "🏢 Escribe el nombre del medidor común (por ejemplo «Agua general»)."
COMMON_CREATED = "✅ Medidor común «{nombre}» creado."

EXPORT_ASK = "📊 ¿Qué mes exporto?"
EXPORT_CAPTION = "📊 Lecturas de {periodo} · {comunidad}: {leidas} lecturas, {faltan} sin lectura."
EXPORT_FILENAME = "lecturas-{codigo}-{periodo}.xlsx"
EXPORT_SHEET = "Lecturas"
EXPORT_MISSING_SHEET = "Sin lectura"
EXPORT_HEADERS = (
    "Inmueble",
    "Medidor",
    "Unidad",
    "Serie",
    "Anterior",
    "Actual",
    "Consumo",
    "Fecha (Santiago)",
    "Autor",
    "Marcas",
    "Motivo",
)
EXPORT_MISSING_HEADERS = ("Inmueble", "Medidor")

REFUSALS: dict[Refusal, str] = {
    Refusal.EMPTY: "Escribe la lectura como número (por ejemplo 1.234,5).",
    Refusal.TOO_LONG: "⛔ Eso es demasiado largo para una lectura (máximo {max} caracteres).",
    Refusal.BAD_FORMAT: (
        "⛔ «{texto}» no es una lectura. Escribe un número como 1.234,5 (puntos de miles y coma "
        "decimal) o 1234.5."
    ),
    Refusal.NEGATIVE: "⛔ Una lectura no puede ser negativa.",
    Refusal.TOO_BIG: "⛔ Esa lectura tiene demasiadas cifras (máximo {max} enteras).",
    Refusal.TOO_PRECISE: "⛔ Usa como máximo {max} decimales.",
    Refusal.METER_NOT_FOUND: "⛔ Ese medidor no existe o no es de esta comunidad.",
    Refusal.READING_NOT_FOUND: "⛔ Esa lectura no existe o no es de esta comunidad.",
    Refusal.BELOW_PREVIOUS: "⛔ La lectura es menor que la anterior.",
    Refusal.REASON_MISSING: "Escribe el motivo.",
    Refusal.REASON_TOO_LONG: "⛔ El motivo es muy largo (máximo {max} caracteres).",
    Refusal.FUTURE_DATE: "⛔ Una lectura no puede tener fecha futura.",
    Refusal.ALREADY_READ: "Ese medidor ya tiene lectura este mes; sigo con el siguiente.",
    Refusal.JUMP_UNCONFIRMED: "⚠️ El consumo es muy alto: confírmalo.",
    Refusal.CORRECTION_WINDOW: (
        "⛔ Pasaron más de 10 minutos: solo un administrador puede corregirla, con un motivo."
    ),
    Refusal.ALREADY_SUPERSEDED: "Esa lectura ya fue corregida.",
    Refusal.NAME_MISSING: "Escribe un nombre.",
    Refusal.NAME_TOO_LONG: "⛔ El nombre es muy largo (máximo {max} caracteres).",
    Refusal.SERIAL_TOO_LONG: "⛔ El número de serie es muy largo (máximo {max} caracteres).",
    Refusal.SERIAL_NOT_PRINTABLE: "⛔ El número de serie solo puede tener caracteres visibles.",
    Refusal.NO_PROPERTIES: "⛔ Esta comunidad no tiene inmuebles.",
    Refusal.ROUND_NOT_FOUND: "Esa ronda ya no existe. Vuelve a empezar con /lecturas.",
}

# Audit wording (merged in handlers/audit_text.py).
AUDIT_ACTIONS: dict[str, str] = {
    "meter.create": "creó medidores",
    "meter.deactivate": "desactivó un medidor",
    "meter.serial": "cambió el número de serie de un medidor",
    "meter_reading.record": "registró una lectura de medidor",
    "meter_reading.correct": "corrigió una lectura de medidor",
}
AUDIT_FIELDS: dict[str, str] = {
    "meter": "medidor",
    "period": "período",
    "value": "lectura",
    "meter_change": "cambio de medidor",
    "change_reason": "motivo del cambio",
    "jump": "consumo alto confirmado",
    "correction_reason": "motivo de la corrección",
    "unit": "unidad",
    "serial": "número de serie",
    "active": "activo",
    "count": "cantidad",
    "meters": "medidores",
    "meter_readings": "lecturas de medidores",
}
AUDIT_OBJECT_TYPES: dict[str, str] = {"meter": "medidor", "meter_reading": "lectura de medidor"}
