from django.urls import path

from .views import judge, staff
from .views.judge.book import judge_book
from .views.staff.book import staff_round_book

app_name = "judging"

urlpatterns = [
    *judge.urlpatterns,
    *staff.urlpatterns,
    path("staff/rounds/<id:pk>/book/", staff_round_book, name="staff_round_book"),
    path("rounds/<id:round_id>/book/", judge_book, name="judge_book"),
]
