"""The converter and what it leaves alone: URLs, e-mails, phones, code, ids."""

import json

import pytest
from django.test import RequestFactory

from script_variants import markup
from script_variants.converter import convert
from script_variants.negotiation import VARIANTS, accept_language_variant, request_variant

HANT = "zh-hant"


@pytest.mark.parametrize(
    "simplified,traditional",
    [
        ("头发", "頭髮"),
        ("联系", "聯繫"),
        ("发展", "發展"),
        ("干涉", "干涉"),
        ("质量月", "質量月"),
        ("春城质量官", "春城質量官"),
        ("活动", "活動"),
        ("高质量发展", "高質量發展"),
    ],
)
def test_tricky_phrases(simplified, traditional):
    assert convert(simplified, HANT) == traditional
    assert markup.convert_text(simplified, HANT) == traditional


def test_simplified_is_the_stored_text():
    assert convert("头发", "zh-hans") == "头发"
    assert markup.convert_text("头发", "zh-hans") == "头发"
    with pytest.raises(ValueError):
        convert("头发", "zh-xx")
    assert set(VARIANTS) == {"zh-hans", "zh-hant", "zh-tw", "zh-hk"}


def test_urls_emails_and_the_hotline_come_through_unchanged():
    text = "咨询热线 0871-65392426，邮箱 KMPP2022@126.com，详见 https://example.cn/质量/发展?q=头发#联系 。"
    out = markup.convert_text(text, HANT)
    assert out.startswith("諮詢熱線 0871-65392426，郵箱 KMPP2022@126.com，詳見 ")
    assert "https://example.cn/质量/发展?q=头发#联系" in out
    assert out.endswith(" 。")


HTML = """<!DOCTYPE html><html lang="zh-Hans"><head>
<title>质量月活动</title>
<meta name="description" content="昆明质量发展">
<meta property="og:url" content="http://testserver/news/">
<meta property="og:image" content="http://testserver/media/质量.jpg">
<link rel="canonical" href="http://testserver/news/">
<link rel="alternate" hreflang="zh-Hans" href="http://testserver/news/">
<link rel="stylesheet" href="/static/css/site.css">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "质量发展",
"url": "http://testserver/news/质量/", "inLanguage": "zh-Hans", "datePublished": "2022-09-01"}</script>
<script>var label = "质量";</script><style>.x::after{content:"质量"}</style>
</head><body>
<a href="/news/" title="新闻联系">新闻</a> <a href="/2022/#活动">活动</a> <a href="?page=2">下一页</a>
<a href="https://other.example/news/">外部</a> <a href="mailto:KMPP2022@126.com">KMPP2022@126.com</a>
<a href="tel:0871-65392426">0871-65392426</a> <a href="/media/x.pdf">文件</a> <a href="/admin/">后台</a>
<img src="/media/images/质量.png" alt="头发" aria-label="联系我们" data-slug="质量月" id="质量">
<form action="/search/"><input name="q" placeholder="搜索活动" value="质量"></form>
<code>质量</code><pre>发展 <b>头发</b></pre>
<span class="script-switch" data-script-keep><a href="/news/" hreflang="zh-Hans">简</a></span>
<!-- 质量 --></body></html>"""


def test_html_converts_only_human_text_and_keeps_links_in_the_variant():
    out = markup.convert_html(HTML, HANT, origins=("http://testserver",))
    assert '<html lang="zh-Hant">' in out
    assert "<title>質量月活動</title>" in out
    assert 'content="昆明質量發展"' in out
    # Internal links stay inside /zh-hant/, everything else keeps its address.
    assert '<link rel="canonical" href="http://testserver/zh-hant/news/">' in out
    assert 'content="http://testserver/zh-hant/news/"' in out
    assert 'content="http://testserver/media/质量.jpg"' in out
    assert '<link rel="alternate" hreflang="zh-Hans" href="http://testserver/news/">' in out
    assert 'href="/static/css/site.css"' in out
    assert '<a href="/zh-hant/news/" title="新聞聯繫">新聞</a>' in out
    assert '<a href="/zh-hant/2022/#活动">活動</a>' in out
    assert '<a href="?page=2">下一頁</a>' in out
    assert '<a href="https://other.example/news/">外部</a>' in out
    assert '<a href="mailto:KMPP2022@126.com">KMPP2022@126.com</a>' in out
    assert '<a href="tel:0871-65392426">0871-65392426</a>' in out
    assert 'href="/media/x.pdf"' in out and 'href="/admin/"' in out
    assert 'src="/media/images/质量.png" alt="頭髮" aria-label="聯繫我們" data-slug="质量月" id="质量"' in out
    assert 'action="/zh-hant/search/"' in out and 'placeholder="搜索活動" value="质量"' in out
    # Code, scripts, styles, comments and the switch are left alone.
    assert "<code>质量</code><pre>发展 <b>头发</b></pre>" in out
    assert '<script>var label = "质量";</script><style>.x::after{content:"质量"}</style>' in out
    assert '<a href="/news/" hreflang="zh-Hans">简</a>' in out
    assert "<!-- 质量 -->" in out
    # JSON-LD: text converted, URLs and dates untouched.
    start = out.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(out[start : out.index("</script>", start)])
    assert data == {
        "@type": "NewsArticle",
        "headline": "質量發展",
        "url": "http://testserver/news/质量/",
        "inLanguage": "zh-Hant",
        "datePublished": "2022-09-01",
    }


