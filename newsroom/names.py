"""People are shown by 姓名: the family name first and no space, as Chinese names are written.

Wagtail shows a person by ``user.get_full_name()`` (``wagtail.admin.utils.get_user_display_name``:
status panel, history, listings, comments, notification e-mails) and our own panels do the same.
Django's User joins "first last" with a space, so 小编 (first) and 李 (last) read "小编 李";
here they read 李小编. Names without Chinese characters keep Django's "first last".
"""

import re

CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def full_name(first_name, last_name):
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if CHINESE.search(first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def get_full_name(user):
    return full_name(user.first_name, user.last_name)


def install():
    """Make the user model's get_full_name() return 姓名 (called from NewsroomConfig.ready())."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    if hasattr(user_model, "first_name") and hasattr(user_model, "last_name"):
        user_model.get_full_name = get_full_name
