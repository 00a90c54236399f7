from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("kampanie/", views.campaign_list, name="campaigns"),
    path("kampanie/nowa/", views.campaign_create, name="campaign_create"),
    path("kampanie/<int:pk>/", views.campaign_detail, name="campaign"),
    path("kampanie/<int:pk>/import/", views.responses_import, name="import"),
    path("kampanie/<int:pk>/ankieta/<str:kind>/", views.questionnaire_edit, name="questionnaire_edit"),
    path("kampanie/<int:pk>/respondenci/", views.respondents_ask, name="respondents_ask"),
    path("kampanie/<int:pk>/<str:action>/", views.campaign_action, name="campaign_action"),
    path("ankiety/", views.my_questionnaires, name="my_questionnaires"),
    path("ankiety/<int:pk>/", views.answer, name="answer"),
    path("ankieta/<str:token>/", views.answer_by_token, name="answer_by_token"),
    path("sprawozdania/", views.report_list_view, name="reports"),
    path("sprawozdania/nowe/", views.report_create_view, name="report_create"),
    path("sprawozdania/<int:pk>/", views.report_detail, name="report"),
    path("sprawozdania/<int:pk>/tresc/", views.report_edit, name="report_edit"),
    path("sprawozdania/<int:pk>/generuj/", views.report_generate, name="report_generate"),
    path("sprawozdania/<int:pk>/status/", views.report_transition_view, name="report_transition"),
    path("sprawozdania/<int:pk>/wersje/<int:number>/<str:fmt>/", views.report_download, name="report_download"),
    path("pulpit/", views.dashboard, name="dashboard"),
    path("pulpit/dane/<str:name>/<int:year>/", views.figure, name="figure"),
    path("pulpit/wskaznik/<int:pk>/<int:year>/", views.indicator, name="indicator"),
]
