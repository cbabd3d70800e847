from django.urls import path

from syndication import views

app_name = "syndication"

urlpatterns = [
    path("feeds/", views.subscribe, name="subscribe"),
    path("feeds/news/rss.xml", views.news_rss, name="news_rss"),
    path("feeds/news/atom.xml", views.news_atom, name="news_atom"),
    path("feeds/<int:year>/rss.xml", views.campaign_rss, name="campaign_rss"),
    path("feeds/<int:year>/atom.xml", views.campaign_atom, name="campaign_atom"),
    path("feeds/activities.ics", views.activities_ics, name="activities_ics"),
    path("feeds/<int:year>/activities.ics", views.campaign_ics, name="campaign_ics"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
