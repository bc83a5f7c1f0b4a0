from .views import judge, staff

app_name = "judging"

urlpatterns = [
    *judge.urlpatterns,
    *staff.urlpatterns,
]
