"""#18: the demo's activity 2 offers its three 2021 reports as sample PDFs, clearly marked as samples."""

import io
import re

import pytest
from django.core.management import call_command

from campaign.models import ActivityPage
from home.demo import reports

pytestmark = pytest.mark.django_db

NAMES = ["公众满意度评价报告", "公共服务质量监测报告", "制造业产品合格率分析报告"]


def test_activity_two_page_offers_the_three_sample_reports_for_download(client, demo):
    activity = ActivityPage.objects.get(number=2)
    body = client.get(activity.url).content.decode()
    section = body[body.index("相关报告") :]
    links = re.findall(
        r'<a href="(/documents/[^"]+)" download>([^<]+)</a> <span class="file-meta">PDF · ([^<]+)</span>', section
    )
    assert [title for _, title, _ in links] == [
        f"【样本】2021年昆明市{'政府质量工作' if i == 0 else ''}{name}" for i, name in enumerate(NAMES)
    ]
    for url, _title, size in links:
        assert size.endswith("KB")
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_loading_the_demo_again_attaches_nothing_twice(demo):
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "无需新建" in out.getvalue()
    assert ActivityPage.objects.get(number=2).related_documents.count() == 3


def pdf_literal(raw):
    """Bytes of a PDF literal string: backslash escapes and octal codes."""
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i] != "\\":
            out.append(ord(raw[i]))
            i += 1
            continue
        octal = re.match(r"[0-7]{1,3}", raw[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8))
            i += 1 + len(octal.group())
        else:
            out.append(ord({"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(raw[i + 1], raw[i + 1])))
            i += 2
    return bytes(out)


def test_sample_pdf_is_marked_as_a_sample_and_reproducible():
    pdf = reports.report_pdf(reports.REPORTS[0][1])
    assert pdf.startswith(b"%PDF") and pdf == reports.report_pdf(reports.REPORTS[0][1])
    raw = re.search(r"/Title \(((?:\\.|[^\\)])*)\)", pdf.decode("latin-1"), re.S).group(1)
    title = pdf_literal(raw).decode("utf-16")
    assert title == "【样本】2021年昆明市政府质量工作公众满意度评价报告"
