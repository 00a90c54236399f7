from django.urls import path

from . import views

app_name = "committee"

urlpatterns = [
    path("", views.committee_list_view, name="list"),
    path("<int:pk>/", views.committee_detail, name="detail"),
    path("posiedzenia/", views.meeting_list_view, name="meeting_list"),
    path("czlonkowie/<int:pk>/odwolanie/", views.member_dismiss, name="member_dismiss"),
    path("<int:pk>/powolanie/", views.member_appoint, name="member_appoint"),
    path("<int:pk>/rejestr-powiazan/", views.interest_register, name="interests"),
    path("moj-rejestr-powiazan/", views.my_interests, name="my_interests"),
    path("<int:pk>/posiedzenia/nowe/", views.meeting_create, name="meeting_create"),
    path("uchwaly/<int:pk>/", views.resolution_detail, name="resolution"),
    path("uchwaly/<int:pk>/pdf/", views.resolution_pdf, name="resolution_pdf"),
    path("uchwaly/<int:pk>/zamkniecie/", views.resolution_close_confirm, name="resolution_close"),
    path("uchwaly/<int:pk>/<str:action>/", views.resolution_action, name="resolution_action"),
    path("posiedzenia/<int:pk>/", views.meeting_detail, name="meeting"),
    path("posiedzenia/<int:pk>/protokol/", views.meeting_minutes, name="minutes"),
    path("<str:parent>/<int:pk>/dokumenty/", views.document_upload, name="document_upload"),
    path("dokumenty/<int:pk>/", views.document_download, name="document"),
    path("<int:pk>/ankiety/nowa/", views.survey_create, name="survey_create"),
    path("ankiety/<int:pk>/", views.survey_detail, name="survey"),
    path("ankiety/<int:pk>/<str:action>/", views.survey_action, name="survey_action"),
]
