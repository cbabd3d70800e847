"""The page edit form every page type uses (``publishing.pages.BasePage.base_form_class``).

Kept apart from ``newsroom.forms``, which imports Wagtail's image forms and so
cannot be imported while models load.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from newsroom import publication_time, publish_guard
from newsroom.slugs import slug_for


class NewsroomPageForm(WagtailAdminPageForm):
    """Every page type's admin form: a blank or Chinese slug becomes pinyin on save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The page's name in its URL: lower-case pinyin, digits and hyphens only, e.g. zhiliangyue-qidong. "
                "If left blank or containing Chinese characters, it is generated in pinyin from the title on save. "
                "When a published page's URL changes, the old URL redirects to the new one."
            )
        publication_time.prepare_form(self)

    def clean(self):
        title = self.cleaned_data.get("title")
        if "slug" in self.fields and title and self.parent_page is not None:
            self.cleaned_data["slug"] = slug_for(title, self.cleaned_data.get("slug"), self.parent_page, self.instance)
        publication_time.clean_form(self)
        cleaned_data = super().clean()
        publish_guard.form_error(self)
        return cleaned_data
