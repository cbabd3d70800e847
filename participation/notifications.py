"""E-mail after a submission, through Django's e-mail: a confirmation to the sender, a notice to moderators.

The moderators' notice names the form and the entry number only: no personal data travels by e-mail
beyond the confirmation, which goes to the address the sender typed. Sent after the transaction
commits; a mail server that is down is logged and never loses the saved submission.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage

from cms.absolute_urls import absolute_url, page_url
from participation.models import FormKind

logger = logging.getLogger(__name__)

RECIPIENT_FIELD = {FormKind.OFFICER: "email", FormKind.CASE: "contact_email", FormKind.CAMP: "guardian_email"}


def moderator_addresses(form):
    addresses = [*form.notify_addresses(), *getattr(settings, "PARTICIPATION_MODERATOR_EMAILS", [])]
    return list(dict.fromkeys(addresses))


def confirmation_text(entry):
    form = entry.form
    lines = [f"您好！我们已收到您通过“质量昆明”提交的《{form.title}》。", ""]
    if form.kind == FormKind.CAMP:
        session = entry.session
        if entry.waitlisted:
            lines.append(f"您选择的场次“{session.title}”已满，本次报名已列入候补名单；有名额空出时我们会联系您。")
        else:
            lines.append(f"报名场次：{session.title}。")
    lines += [
        f"登记编号：{entry.pk}",
        "工作人员审核后会与您联系。如需撤回或删除您的个人信息，请回复本邮件说明。",
        "",
        f"收集目的：{form.purpose}",
    ]
    if form.activity_id:
        lines.append(f"活动页面：{page_url(form.activity)}")
    lines += ["", "本邮件由系统自动发送。"]
    return "\n".join(lines)


def moderator_text(entry):
    form = entry.form
    waitlist = "（候补）" if getattr(entry, "waitlisted", False) else ""
    return "\n".join(
        [
            f"《{form.title}》收到一条新提交{waitlist}，编号 {entry.pk}，状态：新提交。",
            f"请登录管理后台审核：{absolute_url('/admin/')}",
            "",
            "为保护个人信息，本通知不含提交者的联系方式。",
        ]
    )


def send(subject, body, to):
    if not to:
        return
    try:
        EmailMessage(subject=subject, body=body, to=to).send()
    except Exception:  # the submission is saved; a mail server that is down must not turn it into an error
        logger.exception("Participation e-mail %r could not be sent", subject)


def submitted(entry):
    form = entry.form
    recipient = getattr(entry, RECIPIENT_FIELD[form.kind], "")
    send(f"【质量昆明】已收到您的{form.get_kind_display()}", confirmation_text(entry), [recipient] if recipient else [])
    send(f"【质量昆明】新提交待审核：{form.title}", moderator_text(entry), moderator_addresses(form))
