"""The public home page (published quarterly reports), at the site's root."""

from django.urls import path

from monitoring import dashboard_views

urlpatterns = [path("", dashboard_views.home, name="home")]
