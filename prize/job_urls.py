"""Background jobs: progress and download of what they built."""

from django.urls import path

from . import job_views

app_name = "jobs"

urlpatterns = [
    path("files/", job_views.job_list, name="list"),
    path("files/<id:pk>/", job_views.job_detail, name="detail"),
    path("files/<id:pk>/download/", job_views.job_download, name="download"),
    path("files/<id:pk>/again/", job_views.job_again, name="again"),
]
