import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from newsroom import roles
from participation.models import (
    CampSession,
    CampSignup,
    CaseSubmission,
    FormKind,
    OfficerApplication,
)
from tests.factories import ActivityPageFactory, CampaignPageFactory
from tests.newsroom.images import png_bytes
from tests.participation.conftest import make_form

PASSWORD = "pass-1234-abcd"
PHONE = "13912345678"
EMAIL = "zhang.san@example.com"
STORY = "我在社区卫生服务中心工作了二十年。" * 10


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_user(django_user_model, username, group_name=None):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return make_user(django_user_model, "editor", roles.EDITOR)


@pytest.fixture
def chief(db, django_user_model):
    return make_user(django_user_model, "chief", roles.CHIEF_EDITOR)


@pytest.fixture
def judge(db, django_user_model):
    return make_user(django_user_model, "judge", roles.JUDGE)


@pytest.fixture
def administrator(db, django_user_model):
    return make_user(django_user_model, "administrator", roles.ADMINISTRATOR)


@pytest.fixture
def activity(home):
    campaign = CampaignPageFactory(parent=home, year=2022, slug="2022")
    return ActivityPageFactory(parent=campaign, title="品牌故事大赛")


@pytest.fixture
def officer_form(activity):
    return make_form(activity, FormKind.OFFICER)


@pytest.fixture
def case_form(activity):
    return make_form(
        activity,
        FormKind.CASE,
        count_mode="all",
        count_label="已有 {n} 家企业报送案例",
        judging_criteria="创新性 40\n成效：40\n可推广性 20",
    )


@pytest.fixture
def camp_form(activity):
    form = make_form(activity, FormKind.CAMP)
    CampSession.objects.create(form=form, title="第一期", capacity=2, sort_order=0)
    return form


@pytest.fixture
def application(officer_form):
    item = OfficerApplication(
        form=officer_form,
        name="张三",
        occupation="社区医生",
        story=STORY,
        declaration="质量是对每一位病人的承诺。",
        phone=PHONE,
        email=EMAIL,
    )
    item.photo.save("me.png", ContentFile(png_bytes(320, 240)), save=False)
    item.save()
    return item


def make_case(form, title="老字号的标准化之路", organisation="昆明某食品有限公司", **kwargs):
    values = {
        "form": form,
        "organisation": organisation,
        "contact_name": "李四",
        "contact_phone": "13800001111",
        "contact_email": "li.si@example.com",
        "case_title": title,
        "case_text": "第一段。\n第二段。",
    }
    values.update(kwargs)
    return CaseSubmission.objects.create(**values)


@pytest.fixture
def signup(camp_form):
    return CampSignup.objects.create(
        form=camp_form,
        session=camp_form.camp_sessions.first(),
        child_name="王小明",
        grade="p4",
        guardian_name="王大明",
        guardian_phone="13700002222",
        guardian_email="wang@example.com",
    )
