"""/logo: administration and community logos, the choice per community, the community card."""

from __future__ import annotations

from models.images import BoxMove, ImageRefusal
from models.logos import LogoChoice

# --- summary ------------------------------------------------------------------------------
SUMMARY = (
    "🖼️ <b>Logos de {comunidad}</b>\n\n"
    "Se muestra a los residentes: <b>{mostrado}</b>{aviso}\n\n"
    "• Logo de la administración ({administracion}): {estado_administracion}\n"
    "• Logo de la comunidad: {estado_comunidad}\n\n"
    "Formato JPG/JPEG, máximo 2 MB. Lo ideal: cuadrado de 600×600 píxeles."
)
READ_ONLY = "👀 Eres usuario de prueba: puedes ver los logos, no cambiarlos."
STATE_LOADED = "✅ cargado ({ancho}×{alto}, actualizado el {fecha})"
STATE_MISSING = "no cargado"
CHOSEN_MISSING = "\n(ese logo aún no está cargado, así que por ahora no se muestra ninguno)"
BUTTON_ADMINISTRATION_LOGO = "Logo de la administración"
BUTTON_COMMUNITY_LOGO = "Logo de la comunidad"
BUTTON_CHOOSE = "Mostrar en esta comunidad"
BUTTON_CARD = "Ver ficha de la comunidad"
BUTTON_SEE = "Ver logos cargados"
BUTTON_BACK = "Volver"

CHOICE_LABELS: dict[LogoChoice, str] = {
    LogoChoice.ADMINISTRATION: "el logo de la administración",
    LogoChoice.COMMUNITY: "el logo de la comunidad",
    LogoChoice.NONE: "sin logo",
}
CHOICE_BUTTONS: dict[LogoChoice, str] = {
    LogoChoice.ADMINISTRATION: "Administración",
    LogoChoice.COMMUNITY: "Comunidad",
    LogoChoice.NONE: "Sin logo",
}
CHOICE_CURRENT_MARK = "✓ {opcion}"

# --- choice -------------------------------------------------------------------------------
CHOOSE = (
    "¿Qué logo se muestra en <b>{comunidad}</b>?\n"
    "Ahora: <b>{mostrado}</b>.\n\n"
    "• Administración: el mismo logo en todas las comunidades que lo elijan.\n"
    "• Comunidad: el logo propio de esta comunidad.\n"
    "• Sin logo: no se muestra ninguno.\n\n"
    "Cambiar la opción no borra ningún logo."
)
CHOICE_SET = "✅ Listo: en <b>{comunidad}</b> ahora se muestra <b>{mostrado}</b>.{aviso}"
CHOICE_UNCHANGED = "Eso ya estaba elegido: en <b>{comunidad}</b> se muestra <b>{mostrado}</b>."

# --- upload -------------------------------------------------------------------------------
OF_ADMINISTRATION = "de la administración"
OF_COMMUNITY = "de la comunidad"
ASK_IMAGE = (
    "Envía el logo {de_quien} <b>{nombre}</b> como foto o como archivo.\n\n"
    "• Solo JPG/JPEG, de máximo 2 MB.\n"
    "• Te mostraré la imagen con un recuadro punteado: muévelo y cámbiale el tamaño hasta que "
    "encierre lo que quieres que se vea del logo (queda cuadrado, de máximo 600×600).\n"
    "{alcance}\n\n"
    "El logo actual se mantiene hasta que guardes. Usa /cancel para salir."
)
SCOPE_ADMINISTRATION = (
    "• Se verá en todas las comunidades de la administración que elijan «Administración»."
)
SCOPE_COMMUNITY = "• Se verá solo en esta comunidad, si eliges «Comunidad» para mostrar."
NOT_AN_IMAGE = (
    "Esperaba una imagen. Envía el logo como foto o como archivo JPG, o usa /cancel para salir."
)
WORKING = "Revisando la imagen…"
DOWNLOAD_FAILED = "⛔ No pude descargar la imagen desde Telegram. Envíala de nuevo."

REFUSALS: dict[ImageRefusal, str] = {
    ImageRefusal.FORMAT: (
        "⛔ Ese archivo no es una imagen JPG/JPEG (no importa cómo se llame). "
        "Solo se aceptan JPG/JPEG: guárdala en ese formato y envíala de nuevo."
    ),
    ImageRefusal.TOO_HEAVY: (
        "⛔ La imagen pesa {peso} y el máximo es 2 MB. Redúcela y envíala de nuevo."
    ),
    ImageRefusal.TOO_MANY_PIXELS: (
        "⛔ La resolución de la imagen es demasiado grande ({pixeles}). "
        "Usa una imagen de 600×600 píxeles o algo cercano."
    ),
    ImageRefusal.DAMAGED: (
        "⛔ La imagen está dañada o incompleta y no se puede abrir. "
        "Envíala de nuevo o prueba con otra."
    ),
    ImageRefusal.EMPTY: "⛔ El archivo llegó vacío. Envíalo de nuevo.",
}
WEIGHT_UNKNOWN = "más de 2 MB"
PIXELS_MAX = "más de 40 megapíxeles"
REFUSAL_FOOTER = "\n\nEl logo guardado no cambió. Envía otra imagen o usa /cancel."

CROP_PREVIEW = (
    "✂️ <b>Vista previa</b> del logo {de_quien} <b>{nombre}</b>\n\n"
    "Mueve el recuadro punteado con las flechas y cámbiale el tamaño con ➕ y ➖: lo que "
    "está dentro es lo que será visible del logo. Si estás conforme, toca «Guardar».\n\n"
    "{detalle}"
)
CROP_DETAIL = (
    "Tu imagen es de {ancho_original}×{alto_original}; el recuadro toma {lado}×{lado} "
    "y el logo quedará de {final}×{final} píxeles."
)
CROP_WHOLE = "\nAhora el recuadro toma la imagen entera."
BOX_BUTTONS: dict[BoxMove, str] = {
    BoxMove.LEFT: "⬅️",
    BoxMove.RIGHT: "➡️",
    BoxMove.UP: "⬆️",
    BoxMove.DOWN: "⬇️",
    BoxMove.BIGGER: "➕ Más grande",
    BoxMove.SMALLER: "➖ Más chico",
}
BOX_STOPPED: dict[BoxMove, str] = {
    BoxMove.LEFT: "El recuadro ya está en el borde izquierdo de la imagen.",
    BoxMove.RIGHT: "El recuadro ya está en el borde derecho de la imagen.",
    BoxMove.UP: "El recuadro ya está en el borde de arriba de la imagen.",
    BoxMove.DOWN: "El recuadro ya está en el borde de abajo de la imagen.",
    BoxMove.BIGGER: "El recuadro ya es del tamaño máximo: el lado más corto de la imagen.",
    BoxMove.SMALLER: "El recuadro ya es del tamaño mínimo.",
}
BUTTON_SAVE = "Guardar"
IN_PREVIEW = (
    "Mueve el recuadro y usa «Guardar» o «Cancelar» en la vista previa, o envía otra imagen."
)
PREVIEW_LOST = "⛔ No pude recuperar la imagen de la vista previa. Envíala de nuevo."

SAVED = "✅ Logo {de_quien} <b>{nombre}</b> guardado ({ancho}×{alto})."
SAVED_SHOWN = "\nYa se muestra en <b>{comunidad}</b>."
SAVED_NOT_SHOWN = (
    "\nPara que se vea en <b>{comunidad}</b>, elige «{opcion}» en «Mostrar en esta comunidad» "
    "(ahora está elegido: {mostrado})."
)
BUTTON_SHOW_IT = "Mostrar este logo aquí"
UPLOAD_CANCELLED = "Cancelado. El logo no cambió."

# --- viewing ------------------------------------------------------------------------------
CARD = "🏢 <b>{comunidad}</b>\n{datos}Logo: {logo}"
CARD_LINE = "{campo}: {valor}\n"
CARD_ADDRESS = "Dirección"
CARD_RUT = "RUT"
CARD_EMAIL = "Correo"
CARD_PHONE = "Teléfono"
CARD_CODE = "Código"
CARD_ADMINISTRATION = "Administración"
CARD_LOGO: dict[LogoChoice, str] = {
    LogoChoice.ADMINISTRATION: "de la administración",
    LogoChoice.COMMUNITY: "de la comunidad",
    LogoChoice.NONE: "sin logo",
}
CARD_LOGO_MISSING = "ninguno (el elegido aún no está cargado)"
IMAGE_CAPTION = "Logo {de_quien} <b>{nombre}</b> ({ancho}×{alto}){mostrado}"
IMAGE_CAPTION_SHOWN = " · se muestra en esta comunidad"
NO_IMAGES = "Todavía no hay logos cargados para {comunidad}."
