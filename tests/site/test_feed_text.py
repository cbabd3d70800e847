"""#14 medium 7: feeds carry plain text in RSS <description> and Atom <summary>; the body stays in content."""

import html
import xml.etree.ElementTree as ET

import pytest
from wagtail.rich_text import RichText

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

LEAD = '<b onmouseover="alert(1)">粗体</b>导语<script>alert(2)</script> &lt;img src=x onerror=alert(3)&gt; 甲&乙'
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def item(news_index):
    return NewsPageFactory(
        parent=news_index, slug="feed-text", lead=LEAD, body=[("paragraph", RichText("<p><b>正文加粗</b></p>"))]
    )


def test_rss_description_is_plain_text_that_no_reader_runs(client, item):
    root = ET.fromstring(client.get("/feeds/news/rss.xml").content)
    entry = next(e for e in root.iter("item") if e.findtext("link").endswith("/feed-text/"))
    description = entry.findtext("description")
    # Readers treat <description> as HTML: decoded once more, it must still be only text.
    shown = html.unescape(description)
    assert "<" not in description and "<b" not in shown and "<script" not in shown
    assert "粗体导语" in shown and "alert(2)" not in shown
    assert "甲&乙" in shown
    assert "<b>正文加粗</b>" in entry.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")


def test_atom_summary_is_text_and_content_is_the_rendered_body(client, item):
    root = ET.fromstring(client.get("/feeds/news/atom.xml").content)
    entry = next(e for e in root.iter(f"{ATOM}entry") if e.find(f"{ATOM}link").get("href").endswith("/feed-text/"))
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert "<b" not in summary.text and "<script" not in summary.text and "粗体导语" in summary.text
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html" and "<b>正文加粗</b>" in content.text
