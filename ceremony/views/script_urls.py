"""The MC's script: the staff page (printable) and its PDF, under /ceremony/."""

from django.urls import path

from .staff.script import staff_script, staff_script_pdf

urlpatterns = [
    path("staff/<slug:edition>/script/", staff_script, name="staff_script"),
    path("staff/<slug:edition>/script.pdf", staff_script_pdf, name="staff_script_pdf"),
]
