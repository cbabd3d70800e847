"""Applicants' personal data never reach a public surface: HTML, API, changes feed, feeds, search, sitemap, webhooks.

Submits one entry to each demo form through its public page with distinctive contact data, accepts one,
then crawls every public surface as the visibility matrix does (tests/reliability/test_visibility_matrix.py).
"""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participation import abuse
from participation.models import CampSignup, CaseSubmission, OfficerApplication, ParticipationForm, Status
from partner_api.models import PartnerKey
from partner_sync.models import WebhookEndpoint
from tests.newsroom.images import make_png_file
from tests.reliability.surfaces import api_responses
from tests.reliability.test_visibility_matrix import FEEDS, changes, crawl_html

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PHONE = "19955501234"
SECRETS = [
    PHONE,
    "199-5550-1234",
    "leak-check-7731@example.org",
    "18866602468",
    "隐私联系人丙",
    "leak-case-4412@example.org",
    "17777703579",
    "隐私监护人甲",
    "隐私孩子乙",
    "leak-camp-5523@example.org",
]


def entries(form):
    started = abuse.start_token(form.pk)
    common = {"consent": "on", "started": started, "website": ""}
    if form.kind == "officer":
        return {
            **common,
            "photo": make_png_file(),
            "name": "公开姓名测试",
            "occupation": "工程师",
            "story": "质量故事。",
            "declaration": "质量第一。",
            "phone": "199-5550-1234",
            "email": "leak-check-7731@example.org",
        }
    if form.kind == "case":
        return {
            **common,
            "organisation": "测试企业",
            "contact_name": "隐私联系人丙",
            "contact_phone": "18866602468",
            "contact_email": "leak-case-4412@example.org",
            "case_title": "测试案例",
            "case_text": "案例正文。",
            "document": SimpleUploadedFile("case.pdf", b"%PDF-1.4\n"),
        }
    return {
        **common,
        "child_name": "隐私孩子乙",
        "grade": "p5",
        "session": form.camp_sessions.first().pk,
        "guardian_name": "隐私监护人甲",
        "guardian_phone": "17777703579",
        "guardian_email": "leak-camp-5523@example.org",
    }


def leaks(bodies):
    found = {}
    for url, body in bodies.items():
        for secret in SECRETS:
            if secret in body or secret.replace("-", "") in re.sub(r"\D", "", body) and secret[0].isdigit():
                found.setdefault(secret, []).append(url)
    return found


def text(response):
    if getattr(response, "streaming", False):  # a document download
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def record(payloads):
    def post(url, body, headers, timeout):
        payloads.append(body.decode())
        return 200

    return post


def test_personal_data_on_no_public_surface(client, demo, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.PARTICIPATION_FORMS_ALWAYS_OPEN = True
    settings.PARTICIPATION_MIN_SECONDS = 0
    key, api_key = PartnerKey.objects.create_key(name="隐私检查")
    WebhookEndpoint.objects.create(partner_key=key, url="http://127.0.0.1:9/hook")
    payloads = []
    monkeypatch.setattr(
        "partner_sync.egress.post", lambda url, body, headers, timeout: payloads.append(body.decode()) or 200
    )

    forms = list(ParticipationForm.objects.select_related("activity"))
    assert sorted(form.kind for form in forms) == ["camp", "case", "officer"]
    form_pages = []
    for form in forms:
        page = form.activity.url
        link = f"/canyu/{form.pk}/"
        assert link in text(client.get(page)), "the activity page links its form"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(link, entries(form))
        assert "提交成功" in text(response), text(response)
        form_pages.append(link)
    assert OfficerApplication.objects.get().phone == PHONE
    assert CaseSubmission.objects.count() == CampSignup.objects.count() == 1
    OfficerApplication.objects.update(status=Status.ACCEPTED)
    CaseSubmission.objects.update(status=Status.ACCEPTED)

    bodies = {}
    # HTML: every page reachable from the front pages and the form pages, both scripts.
    start = [
        f"{prefix}{path}"
        for prefix in ("", "/zh-hant")
        for path in ["/", "/news/", "/2022/", "/officers/", *form_pages]
    ]
    pages = crawl_html(client, start)
    assert any(url.startswith("/canyu/") for url in pages)
    bodies.update({url: text(r) for url, r in pages.items()})
    # The partner API (every list, detail, format, expansion, search) and the changes feed.
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {api_key}"}
    bodies.update(
        {f"api {url}": text(r) for url, r in api_responses(client, headers, search_terms=[PHONE, "测试案例"]).items()}
    )
    bodies["changes"] = json.dumps(changes(client, headers, "/api/v1/changes/?since=0"), ensure_ascii=False)
    # Feeds, calendars, sitemap, robots.
    for prefix in ("", "/zh-hant"):
        for path in FEEDS:
            bodies[prefix + path] = text(client.get(prefix + path))
    # Site search, for each secret and for what is public about the entries.
    for term in [*SECRETS, "公开姓名测试", "测试案例", "质量"]:
        bodies[f"/search/?q={term}"] = text(client.get("/search/", {"q": term}))
    # Webhooks sent meanwhile.
    bodies.update({f"webhook {n}": body for n, body in enumerate(payloads)})

    assert len(pages) > 10 and "/sitemap.xml" in bodies
    # The search page repeats the query itself; that is the reader's own input, not a leak.
    for term in SECRETS:
        bodies[f"/search/?q={term}"] = bodies[f"/search/?q={term}"].replace(term, "")
    assert leaks(bodies) == {}
