"""Staff accounts and their memberships in centres and organisations.

There is no self-signup: admins create accounts. A user's roles come from
memberships — counsellor, centre lead and coordinator belong to a centre,
referrer to an external organisation (e.g. a police station). The admin role
is technical (accounts and configuration) and gives no access to case content.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from beistand.network.models import Centre, Organisation


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    LEAD = "lead", _("Centre lead")
    COORDINATOR = "coordinator", _("Coordinator")
    REFERRER = "referrer", _("Referrer")


CENTRE_ROLES = (Role.COUNSELLOR, Role.LEAD, Role.COORDINATOR)
# Roles that read case content of their centre.
CASEWORK_ROLES = (Role.COUNSELLOR, Role.LEAD)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_admin", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)
    is_admin = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("Manages accounts and technical configuration; never sees case content."),
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Optimistic locking of the account form (beistand/lib/locking.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name", "email"]
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def is_staff(self) -> bool:
        # Django's admin site is not installed; nobody is "staff" in its sense.
        return False

    def has_role(self, *roles: str) -> bool:
        return self.memberships.filter(role__in=roles).exists()

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)


class Membership(models.Model):
    """A user's role in one centre (or, for referrers, in one external organisation)."""

    # Names the membership in account-administration URLs instead of the numeric key.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    centre = models.ForeignKey(
        "network.Centre",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("centre"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Centre roles hang on a centre, referrers on an organisation — never both.
            models.CheckConstraint(
                condition=(
                    Q(role__in=[r.value for r in CENTRE_ROLES],
                      centre__isnull=False, organisation__isnull=True)
                    | Q(role=Role.REFERRER, centre__isnull=True, organisation__isnull=False)
                ),
                name="membership_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "centre", "role"],
                condition=Q(centre__isnull=False),
                name="unique_centre_membership",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(organisation__isnull=False),
                name="unique_organisation_membership",
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.scope}"

    @property
    def scope(self) -> Centre | Organisation | None:
        """Where the role applies: the centre, or for referrers the organisation."""
        return self.centre or self.organisation
