from django.urls import path

from partner_sync.views import ChangesView

urlpatterns = [
    path("changes/", ChangesView.as_view(), name="partner_api_changes"),
]
