from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list_view, name="list"),
    path("kalendarz/", views.event_calendar, name="calendar"),
    path("nowe/", views.event_create_view, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edycja/", views.event_edit, name="edit"),
    path("<int:pk>/status/", views.event_transition_view, name="transition"),
    path("<int:pk>/obecnosc/", views.attendance, name="attendance"),
    path("<int:pk>/uczestnik/", views.walk_in, name="walk_in"),
    path("<int:pk>/zgloszenia/<int:registration_pk>/anuluj/", views.registration_cancel_staff,
         name="registration_cancel"),
    path("<int:pk>/raport/<str:kind>/", views.participants_job, name="participants_job"),
    path("<int:pk>/pliki/", views.document_add, name="document_add"),
    path("<int:pk>/pliki/<int:document_pk>/", views.document_download, name="document"),
    # Public pages (no login).
    path("publiczne/", views.public_list, name="public_list"),
    path("publiczne/<int:pk>/", views.public_detail, name="public_detail"),
    path("publiczne/<int:pk>/zapisano/", views.public_registered, name="public_registered"),
    path("rezygnacja/<str:token>/", views.public_cancel, name="public_cancel"),
    path("kalendarz.ics", views.ical_feed, name="ical"),
]
