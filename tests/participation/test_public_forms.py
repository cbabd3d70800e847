"""The public forms as a reader meets them: open or not, Chinese errors, nothing half-saved."""

import datetime
import os

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participation import abuse
from participation.models import CampSignup, CaseSubmission, OfficerApplication
from participation.text import reader_length
from tests.newsroom.images import bomb_png_bytes
from tests.participation.conftest import CONSENT, PURPOSE, officer_data

pytestmark = pytest.mark.django_db


def url(form):
    return reverse("participation_form", args=[form.pk])


def han(n):
    return ("质量" * n)[:n]


def saved_files():
    root = os.path.join(settings.PRIVATE_MEDIA_ROOT, "participation")
    return sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files)


@pytest.fixture
def files_before():
    """The uploads kept before the test (earlier tests' files stay on disk)."""
    return saved_files()


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """POST as the browser does; what runs on commit (e-mail) runs before the response is looked at."""

    def submit(path, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **extra)

    return submit


# --- the reader's count ------------------------------------------------------------------


def test_reader_length_counts_what_a_reader_sees():
    assert reader_length("质量 第一。") == 5
    assert reader_length("质量\n\n第一\r\n") == 4
    assert reader_length("e\u0301") == 1  # an accent typed as a combining mark
    assert reader_length("品\u200b牌\ufe0f") == 2  # zero-width space, variation selector
    assert reader_length("ＡＢＣ１２３") == 6
    assert reader_length("") == 0


# --- open, upcoming, closed ----------------------------------------------------------------


def test_activity_page_shows_open_form_with_link(client, officer_form):
    html = client.get(officer_form.activity.url).content.decode()
    assert "参与报名" in html and officer_form.title in html
    assert url(officer_form) in html and "开放中" in html


def test_activity_page_says_when_a_form_opens_or_that_it_closed(client, officer_form, case_form):
    now = timezone.now()
    officer_form.opens_at, officer_form.closes_at = now + datetime.timedelta(days=3), now + datetime.timedelta(days=9)
    officer_form.save()
    case_form.opens_at, case_form.closes_at = now - datetime.timedelta(days=9), now - datetime.timedelta(days=1)
    case_form.save()
    html = client.get(officer_form.activity.url).content.decode()
    assert "尚未开放" in html and "开放" in html
    opens = timezone.localtime(officer_form.opens_at)
    assert f"{opens.year}年{opens.month}月{opens.day}日" in html
    assert "已截止" in html
    assert url(officer_form) not in html and url(case_form) not in html
    page = client.get(url(case_form)).content.decode()
    assert "已截止" in page and '<form class="public-form"' not in page


def test_closed_form_takes_nothing(submit, client, officer_form):
    officer_form.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    officer_form.save()
    response = submit(url(officer_form), officer_data(officer_form))
    assert "已截止" in response.content.decode()
    assert not OfficerApplication.objects.exists()


def test_demo_setting_keeps_a_2022_form_open(client, officer_form, settings):
    officer_form.opens_at = datetime.datetime(2022, 9, 1, tzinfo=datetime.UTC)
    officer_form.closes_at = datetime.datetime(2022, 10, 31, tzinfo=datetime.UTC)
    officer_form.save()
    assert "已截止" in client.get(url(officer_form)).content.decode()
    settings.PARTICIPATION_FORMS_ALWAYS_OPEN = True
    html = client.get(url(officer_form)).content.decode()
    assert "public-form" in html and "开放中" in html


@pytest.mark.parametrize("state", ["draft", "private"])
def test_form_of_a_hidden_activity_is_not_found(client, officer_form, state):
    if state == "draft":
        officer_form.activity.unpublish()
    else:
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(page=officer_form.activity, restriction_type="login")
    assert client.get(url(officer_form)).status_code == 404


# --- an officer application ----------------------------------------------------------------


def test_form_shows_purpose_consent_and_a_hidden_honeypot(client, officer_form):
    html = client.get(url(officer_form)).content.decode()
    assert PURPOSE in html and CONSENT in html
    assert 'class="hp" aria-hidden="true"' in html and 'name="website"' in html
    assert 'name="started"' in html


