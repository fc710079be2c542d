"""Account administration for admins: who works here, in which centre, in which role."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from beistand.accounts.models import User


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_admin:
        raise Http404
    users = User.objects.prefetch_related("memberships__centre", "memberships__organisation")
    return render(request, "accounts/user_list.html", {"users": users, "nav": "accounts"})
