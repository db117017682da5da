"""Tortoise ORM models and the domain rules that act on them. Nothing here knows Telegram."""

MODEL_MODULES: list[str] = [
    "models.core",
    "models.runtime",
    "models.outbox",
    "models.access",
    "models.sms",
    "models.logos",
    "models.correspondence",
    "models.communities",
    "models.logbook",
    "models.meters",
]
