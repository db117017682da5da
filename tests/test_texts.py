"""The chat texts' fixed labels (the domain stores codes; the chat layer says them in Spanish)."""

from __future__ import annotations

from handlers.texts import access as t
from models.access import ListType


def test_list_labels_are_spanish() -> None:
    assert t.LIST_LABELS == {
        ListType.AUTHORIZED: "Autorizado",
        ListType.DENIED: "No autorizado",
    }
