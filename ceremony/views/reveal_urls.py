"""The live reveal, under /ceremony/: the operator's console and the screen for staff, and the
screen opened by a screen link (``screen/<token>/``), which opens nothing else."""

from django.urls import path

from . import reveal

urlpatterns = [
    path("staff/<slug:edition>/reveal/", reveal.staff_reveal, name="staff_reveal"),
    path("staff/<slug:edition>/reveal/screen/", reveal.staff_reveal_screen,
         name="staff_reveal_screen"),
    path("staff/<slug:edition>/reveal/screen/poll/", reveal.staff_reveal_poll,
         name="staff_reveal_poll"),
    path("staff/<slug:edition>/reveal/screen/image/<id:decision>/", reveal.staff_reveal_image,
         name="staff_reveal_image"),
    path("screen/<token:token>/", reveal.reveal_screen, name="reveal_screen"),
    path("screen/<token:token>/poll/", reveal.reveal_screen_poll, name="reveal_screen_poll"),
    path("screen/<token:token>/image/<id:decision>/", reveal.reveal_screen_image,
         name="reveal_screen_image"),
]
