"""Signal receivers of judging: what other apps' changes mean for judges.

``entries`` never imports judging, so judging listens: a user who joins an entrant (as owner or
collaborator) is conflicted with its entries from then on, and any such entry assigned to them
in a round not yet closed is released and given to a free judge of the panel.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from entries.models import EntrantMember


@receiver(post_save, sender=EntrantMember, dispatch_uid="judging.member_conflicts")
def release_assignments_of_new_members(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures being loaded
        return
    from .services import member_conflicts_release

    member_conflicts_release(user=instance.user)
