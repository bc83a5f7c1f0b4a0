"""Coordinators' and the secretariat's judging pages."""

urlpatterns: list = []
