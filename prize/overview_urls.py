"""The staff overview of one edition."""

urlpatterns = []
