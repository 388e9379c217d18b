"""Bar charts of `insights.Table`s as inline SVG, made at build time: no chart code runs in the browser.

Each chart is one image with a name; the table that follows it on the page holds its numbers, so the bars
carry no text a reader needs besides the labels and totals. Series are told apart by colour and by the
legend's order, which is the stacking order.
"""

from __future__ import annotations

from markupsafe import Markup

from backmap_site.format.markup import escape_text
from backmap_site.model.insights import Table
from backmap_site.model.totals import quantity
from backmap_site.render.svg import CHAR_WIDTH, lines, picture, text

LABEL_WIDTH = 230
BAR_WIDTH = 340
VALUE_WIDTH = 60
ROW_HEIGHT = 24
BAR_HEIGHT = 16
LEGEND_HEIGHT = 26
SERIES_COLOURS = 5
"""The stylesheet's colours of series (`bm-series-0` to `-4`); more series take them again."""


def bar_chart(table: Table) -> Markup:
    """Horizontal bars, one per row, stacked by series, scaled to the largest total."""
    top = LEGEND_HEIGHT if table.totals else 6
    largest = max((row.total for row in table.rows), default=0) or 1
    body: list[Markup] = []
    if table.totals:
        x = 0.0
        for index, name in enumerate(table.series):
            body.append(Markup(f'<rect class="bm-series-{index % SERIES_COLOURS}" x="{x:g}" y="4" width="12" height="12"/>'))
            body.append(text(x + 16, 14, name))
            x += 16 + len(name) * CHAR_WIDTH + 18
    for number, row in enumerate(table.rows):
        y = top + number * ROW_HEIGHT
        body.append(text(LABEL_WIDTH - 8, y + 13, lines(row.label, LABEL_WIDTH - 12, 1)[0], anchor="end"))
        x = float(LABEL_WIDTH)
        for index, value in enumerate(row.values):
            width = BAR_WIDTH * value / largest
            if width:
                body.append(Markup(f'<rect class="bm-series-{index % SERIES_COLOURS}" x="{x:g}" y="{y + 2:g}" width="{width:g}" '
                                   f'height="{BAR_HEIGHT}"/>'))
            x += width
        body.append(text(x + 6, y + 13, quantity(row.total)))
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = top + len(table.rows) * ROW_HEIGHT + 4
    name = f"{table.title}: a bar chart"
    description = (f"One bar per {table.row_header.lower()}, as long as its number of {table.unit}"
                   + (f", in parts by {', '.join(table.series)}" if table.totals else "")
                   + ". The table after the chart gives the numbers.")
    svg = picture(width, height, f"bm-chart-{table.id}", name, description, body, "bm-chart")
    # It scrolls on a phone: a region, named and focusable, that the keyboard can scroll too.
    return Markup(f'<div class="bm-scroll" role="region" aria-label="{escape_text(table.title)}, a chart" tabindex="0" '
                  f'data-pagefind-ignore>\n{svg}\n</div>')

