"""/sms: balance, bundle catalogue, purchase card and purchase history (Spanish, Chile)."""

from __future__ import annotations

# --- summary ------------------------------------------------------------------------------
SUMMARY = (
    "📱 <b>SMS de {comunidad}</b>\n\n"
    "Disponibles ahora: <b>{disponible}</b>\n"
    "{lotes}\n\n"
    "Bolsas compradas en la comunidad: <b>{compradas}</b>"
)
SUMMARY_NO_LOTS = "No tienes SMS vigentes en este momento."
LOT_MONTHLY = "• {restantes} de {otorgados} del mes ({mes}); no se acumulan, vencen el {vence}"
LOT_PURCHASE = "• {restantes} de {otorgados} de una bolsa; válidos hasta el {vence}"
BUTTON_BUY = "Comprar SMS"
BUTTON_SEE_BUNDLES = "Ver bolsas de SMS"
BUTTON_HISTORY = "Historial de compras"
BUTTON_BACK = "Volver"

# --- catalogue ----------------------------------------------------------------------------
CATALOGUE = "🛒 <b>Bolsas de SMS</b> para {comunidad}\n\n{bolsas}\n\nElige la que quieres comprar."
CATALOGUE_READ_ONLY = (
    "🛒 <b>Bolsas de SMS</b> para {comunidad}\n\n{bolsas}\n\n"
    "👀 Eres usuario de prueba: puedes ver las bolsas, no comprarlas."
)
CATALOGUE_LINE = "• <b>{bolsa}</b>: {sms} SMS, {costo}"
CATALOGUE_EMPTY = "🛒 Por ahora no hay bolsas de SMS a la venta."
BUTTON_BUY_BUNDLE = "Comprar {bolsa}"

# --- confirmation card --------------------------------------------------------------------
CARD = (
    "🧾 <b>Confirma tu compra</b>\n\n"
    "Comunidad: {comunidad}\n"
    "Bolsa: <b>{bolsa}</b>\n"
    "SMS: <b>{sms}</b>\n"
    "Costo: <b>{costo}</b>\n"
    "Período de facturación: {periodo}\n"
    "Vigencia: {meses} meses, hasta el {vence}\n\n"
    "<b>Condiciones</b>\n"
    "• La compra se factura en el período más próximo a cobrar ({periodo}).\n"
    "• Los SMS comprados se acumulan de un período a otro, pero solo son válidos por "
    "{meses} meses.\n"
    "• Los {mensuales} SMS mensuales de la comunidad no se acumulan.\n"
    "• Los SMS se usan solo para los avisos de correspondencia."
)
CARD_HINT_TICK = "\n\nMarca «Acepto las condiciones» para poder confirmar."
CARD_HINT_CONFIRM = "\n\nListo: ya puedes confirmar la compra."
BUTTON_ACCEPT_OFF = "☐ Acepto las condiciones"
BUTTON_ACCEPT_ON = "☑ Acepto las condiciones"
BUTTON_CONFIRM = "Confirmar compra"

NOT_ACCEPTED = "Primero marca «Acepto las condiciones»."
TERMS_CHANGED = "Las condiciones de esta bolsa cambiaron. Revísalas y vuelve a aceptarlas."
BUNDLE_UNAVAILABLE = "La bolsa que elegiste ya no está disponible."
PURCHASE_CANCELLED = "Compra cancelada. No se compró nada."
PURCHASE_DONE = (
    "✅ <b>Compra realizada</b>\n\n"
    "{bolsa}: {sms} SMS por {costo}, se factura en {periodo}.\n"
    "Válidos hasta el {vence}.\n\n"
    "SMS disponibles ahora: <b>{disponible}</b>\n"
    "Enviamos el aviso de la compra por correo a los administradores."
)

# --- history ------------------------------------------------------------------------------
HISTORY = "🧾 <b>Historial de compras</b> de {comunidad}\nPeríodo: {periodo}\n\n{filas}"
HISTORY_ROW = "{fecha} · {bolsa} · {sms} SMS · {costo} · {comprador}"
HISTORY_EMPTY = "No hay compras en este período."
HISTORY_NONE = "Todavía no hay compras de SMS en esta comunidad."
HISTORY_ALL = "todo"
BUTTON_ALL = "Todo"
BUTTON_CURRENT = "✓ {periodo}"
