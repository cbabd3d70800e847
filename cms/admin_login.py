"""The admin's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM, a documented Wagtail setting).

Wagtail's form leaves the password label to Django's field name ("Password", untranslated);
here it is a translatable label, so the sign-in screen reads 密码.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class NewsroomLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
