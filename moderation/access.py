"""Who may do what with public submissions (participation/): one place, used by every admin view.

- Moderators (roles holding ``moderation.moderate_submissions``: 值班主任 and 管理员) see the
  queues, the personal data (every view logged), export, accept and erase.
- Judges (评委, ``moderation.judge_cases``) see only the cases they score: organisation, title,
  text and document, never the contact fields.
- Administrators (every permission) also read the personal-data access log.
- Everyone else (an editor, the partner manager) sees none of it.
"""

from django.core.exceptions import PermissionDenied

MODERATE = "moderation.moderate_submissions"
JUDGE = "moderation.judge_cases"
READ_ACCESS_LOG = "moderation.view_personaldataaccess"


def can_moderate(user):
    return bool(user and user.is_active and user.has_perm(MODERATE))


def can_judge(user):
    return bool(user and user.is_active and user.has_perm(JUDGE))


def can_read_access_log(user):
    return bool(user and user.is_active and user.has_perm(READ_ACCESS_LOG))


def require_moderator(user):
    if not can_moderate(user):
        raise PermissionDenied("没有审核参与表单的权限。")


def require_judge(user):
    if not can_judge(user):
        raise PermissionDenied("没有评审案例的权限。")
