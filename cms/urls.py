from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from newsroom import page_access, publish_guard
from operations import throttle
from search import views as search_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Password-reset requests and page passwords under the sign-in policy (operations/throttle.py).
    path("admin/password_reset/", throttle.password_reset_view),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttle.page_password_view,
    ),
    # The page chooser and page bulk actions only for users with a page permission (newsroom/page_access.py).
    path("admin/", include(page_access)),
    # Approving from the review queue refuses a story still marked 【待核对】 (newsroom/publish_guard.py).
    path("admin/", include(publish_guard)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Files of private documents and images, after an access check (private_media/).
    path("private-media/", include("private_media.urls")),
    path("search/", search_views.search, name="search"),
    # Public participation forms of activities (participation/): never cached, CSRF-protected.
    path("canyu/", include("participation.urls")),
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

# A database that cannot be reached answers 503 with Retry-After, never 500 (cms/errors.py).
handler500 = "cms.errors.server_error"