def test_json_data_converts_text_values_only():
    data = {
        "id": 7,
        "type": "news",
        "title": "质量发展",
        "slug": "质量月",
        "url": "http://testserver/news/质量/",
        "email": "KMPP2022@126.com",
        "phone": "0871-65392426",
        "published_at": "2022-09-01T12:00:00+08:00",
        "tags": ["质量月", "头发"],
        "body": '<p>联系 <a href="/news/质量/">发展</a></p>',
        "hero_image": {"alt": "头发", "renditions": {"card": {"url": "http://testserver/media/质量.png"}}},
        "contacts": [{"name": "联系人", "phone": "0871-65392426", "email": "a@b.cn"}],
        "blocks": [{"type": "paragraph", "value": "发展"}],
    }
    out = markup.convert_data(data, HANT)
    assert out == {
        "id": 7,
        "type": "news",
        "title": "質量發展",
        "slug": "质量月",
        "url": "http://testserver/news/质量/",
        "email": "KMPP2022@126.com",
        "phone": "0871-65392426",
        "published_at": "2022-09-01T12:00:00+08:00",
        "tags": ["質量月", "頭髮"],
        "body": '<p>聯繫 <a href="/news/质量/">發展</a></p>',
        "hero_image": {"alt": "頭髮", "renditions": {"card": {"url": "http://testserver/media/质量.png"}}},
        "contacts": [{"name": "聯繫人", "phone": "0871-65392426", "email": "a@b.cn"}],
        "blocks": [{"type": "paragraph", "value": "發展"}],
    }
    assert data["title"] == "质量发展"  # the input is not modified


def test_xml_and_calendar_conversion():
    xml = (
        "<rss><channel><title>质量新闻</title><link>http://testserver/</link><language>zh-Hans</language>"
        "<item><title>发展</title><link>http://testserver/news/a/</link><guid>tag:zlkm,2022:news/1</guid>"
        '<description>&lt;a href="/news/"&gt;头发&lt;/a&gt;</description></item></channel></rss>'
    )
    out = markup.convert_xml(xml, HANT, origins=("http://testserver",))
    assert "<title>質量新聞</title><link>http://testserver/zh-hant/</link><language>zh-Hant</language>" in out
    assert "<title>發展</title><link>http://testserver/zh-hant/news/a/</link><guid>tag:zlkm,2022:news/1</guid>" in out
    assert '&lt;a href="/zh-hant/news/"&gt;頭髮&lt;/a&gt;' in out
    long_summary = "质量" * 40
    ics = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:activity-1@testserver\r\n"
        f"SUMMARY:{long_summary}\r\nLOCATION:昆明市\r\nURL:http://testserver/2022/a/\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    out = markup.convert_ics(ics, HANT, origins=("http://testserver",))
    assert "UID:activity-1@testserver" in out and "URL:http://testserver/zh-hant/2022/a/" in out
    assert "LOCATION:昆明市" in out
    assert all(len(line.encode()) <= 75 for line in out.split("\r\n"))
    assert out.replace("\r\n ", "").count("質量" * 40) == 1


def test_documents_are_memoised_per_version_and_variant():
    first = markup.convert_document("<p>质量</p>", HANT, "html", version=1)
    assert markup.convert_document("<p>质量</p>", HANT, "html", version=1) is first
    assert markup.convert_document("<p>质量</p>", HANT, "html", version=2) == first
    assert markup.convert_document("<p>质量</p>", "zh-hans", "html", version=1) == "<p>质量</p>"


@pytest.mark.parametrize(
    "path,headers,expected",
    [
        ("/zh-hant/", {}, "zh-hant"),
        ("/zh-hant/news/", {"HTTP_ACCEPT_LANGUAGE": "zh-Hans"}, "zh-hant"),
        ("/news/", {"HTTP_ACCEPT_LANGUAGE": "zh-Hant"}, "zh-hans"),  # the site only follows the URL
        ("/api/v1/news/?variant=zh-hant", {}, "zh-hant"),
        ("/api/v1/news/", {"HTTP_ACCEPT_LANGUAGE": "zh-Hant"}, "zh-hant"),
        ("/api/v1/news/", {"HTTP_ACCEPT_LANGUAGE": "zh-TW,zh;q=0.8"}, "zh-tw"),
        ("/api/v1/news/", {"HTTP_ACCEPT_LANGUAGE": "zh-Hant-TW"}, "zh-tw"),
        ("/api/v1/news/", {"HTTP_ACCEPT_LANGUAGE": "zh-HK"}, "zh-hk"),
        ("/api/v1/news/", {"HTTP_ACCEPT_LANGUAGE": "zh-MO"}, "zh-hk"),
        ("/api/v1/news/?variant=zh-TW", {}, "zh-tw"),
        ("/api/v1/news/?variant=zh-hk", {"HTTP_ACCEPT_LANGUAGE": "zh-TW"}, "zh-hk"),
        ("/zh-tw/news/", {}, "zh-tw"),
        ("/zh-hk/", {"HTTP_ACCEPT_LANGUAGE": "zh-TW"}, "zh-hk"),
        ("/api/v1/news/", {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh-TW;q=0.5"}, "zh-hans"),
        ("/api/v1/news/?variant=zh-hans", {"HTTP_ACCEPT_LANGUAGE": "zh-Hant"}, "zh-hans"),
        ("/api/v1/news/?variant=zh-xx", {"HTTP_ACCEPT_LANGUAGE": "zh-Hant"}, "zh-hans"),
        ("/api/v1/news/", {"HTTP_ACCEPT_LANGUAGE": ";;q=abc,,zh-Hant;q=x"}, "zh-hans"),
        ("/", {}, "zh-hans"),
    ],
)
def test_request_variant(path, headers, expected):
    assert request_variant(RequestFactory().get(path, **headers)) == expected


def test_request_variant_never_raises():
    assert request_variant(object()) == "zh-hans"
    assert request_variant(None) == "zh-hans"
    assert accept_language_variant(None) is None
