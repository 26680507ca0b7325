"""Small server-rendered SVG charts. Decorative for screen readers (aria-hidden): the same figures
are always printed in a table beside them, which is what assistive technology reads."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

BAR_COLOUR = "#1f5f99"  # 6.6:1 on white
SECOND_COLOUR = "#a3342b"  # 6.5:1 on white
TEXT_COLOUR = "#1a1a1a"


CHAR_WIDTH = 7.6  # a generous average advance of a 13 px system-font character


def bar_chart(items: Sequence[tuple[str, int]], *, bars_width: int = 320, bar_height: int = 22) -> Markup:
    """Horizontal bars, one per (label, value); the label column is as wide as the longest label
    ("Cadeaux et marques d'hospitalité" is not clipped), the bars get `bars_width`."""
    label_width, gap = int(max((len(name) for name, _ in items), default=10) * CHAR_WIDTH) + 16, 6
    width = label_width + bars_width
    height = max(1, len(items)) * (bar_height + gap) + gap
    peak = max((value for _, value in items), default=0) or 1
    scale = (width - label_width - 50) / peak
    rows = []
    for index, (name, value) in enumerate(items):
        y = gap + index * (bar_height + gap)
        length = max(0.0, value * scale)
        rows.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}" font-size="13">{escape(name)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + bar_height * 0.7:.1f}" '
            f'fill="{TEXT_COLOUR}" font-size="13">{value}</text>'
        )
    return Markup(
        f'<svg class="chart" aria-hidden="true" focusable="false" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>'
    )


def column_chart(
    labels: Sequence[str], series: Sequence[Sequence[int]], *, width: int = 520, height: int = 180
) -> Markup:
    """Vertical columns per label, one colour per series (at most two), e.g. 👍 and 👎 per week."""
    colours = (BAR_COLOUR, SECOND_COLOUR)
    bottom, top = height - 24, 10
    peak = max((value for values in series for value in values), default=0) or 1
    slot = width / max(1, len(labels))
    column = max(2.0, (slot - 8) / max(1, len(series)))
    parts = [
        f'<line x1="0" y1="{bottom}" x2="{width}" y2="{bottom}" stroke="{TEXT_COLOUR}" stroke-width="1"/>'
    ]
    for index, name in enumerate(labels):
        x0 = index * slot + 4
        for n, values in enumerate(series):
            value = values[index]
            h = (bottom - top) * value / peak
            parts.append(
                f'<rect x="{x0 + n * column:.1f}" y="{bottom - h:.1f}" width="{column - 1:.1f}" '
                f'height="{h:.1f}" fill="{colours[n % 2]}"/>'
            )
        parts.append(
            f'<text x="{x0 + slot / 2 - 4:.1f}" y="{height - 8}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT_COLOUR}">{escape(name)}</text>'
        )
    return Markup(
        f'<svg class="chart" aria-hidden="true" focusable="false" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )
