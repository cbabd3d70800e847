"""Backups keep the contact fields encrypted: db.json holds Fernet tokens, and a restore reads them back."""

import io
import json
import tarfile

import pytest
from django.db import connection

from operations import backup
from participation.models import CaseSubmission, OfficerApplication

from .conftest import EMAIL, PHONE, make_case

pytestmark = pytest.mark.django_db


def raw_column(model, pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_backup_holds_only_tokens_and_restores_the_plain_values(application, case_form, tmp_path):
    case = make_case(case_form)
    assert raw_column(OfficerApplication, application.pk, "phone").startswith("gAAAAA")
    archive = tmp_path / "site.tar.gz"
    backup.create(archive)
    with tarfile.open(archive) as tar:
        dump = tar.extractfile("db.json").read().decode()
    for secret in (PHONE, EMAIL, "13800001111", "li.si@example.com", "李四"):
        assert secret not in dump
    rows = {(row["model"], row["pk"]): row["fields"] for row in json.loads(dump)}
    officer = rows[("participation.officerapplication", application.pk)]
    assert officer["phone"].startswith("gAAAAA") and officer["email"].startswith("gAAAAA")
    assert officer["name"] == "张三"  # what is not personal contact data stays readable

    backup.restore(archive, stdout=io.StringIO())

    restored = OfficerApplication.objects.get(pk=application.pk)
    assert (restored.phone, restored.email) == (PHONE, EMAIL)
    assert CaseSubmission.objects.get(pk=case.pk).contact_name == "李四"
    # Stored as the archive's token, not encrypted twice.
    assert raw_column(OfficerApplication, application.pk, "phone") == officer["phone"]


def test_a_token_that_the_key_cannot_read_is_refused_not_encrypted_twice():
    from django.core.exceptions import ValidationError

    field = OfficerApplication._meta.get_field("phone")
    with pytest.raises(ValidationError):
        field.to_python("gAAAAABnot-a-real-token")
    assert field.to_python("13912345678") == "13912345678"
