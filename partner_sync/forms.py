from django import forms

from partner_sync import egress
from partner_sync.models import WebhookEndpoint
from publishing.models import ChangeEvent


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label="订阅事件",
        choices=ChangeEvent.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不勾选表示订阅全部事件",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["partner_key", "url", "events", "is_active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        egress.check_url(url)
        return url
