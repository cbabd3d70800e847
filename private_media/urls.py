from django.urls import path

from private_media import views

urlpatterns = [
    path("<path:name>", views.serve, name="private_media"),
]
