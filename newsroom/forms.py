"""Admin forms: pages get pinyin slugs, images need Chinese alt text, wire copy uploads."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm

from newsroom.page_forms import NewsroomPageForm  # noqa: F401  (one import path for admin forms)
from newsroom.slugs import HAN

MAX_WIRE_FILES = 20
MAX_WIRE_FILE_SIZE = 2 * 1024 * 1024


class NewsroomImageForm(BaseImageForm):
    """Image form: Chinese alt text is required, refusals are explained in Chinese."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.error_messages["required"] = _("Please fill in the alt text in Chinese.")
            field.label = _("Alt text (Chinese)")
            field.help_text = _(
                "One sentence in Chinese describing the image, for screen readers and when the image "
                "cannot be shown, e.g. 夏嘉伟在启动仪式上发言."
            )
        if "file" in self.fields:
            messages = self.fields["file"].error_messages
            messages["invalid_image_extension"] = _(
                "This file type is not supported. Upload a JPG, PNG, GIF or WebP image; "
                "SVG vector images and other file types cannot be uploaded as images."
            )
            messages["invalid_image"] = _(
                "This file could not be recognised as a valid image. Upload a JPG, PNG, GIF or WebP image."
            )
            messages["file_too_many_pixels"] = _(
                "This image has too many pixels (%(num_pixels)s); the limit is %(max_pixels_count)s pixels. "
                "Make it smaller and upload it again."
            )

    def clean_description(self):
        description = (self.cleaned_data.get("description") or "").strip()
        if not description:
            raise ValidationError(_("Please fill in the alt text in Chinese."), code="required")
        if not HAN.search(description):
            raise ValidationError(_("The alt text must be written in Chinese."), code="not_chinese")
        return description

    def save(self, commit=True):
        replaced = self.instance.pk and "file" in self.changed_data
        image = super().save(commit=commit)
        if commit and replaced:
            from newsroom.signals import enqueue_renditions

            enqueue_renditions([image.pk])
        return image


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class WireCopyFilesField(forms.FileField):
    """Several .txt files; every bad one is named in the error."""

    widget = MultipleFileInput(attrs={"accept": ".txt,text/plain"})

    def clean(self, data, initial=None):
        files = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if not files:
            raise ValidationError(_("Choose at least one .txt file."), code="required")
        if len(files) > MAX_WIRE_FILES:
            raise ValidationError(
                _("At most %(max)d files can be imported at once.") % {"max": MAX_WIRE_FILES}, code="too_many_files"
            )
        errors = []
        for upload in files:
            if not upload.name.lower().endswith(".txt"):
                errors.append(_("“%(name)s” is not a .txt file.") % {"name": upload.name})
            elif upload.size == 0:
                errors.append(_("“%(name)s” is empty.") % {"name": upload.name})
            elif upload.size > MAX_WIRE_FILE_SIZE:
                errors.append(_("“%(name)s” is larger than 2 MB, too large to be an article.") % {"name": upload.name})
        if errors:
            raise ValidationError(errors)
        return files


class WireCopyImportForm(forms.Form):
    """One or more wire-copy .txt files, each to become a draft news item."""

    files = WireCopyFilesField(
        label=_("Article files"),
        help_text=_("Choose one or more .txt files (UTF-8 or GB18030); each becomes a draft news item."),
    )
    parent = forms.ModelChoiceField(label=_("News index"), queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        from campaign.models import NewsIndexPage

        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = NewsIndexPage.objects.order_by("path")
