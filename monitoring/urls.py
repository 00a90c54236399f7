from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("kampanie/", views.campaign_list, name="campaigns"),
    path("kampanie/nowa/", views.campaign_create, name="campaign_create"),
    path("kampanie/<int:pk>/", views.campaign_detail, name="campaign"),
    path("kampanie/<int:pk>/import/", views.responses_import, name="import"),
    path("kampanie/<int:pk>/<str:action>/", views.campaign_action, name="campaign_action"),
    path("ankiety/", views.my_questionnaires, name="my_questionnaires"),
    path("ankiety/<int:pk>/", views.answer, name="answer"),
    path("ankieta/<str:token>/", views.answer_by_token, name="answer_by_token"),
]
