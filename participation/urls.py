from django.urls import path

from participation import views

urlpatterns = [
    path("<int:pk>/", views.form_page, name="participation_form"),
]
