"""Included by entities/urls.py (names in the ``entities`` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("rejestry/", views.registry_lookup_view, name="registry_lookup"),
    path("rejestry/nowy/", views.registry_entity_create_view, name="registry_create"),
    path("rejestry/podpowiedz/", views.registry_public_fill, name="registry_public_fill"),
    path("<int:pk>/rejestry/", views.registry_compare_view, name="registry_compare"),
    path("<int:pk>/rejestry/sprawdz/", views.registry_check_view, name="registry_check"),
    path("zadania/", views.registry_task_list_view, name="registry_tasks"),
    path("zadania/<int:pk>/zamknij/", views.registry_task_close_view, name="registry_task_close"),
]
