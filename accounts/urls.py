from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import mfa_views, views
from .forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path("logowanie/", auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
         name="login"),
    path("wylogowanie/", auth_views.LogoutView.as_view(), name="logout"),
    path("haslo/reset/", auth_views.PasswordResetView.as_view(
        success_url=reverse_lazy("accounts:password_reset_done"),
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
    ), name="password_reset"),
    path("haslo/reset/wyslano/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("haslo/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        success_url=reverse_lazy("accounts:password_reset_complete"),
    ), name="password_reset_confirm"),
    path("haslo/reset/gotowe/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("haslo/zmiana/", auth_views.PasswordChangeView.as_view(
        success_url=reverse_lazy("accounts:password_change_done"),
    ), name="password_change"),
    path("haslo/zmiana/gotowe/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The second factor (accounts/mfa.py).
    path("drugi-skladnik/konfiguracja/", mfa_views.mfa_setup, name="mfa_setup"),
    path("drugi-skladnik/kod/", mfa_views.mfa_verify, name="mfa_verify"),
    path("drugi-skladnik/kody-zapasowe/", mfa_views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("uzytkownicy/<int:pk>/drugi-skladnik/reset/", mfa_views.mfa_reset_view, name="mfa_reset"),
    # Self-registration of PES representatives (public) and its review by ROPS staff.
    path("rejestracja/", views.register, name="register"),
    path("rejestracja/wyslano/", views.registration_sent, name="registration_sent"),
    path("rejestracja/potwierdzenie/<str:token>/", views.registration_confirm, name="registration_confirm"),
    path("rejestracja/status/", views.registration_status, name="registration_status"),
    path("rejestracje/", views.registration_list_view, name="registration_list"),
    path("rejestracje/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("rejestracje/<int:pk>/zatwierdz/", views.registration_approve_view, name="registration_approve"),
    path("rejestracje/<int:pk>/odrzuc/", views.registration_reject_view, name="registration_reject"),
    # The person's notifications and calendar (core.notifications, core.calendar).
    path("powiadomienia/", views.notifications, name="notifications"),
    path("powiadomienia/kalendarz/nowy-adres/", views.calendar_regenerate, name="calendar_regenerate"),
    path("kalendarz/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
