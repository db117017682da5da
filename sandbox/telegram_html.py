"""Telegram-flavoured HTML: parsed into text plus entities as Telegram does, and rendered back."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from sandbox.limits import COMMAND_RE, JSONDict

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_ALL_TAGS = frozenset({*_SIMPLE_TAGS, "a", "span", "tg-emoji"})
_TAG_RE = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)"
    r"((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)"
    r"\s*>"
)
_ATTR_RE = re.compile(
    r"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?"
)
_HTML_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,6}));")
_SPECIAL_RE = re.compile(r"[<&]")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_TO_TAG = {
    "bold": "b",
    "italic": "i",
    "underline": "u",
    "strikethrough": "s",
    "spoiler": "tg-spoiler",
    "code": "code",
    "blockquote": "blockquote",
}


class HtmlParseError(ValueError):
    """Telegram would refuse this HTML with "can't parse entities"."""


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Telegram entity offsets."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(match: re.Match[str]) -> str | None:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return _NAMED_ENTITIES.get(name)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code <= 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


@dataclass(slots=True)
class _OpenTag:
    name: str
    start: int
    extra: JSONDict


def _parse_attributes(raw: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for match in _ATTR_RE.finditer(raw):
        name, double, single, bare = match.groups()
        value = next((v for v in (double, single, bare) if v is not None), "")
        attributes[name.lower()] = html.unescape(value)
    return attributes


def _open_tag(name: str, attributes: dict[str, str], where: int) -> JSONDict:
    """Validate a start tag and return the extra fields of the entity it opens."""
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {where}')
    if name == "a":
        href = attributes.get("href", "")
        return {"type": "text_link", "url": href} if href else {}
    if name == "tg-emoji":
        emoji_id = attributes.get("emoji-id", "")
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id} if emoji_id else {}
    if name == "blockquote" and "expandable" in attributes:
        return {"type": "expandable_blockquote"}
    if name == "span":
        return {"type": "spoiler"}
    extra: JSONDict = {"type": _SIMPLE_TAGS[name]}
    language = attributes.get("class", "")
    if name == "code" and language.startswith("language-"):
        extra["language"] = language.removeprefix("language-")
    return extra


def parse_html(source: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML into plain text and entities (offsets in UTF-16 code units)."""
    out: list[str] = []
    entities: list[JSONDict] = []
    stack: list[_OpenTag] = []
    pos16 = 0
    index = 0
    size = len(source)
    while index < size:
        special = _SPECIAL_RE.search(source, index)
        end = special.start() if special else size
        if end > index:
            chunk = source[index:end]
            out.append(chunk)
            pos16 += utf16_len(chunk)
        if special is None:
            break
        index = end
        if source[index] == "&":
            entity = _HTML_ENTITY_RE.match(source, index)
            char = _decode_entity(entity) if entity else None
            if entity is None or char is None:
                out.append("&")
                pos16 += 1
                index += 1
            else:
                out.append(char)
                pos16 += utf16_len(char)
                index = entity.end()
            continue
        tag = _TAG_RE.match(source, index)
        where = _byte_offset(source, index)
        if tag is None:
            rest = source[index + 1 :]
            if rest.startswith("/"):
                raise HtmlParseError(f"Unexpected end tag at byte offset {where}")
            word = re.match(r"[^\s<>/]*", rest)
            name = word.group() if word else ""
            if name.lower() in _ALL_TAGS:
                raise HtmlParseError(f"Unclosed start tag at byte offset {where}")
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {where}')
        index = tag.end()
        name = tag.group(2).lower()
        if tag.group(1):
            if not stack:
                raise HtmlParseError(f"Unexpected end tag at byte offset {where}")
            top = stack.pop()
            if top.name != name:
                raise HtmlParseError(
                    f'Unmatched end tag at byte offset {where}, expected "</{top.name}>", '
                    f'found "</{name}>"'
                )
            _close_tag(top, stack, pos16, entities)
            continue
        if name not in _ALL_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {where}')
        extra = _open_tag(name, _parse_attributes(tag.group(3)), where)
        stack.append(_OpenTag(name=name, start=pos16, extra=extra))
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(out), entities


