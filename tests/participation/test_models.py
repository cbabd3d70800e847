"""The participation models: encrypted personal fields, open/closed forms, counts, private files."""

import datetime
import os

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from participation import encryption
from participation.models import CampSignup, CaseSubmission, OfficerApplication, Status

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def raw_row(model, pk):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return " ".join(str(value) for value in cursor.fetchone())


def test_contact_fields_are_encrypted_at_rest(officer_form):
    application = OfficerApplication.objects.create(
        form=officer_form,
        name="张三",
        occupation="工程师",
        story="故事",
        declaration="质量第一。",
        phone=PHONE,
        email="zhang@example.com",
    )
    row = raw_row(OfficerApplication, application.pk)
    assert PHONE not in row and "zhang@example.com" not in row
    assert encryption.TOKEN_PREFIX in row
    again = OfficerApplication.objects.get(pk=application.pk)
    assert again.phone == PHONE and again.email == "zhang@example.com"


def test_guardian_and_child_are_encrypted(camp_form):
    session = camp_form.camp_sessions.first()
    signup = CampSignup.objects.create(
        form=camp_form,
        session=session,
        child_name="李小明",
        grade="p3",
        guardian_name="李大明",
        guardian_phone=PHONE,
    )
    row = raw_row(CampSignup, signup.pk)
    assert "李小明" not in row and "李大明" not in row and PHONE not in row


def test_empty_values_stay_empty(case_form):
    entry = CaseSubmission.objects.create(form=case_form, organisation="某公司", case_title="案例", case_text="正文")
    assert CaseSubmission.objects.get(pk=entry.pk).contact_email == ""


def test_wrong_key_is_a_clear_error(officer_form, settings):
    application = OfficerApplication.objects.create(
        form=officer_form, name="张三", occupation="工程师", story="故事", declaration="质量第一。", phone=PHONE
    )
    settings.FIELD_ENCRYPTION_KEY = encryption.Fernet.generate_key().decode()
    with pytest.raises(ImproperlyConfigured):
        OfficerApplication.objects.get(pk=application.pk)


def test_rotation_keeps_old_tokens_readable(officer_form, settings):
    application = OfficerApplication.objects.create(
        form=officer_form, name="张三", occupation="工程师", story="故事", declaration="质量第一。", phone=PHONE
    )
    old = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY = encryption.Fernet.generate_key().decode() + "," + old
    assert OfficerApplication.objects.get(pk=application.pk).phone == PHONE


def test_missing_key_fails_the_system_check(settings):
    from participation.checks import field_encryption_key

    settings.FIELD_ENCRYPTION_KEY = ""
    assert [error.id for error in field_encryption_key(None)] == ["participation.E001"]


def test_digest_normalises_contacts():
    assert encryption.digest("139 1234-5678") == encryption.digest("13912345678")
    assert encryption.digest("A@Example.com") == encryption.digest("a@example.com")
    assert encryption.digest("13912345678") != encryption.digest("13912345679")


def test_open_upcoming_closed(officer_form, settings):
    now = timezone.now()
    assert officer_form.state(now) == "open"
    assert officer_form.state(officer_form.opens_at - datetime.timedelta(seconds=1)) == "upcoming"
    assert officer_form.state(officer_form.closes_at) == "closed"
    settings.PARTICIPATION_FORMS_ALWAYS_OPEN = True
    assert officer_form.state(officer_form.closes_at + datetime.timedelta(days=400)) == "open"


def test_public_count_all_or_accepted(case_form):
    for status in (Status.NEW, Status.ACCEPTED, Status.REJECTED):
        CaseSubmission.objects.create(
            form=case_form, organisation="某公司", case_title="案例", case_text="正文", status=status
        )
    assert case_form.public_count_text() == "已有 3 家企业报送案例"
    case_form.count_mode = "accepted"
    assert case_form.public_count_text() == "已有 1 家企业报送案例"
    case_form.count_mode = "hidden"
    assert case_form.public_count_text() == ""


def test_uploads_are_stored_privately(officer_form):
    application = OfficerApplication(
        form=officer_form, name="张三", occupation="工程师", story="故事", declaration="质量第一。"
    )
    application.photo.save("我的照片.JPG", ContentFile(b"x"), save=True)
    path = application.photo.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "我的照片" not in application.photo.name and application.photo.name.endswith(".jpg")
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    with pytest.raises(ValueError):
        application.photo.url  # noqa: B018


def test_camp_places_left(camp_form):
    session = camp_form.camp_sessions.get(title="第一期")
    CampSignup.objects.create(form=camp_form, session=session, grade="p1", child_name="甲")
    CampSignup.objects.create(form=camp_form, session=session, grade="p1", child_name="乙", status=Status.REJECTED)
    CampSignup.objects.create(form=camp_form, session=session, grade="p1", child_name="丙", waitlisted=True)
    assert session.places_left() == 1


def test_rotate_command_reencrypts_under_the_new_key(officer_form, settings):
    from django.core.management import call_command

    application = OfficerApplication.objects.create(
        form=officer_form, name="张三", occupation="工程师", story="故事", declaration="质量第一。", phone=PHONE
    )
    old = settings.FIELD_ENCRYPTION_KEY
    new = encryption.Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    call_command("rotate_field_encryption", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.FIELD_ENCRYPTION_KEY = new
    assert OfficerApplication.objects.get(pk=application.pk).phone == PHONE
