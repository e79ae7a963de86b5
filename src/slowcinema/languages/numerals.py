"""Numbers as Chinese writes them in running text: 第三条, 第十二条."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """1..999 in Chinese numerals (一, 十, 十一, 二十, 一百零五...); larger numbers stay in digits."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    if ones:
        out += DIGITS[ones]
    return out
