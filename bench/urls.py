"""URLs of the benchmark settings: the comparisons first, then the whole site."""

from django.urls import path

from bench import views
from bench.stock_api import router
from cms.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/constant/", views.constant_json),
    path("bench/stock/v2/", router.urls),
    *site_urlpatterns,
]
