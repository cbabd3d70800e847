"""The admin side of public participation: who sees what, 采纳 → draft page, erasure, the access log, export."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaign.models import NewsPage, OfficerPage
from moderation.models import PersonalDataAccess
from participation.models import CaseSubmission, OfficerApplication, Status

from .conftest import EMAIL, PHONE, STORY, make_case

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def detail(item):
    return reverse("moderation_submission", args=(item._meta.model_name, item.pk))


# --- who sees personal data --------------------------------------------------------------


def test_chief_sees_the_queue_without_personal_data(client, chief, application):
    signed_in(client, chief)
    queue = client.get(reverse("participation_officerapplication:index"), {"form": application.form_id})
    assert queue.status_code == 200
    page = queue.content.decode()
    assert "张三" in page and "新提交" in page
    assert PHONE not in page and EMAIL not in page
    assert not PersonalDataAccess.objects.exists()


def test_chief_sees_personal_data_on_request_and_the_view_is_logged(client, chief, application):
    signed_in(client, chief)
    plain = client.get(detail(application)).content.decode()
    assert "张三" in plain and STORY[:20] in plain
    assert PHONE not in plain
    assert not PersonalDataAccess.objects.exists()

    shown = client.get(detail(application), {"personal": "1"}).content.decode()
    assert PHONE in shown and EMAIL in shown
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.action, entry.submission_id, entry.form) == (
        chief,
        PersonalDataAccess.Action.VIEW,
        application.pk,
        application.form,
    )
    assert abs(entry.at - timezone.now()) < datetime.timedelta(minutes=1)


@pytest.mark.parametrize("role", ["editor", "judge"])
def test_editor_and_judge_see_no_queue_no_personal_data_no_photo(client, request, role, application):
    user = request.getfixturevalue(role)
    signed_in(client, user)
    for url in (
        reverse("participation_officerapplication:index"),
        reverse("participation_officerapplication:edit", args=(application.pk,)),
        detail(application) + "?personal=1",
        reverse("moderation_file", args=("officerapplication", application.pk, "photo")),
        reverse("moderation_overview"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert PHONE not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()  # the sidebar: JSON in a script
    assert f'"{reverse("participation_officerapplication:index")}"' not in menu
    assert f'"{reverse("moderation_overview")}"' not in menu


def test_judge_reads_and_scores_a_case_but_never_its_contact_data(client, judge, case_form):
    case = make_case(case_form, status=Status.ACCEPTED)
    signed_in(client, judge)
    page = client.get(reverse("moderation_score_case", args=(case.pk,))).content.decode()
    assert "老字号的标准化之路" in page and "创新性" in page
    for secret in ("李四", "13800001111", "li.si@example.com"):
        assert secret not in page
    listing = client.get(reverse("moderation_judging_cases", args=(case_form.pk,))).content.decode()
    assert "13800001111" not in listing and "李四" not in listing

    bad = client.post(
        reverse("moderation_score_case", args=(case.pk,)), {"criterion-0": "41", "criterion-1": "x", "criterion-2": "5"}
    )
    assert bad.status_code == 400
    assert "须在 0 到 40 之间" in bad.content.decode() and "请为“成效”填写" in bad.content.decode()
    assert not case.scores.exists()

    good = client.post(
        reverse("moderation_score_case", args=(case.pk,)),
        {"criterion-0": "30", "criterion-1": "35", "criterion-2": "15"},
    )
    assert good.status_code == 302
    score = case.scores.get()
    assert score.total == 80 and score.points == {"创新性": 30, "成效": 35, "可推广性": 15}
    # A judge cannot open the ranking nor export.
    assert client.get(reverse("moderation_ranking", args=(case_form.pk,))).status_code in (302, 403)
    assert client.get(export_url(case_form, format="xlsx")).status_code == 403


# --- accepting -----------------------------------------------------------------------------


def test_accepting_an_officer_application_makes_a_draft_officer_page(client, chief, application, officer_index):
    signed_in(client, chief)
    response = client.post(reverse("moderation_accept", args=("officerapplication", application.pk)))
    page = OfficerPage.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert not page.live and page.get_parent().pk == officer_index.pk
    assert (page.title, page.occupation, page.story, page.declaration, page.appointed_year) == (
        "张三",
        "社区医生",
        STORY,
        "质量是对每一位病人的承诺。",
        2022,
    )
    assert page.photo is not None and page.photo.width == 320
    assert page.campaign == application.form.activity.get_parent().specific
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED and application.officer_page == page
    assert application.assignee == chief
    # The editor opens the draft: the fields are there.
    editor_page = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "社区医生" in editor_page and "质量是对每一位病人的承诺。" in editor_page
    # Accepting twice makes no second page.
    client.post(reverse("moderation_accept", args=("officerapplication", application.pk)))
    assert OfficerPage.objects.count() == 1


def test_status_set_in_the_edit_form_also_makes_the_draft(client, chief, application, officer_index):
    signed_in(client, chief)
    url = reverse("participation_officerapplication:edit", args=(application.pk,))
    response = client.post(url, {"status": Status.ACCEPTED, "assignee": chief.pk, "notes": "故事感人"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.notes == "故事感人" and application.officer_page.title == "张三"


def test_accepting_without_an_officers_index_is_a_chinese_error_and_saves_nothing(client, chief, application):
    signed_in(client, chief)
    response = client.post(reverse("moderation_accept", args=("officerapplication", application.pk)), follow=True)
    assert "还没有“春城质量官”列表页" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.NEW and not OfficerPage.objects.exists()


def test_an_accepted_case_becomes_a_draft_news_item(client, chief, case_form, news_index):
    case = make_case(case_form, status=Status.ACCEPTED)
    signed_in(client, chief)
    response = client.post(reverse("moderation_make_news", args=("casesubmission", case.pk)))
    news = NewsPage.objects.get()
    assert response.status_code == 302
    assert not news.live and "老字号的标准化之路" in news.title
    assert [block.value.source for block in news.body] == ["<p>第一段。</p>", "<p>第二段。</p>"]
    assert list(news.activities.all()) == [case_form.activity]
    assert "李四" not in str(news.body) and "13800001111" not in news.title


# --- the public count --------------------------------------------------------------------


def test_public_count_follows_the_forms_setting(case_form):
    make_case(case_form, status=Status.ACCEPTED)
    make_case(case_form, title="第二个", organisation="第二家")
    assert case_form.public_count_text() == "已有 2 家企业报送案例"
    case_form.count_mode = "accepted"
    assert case_form.public_count_text() == "已有 1 家企业报送案例"


# --- ranking and result --------------------------------------------------------------------


def test_ranking_collects_scores_and_publishing_writes_a_result_draft(client, chief, judge, case_form, news_index):
    from moderation import services

    first = make_case(case_form, title="甲案例", organisation="甲公司", status=Status.ACCEPTED)
    second = make_case(case_form, title="乙案例", organisation="乙公司", status=Status.ACCEPTED)
    services.save_score(first, judge, {"创新性": 20, "成效": 20, "可推广性": 10})
    services.save_score(second, judge, {"创新性": 40, "成效": 30, "可推广性": 20})
    signed_in(client, chief)
    page = client.get(reverse("moderation_ranking", args=(case_form.pk,))).content.decode()
    assert page.index("乙案例") < page.index("甲案例") and "90.00" in page
    response = client.post(reverse("moderation_ranking", args=(case_form.pk,)))
    assert response.status_code == 302
    result = case_form.judging_result
    assert result.ranking == [second.pk, first.pk]
    news = result.news_page
    assert not news.live and "乙公司" in str(news.body)
    # Scores are fixed once the result is out.
    signed_in(client, judge)
    late = client.post(
        reverse("moderation_score_case", args=(first.pk,)),
        {"criterion-0": "40", "criterion-1": "40", "criterion-2": "20"},
    )
    assert late.status_code == 400 and "评选结果已经发布" in late.content.decode()


# --- erasure -------------------------------------------------------------------------------


def test_erasing_one_applicant_on_request(client, chief, application):
    photo_name = application.photo.name
    storage = application.photo.storage
    assert storage.exists(photo_name)
    signed_in(client, chief)
    confirm = client.get(reverse("moderation_erase", args=("officerapplication", application.pk)))
    assert confirm.status_code == 200 and "确认删除" in confirm.content.decode()
    response = client.post(
        reverse("moderation_erase", args=("officerapplication", application.pk)), {"reason": "本人电话申请"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.erased_at is not None
    assert (application.phone, application.email, application.photo.name, application.contact_digest) == (
        "",
        "",
        "",
        "",
    )
    assert application.name == "张三"  # what is not personal contact data stays for the record
    entry = PersonalDataAccess.objects.get(action=PersonalDataAccess.Action.ERASE)
    assert entry.user == chief and entry.detail == "本人电话申请"
    shown = client.get(detail(application), {"personal": "1"}).content.decode()
    assert "个人信息和上传文件已于" in shown and PHONE not in shown


def test_erasure_deletes_the_file_after_commit(chief, application, django_capture_on_commit_callbacks):
    from moderation import services

    storage, name = application.photo.storage, application.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.erase(application, user=chief)
    assert not storage.exists(name)


def test_contact_data_are_erased_after_the_retention_period(application, case_form):
    old_case = make_case(case_form)
    CaseSubmission.objects.filter(pk=old_case.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    case_form.retention_days = 30
    case_form.save()
    OfficerApplication.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=300)
    )

    out = io.StringIO()
    call_command("erase_expired_personal_data", stdout=out)
    assert "已删除 1 条" in out.getvalue()
    old_case.refresh_from_db()
    application.refresh_from_db()
    assert old_case.erased_at and old_case.contact_phone == "" and old_case.contact_name == ""
    assert old_case.case_title == "老字号的标准化之路"
    assert application.erased_at is None and application.phone == PHONE  # 365 days not yet over
    assert PersonalDataAccess.objects.get().action == PersonalDataAccess.Action.EXPIRE


def test_the_worker_runs_the_retention_job(case_form):
    from publishing import scheduler

    old_case = make_case(case_form)
    CaseSubmission.objects.filter(pk=old_case.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    scheduler.tick()
    old_case.refresh_from_db()
    assert old_case.erased_at is not None


# --- the access log --------------------------------------------------------------------------


def test_administrators_read_the_access_log_others_do_not(client, administrator, chief, editor, application):
    signed_in(client, chief)
    client.get(detail(application), {"personal": "1"})
    url = reverse("moderation_personaldataaccess:index")
    assert client.get(url).status_code in (302, 403)
    signed_in(client, editor)
    assert client.get(url).status_code in (302, 403)
    signed_in(client, administrator)
    page = client.get(url).content.decode()
    assert "chief" in page and "查看" in page and "质量官报名" in page


def test_the_access_log_shows_beijing_time(client, administrator, chief, application):
    signed_in(client, chief)
    client.get(detail(application), {"personal": "1"})
    entry = PersonalDataAccess.objects.get()
    PersonalDataAccess.objects.filter(pk=entry.pk).update(
        at=datetime.datetime(2026, 9, 1, 2, 30, 5, tzinfo=datetime.UTC)
    )
    signed_in(client, administrator)
    page = client.get(reverse("moderation_personaldataaccess:index")).content.decode()
    assert "2026-09-01 10:30:05" in page and "2026-09-01 02:30:05" not in page


# --- export ----------------------------------------------------------------------------------


def export_url(form, **params):
    from urllib.parse import urlencode

    return reverse("moderation_export", args=(form.pk,)) + "?" + urlencode(params)


def test_excel_export_opens_in_openpyxl_with_chinese_headers_and_filters_by_status(client, chief, case_form):
    make_case(case_form, status=Status.ACCEPTED)
    make_case(case_form, title='=HYPERLINK("http://evil")', organisation="未采纳公司", status=Status.REJECTED)
    signed_in(client, chief)
    response = client.get(export_url(case_form, format="xlsx", status="accepted"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    for label in ("编号", "状态", "单位名称", "联系人", "联系电话", "案例名称", "提交时间"):
        assert label in header
    assert len(rows) == 2
    record = dict(zip(header, rows[1], strict=True))
    assert record["状态"] == "已采纳" and record["联系电话"] == "13800001111"
    everything = client.get(export_url(case_form, format="xlsx"))
    rows = list(load_workbook(io.BytesIO(everything.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3
    titles = [row[rows[0].index("案例名称")] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles  # never a live formula
    entries = PersonalDataAccess.objects.filter(action=PersonalDataAccess.Action.EXPORT)
    assert [entry.count for entry in entries.order_by("pk")] == [1, 2]


def test_csv_export_has_chinese_headers(client, chief, signup):
    signed_in(client, chief)
    response = client.get(export_url(signup.form, format="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert {"孩子姓名", "年级", "监护人手机", "场次", "候补"} <= set(rows[0])
    assert "王小明" in rows[1] and "小学四年级" in rows[1]


@pytest.mark.parametrize("role", ["editor", "judge"])
def test_export_is_forbidden_to_editors_and_judges(client, request, role, case_form):
    make_case(case_form)
    signed_in(client, request.getfixturevalue(role))
    for file_format in ("xlsx", "csv"):
        response = client.get(export_url(case_form, format=file_format))
        assert response.status_code == 403
        assert b"13800001111" not in response.content
    assert not PersonalDataAccess.objects.exists()


def test_bad_export_parameters_are_a_400_not_a_500(client, chief, case_form):
    signed_in(client, chief)
    assert client.get(export_url(case_form, format="pdf")).status_code == 400
    assert client.get(export_url(case_form, status="weird")).status_code == 400


def test_moderators_are_shown_by_their_chinese_name_not_their_login_name(client, chief, application):
    """Queue column and filter, edit form, detail page and export all read 王主任, never "chief"."""
    chief.first_name, chief.last_name = "主任", "王"
    chief.save()
    application.assignee = chief
    application.save()
    signed_in(client, chief)
    pages = {
        "queue": client.get(reverse("participation_officerapplication:index")),
        "edit": client.get(reverse("participation_officerapplication:edit", args=(application.pk,))),
        "detail": client.get(reverse("moderation_submission", args=("officerapplication", application.pk))),
    }
    for where, response in pages.items():
        page = response.content.decode()
        assert response.status_code == 200, where
        assert "王主任" in page, where
        assert f'value="{chief.pk}">chief<' not in page and "负责人：chief" not in page, where
    exported = client.get(export_url(application.form, format="csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[1][rows[0].index("负责人")] == "王主任"


def test_demo_case_form_has_judging_criteria_out_of_100(demo):
    from moderation.services import form_criteria
    from participation.models import FormKind, ParticipationForm

    criteria = form_criteria(ParticipationForm.objects.get(kind=FormKind.CASE))
    assert [name for name, _ in criteria] == ["品牌创新", "质量成效", "示范带动", "社会评价"]
    assert sum(points for _, points in criteria) == 100
