"""URL patterns of the ceremony's invitations, under /ceremony/: the staff page, its exports and
name cards; the reply page by the e-mail's link (public: the link is the key) and from the
entrant's dashboard (signed in), each with the evening's calendar file."""

from django.urls import path

from . import invitations
from .staff import invitations as staff

urlpatterns = [
    path("staff/<slug:edition>/invitations/", staff.staff_invitations, name="staff_invitations"),
    path("staff/<slug:edition>/invitations.<str:fmt>", staff.staff_invitations_export,
         name="staff_invitations_export"),
    path("staff/<slug:edition>/invitations/badges/", staff.staff_invitation_badges,
         name="staff_invitation_badges"),
    path("reply/<token:token>/", invitations.reply, name="reply"),
    path("reply/<token:token>/ceremony.ics", invitations.reply_ics, name="reply_ics"),
    path("invitations/<id:pk>/reply/", invitations.member_reply, name="member_reply"),
    path("invitations/<id:pk>/ceremony.ics", invitations.member_reply_ics,
         name="member_reply_ics"),
]
