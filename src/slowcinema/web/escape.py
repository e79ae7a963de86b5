"""Escaping at one door: every value written into generated YAML, Markdown or HTML by formatting a
string goes through the helper made for where it lands.

- `yaml_scalar`: a double-quoted YAML scalar that reads back as exactly the same text. A quote no
  longer cuts the value short, a backslash sequence such as `\\u003cscript` stays those characters
  (YAML would decode it into `<script`), and invisible or bidi characters are written as escapes.
- `markdown_text`: text that Markdown shows as typed: no link, emphasis, attribute list (`{: onclick}`),
  raw HTML or entity.
- `html_text` and `html_attribute`: text between tags, and a double-quoted attribute value.

Templates (Jinja with autoescape) need none of these: they escape by themselves.
"""

from __future__ import annotations

import html
import re
import unicodedata

_YAML_UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def yaml_scalar(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif unicodedata.category(ch) in _YAML_UNSAFE:
            code = ord(ch)
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")  # Python-Markdown's escapable characters


def markdown_text(value: str) -> str:
    """`value` as Markdown that renders as this text, on one line."""
    text = html.escape(" ".join(value.split()), quote=False)  # < > & as entities: no raw HTML, no entity
    return _MD_SPECIAL.sub(r"\\\1", text)


def html_text(value: str) -> str:
    return html.escape(value, quote=False)


def html_attribute(value: str) -> str:
    return html.escape(value, quote=True)
