"""The moderators', judges' and administrators' participation screens are in Chinese (as tests/newsroom checks)."""

import pytest
from django.urls import reverse

from moderation import services
from participation.models import Status
from tests.newsroom.test_admin_chinese import english_phrases

from .conftest import make_case

pytestmark = pytest.mark.django_db

# Data, not interface: the people in the 负责人 filter and column, the applicants’ e-mail addresses.
USERNAMES = ("administrator", "chief", "judge", "editor", "zhang.san@example.com", "wang@example.com")


def check(client, user, paths):
    client.force_login(user)
    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        phrases = english_phrases(response.content.decode(), USERNAMES)
        if phrases:
            problems[path] = phrases
    assert problems == {}


def test_moderation_screens_are_chinese(client, chief, judge, administrator, application, case_form, signup):
    case = make_case(case_form, status=Status.ACCEPTED)
    services.save_score(case, judge, {"创新性": 30, "成效": 30, "可推广性": 10})
    moderator_paths = [
        reverse("moderation_overview"),
        reverse("participation_officerapplication:index"),
        reverse("participation_officerapplication:index") + f"?form={application.form_id}&status=new",
        reverse("participation_casesubmission:index"),
        reverse("participation_campsignup:index"),
        reverse("participation_officerapplication:edit", args=(application.pk,)),
        reverse("moderation_submission", args=("officerapplication", application.pk)),
        reverse("moderation_submission", args=("officerapplication", application.pk)) + "?personal=1",
        reverse("moderation_submission", args=("casesubmission", case.pk)),
        reverse("moderation_submission", args=("campsignup", signup.pk)) + "?personal=1",
        reverse("moderation_erase", args=("officerapplication", application.pk)),
        reverse("moderation_judging"),
        reverse("moderation_ranking", args=(case_form.pk,)),
    ]
    check(client, chief, moderator_paths)
    check(
        client,
        judge,
        [
            "/admin/",
            reverse("moderation_judging"),
            reverse("moderation_judging_cases", args=(case_form.pk,)),
            reverse("moderation_score_case", args=(case.pk,)),
        ],
    )
    check(client, administrator, [reverse("moderation_personaldataaccess:index")])


def test_editors_set_up_forms_in_chinese(client, editor, case_form, camp_form):
    check(
        client,
        editor,
        [
            reverse("participation_participationform:index"),
            reverse("participation_participationform:add"),
            reverse("participation_participationform:edit", args=(case_form.pk,)),
            reverse("participation_participationform:edit", args=(camp_form.pk,)),
        ],
    )
    page = client.get(reverse("participation_participationform:edit", args=(case_form.pk,))).content.decode()
    assert "评审标准" in page and "创新性 40" in page and "保存期限（天）" in page
    menu = client.get("/admin/").content.decode()
    # The sidebar is JSON in a script: look for the addresses.
    assert f'"{reverse("participation_participationform:index")}"' in menu
    assert f'"{reverse("moderation_overview")}"' not in menu
