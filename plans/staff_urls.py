"""Staff pages of projects, included in the ``staff`` namespace."""

from django.urls import path

from plans import views

urlpatterns = [
    path("organizations/<slug:code>/projects/new/", views.project_create, name="project_create"),
    path("projects/<int:project_id>/", views.project_edit, name="project_edit"),
]