def _close_tag(top: _OpenTag, stack: list[_OpenTag], pos16: int, entities: list[JSONDict]) -> None:
    """Turn a closed tag into an entity (a <code> inside <pre> only sets the language)."""
    if not top.extra:
        return
    parent = stack[-1] if stack else None
    if top.name == "code" and parent is not None and parent.name == "pre":
        if "language" in top.extra:
            parent.extra["language"] = top.extra["language"]
        return
    length = pos16 - top.start
    if length <= 0:
        return
    entity: JSONDict = {"type": top.extra["type"], "offset": top.start, "length": length}
    entity.update((k, v) for k, v in top.extra.items() if k != "type")
    if entity["type"] != "pre":
        entity.pop("language", None)
    entities.append(entity)


def _entity_tags(entity: JSONDict) -> tuple[str, str] | None:
    kind = entity.get("type")
    if kind in _ENTITY_TO_TAG:
        tag = _ENTITY_TO_TAG[kind]
        return f"<{tag}>", f"</{tag}>"
    if kind == "pre":
        language = entity.get("language")
        if language:
            return f'<pre><code class="language-{html.escape(language)}">', "</code></pre>"
        return "<pre>", "</pre>"
    if kind == "text_link":
        return f'<a href="{html.escape(str(entity.get("url", "")))}">', "</a>"
    if kind == "text_mention":
        user = entity.get("user") or {}
        return f'<a href="tg://user?id={user.get("id", "")}">', "</a>"
    if kind == "expandable_blockquote":
        return "<blockquote expandable>", "</blockquote>"
    if kind == "custom_emoji":
        emoji_id = html.escape(str(entity.get("custom_emoji_id", "")))
        return f'<tg-emoji emoji-id="{emoji_id}">', "</tg-emoji>"
    return None


def entities_to_html(text: str, entities: list[JSONDict] | None) -> str:
    """Render plain text plus entities as Telegram HTML (best effort, for the web chat)."""
    spans: list[tuple[int, int, str, str]] = []
    for entity in entities or ():
        tags = _entity_tags(entity)
        offset, length = entity.get("offset"), entity.get("length")
        if tags and isinstance(offset, int) and isinstance(length, int) and length > 0:
            spans.append((offset, offset + length, *tags))
    if not spans:
        return html.escape(text, quote=False)
    data = text.encode("utf-16-le")
    total = len(data) // 2
    spans.sort(key=lambda span: (span[0], -span[1]))
    points = sorted({0, total} | {min(max(p, 0), total) for s in spans for p in s[:2]})
    out: list[str] = []
    stack: list[tuple[int, int, str, str]] = []
    next_span = 0
    for number, point in enumerate(points):
        closing = [i for i, span in enumerate(stack) if span[1] <= point]
        if closing:
            reopen = []
            while len(stack) > closing[0]:
                span = stack.pop()
                out.append(span[3])
                if span[1] > point:
                    reopen.append(span)
            for span in reversed(reopen):
                out.append(span[2])
                stack.append(span)
        while next_span < len(spans) and spans[next_span][0] <= point:
            span = spans[next_span]
            next_span += 1
            if span[1] > point:
                out.append(span[2])
                stack.append(span)
        if number + 1 < len(points):
            chunk = data[2 * point : 2 * points[number + 1]].decode("utf-16-le", errors="replace")
            out.append(html.escape(chunk, quote=False))
    out.extend(span[3] for span in reversed(stack))
    return "".join(out)


def command_entity(text: str) -> JSONDict | None:
    """The `bot_command` entity Telegram adds to a text that starts with a command."""
    if not text.startswith("/"):
        return None
    word = text.split(maxsplit=1)[0]
    if not COMMAND_RE.fullmatch(word):
        return None
    return {"type": "bot_command", "offset": 0, "length": utf16_len(word)}
