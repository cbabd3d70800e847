from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    # Partner content API v1 (docs/partner-guide.md); the changes feed first.
    path("api/v1/", include("partner_sync.urls")),
    path("api/v1/", include("partner_api.urls")),
    # Feeds, the activities calendar, sitemap.xml and robots.txt.
    path("", include("syndication.urls")),
]

if settings.SERVE_MEDIA:
    # One machine (make run, make dev): Django serves uploads; elsewhere the web server or CDN does.
    from django.views.static import serve

    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += [
    # Wagtail's page serving comes last.
    path("", include(wagtail_urls)),
]
