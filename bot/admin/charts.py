"""Bar charts as inline SVG, drawn on the server (no script, no chart library, nothing fetched).

    bar_chart([("代村片区", 12), ("东关片区", 3)], unit="人")
    stacked_chart([("2026-11", {"调解成功": 4, "未成功": 1})], series=["调解成功", "未成功"])

Colours are SVG `fill` attributes (the page's CSP forbids inline style); the legend uses the
CSS classes c0…c6 of admin.css, in the same order as PALETTE.
"""
from __future__ import annotations

from markupsafe import Markup, escape

# Seven: the needs chart has one series per need state.
PALETTE = ("#b3261e", "#0b5cad", "#1a7f37", "#9a6700", "#6f42c1", "#5b636b", "#0a7e8c")
# A narrow drawing: scaled to a phone's width its text stays readable (about 12 px).
WIDTH, LABEL_W, VALUE_W, BAR_H, GAP, FONT = 420, 100, 62, 22, 8, 15


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _frame(rows: int, body: str, title: str) -> Markup:
    height = max(rows, 1) * (BAR_H + GAP) + GAP
    return Markup(
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">{body}</svg>')


def _width(text: str) -> float:
    """Rough drawn width: CJK characters are square, others about half as wide."""
    return sum(FONT if ord(ch) > 0x2E80 else FONT * 0.55 for ch in text)


def _fit(text: str, room: float) -> str:
    if _width(text) <= room:
        return text
    while text and _width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def _label(y: int, text: str) -> str:
    short = _fit(text, LABEL_W - 10)
    return (f'<text x="{LABEL_W - 8}" y="{y + BAR_H - 6}" text-anchor="end" fill="#1f2328">'
            f'{escape(short)}<title>{escape(text)}</title></text>')


def bar_chart(items: list[tuple[str, float]], unit: str = "", title: str = "") -> Markup:
    """One horizontal bar per (label, value)."""
    if not items:
        return Markup('<p class="muted">暂无数据</p>')
    top = max(value for _, value in items) or 1
    span = WIDTH - LABEL_W - VALUE_W
    parts = []
    for i, (label, value) in enumerate(items):
        y = GAP + i * (BAR_H + GAP)
        width = round(span * value / top) if value else 0
        parts.append(_label(y, label))
        parts.append(f'<rect x="{LABEL_W}" y="{y}" width="{width}" height="{BAR_H}" fill="{PALETTE[0]}" rx="2"/>')
        parts.append(f'<text x="{LABEL_W + width + 6}" y="{y + BAR_H - 6}" fill="#1f2328">'
                     f'{escape(_number(value))}{escape(unit)}</text>')
    return _frame(len(items), "".join(parts), title)


def stacked_chart(items: list[tuple[str, dict[str, float]]], series: list[str], title: str = "") -> Markup:
    """One bar per label, split into `series` (coloured in PALETTE order); the total at the end."""
    if not items:
        return Markup('<p class="muted">暂无数据</p>')
    totals = [sum(values.get(s, 0) for s in series) for _, values in items]
    top = max(totals) or 1
    span = WIDTH - LABEL_W - VALUE_W
    parts = []
    for i, ((label, values), total) in enumerate(zip(items, totals)):
        y = GAP + i * (BAR_H + GAP)
        x = LABEL_W
        parts.append(_label(y, label))
        for k, name in enumerate(series):
            value = values.get(name, 0)
            if not value:
                continue
            width = max(1, round(span * value / top))
            parts.append(f'<rect x="{x}" y="{y}" width="{width}" height="{BAR_H}" '
                         f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(name)}：{escape(_number(value))}'
                         f'</title></rect>')
            x += width
        parts.append(f'<text x="{x + 6}" y="{y + BAR_H - 6}" fill="#1f2328">{escape(_number(total))}</text>')
    return _frame(len(items), "".join(parts), title)


def legend(series: list[str]) -> Markup:
    return Markup('<p class="legend">' + "".join(
        f'<span><i class="c{k % len(PALETTE)}"></i>{escape(name)}</span>' for k, name in enumerate(series))
        + "</p>")
