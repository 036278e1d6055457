"""Charts: valid, escaped, deterministic SVG computed from the data; drawn by WeasyPrint as vector text."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from casebuilder.dossier.charts import bar_chart, timeline
from casebuilder.dates import parse_date

SVG = "{http://www.w3.org/2000/svg}"
REGIONS = [("Stepanakert / Ստեփանակերտ", 55000), ("Martuni", 12000), ("Askeran", 9500), ("Kashatagh", 0)]
EVENTS = [(date(2023, 9, 19), "Military operation"), (date(2020, 9, 27), "Start of the war"),
          (date(2022, 12, 12), "Blockade of the Lachin corridor"), (date(2023, 9, 20), "Ceasefire"),
          (date(2023, 9, 30), "Last buses leave"), (date(2023, 11, 17), "ICJ Order"),
          (date(2020, 11, 10), "Ceasefire statement")]


def texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_bar_chart_draws_one_proportional_bar_per_item_with_grouped_values():
    svg = bar_chart(REGIONS, title="Displaced persons", unit="persons", width=500)
    root = ET.fromstring(svg)
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert len(widths) == 4
    assert widths[3] == 0
    assert widths[1] / widths[0] == pytest.approx(12000 / 55000, rel=1e-3)
    assert ["55,000", "12,000", "9,500", "0"] == [t for t in texts(svg) if t[0].isdigit()]
    assert "Displaced persons" in texts(svg) and "(persons)" in texts(svg)
    assert float(root.get("width")) == 500


def test_chart_labels_are_escaped_and_cleaned():
    evil = '<script>alert("x")</script> & \x00\x07'
    svg = bar_chart([(evil, 1)], title=evil) + timeline([(date(2023, 1, 1), evil)], title=evil)
    assert "<script>" not in svg and "\x00" not in svg
    for part in svg.split("</svg>")[:-1]:
        root = ET.fromstring(part + "</svg>")  # well-formed
        assert root.get("aria-label").startswith('<script>alert("x")')


def test_long_labels_are_shortened_with_an_ellipsis():
    svg = bar_chart([("A region with an extraordinarily long name that cannot fit the label column", 5)], width=400)
    label = next(t for t in texts(svg) if t.startswith("A region"))
    assert label.endswith("\u2026") and len(label) < 60


@pytest.mark.parametrize("value", [-1, float("nan"), float("inf")])
def test_bar_chart_refuses_values_it_cannot_draw(value):
    with pytest.raises(ValueError, match="finite number"):
        bar_chart([("x", value)])


def test_charts_are_deterministic():
    assert bar_chart(REGIONS, title="t") == bar_chart(list(REGIONS), title="t")
    assert timeline(EVENTS) == timeline(list(reversed(EVENTS)))


def label_boxes(svg: str):
    """(lane y, x start, x end) of each event label, from the drawn text (estimated widths)."""
    boxes = []
    for node in ET.fromstring(svg).iter(f"{SVG}text"):
        if node.get("font-size") != "10":
            continue
        x, width = float(node.get("x")), len(node.text) * 10 * 0.56
        start = x if node.get("text-anchor") == "start" else x - width
        boxes.append((float(node.get("y")), start, start + width))
    return boxes


def test_timeline_orders_events_and_keeps_labels_apart():
    svg = timeline(EVENTS, title="Chronology", width=500)
    labels = [t for t in texts(svg) if t in {label for _, label in EVENTS}]
    assert labels == [label for _, label in sorted(EVENTS)]
    assert {"2021", "2022", "2023"} <= set(texts(svg))
    boxes = label_boxes(svg)
    for i, (y1, s1, e1) in enumerate(boxes):
        for y2, s2, e2 in boxes[i + 1:]:
            assert y1 != y2 or e1 <= s2 or e2 <= s1, "two labels overlap on one lane"
    circles = list(ET.fromstring(svg).iter(f"{SVG}circle"))
    assert len(circles) == len(EVENTS)


def test_timeline_accepts_date_spans_short_spans_and_nothing():
    svg = timeline([(parse_date("19-20 September 2023"), "Offensive"), (date(2023, 9, 25), "Exodus")])
    assert "19 Sep 2023" in texts(svg) and "Offensive" in texts(svg)
    assert ET.fromstring(timeline([], title="Empty")).tag == f"{SVG}svg"


def test_weasyprint_draws_the_svg_as_vectors_with_extractable_text():
    pypdf = pytest.importorskip("pypdf")
    from casebuilder.render.pdf import PdfMetadata, render_pdf

    html = ("<html lang='en'><body>" + bar_chart(REGIONS, title="Displaced persons") +
            timeline(EVENTS[:3]) + "</body></html>")
    result = render_pdf(html, case_root=None, metadata=PdfMetadata("Charts", date(2024, 1, 1)))
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(result.pdf)).pages)
    for expected in ("Displaced persons", "55,000", "Ստեփանակերտ", "Blockade of the Lachin corridor"):
        assert expected in text
    page = pypdf.PdfReader(io.BytesIO(result.pdf)).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
