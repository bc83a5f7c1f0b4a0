"""URL patterns of the staff pages (see ceremony/urls.py and ceremony/views/staff/)."""

from django.urls import path

from . import staff

urlpatterns = [
    path("<slug:edition>/", staff.staff_home, name="staff_home"),
    path("<slug:edition>/awards/", staff.staff_awards, name="staff_awards"),
    path("<slug:edition>/awards/<id:pk>/", staff.staff_award, name="staff_award"),
    path("<slug:edition>/winners/", staff.staff_decisions, name="staff_decisions"),
    path("<slug:edition>/winners.<str:fmt>", staff.staff_press, name="staff_press"),
    path("<slug:edition>/publication/", staff.staff_publication, name="staff_publication"),
    path("<slug:edition>/emails/", staff.staff_emails, name="staff_emails"),
    path("<slug:edition>/emails/preview/<id:entry>/", staff.staff_email_preview,
         name="staff_email_preview"),
]
