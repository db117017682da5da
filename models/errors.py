"""The root of the domain's refusals: a code and the data a message needs, never the message.

The domain says *what* was refused (`code`, a stable string such as ``too_large``) and the
values that explain it (`data`: a row number, a column, a limit…); the chat layer and the
command line map codes to Spanish.
"""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """A domain rule refused something; `code` names the rule, `data` holds its values."""

    code: str
    data: dict[str, object]

    def __init__(self, code: str, data: Mapping[str, object] | None = None) -> None:
        self.code = code
        self.data = dict(data or {})
        super().__init__(f"{code}: {self.data}" if self.data else code)


class PropertyNotFound(DomainError, LookupError):
    """The property does not exist (deleted meanwhile) or is outside the caller's reach."""

    def __init__(self, property_id: int, code: str = "property_not_found") -> None:
        super().__init__(code, {"property_id": property_id})
        self.property_id = property_id


class PropertyNotInCommunity(PropertyNotFound):
    """The property does not exist or belongs to another community."""

    def __init__(self, property_id: int) -> None:
        super().__init__(property_id, "property_not_in_community")
