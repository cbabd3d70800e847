from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from partner_api import guide, images, preview, views

app_name = "partner_api"

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="partner_api:schema"), name="docs"),
    path("docs/guide/", guide.guide, name="guide"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign-list"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign-detail"),
    path("campaigns/by-slug/<str:slug>/", views.CampaignDetailView.as_view(), name="campaign-by-slug"),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/by-slug/<str:slug>/", views.ActivityDetailView.as_view(), name="activity-by-slug"),
    path("officers/", views.OfficerListView.as_view(), name="officer-list"),
    path("officers/<int:pk>/", views.OfficerDetailView.as_view(), name="officer-detail"),
    path("officers/by-slug/<str:slug>/", views.OfficerDetailView.as_view(), name="officer-by-slug"),
    path("news/", views.NewsListView.as_view(), name="news-list"),
    path("news/<int:pk>/", views.NewsDetailView.as_view(), name="news-detail"),
    path("news/by-slug/<str:slug>/", views.NewsDetailView.as_view(), name="news-by-slug"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("images/<int:pk>/", images.SizedImageView.as_view(), name="image-sized"),
    path("preview/<str:token>/", preview.PreviewView.as_view(), name="preview"),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not-found"),
]
