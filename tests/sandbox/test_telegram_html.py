"""Telegram HTML parsed into text and entities, and rendered back."""

from __future__ import annotations

from sandbox.telegram_html import entities_to_html, parse_html


def test_parse_html_nested_and_pre() -> None:
    text, entities = parse_html(
        '<b>a <i>b</i></b> <pre><code class="language-python">x = 1</code></pre>'
        '<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span>&#233;&#x41;'
    )
    assert text == "a b x = 1stéA"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 3},
        {"type": "italic", "offset": 2, "length": 1},
        {"type": "pre", "offset": 4, "length": 5, "language": "python"},
        {"type": "spoiler", "offset": 9, "length": 1},
        {"type": "spoiler", "offset": 10, "length": 1},
    ]


def test_entities_render_back_to_html() -> None:
    text = "😀 hola & chao"
    entities = [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "offset": 10, "length": 4, "url": "https://x.cl"},
        {"type": "bot_command", "offset": 0, "length": 2},
    ]
    assert (
        entities_to_html(text, entities) == '😀 <b>hola</b> &amp; <a href="https://x.cl">chao</a>'
    )
    assert parse_html(entities_to_html(text, entities[:2])) == (text, entities[:2])
