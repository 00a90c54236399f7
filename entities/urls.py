from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("", views.entity_list_view, name="list"),
    path("<int:pk>/", views.entity_detail, name="detail"),
]