def test_officer_application_is_saved_encrypted_with_a_private_photo(submit, client, officer_form):
    story = han(800) + "\n\n  "
    response = submit(url(officer_form), officer_data(officer_form, story=story))
    html = response.content.decode()
    assert response.status_code == 200 and "提交成功" in html, html
    application = OfficerApplication.objects.get()
    assert application.status == "new" and application.phone == "13987654321"
    assert reader_length(application.story) == 800
    assert application.photo.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert application.consent_given_at is not None
    assert "13987654321" not in html
    subjects = sorted(message.subject for message in mail.outbox)
    assert any("已收到" in s for s in subjects) and any("新提交待审核" in s for s in subjects)
    notice = next(m for m in mail.outbox if "新提交待审核" in m.subject)
    assert notice.to == ["moderator@example.com"] and "13987654321" not in notice.body


def assert_refused(response, message, files_before=None):
    html = response.content.decode()
    assert message in html, html
    assert "提交成功" not in html
    assert not OfficerApplication.objects.exists()
    if files_before is not None:
        assert saved_files() == list(files_before)
    assert not mail.outbox


def test_801_character_story_is_refused(submit, client, officer_form, files_before):
    response = submit(url(officer_form), officer_data(officer_form, story=han(801)))
    assert_refused(response, "质量故事不能超过 800 字（现在是 801 字）", files_before)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("photo.jpg", b"MZ\x90\x00not an image", content_type="image/jpeg"), "无法识别这张图片"),
        (SimpleUploadedFile("photo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "不支持这种文件类型"),
        (SimpleUploadedFile("huge.png", bomb_png_bytes(10_000, 10_000), content_type="image/png"), "像素过多"),
    ],
)
def test_bad_photos_are_refused(submit, client, officer_form, upload, message, files_before):
    before = files_before
    response = submit(url(officer_form), officer_data(officer_form, photo=upload))
    assert_refused(response, message, before)


def test_photo_size_limit_is_the_admins(submit, client, officer_form, settings, files_before):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = submit(url(officer_form), officer_data(officer_form))
    assert_refused(response, "照片太大", files_before)


def test_filled_honeypot_is_refused(submit, client, officer_form, files_before):
    response = submit(url(officer_form), officer_data(officer_form, website="http://spam.example"))
    assert_refused(response, abuse.HONEYPOT_MESSAGE, files_before)


def test_too_fast_and_forged_timestamps_are_refused(submit, client, officer_form, settings, files_before):
    settings.PARTICIPATION_MIN_SECONDS = 60
    for started, message in [(None, "提交太快了"), ("1:abc:def", "表单已失效"), ("", "表单已失效")]:
        data = officer_data(officer_form) if started is None else officer_data(officer_form, started=started)
        assert_refused(submit(url(officer_form), data), message, files_before)


def test_missing_consent_and_fields_get_chinese_errors(submit, client, officer_form):
    data = officer_data(officer_form, name="", phone="12345", email="not-an-address")
    del data["consent"]
    html = submit(url(officer_form), data).content.decode()
    assert "请填写此项。" in html
    assert "请填写正确的手机号码" in html
    assert "请填写正确的电子邮箱地址" in html
    assert "请阅读并勾选同意个人信息授权声明。" in html
    assert not OfficerApplication.objects.exists()


def test_two_sentence_declaration_is_refused(submit, client, officer_form, files_before):
    response = submit(url(officer_form), officer_data(officer_form, declaration="质量第一。诚信为本。"))
    assert_refused(response, "质量宣言只能是一句话。", files_before)


def test_too_many_per_minute_from_one_address(submit, client, officer_form, settings):
    settings.PARTICIPATION_RATE_PER_ADDRESS = (2, 60)
    for n in range(2):
        submit(url(officer_form), officer_data(officer_form, phone=f"1398765432{n}"))
    assert OfficerApplication.objects.count() == 2
    mail.outbox.clear()
    response = submit(url(officer_form), officer_data(officer_form, phone="13987654329"))
    assert response.status_code == 429
    assert abuse.RATE_MESSAGE in response.content.decode()
    assert OfficerApplication.objects.count() == 2 and not mail.outbox
    # another address is not held up
    other = submit(url(officer_form), officer_data(officer_form, phone="13987654328"), REMOTE_ADDR="10.0.0.9")
    assert "提交成功" in other.content.decode()


