"""Confirmation and moderator notice go out through Django's SMTP backend to a real local SMTP server."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from participation.models import OfficerApplication
from tests.participation.conftest import officer_data

pytestmark = pytest.mark.django_db

PORTS = range(18320, 18340)  # this project's test port range for the SMTP server


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("no free port for the SMTP server")


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


def test_applicant_and_moderators_get_mail_over_smtp(client, officer_form, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/canyu/{officer_form.pk}/", officer_data(officer_form))
    assert "提交成功" in response.content.decode()
    application = OfficerApplication.objects.get()
    by_recipient = {tuple(rcpt): message for rcpt, message in smtp.messages}
    assert set(by_recipient) == {("wang@example.com",), ("moderator@example.com",)}
    confirmation = by_recipient[("wang@example.com",)]
    assert confirmation["Subject"].strip() == "【质量昆明】已收到您的“春城质量官”报名"
    body = confirmation.get_content()
    assert f"登记编号：{application.pk}" in body and officer_form.purpose in body
    notice = by_recipient[("moderator@example.com",)]
    assert notice["Subject"].strip() == f"【质量昆明】新提交待审核：{officer_form.title}"
    text = notice.get_content()
    assert "/admin/" in text and "13987654321" not in text and "wang@example.com" not in text


def test_a_mail_server_that_is_down_loses_nothing(client, officer_form, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/canyu/{officer_form.pk}/", officer_data(officer_form))
    assert response.status_code == 200 and "提交成功" in response.content.decode()
    assert OfficerApplication.objects.count() == 1
