"""Group messages: the staff's pages and each user's messages."""

urlpatterns = []