def test_too_many_for_one_contact(submit, client, officer_form, case_form, settings):
    settings.PARTICIPATION_RATE_PER_CONTACT = (1, 3600)
    assert "提交成功" in submit(url(officer_form), officer_data(officer_form)).content.decode()
    data = case_data(case_form, contact_phone="139 8765 4321")
    response = submit(url(case_form), data, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429 and not CaseSubmission.objects.exists()


def test_duplicate_application_is_refused(submit, client, officer_form):
    assert "提交成功" in submit(url(officer_form), officer_data(officer_form)).content.decode()
    mail.outbox.clear()
    html = submit(url(officer_form), officer_data(officer_form, phone="139-8765-4321")).content.decode()
    assert "您已经提交过相同的内容" in html
    assert OfficerApplication.objects.count() == 1 and not mail.outbox


# --- a case -------------------------------------------------------------------------------


def case_data(form, **overrides):
    data = {
        "organisation": "昆明某某食品有限公司",
        "credit_code": "",
        "organisation_address": "",
        "contact_name": "赵经理",
        "contact_phone": "13811112222",
        "contact_email": "",
        "case_title": "一粒米的质量追溯",
        "case_text": "我们建立了从田间到餐桌的追溯体系。",
        "document": SimpleUploadedFile("case.pdf", b"%PDF-1.4\n%sample\n", content_type="application/pdf"),
        "consent": "on",
        "started": abuse.start_token(form.pk),
    }
    data.update(overrides)
    return data


def test_case_submission_and_public_count(submit, client, case_form):
    response = submit(url(case_form), case_data(case_form))
    assert "提交成功" in response.content.decode()
    entry = CaseSubmission.objects.get()
    assert entry.document.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "已有 1 家企业报送案例" in client.get(case_form.activity.url).content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("case.exe", b"MZ\x90\x00", "不支持这种文件类型"),
        ("case.pdf", b"MZ\x90\x00 renamed", "文件内容与扩展名 .pdf 不符"),
        ("case.docx", b"%PDF-1.4", "文件内容与扩展名 .docx 不符"),
    ],
)
def test_bad_documents_are_refused(submit, client, case_form, name, content, message):
    before = saved_files()
    data = case_data(case_form, document=SimpleUploadedFile(name, content))
    html = submit(url(case_form), data).content.decode()
    assert message in html and not CaseSubmission.objects.exists() and saved_files() == before


def test_document_size_limit_is_the_admins(submit, client, case_form, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10
    html = submit(url(case_form), case_data(case_form)).content.decode()
    assert "文件太大" in html and not CaseSubmission.objects.exists()


# --- the camp -----------------------------------------------------------------------------


def camp_data(form, session, n, **overrides):
    data = {
        "child_name": f"小朋友{n}",
        "grade": "p4",
        "session": session.pk,
        "guardian_name": f"家长{n}",
        "guardian_phone": f"1360000000{n}",
        "guardian_email": f"parent{n}@example.com",
        "consent": "on",
        "started": abuse.start_token(form.pk),
    }
    data.update(overrides)
    return data


def test_full_session_sends_the_next_signup_to_the_waiting_list(submit, client, camp_form):
    session = camp_form.camp_sessions.get(title="第一期")
    for n in range(2):
        html = submit(url(camp_form), camp_data(camp_form, session, n)).content.decode()
        assert "提交成功" in html and "候补" not in html
    assert "已满，可报名候补" in client.get(url(camp_form)).content.decode()
    mail.outbox.clear()
    html = submit(url(camp_form), camp_data(camp_form, session, 3)).content.decode()
    assert "列入候补名单" in html
    assert list(CampSignup.objects.order_by("pk").values_list("waitlisted", flat=True)) == [False, False, True]
    confirmation = next(m for m in mail.outbox if m.to == ["parent3@example.com"])
    assert "候补" in confirmation.body


def test_session_of_another_form_is_refused(submit, client, camp_form, activity):
    from participation.models import CampSession
    from tests.participation.conftest import make_form

    other = make_form(activity, "camp")
    foreign = CampSession.objects.create(form=other, title="别的", capacity=5)
    html = submit(url(camp_form), camp_data(camp_form, foreign, 1)).content.decode()
    assert "请从列表中选择场次" in html and not CampSignup.objects.exists()


def test_same_child_twice_is_a_duplicate(submit, client, camp_form):
    session = camp_form.camp_sessions.get(title="第二期")
    submit(url(camp_form), camp_data(camp_form, session, 1))
    html = submit(url(camp_form), camp_data(camp_form, session, 1)).content.decode()
    assert "您已经提交过相同的内容" in html and CampSignup.objects.count() == 1
